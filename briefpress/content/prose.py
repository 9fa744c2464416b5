"""Prose stage: Markdown to HTML with cross-references, footnotes and checked links.

References are written ``{table:id}``, ``{figure:id}``, ``{event:id}``, ``{section:id}`` and
``{cite:id}``. Raw HTML is off. Every reference, link and image keeps its file location so the
validator can report it precisely before anything renders.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..errors import Location
from .citations import CITATION_KINDS
from .citenotes import NoteFor, citations_as_notes
from .languages import hidden_control_outside_spans, language_spans, span_offsets, unread_attributes
from .xrefs import reference_rule

LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Reference:
    kind: str
    id: str
    location: Location


@dataclass
class Scan:
    """What a piece of prose points at: references, links and images, each located."""

    references: list[Reference] = field(default_factory=list)
    links: list[tuple[str, Location]] = field(default_factory=list)
    images: list[tuple[str, str, Location]] = field(default_factory=list)
    html: list[tuple[str, Location]] = field(default_factory=list)
    problems: list[tuple[str, Location]] = field(default_factory=list)  # malformed references and footnotes
    footnotes: list[Location] = field(default_factory=list)  # every footnote call, where footnotes cannot print


Resolve = Callable[[str, str], str]
Place = Callable[[str, str], str]


# The last word of a paragraph or list item when it is short enough to be left alone on a line of its own.
_RUNT = re.compile(r" ([^\s<>]{1,7})((?:</(?:a|abbr|cite|code|em|span|strong)>)*[^\s<>]{0,3}</(?:p|li)>)")


def no_runts(html: str) -> str:
    """Paragraphs and list items with their last word bound to the one before it (a no-break space), so
    no short word stands alone on a last line."""
    return _RUNT.sub("\u00a0\\1\\2", html)


@cache
def markdown() -> MarkdownIt:
    """The one Markdown dialect of the project: CommonMark, tables, footnotes, no raw HTML."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(language_spans)
    md.inline.ruler.before("link", "xref", reference_rule)
    # Links are checked (and refused with a location) by the validator; markdown-it's own
    # check would silently turn a bad link into text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@cache
def _html_finder() -> MarkdownIt:
    # Raw HTML is never rendered; this parser only finds it, so pasted markup is reported
    # instead of appearing in the brief as literal tags.
    return MarkdownIt("commonmark", {"html": True}).enable(["table"])


def _raw_html(text: str, path: str, first_line: int) -> list[tuple[str, Location]]:
    found = []
    for token in _html_finder().parse(text, {}):
        if token.type == "html_block":
            found.append((token.content, Location(path, first_line + (token.map or [0])[0], 1)))
        for child in token.children or []:
            if child.type == "html_inline" and not child.content.startswith("</"):
                found.append((child.content, _locate(child, max(token.content.find(child.content), 0), token,
                                                     path, first_line)))
    return found


def html_problem(markup: str) -> str:
    first = markup.strip().splitlines()[0] if markup.strip() else markup
    shown = first if len(first) <= 60 else first[:57] + "..."
    return f"raw HTML is not allowed ('{shown}'): write Markdown"


def _shift_headings(tokens: Sequence[Token]) -> None:
    # The section title is h2, so '##' in prose becomes h3.
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def parse(text: str) -> list[Token]:
    tokens = markdown().parse(text, {})
    _shift_headings(tokens)
    return tokens


def _locate(token: Token, offset: int, inline: Token, path: str, first_line: int) -> Location:
    start = inline.map[0] if inline.map else 0
    before = inline.content[:offset]
    line = first_line + start + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return Location(path, line, column)


_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")


def _footnote_problems(text: str, tokens: Sequence[Token], env: dict, path: str, first_line: int, found: Scan) -> None:
    """Calls without a definition would print as '[^label]', definitions without a call would be lost."""
    refs: dict[str, int] = env.get("footnotes", {}).get("refs", {})
    defined = [label.removeprefix(":") for label in refs]
    for inline in (t for t in tokens if t.type == "inline"):
        for child in inline.children or []:
            if child.type == "footnote_ref":
                call = f"[^{child.meta['label']}]" if "label" in child.meta else "^["  # ^[an inline note]
                found.footnotes.append(_locate(child, max(inline.content.find(call), 0), inline, path, first_line))
            if child.type != "text":
                continue
            for match in _FOOTNOTE_CALL.finditer(child.content):
                label, offset = match.group(1), inline.content.find(match.group(0))
                close = difflib.get_close_matches(label, defined, n=1)
                hint = f": did you mean [^{close[0]}]?" if close else f": add a line '[^{label}]: ...' below"
                found.problems.append((f"footnote [^{label}] has no definition{hint}",
                                       _locate(child, max(offset, 0), inline, path, first_line)))
    for label, number in refs.items():
        if number < 0:  # defined, never called
            name = label.removeprefix(":")
            at = text.find(f"[^{name}]:")
            found.problems.append((f"footnote [^{name}] is defined but never called in the text",
                                   Location.in_text(path, text, max(at, 0), first_line)))


