#!/usr/bin/env python3
"""Benchmark a series site on this machine: N generated briefs built serially, by the pool, and on a local
Dask cluster; prints one table.

    python benchmarks/series.py              # 50 briefs
    python benchmarks/series.py --briefs 12  # fewer

Each brief is a copy of the small test brief (tests/fixtures/minimal) under its own slug and title, so the
rows compare ways of building, not briefs. Times are wall-clock for the whole ``site`` command, the site
published (search index included); the Dask row counts the cluster's start-up too.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("BRIEFPRESS_NO_BOOTSTRAP", "1")
MINIMAL = PROJECT / "tests" / "fixtures" / "minimal"


def generated_series(root: Path, count: int) -> Path:
    """``count`` briefs and the series.yaml listing them."""
    for number in range(1, count + 1):
        folder = root / f"brief-{number:02d}"
        shutil.copytree(MINIMAL, folder)
        text = (folder / "brief.yaml").read_text(encoding="utf-8")
        text = text.replace("slug: minimal", f"slug: brief-{number:02d}")
        text = text.replace("title: Minimal Brief", f"title: Minimal Brief {number}")
        (folder / "brief.yaml").write_text(text, encoding="utf-8")
    listing = "".join(f"  - brief-{number:02d}\n" for number in range(1, count + 1))
    series = root / "series.yaml"
    series.write_text("title: Generated Series\ndescription: Copies of the small test brief.\n"
                      "url: https://series.example.org/\norganization: Open Policy Briefs\nbriefs:\n" + listing,
                      encoding="utf-8")
    return series


def timed(series: Path, out: Path, **how: object) -> float:
    from briefpress.series.site import build_site

    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = build_site(series, out, **how)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    if result.failed:
        raise SystemExit(f"{len(result.failed)} briefs failed: {result.failed[0].problems[:1]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=50)
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="briefpress-series-") as temporary:
        root = Path(temporary)
        series = generated_series(root / "briefs", args.briefs)
        timed(series, root / "warm-up", jobs=cores)  # fonts, chart and layout caches as a second build finds them
        rows = [("serial (--jobs 1)", timed(series, root / "site", jobs=1)),
                (f"pool (--jobs {cores})", timed(series, root / "site", jobs=cores))]
        if not args.skip_dask:
            from distributed import LocalCluster

            started = time.perf_counter()
            with LocalCluster(n_workers=cores, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0") as cluster:
                start_up = time.perf_counter() - started
                rows.append((f"Dask, {cores} local workers", start_up + timed(series, root / "site",
                                                                             scheduler=cluster.scheduler_address)))
    serial = rows[0][1]
    print(f"series of {args.briefs} briefs on {cores} cores")
    print(f"{'route':<28} {'seconds':>8} {'per brief':>10} {'speed-up':>9}")
    for name, seconds in rows:
        print(f"{name:<28} {seconds:>8.1f} {seconds / args.briefs:>10.2f} {serial / seconds:>8.2f}×")


if __name__ == "__main__":
    main()
