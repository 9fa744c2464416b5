"""Benchmark: the chart stage of the real brief, cold (empty cache) and warm (nothing changed).

Run from the project root:  .venv/bin/python benchmarks/charts.py
Prints the charts rendered and the time taken for each pass; the warm pass must render none.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefpress import load
from briefpress.pipeline.options import Options
from briefpress.pipeline.parts import chart_theme, theme_for
from briefpress.render.charts import ChartRenderer, render_charts


def main() -> int:
    options = Options()
    brief = load(options.content)
    theme = theme_for(options, brief)
    config = chart_theme(theme)
    with tempfile.TemporaryDirectory() as cache:
        for label in ("cold", "warm", "warm"):
            renderer = ChartRenderer(theme.styles_dir / "fonts", Path(cache))
            started = time.perf_counter()
            charts = render_charts(brief, config, renderer)
            elapsed = time.perf_counter() - started
            print(f"{label}: {len(charts)} charts, {renderer.rendered} rendered, {renderer.from_cache} from cache, "
                  f"{elapsed * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
