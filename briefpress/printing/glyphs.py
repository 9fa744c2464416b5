"""Font coverage: which characters the bundled faces can draw, and where a missing one is written.

The faces are exactly those the stylesheets declare with ``@font-face`` (each file only for its
``unicode-range``). A character outside them would silently fall back to whatever fonts the machine
has, or print as an empty box, so the print stage refuses it and names the text that needs it.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2

from ..render.stylesheets import InlineCSS, Stylesheet, css_text, plain_font, unicode_ranges

# Characters that draw nothing: Pango never asks a font for them.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})


@dataclass(frozen=True)
class Face:
    path: Path
    ranges: tuple[tuple[int, int], ...]


def _declarations(rule) -> dict[str, list]:
    declared = {}
    for item in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            declared[item.lower_name] = item.value
    return declared


def font_faces(css: str, base: Path) -> list[Face]:
    """The local font files a stylesheet (``css``, its URLs relative to ``base``) declares,
    each with the characters it is used for."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    faces = []
    for rule in rules:
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or rule.content is None:
            continue
        declared = _declarations(rule)
        unicode_range = tinycss2.serialize(declared.get("unicode-range", [])).strip()
        for token in declared.get("src", []):
            url = token.value if token.type == "url" else None
            if token.type == "function" and token.lower_name == "url":
                url = next((arg.value for arg in token.arguments if arg.type == "string"), None)
            if url and urlsplit(url).scheme in ("", "file"):
                path = (base / unquote(urlsplit(url).path)).resolve()
                if path.is_file():
                    faces.append(Face(path, unicode_ranges(unicode_range) or ((0, 0x10FFFF),)))
    return faces


def _base(sheet: Stylesheet) -> Path:
    return sheet.base if isinstance(sheet, InlineCSS) else sheet.parent


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, ValueError, KeyError, AssertionError):
        return frozenset()  # not a font: the reference checks and the printer say so, where it is named


class Coverage:
    """The characters the bundled faces of a set of stylesheets can draw."""

    def __init__(self, stylesheets: Sequence[Stylesheet], font_cache: Path | None = None) -> None:
        self.faces = [face for sheet in stylesheets for face in font_faces(css_text(sheet), _base(sheet))]
        self.characters = frozenset(code for face in self.faces for code in _cmap(_readable(face.path, font_cache))
                                    if any(start <= code <= end for start, end in face.ranges))

    def covers(self, char: str) -> bool:
        if char.isspace() or unicodedata.category(char) in _INVISIBLE:
            return True
        return ord(char) in self.characters

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` no bundled face has, each once, in order."""
        return list(dict.fromkeys(char for char in text if not self.covers(char)))


def _readable(path: Path, font_cache: Path | None) -> Path:
    # A WOFF2 file must be decompressed whole to read its character map; the printer has usually
    # decompressed it already (see stylesheets.plain_font).
    if font_cache is None or path.suffix.lower() != ".woff2":
        return path
    return plain_font(path.read_bytes(), font_cache) or path


def describe(char: str) -> str:
    """'ب' (U+0628 ARABIC LETTER BEH)"""
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def snippet(text: str, char: str, words: int = 4) -> str:
    """The words around ``char`` in ``text``, for a message."""
    split = text.split()
    at = next((i for i, word in enumerate(split) if char in word), 0)
    start, end = max(at - words, 0), min(at + words + 1, len(split))
    return ("…" if start else "") + " ".join(split[start:end]) + ("…" if end < len(split) else "")


def missing_glyph_messages(texts: Iterable[str], coverage: Coverage) -> dict[str, str]:
    """For each character no face has, a message naming it and the text that needs it."""
    found: dict[str, str] = {}
    for text in texts:
        for char in coverage.missing(text):
            if char not in found:
                found[char] = (f"no bundled font has the character {describe(char)}, needed by "
                               f"\"{snippet(text, char)}\"; add a font that has it with @font-face")
    return found
