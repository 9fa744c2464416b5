"""Citations and the references list, formatted by the brief's CSL style (pandoc's citeproc).

Every citation in the brief is sent to pandoc at once, in the order the brief prints them, so that
what depends on order (numbers in a numeric style, "ibid." and short notes in a note style,
disambiguation) comes out as the style says. Each comes back as HTML, with the references list and
the brief's own entry (its suggested citation).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import escape

from ..content.citations import CITATION_KINDS, read_cluster
from ..content.model import Brief
from ..content.prose import markdown
from ..errors import Location, RenderError
from ..support.pandoc import PandocError, pandoc_version, run

THIS_BRIEF = "this-brief"


@dataclass(frozen=True)
class Cited:
    """One citation as printed: its text in the sentence, and its note in a note style."""

    text: str
    note: str | None = None


@dataclass
class Citations:
    clusters: dict[tuple[str, str], list[Cited]] = field(default_factory=dict)  # every occurrence, in order
    entries: dict[str, str] = field(default_factory=dict)  # the references list, in the style's order
    in_text: dict[str, str] = field(default_factory=dict)  # each source as a "Source:" line names it
    this_brief: str = ""
    notes: bool = False


class Cursor:
    """An edition's way through the citations: each cluster's occurrences in the order it prints them (a
    cluster printed more often than the brief writes it, as in a running head, repeats its last)."""

    def __init__(self, citations: Citations) -> None:
        self.citations = citations
        self.seen: dict[tuple[str, str], int] = {}

    def next(self, kind: str, body: str) -> Cited | None:
        occurrences = self.citations.clusters.get((kind, body), [])
        seen = self.seen.get((kind, body), 0)
        self.seen[(kind, body)] = seen + 1
        return occurrences[min(seen, len(occurrences) - 1)] if occurrences else None


def brief_item(brief: Brief) -> dict[str, Any]:
    """The brief itself as a CSL-JSON item: what its suggested citation and citation files describe."""
    meta = brief.meta
    item: dict[str, Any] = {"id": THIS_BRIEF, "type": "report",
                            "title": meta.full_title,
                            "author": [{"literal": author.name} for author in meta.authors],
                            "issued": {"date-parts": [[meta.date.year, meta.date.month, meta.date.day]]},
                            "version": meta.version, "language": meta.language}
    if meta.organization:
        item["publisher"] = meta.organization
    if meta.url:
        item["URL"] = meta.url
    if meta.doi:
        item["DOI"] = meta.doi
    return item


def _texts(brief: Brief) -> Iterator[str]:
    """The brief's prose in the order the print edition prints it."""
    yield from brief.meta.takeaways
    yield brief.meta.summary
    for section in brief.sections:
        yield section.body
    for table in brief.tables.values():
        yield from (text for text in (table.spec.caption, table.spec.note) if text)
    for figure in brief.figures.values():
        yield from (text for text in (figure.spec.caption, figure.spec.note) if text)
    for event in brief.events:
        yield event.title
        yield event.text
    yield brief.meta.disclaimer


def clusters_in_order(brief: Brief) -> list[tuple[str, str]]:
    found = []
    for text in _texts(brief):
        for token in markdown().parse(text, {}):
            for child in token.children or []:
                if child.type == "xref" and child.meta["kind"] in CITATION_KINDS:
                    found.append((child.meta["kind"], child.meta["body"]))
    return found


def _cluster_markdown(kind: str, body: str) -> str:
    items = read_cluster(kind, body)
    assert not isinstance(items, str), items  # the validator refused malformed clusters
    if kind == "citet":
        return "; ".join(" ".join(filter(None, [item.prefix, f"@{item.id}", f"[{item.locator}]" if item.locator else ""]))
                         for item in items)
    return "[" + "; ".join(" ".join(filter(None, [item.prefix, f"@{item.id}"])) + (f", {item.locator}" if item.locator
                                                                                  else "") for item in items) + "]"