def scan(text: str, path: str, first_line: int) -> Scan:
    """Find every reference, link, image and footnote in ``text`` (whose first line is ``first_line``)."""
    found = Scan()
    env: dict = {}
    tokens = markdown().parse(text, env)
    _footnote_problems(text, tokens, env, path, first_line, found)
    if (control := hidden_control_outside_spans(text)) is not None:
        found.problems.append((control[1], Location.in_text(path, text, control[0], first_line)))
    for inline in (t for t in tokens if t.type == "inline"):
        spans = iter(span_offsets(inline.content))
        for child in inline.children or []:
            if child.type == "xref":
                where = _locate(child, child.meta["offset"], inline, path, first_line)
                found.references.extend(Reference(child.meta["kind"], key, where) for key in child.meta["ids"])
            elif child.type == "xref_problem":
                found.problems.append((child.meta["problem"], _locate(child, child.meta["offset"], inline, path,
                                                                      first_line)))
            elif child.type == "span_open":
                at = next(spans, 0)
                if "problem" in (child.meta or {}):
                    found.problems.append((child.meta["problem"], _locate(child, at, inline, path, first_line)))
            elif child.type == "text":
                start = max(inline.content.find(child.content), 0)
                for at, problem in unread_attributes(child.content):
                    found.problems.append((problem, _locate(child, start + at, inline, path, first_line)))
            elif child.type in ("link_open", "image"):
                target = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
                where = _locate(child, max(inline.content.find(target), 0), inline, path, first_line)
                if child.type == "image":
                    found.images.append((target, child.content, where))
                else:
                    found.links.append((target, where))
    if "<" in text:
        found.html = _raw_html(text, path, first_line)
    return found


def link_problem(target: str) -> str | None:
    """Why a link target is refused, or None when it is fine."""
    if target.startswith("#") or target.lower().startswith(LINK_SCHEMES):
        return None
    return f"link '{target}' is not allowed: use http, https or mailto links, or {{section:id}} references"


def _top_level_blocks(tokens: Sequence[Token]) -> list[list[Token]]:
    blocks: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for token in tokens:
        current.append(token)
        depth += token.nesting
        if depth == 0:
            blocks.append(current)
            current = []
    return blocks


def _footnote_texts(tokens: Sequence[Token], render_inline: Callable[[list[Token]], str]) -> dict[int, str]:
    """Each footnote's content as inline HTML, for footnotes that float to the page foot."""
    texts: dict[int, list[str]] = {}
    current: int | None = None
    for token in tokens:
        if token.type == "footnote_open":
            current = token.meta["id"]
            texts[current] = []
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            children = [c for c in token.children or [] if c.type != "footnote_anchor"]
            texts[current].append(render_inline(children))
    return {key: " ".join(parts) for key, parts in texts.items()}


def _index_of(tokens: Sequence[Token], kind: str) -> int:
    return next((i for i, t in enumerate(tokens) if t.type == kind), len(tokens))


