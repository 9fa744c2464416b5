"""Web edition stage: what makes ``<slug>.html`` one self-contained file.

The bundled faces of ``fonts.css`` are cut down to the characters the page uses and inlined as
``data:`` URIs, and charts become inline SVG with their alt text as the accessible name. Output is
deterministic: the same page gives the same bytes (font timestamps are left as they are).
"""
from __future__ import annotations

import hashlib
import io
import re
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

from markupsafe import Markup, escape

from ..support.files import write_atomically
from ..support.uris import data_uri
from .stylesheets import plain_font_bytes, unicode_ranges

_FACE = re.compile(r"@font-face\s*\{(.*?)\}", re.S)
_SRC = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
def _covered(codepoint: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return not spans or any(low <= codepoint <= high for low, high in spans)


def subset_woff2(source: bytes, codepoints: Iterable[int], font_cache: Path | None = None) -> bytes | None:
    """The font file ``source`` keeping only ``codepoints`` (those it has), as WOFF2; None if it has none.

    HarfBuzz cuts the face (with the glyphs its layout features reach, so ligatures and Arabic joining keep
    working); fontTools writes the WOFF2. A file that is not a font has no characters, so gives None: the
    printer names it."""
    import uharfbuzz as hb

    face = hb.Face(_sfnt(source, font_cache))
    wanted = set(codepoints) & set(face.unicodes)
    if not wanted:
        return None
    request = hb.SubsetInput()
    request.unicode_set.update(wanted)
    features = request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.invert()  # every feature, as the page's styles may ask for any (fractions, small caps)
    try:
        cut = hb.subset(face, request)
    except RuntimeError:
        return None
    return _woff2(cut.blob.data, source)


def _sfnt(source: bytes, font_cache: Path | None) -> bytes:
    """The font's tables as a plain OpenType file, which HarfBuzz reads (it does not read WOFF)."""
    if source[:4] == b"wOF2" and font_cache is not None:
        return plain_font_bytes(source, font_cache)
    if source[:4] not in (b"wOF2", b"wOFF"):
        return source
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(source), recalcTimestamp=False)
        font.flavor = None
        output = io.BytesIO()
        font.save(output)
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, struct.error):
        return b""
    return output.getvalue()


def _woff2(sfnt: bytes, source: bytes) -> bytes | None:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.woff2 import WOFF2FlavorData

    font = TTFont(io.BytesIO(sfnt), recalcTimestamp=False)
    if "glyf" in font and all(font["glyf"][name].numberOfContours == 0 for name in font.getGlyphOrder()):
        return None  # only spaces: a font with no outline is refused by browsers (OTS: zero-length glyf)
    font.flavor = "woff2"
    font.flavorData = WOFF2FlavorData()
    version = {b"wOF2": source[24:28], b"wOFF": source[20:24]}.get(source[:4])
    if version:  # the version the source's WOFF header carried, as fontTools' own subsetter kept it
        font.flavorData.majorVersion, font.flavorData.minorVersion = struct.unpack(">HH", version)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


_ASCII = frozenset(range(0x20, 0x7F))
# An edit that brings a letter the page did not use yet would otherwise cut every Latin face down again (a
# third of a second each, a dozen faces): with all of ASCII kept, such edits reuse the cut faces.
_LATIN_TEXT = frozenset(c for c in _ASCII if chr(c).isalnum())


def inline_fonts(fonts_css: Path, text: str, cache: Path | None = None) -> str:
    """``fonts.css`` with each face subset to the characters of ``text`` and inlined; unused faces dropped."""
    codepoints = {ord(char) for char in text}
    rules = []
    for body in _FACE.findall(fonts_css.read_text(encoding="utf-8")):
        source = _SRC.search(body)
        if source is None or source.group(1).startswith("data:"):
            rules.append(f"@font-face {{{body}}}")
            continue
        spans = unicode_ranges(body.split("unicode-range:", 1)[1].split(";", 1)[0]) if "unicode-range:" in body else ()
        used = {c for c in codepoints if _covered(c, spans)}
        if used & _LATIN_TEXT:  # a face that sets Latin text keeps every ASCII character: see _LATIN_TEXT
            used |= {c for c in _ASCII if _covered(c, spans)}
        data = _cached_subset(fonts_css.parent / source.group(1), sorted(used), cache) if used else None
        if data is None:
            continue
        uri = data_uri(data, "font/woff2")
        rules.append("@font-face {" + _SRC.sub(f"url({uri})", body, count=1) + "}")
    return "\n".join(rules) + "\n"


def with_page_fonts(render: Callable[[list[str]], str], styles: list[str], fonts_css: Path,
                    cache: Path | None = None) -> str:
    """A page rendered with ``styles``, then again with the faces of ``fonts_css`` cut down to its characters
    inlined before them: which characters a page uses is known only once it is rendered."""
    html = render(styles)
    if not fonts_css.is_file():
        return html
    return render([inline_fonts(fonts_css, html, cache), *styles])


def _cached_subset(path: Path, codepoints: list[int], cache: Path | None) -> bytes | None:
    source = path.read_bytes()
    if cache is None:
        return subset_woff2(source, codepoints)
    key = hashlib.sha256(b"3:" + source + repr(codepoints).encode()).hexdigest()
    stored = cache / f"{key}.woff2"
    if stored.is_file():
        return stored.read_bytes() or None
    data = subset_woff2(source, codepoints, cache)
    cache.mkdir(parents=True, exist_ok=True)
    write_atomically(stored, data or b"")  # builds running at once may cut the same font
    return data


def inline_svg(svg: str, label: str, figure_id: str, extra_class: str = "") -> Markup:
    """A chart's SVG to place in the page: one image, named by ``label``, scaling with its column.

    Vega's descriptions of each mark (``aria-label``) stay inside, for tools that read them.
    """
    body = svg.split("?>", 1)[-1].strip()
    root = re.match(r"<svg\b[^>]*>", body)
    classes = re.search(r'\sclass="([^"]*)"', root.group(0)) if root else None
    body = re.sub(r'^(<svg\b[^>]*?)\sclass="[^"]*"', r"\1", body, count=1)
    body = re.sub(r"^<svg\b", f'<svg role="img" aria-labelledby="figure-{figure_id}-alt" '
                  f'class="figure-image{" " + extra_class if extra_class else ""}{" " + classes.group(1) if classes else ""}"',
                  body, count=1)
    body = re.sub(r'(<svg\b[^>]*?)\s(?:width|height)="[^"]*"', r"\1", body, count=1)
    body = re.sub(r'(<svg\b[^>]*?)\s(?:width|height)="[^"]*"', r"\1", body, count=1)
    title = f'<title id="figure-{figure_id}-alt">{escape(label)}</title>'
    return Markup(re.sub(r"^(<svg\b[^>]*>)", lambda m: m.group(1) + title, body, count=1))
