"""Chart stage: Vega-Lite specs written in YAML, fed from content tables, rendered to SVG once.

Rendered charts are cached by the hash of everything that shapes them (spec, data, theme, fonts and
the renderer's version), so a rebuild that changes no chart renders none. Cache entries are written
under a temporary name and renamed into place, so concurrent builds sharing a cache never read a
partial file.
"""
from __future__ import annotations

import hashlib
import json
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..content.formats import ENGLISH, Formats, chart_value
from ..content.model import Brief, Column, Figure, Table
from ..content.reader import Plain
from ..errors import Location
from ..support.files import write_atomically
from .chartprocess import ChartJob, render_bounded
from .chartstyle import fonts_digest, truetype_fonts
from .messages import Messages
from .timeline import TIMELINE, timeline_spec

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


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


RASTER = 4  # pixels per CSS pixel: 384 per inch, above what print asks of a picture


def right_to_left_text(value: object) -> str | None:
    """The first text in a spec (its labels, titles and data) in a right-to-left script, if any."""
    if isinstance(value, str):
        return value if any(unicodedata.bidirectional(c) in ("R", "AL") for c in value) else None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((found for item in items if (found := right_to_left_text(item))), None)


def localized(spec: dict[str, Any], formats: Formats) -> dict[str, Any]:
    """The spec with the brief's number and date locale for d3 (axis labels, tooltips), from CLDR;
    the chart renderer reads it from ``usermeta``, which Vega-Lite leaves alone."""
    if formats == ENGLISH:
        return spec  # d3's own default, so English charts and their cache keys stay as they were
    spec["usermeta"] = {**spec.get("usermeta", {}), "format_locale": formats.d3_number_locale(),
                        "time_format_locale": formats.d3_time_locale()}
    return spec


def table_values(table: Table, formats: Formats = ENGLISH) -> list[dict[str, Any]]:
    """A table's rows as chart data: each cell as a number, ISO date or text, plus ``KEY_text``,
    the cell exactly as the table prints it, for labels that must match the table."""
    columns = {column.key: column for column in table.spec.columns}
    values = []
    for row in table.rows:
        item = {key: chart_value(value) for key, value in row.items()}
        for key, column in columns.items():
            if column.type != "text" and f"{key}_text" not in columns:
                item[f"{key}_text"] = formats.cell(row[key], column)
                item[f"{key}_label"] = formats.cell(row[key], column, in_prose=True)
        values.append(item)
    return values


def chart_spec(figure: Figure, brief: Brief, config: dict[str, Any]) -> dict[str, Any]:
    """The complete Vega-Lite spec: the figure's own, its table's rows as values, the theme."""
    spec = resolve_plain(figure.chart or {})
    table, formats = brief.tables[spec["data"]["table"]], Formats.of(brief.meta)
    spec["data"] = {"values": table_values(table, formats)}
    titled_axes(spec, {column.key: column for column in table.spec.columns}, formats)
    if formats.direction == "rtl":
        mirrored(spec)
        spec = right_to_left_marked(spec)
    return themed(spec, config)


RLM = "\u200f"


