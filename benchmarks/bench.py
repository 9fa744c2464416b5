#!/usr/bin/env python3
"""Benchmark the build against WeasyPrint itself, on this machine; prints one table.

    python benchmarks/bench.py            # the full table (a few minutes)
    python benchmarks/bench.py --quick    # fewer runs, smaller scale briefs, a batch of 4

Every time is wall-clock, from process start to every output written, the median of several runs;
the ``weasyprint`` command runs with the build's options (PDF/UA-1, tagged) on the print HTML the
build laid out (``--keep-intermediate``), in runs paired with the build's. Peak memory is the
largest resident set of a process and its printer. Scale briefs are generated (synthetic events
and sections), never written into ``content/``.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
ORIGINAL = ("--language", "en")  # the real brief's original edition alone, without its translation
ENV = {**os.environ, "BRIEFPRESS_NO_BOOTSTRAP": "1", "PYTHONPATH": str(PROJECT)}
WEASYPRINT = [sys.executable, "-m", "weasyprint", "--pdf-variant", "pdf/ua-1", "--pdf-tags"]
STAGE = re.compile(r"^\s+(\S.*?)\s+([0-9.]+) s$")


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stdout: str


def run(command: list[str]) -> Run:
    """Run ``command``; its wall time and the peak resident memory of it and of the children it waited for."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT, env=ENV, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{stderr.read().decode()}")
        return Run(seconds, usage.ru_maxrss / 1024, stdout.read().decode())


def build(content: Path, out: Path, *extra: str) -> Run:
    return run([sys.executable, "build.py", "--content", str(content), "--out", str(out), *extra])


def raw(html: Path, pdf: Path) -> Run:
    return run([*WEASYPRINT, str(html), str(pdf)])


def build_without_charts(work: Path) -> Run:
    """A build with the chart cache emptied (moved aside, then put back): every chart is rendered."""
    charts = PROJECT / ".cache" / "charts"
    aside = charts.with_name(f"charts-aside-{os.getpid()}")
    if charts.exists():
        charts.rename(aside)
    try:
        return build(CONTENT, work / "out", *ORIGINAL)
    finally:
        shutil.rmtree(charts, ignore_errors=True)
        if aside.exists():
            aside.rename(charts)


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def paired(content: Path, work: Path, runs: int, *extra: str) -> tuple[list[Run], list[Run], Path]:
    """Build and raw WeasyPrint, alternately, ``runs`` times each; returns both lists and the print HTML."""
    out = work / "out"
    first = build(content, out, "--keep-intermediate", *extra)  # also fills the chart and font caches
    html = next(out.glob("*.print.html"))
    shutil.copy(html, work / "print.html")
    builds, raws = [], []
    for _ in range(runs):
        builds.append(build(content, out, *extra))
        raws.append(raw(work / "print.html", work / "raw.pdf"))
    del first
    return builds, raws, work / "print.html"


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def stages(stdout: str) -> dict[str, float]:
    """The build's stages as it printed them, the printer's steps (layout, checks, PDF write) among them."""
    found = {m.group(1): float(m.group(2)) for line in stdout.splitlines() if (m := STAGE.match(line))}
    for line in stdout.splitlines():
        if line.startswith("printer: "):
            for step in line.removeprefix("printer: ").split(", "):
                name, _, seconds = step.rpartition(" ")[0].rpartition(" ")
                found[f"printer, {name}"] = float(seconds)
    return found


