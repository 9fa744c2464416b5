"""Charts: styled from the design tokens, measured with the bundled fonts, cached safely."""
from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, MINIMAL, run_cli

from briefpress.errors import Location
from briefpress.pipeline.options import Options
from briefpress.render.charts import ChartRenderer
from briefpress.render.chartstyle import chart_config, custom_properties, truetype_fonts
from briefpress.render.theme import STYLES

TOKENS = STYLES / "tokens.css"
SPEC = {"data": {"values": [{"a": "x", "b": 1}]}, "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}


def test_chart_colours_and_font_come_from_tokens(tmp_path: Path):
    override = tmp_path / "red.css"
    override.write_text(":root { --accent: #8a1c1c; --font-heading: 'Other Sans'; }\n")
    plain = chart_config(STYLES / "charts.json", [TOKENS])
    assert plain["mark"]["color"] == custom_properties([TOKENS])["--accent"] == "#1d4e89"
    assert plain["font"] == '"IBM Plex Sans", "IBM Plex Sans Arabic", sans-serif'
    restyled = chart_config(STYLES / "charts.json", [TOKENS, override])
    assert restyled["mark"]["color"] == restyled["range"]["category"][0] == "#8a1c1c"
    assert restyled["font"] == '"Other Sans"'
    assert "var(" not in str(restyled)


def test_unknown_token_in_chart_style_is_located(tmp_path: Path):
    config = tmp_path / "charts.json"
    config.write_text('{"mark": {"color": "var(--no-such-token)"}}')
    try:
        chart_config(config, [TOKENS])
    except Exception as error:
        assert str(error).endswith("charts.json: chart style: unknown design token '--no-such-token'")
    else:
        raise AssertionError("an unknown token must fail")


def test_fonts_converted_to_truetype_once(tmp_path: Path):
    first = truetype_fonts(STYLES / "fonts", tmp_path)
    names = sorted(p.name for p in first.iterdir())
    assert "ibm-plex-sans-latin-400-normal.ttf" in names and all(n.endswith(".ttf") for n in names)
    stamp = (first / names[0]).stat().st_mtime_ns
    assert truetype_fonts(STYLES / "fonts", tmp_path) == first
    assert (first / names[0]).stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]


def test_rebuild_that_changes_no_chart_renders_none(tmp_path: Path, content_copy: Path):
    from briefpress import load
    from briefpress.pipeline.parts import chart_theme, theme_for
    from briefpress.render.charts import render_charts

    def chart_stage() -> tuple[int, int]:
        options = Options(content=content_copy, cache=tmp_path / "cache")
        brief = load(content_copy)
        theme = theme_for(options, brief)
        renderer = ChartRenderer(theme.styles_dir / "fonts", options.cache)
        render_charts(brief, chart_theme(theme), renderer)
        return renderer.rendered, renderer.from_cache

    # Three figures, each also drawn for a phone's width, and the chronology's timeline.
    assert chart_stage() == (7, 0)
    assert chart_stage() == (0, 7)
    path = content_copy / "tables" / "us-exports-h1.yaml"
    path.write_text(path.read_text().replace("951.7", "951.8"))
    assert chart_stage() == (2, 5)  # that figure's two drawings
    path = content_copy / "chronology.yaml"
    path.write_text(path.read_text().replace('date: "2016"', 'date: "2016-07"'))
    assert chart_stage() == (1, 6)


def _render_into(cache: str) -> str:
    renderer = ChartRenderer(STYLES / "fonts", Path(cache))
    return renderer.render(dict(SPEC), Location("test"))


def test_concurrent_builds_share_the_cache_safely(tmp_path: Path):
    cache = tmp_path / "cache"
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_render_into, [str(cache)] * 2)
    assert results[0] == results[1] and results[0].startswith("<svg")
    svgs = list(cache.glob("*.svg"))
    assert len(svgs) == 1 and svgs[0].read_text() == results[0]
    assert not list(cache.rglob(".tmp-*"))


