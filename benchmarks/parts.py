"""Where the PDF's time goes, part by part: the brief's print HTML laid out whole by WeasyPrint, then part by
part as the printer does (``printing/partlayout.py``), cold and again with the parts kept, and written.

    python benchmarks/parts.py [--runs N] [--content DIR]

Prints each part's layout time, what the whole-document layout takes, the styles (computed once for the
brief), the margin boxes, the PDF write, and whether the two PDFs are the same bytes (they must be).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def print_html(content: Path, folder: Path) -> str:
    """The print HTML of the brief's original edition, with its stylesheets inlined (--keep-intermediate)."""
    subprocess.run([sys.executable, "build.py", "--content", str(content), "--language", "en", "--out", str(folder),
                    "--keep-intermediate"], cwd=PROJECT, check=True, capture_output=True)
    return next(folder.glob("*.print.html")).read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(PROJECT))
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from briefpress.printing.partlayout import PartPrinter

    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="briefpress-parts-") as temp:
        html = print_html(args.content, Path(temp))
        base_url = args.content.resolve().as_uri() + "/"
        fonts = FontConfiguration()
        HTML(string=html, base_url=base_url).render(font_config=fonts)  # fonts and caches loaded, as in a warm printer
        whole_times, cold, warm = [], [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            whole = HTML(string=html, base_url=base_url).render(font_config=fonts)
            whole_times.append(time.perf_counter() - started)
            printer = PartPrinter()
            for times in (cold, warm):  # a fresh printer, then the same one with its parts kept
                started = time.perf_counter()
                parts = printer.render(HTML(string=html, base_url=base_url), "brief", "styles", [], fonts, {}, {})
                printer.finish(parts)
                times.append((time.perf_counter() - started, dict(printer.timings)))
        started = time.perf_counter()
        whole_pdf = whole.write_pdf(pdf_tags=True)
        write = time.perf_counter() - started
        same = parts.write_pdf(pdf_tags=True) == whole_pdf
    rows = [("whole document (WeasyPrint): layout", statistics.median(whole_times), f"{len(whole.pages)} pages")]
    for name, runs in (("part by part, cold", cold), ("part by part, nothing changed", warm)):
        total = statistics.median(seconds for seconds, _ in runs)
        rows.append((name, total, f"{total / rows[0][1]:.2f}x the whole layout"))
        for step, seconds in runs[len(runs) // 2][1].items():
            rows.append((f"  {step}", seconds, ""))
    rows.append(("PDF write", write, "the same bytes as the whole document's" if same else "NOT the same bytes"))
    print("| measure | seconds | note |\n|---|---|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds:.2f} | {note} |")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
