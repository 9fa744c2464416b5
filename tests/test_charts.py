"""Charts: styled from the design tokens, measured with the bundled fonts, cached safely."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from briefpress.charts import ChartRenderer
from briefpress.chartstyle import chart_config, custom_properties, truetype_fonts
from briefpress.errors import Location
from briefpress.pipeline import Options, build
from briefpress.render import STYLES
from conftest import CONTENT

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
    except Exception as error:  # noqa: BLE001 - the message is what matters
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
    options = Options(content=content_copy, out=tmp_path / "out", cache=tmp_path / "cache")
    first = build(options)
    assert first.charts_rendered >= 3 and first.charts_from_cache == 0
    second = build(options)
    assert (second.charts_rendered, second.charts_from_cache) == (0, first.charts_rendered)
    path = content_copy / "tables" / "us-exports-h1.yaml"
    path.write_text(path.read_text().replace("951.7", "951.8"))
    third = build(options)
    assert (third.charts_rendered, third.charts_from_cache) == (1, first.charts_rendered - 1)


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
    assert not [p for p in cache.rglob(".tmp-*")]