def format_citations(brief: Brief, cache: Path | None = None) -> Citations:
    """Every citation, the references list and the brief's own entry, by the brief's style."""
    style = brief.citation_style
    assert style is not None
    clusters = clusters_in_order(brief)
    # A translation cites its sources as published, in the original's language (title case and all).
    sources = [{"language": brief.original_language, **item} if brief.translation else item
               for item in brief.sources.values()]
    items = [*sources, brief_item(brief)]
    cited = list(dict.fromkeys(key for kind, body in clusters for key in _ids(kind, body)))
    lines = [f"::: {{#c{n}}}\n{_cluster_markdown(kind, body)}\n:::\n" for n, (kind, body) in enumerate(clusters)]
    # A "Source:" line: the author in the sentence, or, in a note style, the note with its author.
    lines += [f"::: {{#s{n}}}\n{'[@' + key + ']' if style.notes else '@' + key}\n:::\n"
              for n, key in enumerate(brief.sources)]
    nocite = ", ".join(f"@{key}" for key in [*cited, *brief.sources, THIS_BRIEF])
    header = f"---\nnocite: '{nocite}'\nlang: {brief.meta.language}\nlink-citations: true\n---\n\n"
    document = header + "\n".join(lines) + "\n::: {#refs}\n:::\n"
    html = _pandoc(document, json.dumps(items, ensure_ascii=False), style.path.read_bytes(), style.locale, cache)
    html = html.replace('href="#ref-', 'href="#source-')  # the references list's own ids
    parts = _by_id(html)
    found = Citations(notes=style.notes)
    for n, cluster in enumerate(clusters):
        found.clusters.setdefault(cluster, []).append(_cited(parts.get(f"c{n}", ""), parts))
    for n, key in enumerate(brief.sources):
        named = _cited(parts.get(f"s{n}", ""), parts)  # a note style's "Source:" line gives the note whole
        found.in_text[key] = named.note.rstrip(".") if named.note else _named(brief.sources[key], named.text)
    entries = {key.removeprefix("ref-"): value for key, value in parts.items() if key.startswith("ref-")}
    own = entries.pop(THIS_BRIEF, "")  # without the number a numeric style gives it in the list
    found.this_brief = (numbered.group(1) if (numbered := re.search(r'<div class="csl-right-inline">(.*)</div>',
                                                                    own, re.S)) else own).strip()
    found.entries = entries
    return found


def _named(item: dict[str, Any], cited: str) -> str:
    """A source as a "Source:" line names it: the style's author-in-text form, or, where the style names
    no author there (a numeric style's "[3]"), the author and title before it."""
    if any(char.isalpha() for char in re.sub(r"<[^>]+>", "", cited)):
        return cited
    first = (item.get("author") or [{}])[0]
    author = first.get("literal") or " ".join(filter(None, [first.get("given"), first.get("family")]))
    return f"{escape(author)}, “{escape(item.get('title', ''))}” {cited}" if author else \
        f"“{escape(item.get('title', ''))}” {cited}"


def _ids(kind: str, body: str) -> list[str]:
    items = read_cluster(kind, body)
    return [] if isinstance(items, str) else [item.id for item in items]


@lru_cache(maxsize=8)  # the live preview formats the same citations after most edits
def _pandoc(document: str, items: str, style: bytes, locale: str | None, cache: Path | None) -> str:
    options = ["--from=markdown", "--to=html", "--wrap=none", "--citeproc", "--bibliography=items.json",
               "--csl=style.csl", *([f"--metadata=lang:{locale}"] if locale else [])]
    try:
        return run(options, document, {"items.json": items.encode(), "style.csl": style}, cache=cache)
    except PandocError as error:
        key = hashlib.sha256(style).hexdigest()[:8]
        raise RenderError.at(Location("brief.yaml"), f"citations cannot be formatted ({pandoc_version()}, "
                                                     f"style {key}): {error}") from None


def _cited(cluster_html: str, parts: dict[str, str]) -> Cited:
    """A cluster's text; in a note style, its note (pandoc's footnote) taken out of the text."""
    inner = cluster_html.strip().removeprefix("<p>").removesuffix("</p>")
    inner = inner.removeprefix('<span class="citation"').split(">", 1)[-1].removesuffix("</span>") \
        if inner.startswith('<span class="citation"') else inner
    if 'class="footnote-ref"' not in inner:
        return Cited(inner.strip())
    text, _, rest = inner.partition("<a href=\"#fn")
    number = rest.split('"', 1)[0]
    note = parts.get(f"fn{number}", "").strip().removeprefix("<p>")
    note = note.split('<a href="#fnref', 1)[0].removesuffix("</p>").strip()
    return Cited(text.strip(), note)


class _Parts(HTMLParser):
    """The inner HTML of every element of pandoc's output that has an id."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.found: dict[str, str] = {}
        self.open: list[tuple[str, str | None, int]] = []
        self.lines = [0]
        for line in source.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "img", "meta", "link", "input", "wbr"):
            return
        start = self._offset() + len(self.get_starttag_text() or "")
        self.open.append((tag, dict(attrs).get("id"), start))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, ident, start = self.open.pop()
            if ident:
                self.found[ident] = self.source[start:self._offset()]
            if name == tag:
                return


def _by_id(html: str) -> dict[str, str]:
    parser = _Parts(html)
    parser.feed(html)
    parser.close()
    return parser.found
