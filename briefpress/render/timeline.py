"""The chronology as a figure: a Vega-Lite timeline built from the dated events.

One row per event, in date order: its date and title on the left, its place on a scale of years on the
right, drawn as precisely as the date is known — a band for a year, a tick for a month, a dot for a
day. Positions are decimal years, so no time zone can shift an event into the previous day or year.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..content.formats import ENGLISH, Formats
from ..content.model import EventSpec, PartialDate
from .messages import Messages, english
from .timescale import TimeScale, time_scale

# The timeline's key among the rendered charts; no figure id can take this name.
TIMELINE = ":timeline"
# Chart units are CSS pixels; the figure is scaled to the text width, so these keep it legible.
ROW_HEIGHT = 19
MIN_DATE_WIDTH = 60
BOLD_CHAR_WIDTH = 7.0  # a generous advance for the bold dates: a browser draws the SVG image in a fallback face
SCALE_WIDTH = 230
MIN_SCALE_WIDTH = 180
MAX_TITLE_WIDTH = 300
FIGURE_WIDTH = 640  # px: the text width the figure is drawn for, in print and on a desktop screen
SPACING = 10
CHAR_WIDTH = 4.9  # average advance of IBM Plex Sans at FONT_SIZE, to size the title column
FONT_SIZE = 10.5
# One row per event fits on a page up to about this many events; a longer chronology is drawn as
# the number of events per year instead, so the figure never outgrows its page.
MAX_ROWS = 30
OVERVIEW_WIDTH = 560
OVERVIEW_HEIGHT = 170


def is_overview(events: Sequence[EventSpec]) -> bool:
    """Whether the chronology is too long for a row per event."""
    return len(events) > MAX_ROWS


def _year_fraction(year: int, month: int, day: int) -> float:
    days = 366 if calendar.isleap(year) else 365
    return year + (dt.date(year, month, day).timetuple().tm_yday - 1) / days


def span(date: PartialDate) -> tuple[float, float]:
    """Where a date starts and ends on a scale of decimal years."""
    if date.month is None:
        return float(date.year), float(date.year + 1)
    if date.day is None:
        last = calendar.monthrange(date.year, date.month)[1]
        days = 366 if calendar.isleap(date.year) else 365
        return _year_fraction(date.year, date.month, 1), _year_fraction(date.year, date.month, last) + 1 / days
    start = _year_fraction(date.year, date.month, date.day)
    return start, start


def rows(events: Sequence[EventSpec], formats: Formats = ENGLISH) -> list[dict[str, Any]]:
    values = []
    for order, event in enumerate(events):
        start, end = span(event.date)
        values.append({"order": order, "date": formats.long_date(event.date), "title": event.title,
                       "precision": event.date.precision, "start": round(start, 5), "end": round(end, 5),
                       "middle": round((start + end) / 2, 5)})
    return values


def blend(color: str, background: str, share: float) -> str:
    """``color`` laid over ``background`` at ``share`` as one solid colour: archival PDFs allow no
    transparency, so the chart uses no opacity."""
    if not all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in (color, background)):
        return color
    channels = [round(int(color[i:i + 2], 16) * share + int(background[i:i + 2], 16) * (1 - share))
                for i in (1, 3, 5)]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _scale_layers(scale: TimeScale, colors: dict[str, str], width: float,
                  reverse: bool = False) -> list[dict[str, Any]]:
    domain = {"domain": list(scale.domain), "range": list(scale.range), "nice": False, "zero": False,
              **({"reverse": True} if reverse else {})}
    x = {"field": "start", "type": "quantitative", "scale": domain,
         "axis": {"title": None, "values": list(scale.ticks), "format": "d", "grid": True, "labelFontSize": FONT_SIZE,
                  "orient": "top", "domain": False}}

    def only(precision: str) -> list[dict[str, str]]:
        return [{"filter": f"datum.precision == '{precision}'"}]

    solid = {"opacity": 1, "color": colors["mark"]}
    # Each gap cut out of the scale is marked on the axis, where its labels are.
    breaks = [{"data": {"values": [{}]}, "mark": {"type": "text", "text": "//", "fontSize": FONT_SIZE, "dy": -9,
                                                  "color": colors["guide_text"], "baseline": "bottom"},
               "encoding": {"x": {"value": width - at if reverse else at}, "y": {"value": 0}}}
              for at in scale.breaks]
    return [
        {"mark": {"type": "rule", "strokeWidth": 0.6, "color": colors["guide"], "opacity": 1},
         "encoding": {"x": x, "x2": {"datum": scale.domain[-2]}}},
        {"transform": only("year"), "mark": {"type": "bar", "height": 8, **solid, "color": colors["band"]},
         "encoding": {"x": x, "x2": {"field": "end"}}},
        {"transform": only("month"), "mark": {"type": "tick", "thickness": 2.5, "size": 11, **solid},
         "encoding": {"x": {**x, "field": "middle"}}},
        {"transform": only("day"), "mark": {"type": "point", "filled": True, "size": 42, **solid},
         "encoding": {"x": x}},
        *breaks,
    ]


def _colors(config: dict[str, Any]) -> dict[str, str]:
    mark = str(config.get("mark", {}).get("color", "#1d4e89"))
    paper = str(config.get("background", "#ffffff"))
    grid = str(config.get("axis", {}).get("gridColor", blend(mark, paper, 0.2)))
    return {"mark": mark, "band": blend(mark, paper, 0.45), "guide": grid, "guide_text": blend(mark, paper, 0.6)}


def _per_year(events: Sequence[EventSpec]) -> list[dict[str, int]]:
    counts = Counter(event.date.year for event in events)
    return [{"year": year, "events": counts.get(year, 0)}
            for year in range(events[0].date.year, events[-1].date.year + 1)]


def overview_spec(events: Sequence[EventSpec], config: dict[str, Any] | None = None,
                  messages: Messages | None = None) -> dict[str, Any]:
    """A long chronology as a bar chart of its events per year (events sorted by date)."""
    color = _colors(config or {})["mark"]
    return {
        "data": {"values": _per_year(events)}, "width": OVERVIEW_WIDTH, "height": OVERVIEW_HEIGHT,
        "mark": {"type": "bar", "color": color, "opacity": 1},
        "encoding": {
            "x": {"field": "year", "type": "ordinal",
                  "axis": {"title": None, "labelAngle": 0, "labelOverlap": True, "labelFontSize": FONT_SIZE}},
            "y": {"field": "events", "type": "quantitative",
                  "axis": {"title": (messages or english()).gettext("Events"), "format": "d", "tickMinStep": 1,
                           "labelFontSize": FONT_SIZE}},
        },
        "config": {"view": {"stroke": None}},
    }


def timeline_spec(events: Sequence[EventSpec], config: dict[str, Any] | None = None,
                  messages: Messages | None = None, formats: Formats = ENGLISH) -> dict[str, Any]:
    """A Vega-Lite spec of the chronology (events sorted by date), coloured from the chart ``config``,
    its dates in the brief's language; the caller adds the theme itself."""
    if is_overview(events):
        return overview_spec(events, config, messages)
    values = rows(events, formats)
    longest = max(len(event.title) for event in events)
    # The dates' column as wide as the longest date needs, set bold, so no date runs into its title.
    date_width = max(MIN_DATE_WIDTH, int(max(len(row["date"]) for row in values) * BOLD_CHAR_WIDTH) + 14)
    title_width = min(MAX_TITLE_WIDTH, int(longest * CHAR_WIDTH) + 8)
    # The scale gives up width to the labels, down to a minimum; past it the titles are cut short.
    scale_width = min(SCALE_WIDTH, max(MIN_SCALE_WIDTH, FIGURE_WIDTH - SPACING - date_width - title_width))
    title_width = min(title_width, FIGURE_WIDTH - SPACING - scale_width - date_width)
    y = {"field": "order", "type": "ordinal", "axis": None}
    rtl = formats.direction == "rtl"  # mirrored: labels at the right, time running leftwards
    width = date_width + title_width
    text = {"type": "text", "align": "right" if rtl else "left", "baseline": "middle", "fontSize": FONT_SIZE}
    labels = {
        "width": width, "height": {"step": ROW_HEIGHT},
        "encoding": {"y": y},
        "layer": [
            {"mark": {**text, "fontWeight": 600, "limit": date_width - 6},
             "encoding": {"x": {"value": width if rtl else 0}, "text": {"field": "date"}}},
            {"mark": {**text, "limit": title_width},
             "encoding": {"x": {"value": title_width if rtl else date_width}, "text": {"field": "title"}}},
        ],
    }
    scale = {"width": scale_width, "height": {"step": ROW_HEIGHT}, "encoding": {"y": y},
             "layer": _scale_layers(time_scale([span(event.date) for event in events], scale_width),
                                    _colors(config or {}), scale_width, reverse=rtl)}
    return {"data": {"values": values}, "spacing": SPACING, "hconcat": [scale, labels] if rtl else [labels, scale],
            "resolve": {"scale": {"y": "shared"}}, "config": {"view": {"stroke": None}}}


