"""Language spans in prose: ``[المملكة الأردنية الهاشمية]{lang=ar}``, the one Markdown form for a phrase
in another language (pandoc's bracketed span).

A span takes one attribute, ``lang``, a BCP 47 tag. Spans of a right-to-left script get ``dir="rtl"``
so both editions and the PDF's tags read them right. Bidi controls (marks, embeddings, isolates) are
refused in prose elsewhere (they can make text read other than it is written) but allowed inside a
right-to-left span, where mixed-direction text may need them.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError, parse

from .model import hidden_control

LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-[A-Za-z\d]{5,8})*")
# Languages written right to left unless their tag names another script (ku-Latn, ug-Cyrl).
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "nqo", "prs", "ps", "sd", "syr", "ug",
                           "ur", "yi"})
RIGHT_TO_LEFT_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Nkoo", "Rohg", "Syrc", "Thaa"})
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A bracketed span as written in the source: [text]{attributes}, brackets nested one level at most.
_SPAN_SOURCE = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\{([^{}\n]*)\}")


def direction(tag: str) -> str:
    """'rtl' or 'ltr' for a language tag."""
    parts = tag.split("-")
    script = next((part.title() for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script is not None:
        return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"
    return "rtl" if parts[0].lower() in RIGHT_TO_LEFT else "ltr"


def span_problem(attributes: dict) -> str | None:
    """Why a span's attributes are refused, or None."""
    others = sorted(set(attributes) - {"lang"})
    if others:
        named = ", ".join(f"'{name}'" for name in others)
        return f"a span takes only a language ({{lang=ar}}), not {named}"
    tag = str(attributes.get("lang", ""))
    if not tag:
        return "a span names no language: write [text]{lang=ar}"
    if not LANGUAGE_TAG.fullmatch(tag):
        return f"'{tag}' is not a language tag (BCP 47, such as ar, fr or zh-Hant)"
    return None


def _spans(state: StateCore) -> None:
    """Give each span its direction and note what is wrong with it for the validator."""
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "span_open":
                # markdown-it sets event handlers (onclick=...) aside; they are refused like any other attribute
                attributes = {**token.attrs, **(token.meta or {}).get("insecure_attrs", {})}
                problem = span_problem(attributes)
                if problem is not None:
                    token.meta = {**(token.meta or {}), "problem": problem}
                else:
                    token.attrSet("dir", direction(str(attributes["lang"])))


def _readable(attributes: str) -> bool:
    try:
        parse("{" + attributes + "}")
    except ParseError:
        return False
    return True


def span_offsets(inline: str) -> list[int]:
    """Where each span's attributes start in an inline's source, in the order of its span tokens."""
    return [match.start(2) - 1 for match in _SPAN_SOURCE.finditer(inline) if _readable(match.group(2))]


# Attributes written after anything but a span's brackets: markdown-it leaves them as text.
_STRAY = re.compile(r"\{\s*(?:[.#][\w-]+|[\w-]+=[^{}\s]*)(?:\s+(?:[.#][\w-]+|[\w-]+=[^{}\s]*))*\s*\}")


def unread_attributes(text: str) -> list[tuple[int, str]]:
    """Attribute blocks that markdown-it left as text (it would print them), each with its offset in
    ``text`` and why."""
    found = [(match.start(2) - 1, f"the span's attributes '{{{match.group(2)}}}' cannot be read: a span takes "
                                  "only a language ({lang=ar})") for match in _SPAN_SOURCE.finditer(text)]
    found += [(match.start(), f"attributes '{match.group(0)}' apply only to a language span: write [text]{{lang=fr}}")
              for match in _STRAY.finditer(text) if not any(at == match.start() for at, _ in found)]
    return sorted(found)


def language_spans(md: MarkdownIt) -> None:
    """The Markdown plugin: ``[text]{lang=xx}`` spans (and no other attribute syntax)."""
    md.use(attrs_plugin, after=(), spans=True)
    md.core.ruler.push("language_spans", _spans)


def hidden_control_outside_spans(text: str) -> tuple[int, str] | None:
    """The first invisible control character of ``text`` that is not a bidi control inside a
    right-to-left span; its offset in ``text`` and why it is refused."""
    def allowed_inside(match: re.Match) -> str:
        attributes = dict(re.findall(r"(\w+)=([^\s}]+)", match.group(2)))
        if span_problem(attributes) is not None or direction(attributes["lang"]) != "rtl":
            return match.group(0)
        return "".join(" " if char in BIDI_CONTROLS else char for char in match.group(0))  # same length

    found = hidden_control(_SPAN_SOURCE.sub(allowed_inside, text))
    if found is None:
        return None
    offset, message = found
    if text[offset] in BIDI_CONTROLS:
        message += " (or, if the text needs it, put it in a right-to-left language span: [text]{lang=ar})"
    return offset, message