class ProseRenderer:
    """Renders Markdown for one edition; footnotes float (print) or collect per section (web)."""

    def __init__(self, resolve: Resolve, place: Place, image_src: Callable[[str], str], floating_footnotes: bool,
                 note_for: NoteFor | None = None):
        self.resolve = resolve
        self.note_for = note_for  # a note style's citations, which become footnotes in running text
        self.place = place
        self.image_src = image_src
        self.floating_footnotes = floating_footnotes
        self.placed: set[tuple[str, str]] = set()
        self.footnotes_so_far = 0

    def render(self, text: str, doc_id: str, inline: bool = False, floats: bool = False) -> str:
        tokens = parse(text)
        if self.note_for is not None and not inline:
            tokens = citations_as_notes(tokens, self.note_for)
        # A footnote that cites itself ('[^1]: see [^1]') finds no text yet rather than failing.
        env: dict = {"docId": doc_id, "footnote_offset": self.footnotes_so_far, "footnote_texts": {}}
        # Rendered with this renderer's rules, so references inside a footnote resolve too.
        env["footnote_texts"] = (_footnote_texts(tokens, lambda children: self._render(children, env, inline=True))
                                 if self.floating_footnotes else {})
        footnote_count = sum(1 for t in tokens if t.type == "footnote_open")
        if self.floating_footnotes:
            # Their text now sits at each call, where the page layout floats it to the foot.
            tokens = list(tokens[: _index_of(tokens, "footnote_block_open")])
        if inline:
            inline_tokens = [t for t in tokens if t.type == "inline"]
            text = " ".join(self._render(t.children or [], env, inline=True) for t in inline_tokens)
            return no_runts(text + "</p>").removesuffix("</p>")  # it ends a list item or a caption
        html: list[str] = []
        for block in _top_level_blocks(tokens):
            html.append(no_runts(self._render(block, env)))
            if floats:
                html.extend(self._floats_after(block))
        self.footnotes_so_far += footnote_count
        return "".join(html)

    def _render(self, tokens: Sequence[Token], env: dict, inline: bool = False) -> str:
        md = markdown()
        renderer: Any = md.renderer  # markdown-it's HTML renderer, whose rules are swapped below
        saved = dict(renderer.rules)
        renderer.rules.update(self._rules())
        try:
            if inline:
                return renderer.renderInline(tokens, md.options, env)
            return renderer.render(tokens, md.options, env)
        finally:
            renderer.rules.clear()
            renderer.rules.update(saved)

    def _floats_after(self, block: Sequence[Token]) -> list[str]:
        html: list[str] = []
        for token in block:
            for child in token.children or []:
                key = (str(child.meta.get("kind")), str(child.meta.get("id"))) if child.type == "xref" else None
                if key and key[0] in ("table", "figure") and key not in self.placed:
                    self.placed.add(key)
                    html.append(self.place(*key))
        return html

    def _rules(self) -> dict[str, Callable]:
        from markupsafe import escape

        def xref(tokens, idx, options, env):
            meta = tokens[idx].meta
            if meta["kind"] in CITATION_KINDS:  # a cluster is formatted whole, by the style
                return self.resolve(meta["kind"], meta["body"])
            return ", ".join(self.resolve(meta["kind"], key) for key in meta["ids"])

        def xref_problem(tokens, idx, options, env):  # refused by the validator before any render
            return escape(tokens[idx].content)

        def image(tokens, idx, options, env):
            token = tokens[idx]
            alt = escape(token.content)
            return f'<img src="{escape(self.image_src(str(token.attrGet("src"))))}" alt="{alt}">'

        def footnote_caption(tokens, idx, options, env):
            return str(tokens[idx].meta["id"] + 1 + env["footnote_offset"])

        def footnote_ref(tokens, idx, options, env):
            number = footnote_caption(tokens, idx, options, env)
            anchor = f"fn-{env['docId']}-{tokens[idx].meta['id'] + 1}"
            if self.floating_footnotes:
                text = env["footnote_texts"].get(tokens[idx].meta["id"], "")
                return f'<span class="footnote" id="{anchor}">{text}</span>'
            return f'<sup class="footnote-ref"><a href="#{anchor}" id="ref-{anchor}">{number}</a></sup>'

        def footnote_block_open(tokens, idx, options, env):
            start = env["footnote_offset"] + 1
            return f'<section class="footnotes"><ol class="footnotes-list" start="{start}">\n'

        def footnote_open(tokens, idx, options, env):
            return f'<li id="fn-{env["docId"]}-{tokens[idx].meta["id"] + 1}" class="footnote-item">'

        def footnote_anchor(tokens, idx, options, env):
            anchor = f"fn-{env['docId']}-{tokens[idx].meta['id'] + 1}"
            return f' <a href="#ref-{anchor}" class="footnote-backref" aria-label="Back to the text">\u21a9\ufe0e</a>'

        rules: dict[str, Callable] = {"xref": xref, "xref_problem": xref_problem, "image": image,
                                      "footnote_ref": footnote_ref}
        if not self.floating_footnotes:
            rules.update({"footnote_block_open": footnote_block_open, "footnote_open": footnote_open,
                          "footnote_anchor": footnote_anchor, "footnote_caption": footnote_caption})
        return rules
