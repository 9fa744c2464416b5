"""Every resource the printer would fetch, found before printing and checked where it is written.

Stylesheets are scanned for ``url()`` and ``@import``; the rendered HTML for the attributes the
printer loads (images, stylesheets, attachments, objects, inline styles). A refused reference is
reported in the file that makes it: the stylesheet's line and column, or the template that holds
the reference (the fetcher refuses the same things later, but can only say which document).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import tinycss2

from ..errors import Location, Problem
from ..render.stylesheets import InlineCSS, Stylesheet, css_text
from .sandbox import Refused, Sandbox, short

if TYPE_CHECKING:
    from .job import PrintJob

_URL_FUNCTIONS = ("url", "src", "image-set", "-webkit-image-set", "image")


@dataclass(frozen=True)
class Reference:
    kind: str
    value: str
    line: int
    column: int


def css_references(text: str, line_offset: int = 0, declarations: bool = False) -> list[Reference]:
    """``url()`` values and ``@import`` targets of a stylesheet (or of a ``style`` attribute's
    ``declarations``), with their 1-based positions."""
    found: list[Reference] = []
    if declarations:
        rules = tinycss2.parse_component_value_list(text, skip_comments=True)
    else:
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    for token in _walk(rules):
        if token.type == "url":
            found.append(Reference("url", token.value, token.source_line + line_offset, token.source_column))
        elif token.type == "function" and token.lower_name in _URL_FUNCTIONS:
            found += [Reference("url", arg.value, arg.source_line + line_offset, arg.source_column)
                      for arg in token.arguments if arg.type == "string"]
        elif token.type == "at-rule" and token.lower_at_keyword == "import":
            found += [Reference("stylesheet", arg.value, arg.source_line + line_offset, arg.source_column)
                      for arg in token.prelude if arg.type == "string"]
    return found


MAX_CSS_DEPTH = 64  # blocks within blocks; the printer's parser recurses on each level


class TooDeep(ValueError):
    pass


def _walk(tokens: Iterable) -> Iterator:
    """Every token, parents before their children, without recursing (a stylesheet may nest deeply)."""
    stack: list[tuple[Iterator, int]] = [(iter(tokens), 0)]
    while stack:
        items, depth = stack[-1]
        token = next(items, None)
        if token is None:
            stack.pop()
            continue
        yield token
        for name in ("arguments", "content", "prelude"):  # pushed last first: visited prelude, content, arguments
            children = getattr(token, name, None)
            if isinstance(children, list):
                if depth >= MAX_CSS_DEPTH:
                    raise TooDeep(f"blocks nested more than {MAX_CSS_DEPTH} levels deep")
                stack.append((iter(children), depth + 1))


class _HTMLScanner(HTMLParser):
    """Collects the references the printer follows in an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        for name, value in values.items():
            kind = _attribute_kind(tag, name, rel)
            if kind:
                self.found.append(Reference(kind, value.strip(), line, offset + 1))
            elif name == "style":
                self.found += [Reference(r.kind, r.value, line, offset + 1) for r in css_references(value, declarations=True)]
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            line, _ = self.getpos()
            self.found += css_references(data, line - 1)


def _attribute_kind(tag: str, name: str, rel: list[str]) -> str | None:
    if name in ("href", "xlink:href"):
        if tag == "link":
            return "attachment" if "attachment" in rel else "stylesheet" if "stylesheet" in rel else "link"
        if tag == "a":
            return "attachment" if "attachment" in rel else None
        return "base" if tag == "base" else "image" if tag in ("image", "use", "feimage") else None
    if name == "src" and tag in ("img", "embed", "input", "video", "audio", "source", "iframe", "frame"):
        return "image" if tag in ("img", "input") else "object"
    if name in ("data", "poster") and tag in ("object", "video"):
        return "object"
    return None


def html_references(html: str) -> list[Reference]:
    scanner = _HTMLScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def _problem(reference: Reference, base_url: str, sandbox: Sandbox) -> str | None:
    value = reference.value
    if not value or value.startswith("#"):
        return None
    if reference.kind == "base":
        return f"base '{short(value)}' is not allowed: the build sets where the document's files are"
    try:
        sandbox.read(urljoin(base_url, value))
    except Refused as refused:
        return f"{reference.kind} '{short(value)}' {refused}"
    return None


def check_references(job: PrintJob) -> list[Problem]:
    """Every refused reference of a print job's stylesheets and HTML, located where it is written."""
    sandbox = Sandbox(job.roots)
    base = job.base_url.resolve().as_uri() + "/"
    return [*stylesheet_problems(job.stylesheets, sandbox),
            *html_problems(job.html, base, sandbox, job.template_dirs, job.document_location)]


def stylesheet_problems(sheets: Sequence[Stylesheet], sandbox: Sandbox) -> list[Problem]:
    """Refused references in each stylesheet, located at their line and column."""
    problems = []
    for sheet in sheets:
        base = (sheet.base if isinstance(sheet, InlineCSS) else sheet.parent).resolve().as_uri() + "/"
        try:
            references = css_references(css_text(sheet))
        except TooDeep as error:
            problems.append(Problem(Location(sheet.name) if isinstance(sheet, InlineCSS) else Location.of(sheet),
                                    f"stylesheet refused: {error}"))
            continue
        for reference in references:
            if (message := _problem(reference, base, sandbox)):
                where = (Location(sheet.name) if isinstance(sheet, InlineCSS)
                         else Location.of(sheet, reference.line, reference.column))
                problems.append(Problem(where, message))
    return problems


def html_problems(html: str, base_url: str, sandbox: Sandbox, template_dirs: Sequence[Path],
                  fallback: Location) -> list[Problem]:
    """Refused references in the rendered HTML, located in the template that writes them."""
    problems = []
    sources: list[tuple[Path, str]] | None = None
    try:
        references = html_references(html)
    except TooDeep as error:
        return [Problem(fallback, f"a style in the page refused: {error}")]
    for reference in references:
        if (message := _problem(reference, base_url, sandbox)):
            sources = sources if sources is not None else _template_sources(template_dirs)
            problems.append(Problem(_find(reference.value, sources) or fallback, message))
    return problems


def _template_sources(dirs: Sequence[Path]) -> list[tuple[Path, str]]:
    sources = []
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix in (".html", ".j2", ".jinja", ".css"):
                sources.append((path, path.read_text(encoding="utf-8", errors="replace")))
    return sources


def _find(value: str, sources: list[tuple[Path, str]]) -> Location | None:
    for path, text in sources:
        index = text.find(value)
        if index >= 0:
            return Location.in_text(path, text, index)
    return None
