"""Chart styling: the Vega-Lite configuration from the brief's design tokens, and its fonts.

``styles/charts.json`` writes colours and fonts as ``var(--token)``; they are resolved from the
``:root`` custom properties of the stylesheets (tokens.css, then any ``--style`` file), so a designer
sets a colour once for the page and the charts. The bundled WOFF2 faces are converted to TrueType
once, because the chart renderer measures text only with TTF/OTF files.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ContentError, Location
from .stylesheets import Stylesheet, css_text

VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)\s*(?:,\s*([^()]*))?\)")
# The latin files hold ASCII; the latin-ext ones share the family name but not those glyphs, and
# the renderer picks one file per family and weight, so only the latin files are given to it.
CHART_FONTS = "ibm-plex-*-latin-[0-9]*.woff2"


def custom_properties(stylesheets: Sequence[Stylesheet]) -> dict[str, str]:
    """Every ``--name: value`` set on ``:root`` in these stylesheets; later sheets win."""
    import tinycss2

    found: dict[str, str] = {}
    for path in stylesheets:
        rules = tinycss2.parse_stylesheet(css_text(path), skip_comments=True, skip_whitespace=True)
        for rule in rules:
            if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
                continue
            for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                if item.type == "declaration" and item.name.startswith("--"):
                    found[item.name] = tinycss2.serialize(item.value).strip()
    return found


def resolve_var(text: str, tokens: dict[str, str], where: Location, depth: int = 0) -> str:
    """Replace each ``var(--x)`` (with an optional fallback) by the token's value, recursively."""
    def replace(match: re.Match[str]) -> str:
        name, fallback = match.group(1), match.group(2)
        if name in tokens:
            return resolve_var(tokens[name], tokens, where, depth + 1)
        if fallback is not None:
            return fallback.strip()
        raise ContentError.at(where, f"chart style: unknown design token '{name}'")

    if depth > 10:
        raise ContentError.at(where, "chart style: design tokens refer to each other in a loop")
    return VAR.sub(replace, text)


def _resolve_tree(value: Any, tokens: dict[str, str], where: Location) -> Any:
    if isinstance(value, dict):
        return {key: _resolve_tree(item, tokens, where) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_tree(item, tokens, where) for item in value]
    if isinstance(value, str) and "var(" in value:
        return resolve_var(value, tokens, where)
    return value


def chart_config(config_path: Path, stylesheets: Sequence[Stylesheet]) -> dict[str, Any]:
    """The Vega-Lite ``config`` of every chart, its ``var(--token)`` values resolved."""
    where = Location.of(config_path)
    try:
        raw = json.loads(config_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ContentError.at(Location.of(config_path, error.lineno, error.colno), f"JSON: {error.msg}") from None
    return _resolve_tree(raw, custom_properties(stylesheets), where)


def fonts_digest(font_dir: Path) -> str:
    """A hash of the faces the charts are measured with; part of each chart's cache key."""
    digest = hashlib.sha256()
    for path in sorted(font_dir.glob(CHART_FONTS)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _convert_fonts(font_dir: Path, target: Path) -> None:
    from fontTools.ttLib import TTFont

    for path in sorted(font_dir.glob(CHART_FONTS)):
        font = TTFont(path)
        font.flavor = None
        font.save(target / (path.stem + (".otf" if "CFF " in font else ".ttf")))


def truetype_fonts(font_dir: Path, cache_dir: Path | None) -> Path:
    """A folder of TrueType copies of the bundled faces, made once and shared between builds.

    The folder is built under a temporary name and renamed into place, so concurrent builds never
    see a half-written folder; the loser of a race simply uses the winner's.
    """
    parent = cache_dir if cache_dir is not None else Path(tempfile.gettempdir()) / "briefpress-fonts"
    target = parent / fonts_digest(font_dir)[:24]
    if target.is_dir():
        return target
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=parent))
    try:
        _convert_fonts(font_dir, staging)
        os.rename(staging, target)
    except OSError:
        if not target.is_dir():
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
