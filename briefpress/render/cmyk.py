"""Colours for the print-ready PDF (PDF/X-4 with a CMYK output intent): every design token and every colour
of the print charts converted from sRGB to the press's CMYK (FOGRA39, coated paper) by Little CMS (Pillow's
ImageCms), so the PDF paints in DeviceCMYK and carries no DeviceRGB a printer's preflight would refuse.

The conversion is colorimetric with black-point compensation: what prints is the nearest the press can
give to what the screen shows. Raster images (a logo, a right-to-left chart's picture) are left as they are.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import ContentError, Location
from ..support.locations import STYLES
from .chartstyle import custom_properties, resolve_var
from .stylesheets import Stylesheet

PROFILE = STYLES / "icc" / "FOGRA39L.icc"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_RGB = re.compile(r"rgba?\(\s*([0-9.]+)[\s,]+([0-9.]+)[\s,]+([0-9.]+)(?:\s*[,/]\s*([0-9.]+%?))?\s*\)")
_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}


@functools.lru_cache(maxsize=1)
def _transform(profile: Path):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(profile)), "RGB",
                                   "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@functools.lru_cache(maxsize=512)
def device_inks(red: int, green: int, blue: int, profile: Path = PROFILE) -> tuple[float, float, float, float]:
    """The press's cyan, magenta, yellow and black (0 to 1, three decimals) for an sRGB colour (0 to 255)."""
    from PIL import Image, ImageCms

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (red, green, blue)), _transform(profile))
    assert pixel is not None
    c, m, y, k = pixel.getpixel((0, 0))  # type: ignore[misc]
    return round(c / 255, 3), round(m / 255, 3), round(y / 255, 3), round(k / 255, 3)


def device_cmyk(red: int, green: int, blue: int, alpha: str | None = None) -> str:
    """The CSS ``device-cmyk()`` colour the press prints for an sRGB colour."""
    inks = " ".join(f"{ink:g}" for ink in device_inks(red, green, blue))
    return f"device-cmyk({inks}{f' / {alpha}' if alpha is not None else ''})"


def _hex(text: str) -> tuple[int, int, int]:
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def cmyk_colours(text: str) -> str:
    """``text`` (CSS or SVG) with every sRGB colour written as hex or rgb()/rgba() turned into device-cmyk()."""
    text = _HEX.sub(lambda match: device_cmyk(*_hex(match.group(0))), text)

    def rgb(match: re.Match[str]) -> str:
        red, green, blue = (round(float(match.group(n))) for n in (1, 2, 3))
        return device_cmyk(red, green, blue, match.group(4))

    return _RGB.sub(rgb, text)


def cmyk_tokens(stylesheets: Sequence[Stylesheet]) -> str:
    """A ``:root`` rule setting every colour token of ``stylesheets`` to its CMYK value, to load after them."""
    tokens = custom_properties(stylesheets)
    lines = []
    for name, value in tokens.items():
        try:
            resolved = resolve_var(value, tokens, Location("design tokens"))
        except ContentError:  # a token naming an unknown one is reported where the styles are checked
            continue
        stripped = resolved.strip().lower()
        if stripped in _NAMED:
            lines.append(f"  {name}: {device_cmyk(*_NAMED[stripped])};")
        elif _HEX.fullmatch(stripped) or _RGB.fullmatch(stripped):
            lines.append(f"  {name}: {cmyk_colours(stripped)};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"
