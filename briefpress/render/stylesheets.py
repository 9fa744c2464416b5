"""Stylesheets as the build names them, and as the printer reads them fastest: WOFF2 faces decompressed once, kept.

WeasyPrint decompresses a WOFF2 font in pure Python on every run (about 0.4 s for the bundled
faces). The printer's fetcher serves the decompressed font from a cache folder instead, keyed by
the WOFF2 file's content, so the work is done once per font. ``printable_css`` gives a stylesheet
with every ``url()`` absolute and the cached fonts in place, for the self-contained print HTML.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import Location, RenderError
from ..support.files import write_atomically


@dataclass(frozen=True)
class InlineCSS:
    """A stylesheet the build makes (the brand's tokens): its text, a name for messages, a base folder."""

    name: str
    text: str
    base: Path


Stylesheet = Path | InlineCSS


def css_text(sheet: Stylesheet) -> str:
    return sheet.text if isinstance(sheet, InlineCSS) else sheet.read_text(encoding="utf-8")


_STYLE_END = re.compile(r"</style", re.IGNORECASE)


def inlined_css(sheet: Stylesheet) -> str:
    """A stylesheet's text to put in a ``<style>`` element, which nothing in it may close: HTML ends the
    element at the first ``</style``, even inside a comment, and what follows would run as markup."""
    text = css_text(sheet)
    if (end := _STYLE_END.search(text)):
        where = Location(sheet.name) if isinstance(sheet, InlineCSS) else Location.in_text(sheet, text, end.start())
        raise RenderError.at(where, "'</style' may not appear in a stylesheet, not even in a comment: "
                                    "it would end the web edition's style element")
    return text


_UNICODE_RANGE = re.compile(r"[Uu]\+([0-9A-Fa-f?]+)(?:-([0-9A-Fa-f]+))?")


def unicode_ranges(value: str) -> tuple[tuple[int, int], ...]:
    """The code point spans of a ``unicode-range`` value (``U+0000-00FF, U+0131, U+04??``)."""
    spans = []
    for start, end in _UNICODE_RANGE.findall(value):
        if "?" in start:
            start, end = start.replace("?", "0"), start.replace("?", "F")
        spans.append((int(start, 16), int(end or start, 16)))
    return tuple(spans)


_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")\s]+)(?P=quote)\s*\)(?P<format>\s*format\(\s*['"]?woff2['"]?\s*\))?""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def plain_font(data: bytes, font_cache: Path) -> Path | None:
    """The file holding the decompressed form of WOFF2 ``data``, made on first use; None if not WOFF2."""
    if data[:4] != b"wOF2":
        return None
    target = font_cache / f"{hashlib.sha256(data).hexdigest()[:32]}.otf"
    if target.is_file():
        return target
    from fontTools.ttLib import woff2

    out = io.BytesIO()
    try:
        woff2.decompress(io.BytesIO(data), out)
    except Exception:  # a broken font is the printer's to report, from its original bytes
        return None
    write_atomically(target, out.getvalue())
    return target


def plain_font_bytes(data: bytes, font_cache: Path) -> bytes:
    """``data`` decompressed when it is a WOFF2 font, else unchanged."""
    path = plain_font(data, font_cache)
    return path.read_bytes() if path is not None else data


def printable_css(sheet: Stylesheet, font_cache: Path | None) -> str:
    """The text of ``sheet`` with absolute URLs and, given a cache, decompressed fonts.

    Line breaks are kept, so the positions of anything reported in it stay true.
    """
    text, folder = (sheet.text, sheet.base) if isinstance(sheet, InlineCSS) else (
        sheet.read_text(encoding="utf-8"), sheet.parent)
    base = folder.resolve().as_uri() + "/"
    return _URL.sub(lambda match: _rewrite(match, base, font_cache), text)


def _rewrite(match: re.Match[str], base: str, font_cache: Path | None) -> str:
    url = match["url"]
    if _SCHEME.match(url) and not url.lower().startswith("file:"):
        return match[0]
    absolute = urljoin(base, url)
    path = Path(unquote(urlsplit(absolute).path))
    if font_cache is not None and path.suffix.lower() == ".woff2" and path.is_file():
        plain = plain_font(path.read_bytes(), font_cache)
        if plain is not None:
            return f"url('{plain.as_uri()}')" + (" format('opentype')" if match["format"] else "")
    return f"url('{absolute}')" + (match["format"] or "")