def test_timeline_marks_dates_at_their_precision():
    from briefpress.content.model import PartialDate
    from briefpress.render.timeline import span

    assert span(PartialDate(2004)) == (2004.0, 2005.0)
    start, end = span(PartialDate(2011, 12))
    assert (round(start, 4), round(end, 4)) == (round(2011 + 334 / 365, 4), 2012.0)
    assert span(PartialDate(2020, 1, 5)) == (2020 + 4 / 366, 2020 + 4 / 366)


def test_timeline_spec_has_one_row_per_event_and_fits_the_page():
    from briefpress import load
    from briefpress.render.timeline import SCALE_WIDTH, timeline_spec

    events = load(CONTENT).events
    spec = timeline_spec(events)
    rows = spec["data"]["values"]
    assert [row["title"] for row in rows] == [event.title for event in events]
    assert rows[0]["date"] == "2004" and rows[-1]["date"] == "5 January 2020"
    assert [row["precision"] for row in rows].count("day") == 4
    labels, scale = spec["hconcat"]
    assert labels["width"] + spec["spacing"] + scale["width"] <= 640 and 180 <= scale["width"] <= SCALE_WIDTH
    date_width = labels["layer"][1]["encoding"]["x"]["value"]
    assert labels["layer"][1]["mark"]["limit"] == labels["width"] - date_width
    assert date_width >= len("5 January 2020") * 6  # the longest date, set bold, clears its title
    assert scale["layer"][0]["encoding"]["x"]["axis"]["values"] == [2005, 2010, 2015, 2020]


def test_a_timeline_of_seventy_years_cuts_its_empty_decades_out_of_the_scale():
    import itertools

    from briefpress.render.timescale import BREAK_CLEARANCE, BREAK_WIDTH, EDGE, TICK_SPACING, _at, time_scale

    years = [(1951.0, 1952.0), (1958.5, 1958.6), (1972.4, 1972.4)] + [(2014 + k / 2, 2014 + k / 2) for k in range(17)]
    scale = time_scale(years, 230)
    assert len(scale.breaks) == 2  # 1959–1972 and 1973–2014 are gaps; the busy years get the width
    at = [_at(year, scale.domain, scale.range) for year in scale.ticks]
    assert all(b - a >= TICK_SPACING for a, b in itertools.pairwise(at))
    assert all(abs(x - mark) >= BREAK_CLEARANCE for x in at for mark in scale.breaks)
    recent = _at(2022.0, scale.domain, scale.range) - _at(2014.0, scale.domain, scale.range)
    assert recent > (230 - 2 * EDGE - 2 * BREAK_WIDTH) / 2  # the eight busy years take more than half the scale
    last = _at(2022.0, scale.domain, scale.range)
    assert EDGE <= _at(1951.0, scale.domain, scale.range) and last <= 230 - EDGE  # no mark on the edge


