"""Citations as footnotes, for note styles (Chicago notes and bibliography, and the like).

After a text is parsed, each citation in its running text becomes a footnote whose text is the
style's note; the brief's own footnotes and these are then numbered together in the order their
calls appear, so both editions number and place them as any footnote (the print edition floats
them to the page foot, the web edition lists them after the section).
"""
from __future__ import annotations

from collections.abc import Callable
from itertools import count

from markdown_it.token import Token

from .citations import CITATION_KINDS

PUNCTUATION = ".,;:!?"

# For a citation (kind, body): the words it leaves in the sentence ("Moaddel" for {citet:...}, often
# none) and its note as HTML; None when the style puts no note there.
NoteFor = Callable[[str, str], tuple[str, str] | None]


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _note(identifier: int, html: str) -> list[Token]:
    opening = Token("footnote_open", "", 1)
    opening.meta = {"id": identifier, "label": None}
    paragraph, inline, closing = Token("paragraph_open", "p", 1), Token("inline", "", 0), Token("paragraph_close", "p", -1)
    paragraph.block = closing.block = True
    inline.children, inline.content = [_html(html)], html
    anchor = Token("footnote_anchor", "", 0)
    anchor.meta = {"id": identifier, "subId": 0, "label": None}
    return [opening, paragraph, inline, anchor, closing, Token("footnote_close", "", -1)]


def _split(tokens: list[Token]) -> tuple[list[Token], dict[int, list[Token]]]:
    """The text's own tokens, and each footnote's tokens (footnote_open to footnote_close) by id."""
    start = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), len(tokens))
    notes: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens[start:]:
        if token.type == "footnote_open":
            current = notes.setdefault(token.meta["id"], [])
        if current is not None:
            current.append(token)
        if token.type == "footnote_close":
            current = None
    return tokens[:start], notes


def _refs(tokens: list[Token]) -> list[Token]:
    return [child for token in tokens for child in (token.children or []) if child.type == "footnote_ref"]


def _after_punctuation(children: list[Token]) -> list[Token]:
    """Note calls go after the punctuation that follows them, as the styles place them."""
    placed: list[Token] = []
    for child in children:
        call = placed[-1] if placed else None
        if call is not None and call.type == "footnote_ref" and call.meta.get("label") is None and \
                child.type == "text" and child.content[:1] in PUNCTUATION:
            mark = Token("text", "", 0)
            mark.content, child.content = child.content[0], child.content[1:]
            placed[-1:] = [mark, call, child]
        else:
            placed.append(child)
    return placed


def citations_as_notes(tokens: list[Token], note_for: NoteFor) -> list[Token]:
    """``tokens`` with every citation of the running text turned into a footnote, all notes renumbered
    in the order of their calls."""
    body, notes = _split(tokens)
    fresh = count(max(notes, default=-1) + 1)
    for token in body:
        if token.type != "inline" or not token.children:
            continue
        children: list[Token] = []
        for child in token.children:
            found = note_for(child.meta["kind"], child.meta["body"]) \
                if child.type == "xref" and child.meta["kind"] in CITATION_KINDS else None
            if found is None:
                children.append(child)
                continue
            text, html = found
            if children and children[-1].type == "text":  # "people {cite:x}." prints "people.¹"
                children[-1].content = children[-1].content.rstrip()
            if text:
                children.append(_html(" " + text if children else text))
            identifier = next(fresh)
            call = Token("footnote_ref", "", 0)
            call.meta = {"id": identifier, "subId": 0, "label": None}
            children.append(call)
            notes[identifier] = _note(identifier, html)
        token.children = _after_punctuation(children)
    if not notes:
        return body
    order = list(dict.fromkeys([ref.meta["id"] for ref in _refs(body)] + list(notes)))
    renumbered = {old: new for new, old in enumerate(order)}
    for token in [*_refs(body), *(t for old in order for t in notes[old])]:
        for item in [token, *(token.children or [])]:
            if item.type in ("footnote_ref", "footnote_open", "footnote_anchor") and "id" in (item.meta or {}):
                item.meta = {**item.meta, "id": renumbered[item.meta["id"]]}
    return [*body, Token("footnote_block_open", "", 1), *(t for old in order for t in notes[old]),
            Token("footnote_block_close", "", -1)]
