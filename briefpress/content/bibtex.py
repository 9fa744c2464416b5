"""``references.bib``: BibTeX or BibLaTeX, as reference managers export it.

bibtexparser reads the file and says where each entry and field is, so that duplicate keys,
entries that do not parse and missing required fields are located; pandoc then converts the
entries to CSL-JSON items (it knows BibLaTeX's fields, name syntax and LaTeX accents).
"""
from __future__ import annotations

import json
import logging
from typing import Any

from ..errors import Location, Problems
from ..support.pandoc import PandocError, run
from .cslitems import item_problems

# What an entry type needs to be cited at all (BibLaTeX's required fields, "date" or "year" either).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "report": (("author", "institution"), ("title",), ("year", "date")),
    "techreport": (("author", "institution"), ("title",), ("year", "date")),
    "online": (("title",),),  # a page the source names without its address is still cited
    "misc": (("title",),),
    "thesis": (("author",), ("title",), ("institution", "school"), ("year", "date")),
}


# BibLaTeX's entry types (those its standard styles support, those it reserves for others' styles) and the
# BibTeX ones it still reads; any other is a typo ("@bok") and would be formatted as a bare misc entry.
ENTRY_TYPES = frozenset("""article book mvbook inbook bookinbook suppbook booklet collection mvcollection incollection
suppcollection dataset manual misc online patent periodical suppperiodical proceedings mvproceedings inproceedings
reference mvreference inreference report set software thesis unpublished xdata conference electronic mastersthesis
phdthesis techreport www artwork audio bibnote commentary image jurisdiction legislation legal letter movie music
performance review standard video""".split())


def _where(path: str, lines: list[str], line: int | None, name: str | None = None) -> Location:
    line = line or 0
    text = lines[line] if 0 <= line < len(lines) else ""
    column = text.find(name) + 1 if name and name in text else len(text) - len(text.lstrip()) + 1
    return Location(path, line + 1, column)


def read_bibtex(text: str, path: str, problems: Problems) -> list[tuple[dict[str, Any], Location]]:
    """The entries of a BibTeX file as CSL-JSON items, each with its location."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures are reported here, located
    library = bibtexparser.parse_string(text)
    lines = text.splitlines()
    before = len(problems)
    for block in library.failed_blocks:
        where = _where(path, lines, block.start_line)
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.add(where, f"duplicate entry key '{block.key}': each entry has its own key")
        elif isinstance(block, ParsingFailedBlock):
            problems.add(where, "this entry cannot be read: a brace or a quote is not closed, or a field has no '='")
    places: dict[str, Location] = {}
    for entry in library.entries:
        where = _where(path, lines, entry.start_line, "@")
        places.setdefault(entry.key, where)
        if entry.entry_type.lower() not in ENTRY_TYPES:
            problems.add(where, f"@{entry.entry_type}{{{entry.key}}}: unknown entry type '{entry.entry_type}' "
                                "(book, article, report, online, misc, ...)")
            continue
        fields = {field.key.lower() for field in entry.fields}
        for needed in REQUIRED.get(entry.entry_type.lower(), (("title",),)):
            if not fields & set(needed):
                problems.add(where, f"@{entry.entry_type}{{{entry.key}}} has no {' or '.join(needed)}")
    if len(problems) > before:
        return []
    try:
        items = json.loads(run(["--from=bibtex", "--to=csljson"], text, {}) or "[]")
    except (PandocError, ValueError) as error:
        problems.add(Location(path), f"the entries cannot be converted: {error}")
        return []
    found = []
    for item in items:
        item["type"] = item.get("type") or "document"  # pandoc leaves @misc without a CSL type
        where = places.get(item.get("id"), Location(path, 1, 1))
        for message in item_problems(item):
            problems.add(where, f"@{{{item.get('id')}}}: {message}")
        found.append((item, where))
    return found