def test_appendix_opens_with_the_timeline(built_brief: Path):
    import base64
    import html as html_lib
    import re

    from briefpress import load

    page = (built_brief / "iraq-us-relations.html").read_text(encoding="utf-8")
    appendix = page[page.index('id="chronology"'):]
    figure = appendix.index('id="chronology-timeline"')
    assert figure < appendix.index('class="chronology-table"')
    source = re.search(r'id="chronology-timeline".*?src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"',
                       appendix, re.S)
    svg = base64.b64decode(source.group(1)).decode("utf-8")
    texts = [html_lib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    for event in load(CONTENT).events:
        assert event.title in texts, event.title
    assert {"2004", "December 2011", "3 December 2015", "5 January 2020", "2010", "2020"} <= set(texts)
    assert 'font-family="&quot;IBM Plex Sans&quot;' in svg
    assert set(re.findall(r'opacity="([^"]*)"', svg)) == {"1"}  # archival PDFs allow no transparency
    assert html_lib.unescape(source.group(2)).startswith("Timeline of the 19 events of the chronology, from 2004 "
                                                         "to 5 January 2020")


def test_a_long_chronology_builds_with_its_events_counted_per_year(tmp_path: Path):
    import shutil

    from conftest import run_cli
    from pypdf import PdfReader

    from briefpress.render.timeline import MAX_ROWS

    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    events = "".join(
        f'  - id: event-{n}\n    date: "{2000 + n // 12}-{n % 12 + 1:02d}"\n    title: Event number {n}\n'
        f"    text: A generated event.\n    sources: [globalsecurity]\n"
        for n in range(2 * MAX_ROWS))
    kept = (content / "chronology.yaml").read_text(encoding="utf-8")  # the events the prose refers to
    (content / "chronology.yaml").write_text(kept + events, encoding="utf-8")
    result = run_cli("--content", content, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    pdf = next((tmp_path / "out").glob("*.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "the number of events in each year" in text
    html = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "events in all, most in 2000 (12)" in html


DENSE_CHART = """caption: Staff
alt: A density curve of staff.
sources: [globalsecurity]
chart:
  data: {table: staffing}
  transform:
    - {density: staff, steps: STEPS, as: [value, density]}
  mark: line
  encoding:
    x: {field: value, type: quantitative}
    y: {field: density, type: quantitative}
"""


@pytest.mark.parametrize(("steps", "limits", "message"), [
    (50_000_000, ["--memory-limit", "256"], "chart: rendering exceeded the memory limit of 256 MiB (the chart renderer stopped)"),
    (20_000_000, ["--memory-limit", "0", "--time-limit", "1"], "chart: rendering exceeded the time limit of 1 s"),
])
def test_the_chart_renderer_runs_under_the_build_s_limits(tmp_path: Path, steps: int, limits: list[str], message: str):
    content = tmp_path / "brief"
    shutil.copytree(MINIMAL, content)
    (content / "figures" / "dense.yaml").write_text(DENSE_CHART.replace("STEPS", str(steps)), encoding="utf-8")
    with open(content / "sections" / "01-staffing.md", "a", encoding="utf-8") as stream:
        stream.write("\nSee {figure:dense}.\n")
    result = run_cli("--content", content, "--out", tmp_path / "out", "--no-cache", *limits)
    assert (result.status, result.stderr) == (1, f"{content / 'figures' / 'dense.yaml'}:1:1: {message}\n")
    assert not (tmp_path / "out").exists()


def test_an_untitled_axis_on_a_scaled_column_says_its_currency_and_scale():
    from briefpress.content.formats import ENGLISH, Formats
    from briefpress.content.model import Column
    from briefpress.render.charts import titled_axes

    columns = {"aid": Column(key="aid", label="Aid", type="currency", scale="billion", decimals=1),
               "year": Column(key="year", label="Year", type="year")}
    spec = {"encoding": {"x": {"field": "year", "type": "ordinal"}, "y": {"field": "aid", "type": "quantitative"}},
            "layer": [{"mark": "bar", "encoding": {"y": {"field": "aid", "axis": {"title": "Own title"}}}}]}
    titled_axes(spec, columns, ENGLISH)
    assert spec["encoding"]["y"]["axis"] == {"title": "Aid ($ billion)"}
    assert "axis" not in spec["encoding"]["x"]  # a year is not a quantity of a scale
    assert spec["layer"][0]["encoding"]["y"]["axis"] == {"title": "Own title"}
    french = {"encoding": {"y": {"field": "aid"}}}
    titled_axes(french, columns, Formats("fr"))
    assert french["encoding"]["y"]["axis"]["title"] == "Aid (milliards $US)"


def test_chart_data_carries_each_value_as_the_table_prints_it_and_as_a_sentence_quotes_it():
    from briefpress import load
    from briefpress.render.charts import table_values

    brief = load(CONTENT)
    row = table_values(brief.tables["trade-2011"])[0]
    assert {key for key in row if key.endswith(("_text", "_label"))} >= {"value_text", "value_label"}
    assert row["value_label"].endswith("billion") and not row["value_text"].endswith("billion")