def right_to_left_marked(value: Any, key: str | int = "") -> Any:
    """The spec with each right-to-left text (data, titles, sort orders) between two right-to-left marks:
    the chart renderer sets a label left to right, which would move a trailing quotation mark or
    parenthesis ("مستوى «الحجم الأمثل»") to the wrong end; marked, the whole label reads right to left."""
    if isinstance(value, dict):
        return {k: v if k in ("field", "type", "mark") else right_to_left_marked(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [right_to_left_marked(item, key) for item in value]
    if isinstance(value, str) and right_to_left_text(value) and not value.startswith(RLM):
        return f"{RLM}{value}{RLM}"
    return value


def mirrored(spec: Any) -> None:
    """A chart read right to left: its x axis runs from the right (the first category, the zero of a
    bar) and its y axis stands at the right, as the page's text does."""
    if isinstance(spec, list):
        for item in spec:
            mirrored(item)
        return
    if not isinstance(spec, dict):
        return
    encoding = spec.get("encoding") or {}
    if isinstance(encoding.get("x"), dict) and "field" in encoding["x"]:
        scale = encoding["x"].get("scale") or {}
        encoding["x"]["scale"] = {**scale, "reverse": not scale.get("reverse", False)}
    if isinstance(encoding.get("y"), dict) and "field" in encoding["y"] and encoding["y"].get("axis") is not None:
        encoding["y"]["axis"] = {"orient": "right", **encoding["y"].get("axis", {})}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        mirrored(spec.get(key))


QUANTITIES = ("integer", "number", "currency", "percent")


def titled_axes(spec: Any, columns: dict[str, Column], formats: Formats) -> None:
    """An axis or legend drawn from a numeric column and given no title of its own is titled as the
    column's heading is, with its currency, scale and unit ("Value ($ billion)"), so no chart shows
    bare numbers of an unstated scale."""
    if isinstance(spec, list):
        for item in spec:
            titled_axes(item, columns, formats)
        return
    if not isinstance(spec, dict):
        return
    for channel, encoding in (spec.get("encoding") or {}).items():
        column = columns.get(str(encoding.get("field"))) if isinstance(encoding, dict) else None
        if column is None or column.type not in QUANTITIES or "title" in encoding:
            continue
        guide = "axis" if channel in ("x", "y") else "legend" if channel in ("color", "size", "opacity") else None
        if guide and isinstance(encoding.get(guide, {}), dict) and "title" not in encoding.get(guide, {}):
            encoding[guide] = {**encoding.get(guide, {}), "title": formats.heading(column)}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        titled_axes(spec.get(key), columns, formats)


def themed(spec: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The spec with the brief's chart configuration under its own settings."""
    spec.setdefault("$schema", SCHEMA)
    spec["config"] = {**config, **spec.get("config", {})}
    return spec


@dataclass
class ChartRenderer:
    """Renders specs to SVG with the brief's fonts, through the cache; counts what it did."""

    font_dir: Path
    cache_dir: Path | None
    time_limit: float = 120.0  # seconds the renderer may take for a build's charts
    memory_mib: int = 2048  # memory it may use beyond its start-up (0: no limit)
    rendered: int = 0
    from_cache: int = 0
    _fonts: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self._fonts = fonts_digest(self.font_dir)

    def cache_key(self, spec: dict[str, Any]) -> str:
        # The renderer's version, read without loading it: the build itself never starts V8.
        material = json.dumps({"spec": spec, "fonts": self._fonts, "renderer": version("vl-convert-python")},
                              sort_keys=True)
        return hashlib.sha256(material.encode()).hexdigest()

    def render(self, spec: dict[str, Any], location: Location) -> str:
        """SVG text for a spec, from the cache when it was rendered before."""
        return self.render_all([("chart", spec, location)])["chart"]

    def render_all(self, jobs: Sequence[tuple[str, dict[str, Any], Location]]) -> dict[str, str]:
        """SVG for each (key, spec, location), from the cache or drawn together in one bounded child."""
        found: dict[str, str] = {}
        missing = []
        for key, spec, location in jobs:
            if (svg := self._cached(spec)) is not None:
                found[key] = svg
                self.from_cache += 1
            else:
                missing.append((key, spec, location))
        if missing:
            fonts_cache = self.cache_dir / "fonts" if self.cache_dir else None
            svgs = render_bounded([ChartJob(spec, location) for _, spec, location in missing],
                                  truetype_fonts(self.font_dir, fonts_cache), self.time_limit, self.memory_mib)
            for (key, spec, _), svg in zip(missing, svgs):
                found[key] = svg
                self.rendered += 1
                if self.cache_dir:
                    write_atomically(self.cache_dir / f"{self.cache_key(spec)}.svg", svg.encode("utf-8"))
        return {key: found[key] for key, _, _ in jobs}

    def _cached(self, spec: dict[str, Any]) -> str | None:
        cached = self.cache_dir / f"{self.cache_key(spec)}.svg" if self.cache_dir else None
        if cached and cached.is_file():
            svg = cached.read_text(encoding="utf-8")
            if svg.startswith("<svg") and svg.rstrip().endswith("</svg>"):
                return svg
        return None


def render_charts(brief: Brief, config: dict[str, Any], renderer: ChartRenderer,
                  messages: Messages | None = None) -> dict[str, str]:
    """SVG for every chart figure of the brief, by figure id, and the chronology's timeline (``TIMELINE``),
    their numbers and dates in the brief's language."""
    formats = Formats.of(brief.meta)
    jobs = [(figure.id, localized(chart_spec(figure, brief, config), formats), figure.location)
            for figure in brief.figures.values() if figure.chart is not None]
    if brief.events:
        timeline = timeline_spec(brief.events, config, messages, formats)
        jobs.append((TIMELINE, localized(themed(timeline, config), formats), Location.of(brief.root / "chronology.yaml")))
    # The PDF's SVG renderer sets text letter by letter, which breaks Arabic joins and reverses its order:
    # a chart with right-to-left text goes to print as the chart renderer's own picture, which shapes it.
    jobs += [(print_key(key), {**spec, "usermeta": {**spec.get("usermeta", {}), "raster": RASTER}}, where)
             for key, spec, where in list(jobs) if right_to_left_text(spec)]
    # A phone shows a chart about 340 px wide: drawn for that width, its text stays at 11 px and up, where
    # the wide drawing would shrink to 7 px (see templates/partials/figure.html and web.css).
    jobs += [(phone_key(key), phone, where) for key, spec, where in list(jobs)
             if key in brief.figures and (phone := phone_spec(spec)) is not None]
    return renderer.render_all(jobs)


PHONE_WIDTH = 340  # CSS pixels, axes and legend included: a 390 px screen less the page's margins
PHONE_TEXT = 11  # pixels: the smallest chart text a phone shows


def phone_spec(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The chart drawn for a phone's width with text no smaller than ``PHONE_TEXT``; None for a composed
    chart (facets, concatenations), whose parts have widths of their own, which keeps scrolling instead."""
    if any(key in spec for key in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        return None
    config = dict(spec.get("config", {}))
    for part, keys in (("axis", ("labelFontSize", "titleFontSize")), ("legend", ("labelFontSize", "titleFontSize")),
                       ("text", ("fontSize",)), ("title", ("fontSize",))):
        settings = dict(config.get(part, {}))
        for key in keys:
            settings[key] = max(PHONE_TEXT, settings.get(key, PHONE_TEXT))
        config[part] = settings
    # The first and last labels of a scale's axis inside its ends, not centred past them.
    config["axisXQuantitative"] = {**config.get("axisXQuantitative", {}), "labelFlush": True}
    phone = {**spec, "width": PHONE_WIDTH, "autosize": {"type": "fit-x", "contains": "padding"}, "config": config}
    if isinstance(spec.get("encoding"), dict):
        phone["encoding"] = _wrapped_band_labels(_wrapped_titles(spec["encoding"]), spec.get("data", {}).get("values"))
    return phone


PHONE_TITLE_CHARACTERS = 42  # an axis or legend title longer than this goes on several lines on a phone


def _wrapped_titles(encoding: Any) -> Any:
    """Axis and legend titles cut into lines that fit a phone's width (Vega-Lite draws a list as lines)."""
    if not isinstance(encoding, dict):
        return encoding
    wrapped: dict[str, Any] = {}
    for channel, settings in encoding.items():
        if isinstance(settings, dict):
            settings = dict(settings)
            if isinstance(settings.get("title"), str):
                settings["title"] = _lines(settings["title"])
            for guide in ("axis", "legend"):
                if isinstance(settings.get(guide), dict) and isinstance(settings[guide].get("title"), str):
                    settings[guide] = {**settings[guide], "title": _lines(settings[guide]["title"])}
        wrapped[channel] = settings
    return wrapped


PHONE_CHARACTER_WIDTH = 6.2  # pixels: an average character of the chart face at PHONE_TEXT


def _wrapped_band_labels(encoding: dict[str, Any], rows: Any) -> dict[str, Any]:
    """Category labels under a phone's narrow bars, each on as many lines as its band's width asks: a label
    expression looks each one up in the lines made here (the data itself is left as it is)."""
    x = encoding.get("x")
    if not isinstance(x, dict) or x.get("type") not in ("nominal", "ordinal") or not isinstance(rows, list):
        return encoding
    labels = list(dict.fromkeys(str(row.get(x.get("field"))) for row in rows if isinstance(row, dict)))
    if not labels:
        return encoding
    per_line = max(6, int(PHONE_WIDTH * 0.8 / len(labels) / PHONE_CHARACTER_WIDTH))
    lines = {label: textwrap.wrap(label, per_line, break_long_words=False) for label in labels}
    lines = {label: wrapped for label, wrapped in lines.items() if len(wrapped) > 1}
    if not lines or not isinstance(x.get("axis", {}), dict):
        return encoding
    lookup = json.dumps(lines, ensure_ascii=False)
    axis = {**x.get("axis", {}), "labelExpr": f"({lookup})[datum.label] || datum.label", "labelAngle": 0}
    return {**encoding, "x": {**x, "axis": axis}}


def _lines(title: str) -> str | list[str]:
    lines = textwrap.wrap(title, PHONE_TITLE_CHARACTERS, break_long_words=False)
    return lines if len(lines) > 1 else title


def phone_key(key: str) -> str:
    """Where the web edition's drawing of a chart for a phone's width is kept."""
    return f"{key}:phone"


def print_key(key: str) -> str:
    """Where the print edition's own drawing of a chart is kept, when it needs one (see render_charts)."""
    return f"{key}:print"
