"""Chart stage: Vega-Lite specs written in YAML, fed from content tables, rendered to SVG once.

Rendered charts are cached by the hash of everything that shapes them (spec, data, theme and the
renderer's version), so a rebuild that changes no chart renders none.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from .errors import Location, RenderError
from .formats import chart_value
from .reader import Plain
from .model import Brief, Figure

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def resolve_plain(value: Any) -> Any:
    """Give unquoted scalars of a free-form spec their YAML 1.2 core types (no 'yes'/'no' booleans)."""
    if isinstance(value, dict):
        return {key: resolve_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_plain(item) for item in value]
    if isinstance(value, Plain):
        if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return value.lower() == "true"
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        return str(value)
    return value


def chart_spec(figure: Figure, brief: Brief, theme: dict[str, Any]) -> dict[str, Any]:
    """The complete Vega-Lite spec: the figure's own, its table's rows as values, the theme."""
    spec = resolve_plain(figure.chart or {})
    table = brief.tables[spec["data"]["table"]]
    values = [{key: chart_value(value) for key, value in row.items()} for row in table.rows]
    spec["data"] = {"values": values}
    spec.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    spec["config"] = {**theme, **spec.get("config", {})}
    return spec


def cache_key(spec: dict[str, Any]) -> str:
    import vl_convert

    material = json.dumps({"spec": spec, "renderer": vl_convert.get_vegalite_versions()[-1]}, sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def render_chart(spec: dict[str, Any], location: Location, cache_dir: Path | None) -> str:
    """SVG text for a spec, from the cache when it was rendered before."""
    key = cache_key(spec)
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    if cached and cached.is_file():
        return cached.read_text(encoding="utf-8")
    import vl_convert

    try:
        # No base URL is allowed: a chart's data comes from the brief, never from the network.
        svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    except (ValueError, RuntimeError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise RenderError.at(location, f"chart: Vega-Lite could not render it: {first_line}") from None
    if cached:
        _write_atomically(cached, svg)
    return svg


def render_charts(brief: Brief, theme: dict[str, Any], cache_dir: Path | None) -> dict[str, str]:
    """SVG for every chart figure of the brief, by figure id."""
    return {
        figure.id: render_chart(chart_spec(figure, brief, theme), figure.location, cache_dir)
        for figure in brief.figures.values()
        if figure.chart is not None
    }
