"""References in prose: ``{kind:ids}`` read strictly.

Anything shaped like a reference (``{word:...}``) is taken for one: an unknown kind, stray spaces or a
wrong separator is an error that says what was probably meant, never text printed as is. The
Markdown rule turns each into an ``xref`` token (or an ``xref_problem`` the validator reports).
"""
from __future__ import annotations

import difflib
import re

from markdown_it.rules_inline import StateInline

from .citations import CITATION_KINDS, read_cluster

KINDS = ("table", "figure", "event", "section", "cite", "citet", "value")
# Anything shaped like a reference is taken for one: written wrong, it is an error, never printed as is.
REFERENCE_LIKE = re.compile(r"\{\s*([A-Za-z][\w-]*)\s*:([^{}\n]*)\}")
_ID = re.compile(r"[^\s{};,]+")


def read_reference(written: str) -> tuple[str, list[str]] | str:
    """A reference's kind and ids, or why it is malformed, with what was probably meant."""
    match = REFERENCE_LIKE.fullmatch(written)
    assert match is not None, written
    kind, body = match.group(1), match.group(2)
    if kind not in KINDS:
        close = difflib.get_close_matches(kind.lower(), KINDS, n=1)
        guess = f": did you mean {{{close[0]}:{body.strip()}}}?" if close else ""
        return f"unknown reference kind '{kind}' in '{written}' (known: {', '.join(KINDS)}){guess}"
    if kind in CITATION_KINDS:
        if written.startswith("{ ") or written[1:].startswith(kind + " "):
            return f"reference '{written}' has stray spaces: did you mean {{{kind}:{body.strip()}}}?"
        items = read_cluster(kind, body)
        return items if isinstance(items, str) else (kind, [item.id for item in items])
    ids = [body.strip()]
    if not any(ids):
        return f"reference '{written}' names no id"
    if re.search(r"[;,]", body):
        return f"reference '{written}' names several ids: only {{cite:...}} takes several, separated by ';'"
    if not all(ids):
        return f"reference '{written}' has an empty id"
    if (bad := next((part for part in ids if not _ID.fullmatch(part)), None)) is not None:
        return f"reference '{written}' has an id with a space or a brace in it ('{bad}')"
    meant = "{" + kind + ":" + "; ".join(ids) + "}"
    if written not in (meant, meant.replace("; ", ";")):
        return f"reference '{written}' has stray spaces: did you mean {meant}?"
    return kind, ids


def reference_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    match = REFERENCE_LIKE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        read = read_reference(match.group(0))
        if isinstance(read, str):
            token = state.push("xref_problem", "", 0)
            token.content = match.group(0)
            token.meta = {"problem": read, "offset": state.pos}
        else:
            token = state.push("xref", "", 0)
            token.meta = {"kind": read[0], "id": ";".join(read[1]), "ids": read[1], "offset": state.pos,
                          "body": match.group(2)}
    state.pos = match.end()
    return True