def timeline_alt(events: Sequence[EventSpec], messages: Messages | None = None, formats: Formats = ENGLISH) -> str:
    """The timeline's text alternative; the chronology table below it lists every event."""
    words = messages or english()
    if is_overview(events):
        busiest = max(_per_year(events), key=lambda row: row["events"])
        return words.ngettext(
            "Bar chart of the number of chronology events per year, %(first)s to %(last)s: %(count)s event in "
            "all, most in %(busiest)s (%(most)s). The table below lists every event with its description.",
            "Bar chart of the number of chronology events per year, %(first)s to %(last)s: %(count)s events in "
            "all, most in %(busiest)s (%(most)s). The table below lists every event with its description.",
            len(events)) % {"first": formats.plain(events[0].date.year), "last": formats.plain(events[-1].date.year),
                            "count": formats.number(len(events)), "busiest": formats.plain(busiest["year"]),
                            "most": formats.number(busiest["events"])}
    return words.ngettext(
        "Timeline of the %(count)s event of the chronology, from %(first)s to %(last)s: each row gives an "
        "event’s date and title and marks it on a scale of years. The table below lists the same events with "
        "their descriptions.",
        "Timeline of the %(count)s events of the chronology, from %(first)s to %(last)s: each row gives an "
        "event’s date and title and marks it on a scale of years. The table below lists the same events with "
        "their descriptions.",
        len(events)) % {"count": formats.plain(len(events)), "first": formats.long_date(events[0].date),
                        "last": formats.long_date(events[-1].date)}