def scale_brief(target: Path, events: int, sections: int) -> Path:
    """The real brief's original edition with ``events`` more chronology events and ``sections`` more
    sections, all generated."""
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("translations"))  # the original edition
    lines = [(CONTENT / "chronology.yaml").read_text(encoding="utf-8").rstrip("\n")]  # the real events stay
    for n in range(events):
        year, day = 1990 + n % 30, 1 + n % 28
        lines += [f"  - id: bench-{n}", f'    date: "{year}-{1 + n % 12:02d}-{day:02d}"',
                  f"    title: Synthetic benchmark event {n}",
                  "    text: >-", f"      A generated entry, number {n}, that stands in for a dated event of a long",
                  "      chronology: a sentence or two of text as the real entries have.",
                  "    sources: [moaddel-2014]"]
    (target / "chronology.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    brief = (target / "brief.yaml").read_text(encoding="utf-8")
    paragraph = ("Generated prose for the benchmark. " * 12).strip()
    names = []
    for n in range(sections):
        name = f"90-bench-{n:02d}"
        names.append(name)
        body = "\n\n".join(f"{paragraph} Paragraph {k}." for k in range(12))
        (target / "sections" / f"{name}.md").write_text(
            f"---\nid: bench-{n}\ntitle: Generated section {n}\n---\n{body}\n", encoding="utf-8")
    if names:
        brief = re.sub(r"^sections:\n", "sections:\n" + "".join(f"  - {name}\n" for name in names), brief,
                       count=1, flags=re.M)
    (target / "brief.yaml").write_text(brief, encoding="utf-8")
    # The timeline figure is one image a row per event: past a page of events it cannot be printed.
    (target / "templates" / "partials").mkdir(parents=True)
    (target / "templates" / "partials" / "timeline.html").write_text("{# left out: too many events #}\n")
    return target


# The edits of the warm rows: a sentence added to a body section, an event reworded in the chronology, the
# title changed (it is in every page's running head). Each is made anew (numbered) on every run.
EDITS = {
    "a body section": ("sections/03-assistance.md", "## Security assistance",
                       "The programs were reviewed again in year {n}.\n\n## Security assistance"),
    "the chronology": ("chronology.yaml", "stretch back to 2004.", "stretch back to 2004 (review {n})."),
    "the title": ("brief.yaml", "short_title: Iraq–US Relations", "short_title: Iraq–US Relations {n}"),
}


def warm(work: Path, runs: int) -> tuple[dict[str, list[float]], dict[str, dict[str, float]], list[float],
                                         list[float]]:
    """Warm rebuilds after one edit of each kind (``EDITS``) in one builder, with the printer's steps of the
    last one (each part it laid out again, by the part's first id); HTML-only refreshes after an edit; and
    warm rebuilds of unchanged content (nothing laid out again)."""
    sys.path.insert(0, str(PROJECT))
    from briefpress.pipeline.builder import WarmBuilder
    from briefpress.pipeline.options import Options

    content = Path(shutil.copytree(CONTENT, work / "content"))
    rebuilds: dict[str, list[float]] = {kind: [] for kind in EDITS}
    steps: dict[str, dict[str, float]] = {}
    refreshes, unchanged = [], []
    with WarmBuilder(Options(content=content, out=work / "out", language="en")) as builder:
        builder.build()
        builder.build()  # the printer has laid this brief out once: from here, what an edit costs
        for n in range(runs):
            for kind, (name, old, new) in EDITS.items():
                path = content / name
                text = path.read_text(encoding="utf-8")
                before = old if n == 0 else new.format(n=n - 1)
                path.write_text(text.replace(before, new.format(n=n), 1), encoding="utf-8")
                started = time.perf_counter()
                steps[kind] = builder.build().printer
                rebuilds[kind].append(time.perf_counter() - started)
            section = content / "sections" / "01-framework.md"
            section.write_text(section.read_text(encoding="utf-8") + f"\nRefresh {n}.\n", encoding="utf-8")
            started = time.perf_counter()
            builder.refresh_html()
            refreshes.append(time.perf_counter() - started)
        builder.build()  # the last refresh's edit, laid out
        for _ in range(runs):
            started = time.perf_counter()
            builder.build()
            unchanged.append(time.perf_counter() - started)
    return rebuilds, steps, refreshes, unchanged


def resident_mib(pid: int) -> float:
    """The resident memory of process ``pid`` now (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def printer_memory(work: Path, rebuilds: int) -> tuple[float, float, int, float, float]:
    """The warm printer's resident memory after its first build and after ``rebuilds`` more, each after
    an edit (the printer keeps fonts and stylesheets and must drop every document it laid out); how many
    times the builder replaced its printer meanwhile, and the median and slowest rebuild times."""
    sys.path.insert(0, str(PROJECT))
    from briefpress.pipeline.builder import WarmBuilder
    from briefpress.pipeline.options import Options

    content = Path(shutil.copytree(CONTENT, work / "content"))
    section = sorted((content / "sections").glob("*.md"))[0]
    with WarmBuilder(Options(content=content, out=work / "out", language="en")) as builder:
        builder.build()
        pid = builder.printer._process.pid  # type: ignore[union-attr]  # started by the build
        first, printers, times = resident_mib(pid), {pid}, []
        for n in range(rebuilds):
            section.write_text(section.read_text(encoding="utf-8").replace(f"Edit {n - 1}.", "")
                               + f"\nEdit {n}.\n", encoding="utf-8")
            started = time.perf_counter()
            builder.build()
            times.append(time.perf_counter() - started)
            printers.add(builder.printer._process.pid)  # type: ignore[union-attr]
        last = resident_mib(builder.printer._process.pid)  # type: ignore[union-attr]
        return first, last, len(printers) - 1, statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 runs, smaller scale briefs, batch of 4")
    parser.add_argument("--runs", type=int, help="paired runs per row (default 5, quick 2)")
    parser.add_argument("--batch", type=int, help="briefs in the batch row (default 8, quick 4)")
    parser.add_argument("--skip", action="append", default=[], choices=["scale", "batch", "warm", "memory"])
    parser.add_argument("--rebuilds", type=int, help="warm rebuilds in the memory row (default 200, quick 20)")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    batch = args.batch or (4 if args.quick else 8)
    rows: list[tuple[str, str, str]] = []

    def row(name: str, value: str, note: str = "") -> None:
        rows.append((name, value, note))
        print(f"{name:<44} {value:<26} {note}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="briefpress-bench-") as temp:
        work = Path(temp)
        (work / "cold").mkdir()
        # The original alone, as the raw command prints one document; the Arabic edition is measured below.
        builds, raws, _html = paired(CONTENT, work / "cold", runs, *ORIGINAL)
        page_count = pages(work / "cold" / "raw.pdf")
        row(f"cold build, real brief ({page_count} pages), charts cached", f"{median(builds):.2f} s")
        row("raw `weasyprint` on its print HTML", f"{median(raws):.2f} s")
        row("cold build / raw (target <= 1.10)", f"{median(builds) / median(raws):.2f}x")
        (work / "nocache").mkdir()
        empty = [build_without_charts(work / "nocache") for _ in range(runs)]
        row("cold build, empty chart cache", f"{median(empty):.2f} s",
            f"{median(empty) / median(raws):.2f}x raw (target <= 1.5)")
        scratch = [build(CONTENT, work / "nocache" / "out", "--no-cache", *ORIGINAL) for _ in range(runs)]
        row("cold build, no caches at all (`--no-cache`)", f"{median(scratch):.2f} s",
            f"{median(scratch) / median(raws):.2f}x raw (lays out twice: measure the long tables, then cut)")
        for stage, seconds in stages(builds[len(builds) // 2].stdout).items():
            row(f"  stage: {stage}", f"{seconds:.2f} s")
        (work / "arabic").mkdir()
        arabic, arabic_raws, _ = paired(CONTENT, work / "arabic", runs, "--language", "ar")
        row(f"cold build, Arabic edition ({pages(work / 'arabic' / 'raw.pdf')} pages)", f"{median(arabic):.2f} s",
            f"{median(arabic) / median(arabic_raws):.2f}x raw `weasyprint` on its print HTML")
        both = [build(CONTENT, work / "both") for _ in range(runs)]
        row("cold build, both editions (the default)", f"{median(both):.2f} s",
            f"{median(both) / (median(raws) + median(arabic_raws)):.2f}x the two raw commands")

        if "warm" not in args.skip:
            (work / "warm").mkdir()
            rebuilds, steps, refreshes, unchanged = warm(work / "warm", runs)
            for kind, seconds in rebuilds.items():
                row(f"warm rebuild after an edit to {kind}", f"{statistics.median(seconds):.2f} s",
                    f"{statistics.median(seconds) / median(raws):.2f}x raw (target <= "
                    f"{'0.60' if kind != 'the title' else '1.05, as before the part layout'})")
                for step, took in steps[kind].items():
                    row(f"  printer: {step.strip()}", f"{took:.2f} s")
            row("HTML-only refresh after one edit", f"{statistics.median(refreshes):.3f} s",
                f"{statistics.median(refreshes) / median(raws):.2f}x raw (target <= 0.10)")
            row("warm rebuild, nothing changed", f"{statistics.median(unchanged):.2f} s",
                f"{statistics.median(unchanged) / median(raws):.2f}x raw: validation, templates, web edition, "
                "margin boxes and the PDF write")

        if "memory" not in args.skip:
            (work / "memory").mkdir()
            count = args.rebuilds or (20 if args.quick else 200)
            first, after, replaced, typical, slowest = printer_memory(work / "memory", count)
            row(f"warm printer memory: after 1 build, after {count} more", f"{first:.0f} MiB, {after:.0f} MiB",
                f"{after / first - 1:+.1%} (target within 10%); printer replaced {replaced} times; "
                f"rebuild median {typical:.2f} s, slowest {slowest:.2f} s")

        if "scale" not in args.skip:
            # About 110 and 395 pages: the chronology takes at most 1,000 events (the validator's limit), the
            # rest of the length comes from generated sections.
            sizes = [(300, 4), (950, 40)] if args.quick else [(500, 29), (950, 155)]
            per_page_small, raw_per_page_small = median(builds) / page_count, median(raws) / page_count
            row("time per page, real brief", f"{per_page_small * 1000:.0f} ms")
            for events, sections in sizes:
                folder = work / f"scale-{events}-{sections}"
                folder.mkdir()
                content = scale_brief(folder / "content", events, sections)
                big_builds, big_raws, _ = paired(content, folder, 1)
                n = pages(folder / "raw.pdf")
                b, r = big_builds[0], big_raws[0]
                row(f"scale: {events:,} events, {sections} more sections, {n} pages: build",
                    f"{b.seconds:.1f} s, {b.peak_mib:.0f} MiB peak",
                    f"{b.seconds / r.seconds:.2f}x raw time (target <= 1.05)")
                row(f"scale: {events:,} events: raw `weasyprint`", f"{r.seconds:.1f} s, {r.peak_mib:.0f} MiB peak",
                    f"build's peak memory {b.peak_mib / r.peak_mib:.2f}x raw (target <= 1.05)")
                row(f"scale: {events:,} events: time per page", f"{b.seconds / n * 1000:.0f} ms",
                    f"{b.seconds / n / per_page_small:.2f}x the real brief's (target <= 1.20); "
                    f"raw's own: {r.seconds / n / raw_per_page_small:.2f}x")

        if "batch" not in args.skip:
            folder = work / "batch"
            contents = []
            for n in range(batch):
                target = Path(shutil.copytree(CONTENT, folder / f"brief-{n}"))
                text = (target / "brief.yaml").read_text(encoding="utf-8")
                (target / "brief.yaml").write_text(re.sub(r"^slug: .*$", f"slug: bench-{n}", text, count=1, flags=re.M))
                contents.append(target)
            for n, content in enumerate(contents):  # caches filled, as for the cold build
                build(content, folder / "primed" / str(n))
            started = time.perf_counter()
            for n, content in enumerate(contents):
                build(content, folder / "serial" / str(n))
            serial = time.perf_counter() - started
            arguments = [a for content in contents for a in ("--content", str(content))]
            pooled = run([sys.executable, "build.py", *arguments, "--out", str(folder / "pooled")]).seconds
            row(f"batch of {batch}: one `build.py` each, serially", f"{serial:.1f} s")
            row(f"batch of {batch}: `build.py --content ...` (pool)", f"{pooled:.1f} s",
                f"{serial / pooled:.2f}x faster (target >= 1.7)")

    print(f"| measure ({os.cpu_count()} CPUs, {runs} runs each) | result | against the target |")
    print("|---|---|---|")
    for name, value, note in rows:
        print(f"| {name.strip()} | {value} | {note} |")


if __name__ == "__main__":
    main()
