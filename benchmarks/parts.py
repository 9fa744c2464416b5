"""Where the PDF's time goes, part by part: the real brief's print HTML laid out whole, then as one
WeasyPrint document per part the design breaks pages before (cover, summary, contents, body, appendix
and back matter), and the parts' pages written as one PDF.

    python benchmarks/parts.py [--runs N] [--content DIR]

It measures what laying out only the part an edit touched could save (see the warm-preview issue): each
part's layout, the whole document's, and the PDF write of all pages. The parts are laid out without the
others, so references between them (the contents' page numbers, "(p. N)") are left unresolved here: a
measurement of layout cost, not a PDF to publish.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# The parts, by the id of the element that opens each; each one starts on a page of its own.
PARTS = {"cover": ("cover",), "summary": ("summary",), "contents": ("contents",),
         "body": ("section-",), "appendix and back matter": ("chronology", "abbreviations", "references", "colophon")}


def print_html(content: Path, folder: Path) -> str:
    """The print HTML of the brief's original edition, with its stylesheets inlined (--keep-intermediate)."""
    subprocess.run([sys.executable, "build.py", "--content", str(content), "--language", "en", "--out", str(folder),
                    "--keep-intermediate"], cwd=PROJECT, check=True, capture_output=True)
    return next(folder.glob("*.print.html")).read_text(encoding="utf-8")


def _top_level(html: str) -> list[tuple[str, int, int]]:
    """The id, start and end of each part element: the cover header and the children of <main>."""
    spans = []
    for match in re.finditer(r'<(header|section|nav) class="[^"]*" id="([^"]+)"', html):
        tag, ident = match.groups()
        end = html.index(f"</{tag}>", match.end())
        if tag == "section":  # sections nest: find the closing tag at the same depth
            depth, at = 1, match.end()
            while depth:
                opening, closing = html.find("<section", at), html.find("</section>", at)
                if opening != -1 and opening < closing:
                    depth, at = depth + 1, opening + 8
                else:
                    depth, at = depth - 1, closing + 10
            end = at - 10
        spans.append((ident, match.start(), end + len(f"</{tag}>")))
    outermost = []
    for ident, start, end in spans:
        if not any(s < start and end <= e for _, s, e in spans):
            outermost.append((ident, start, end))
    return outermost


def split(html: str) -> dict[str, str]:
    """One document per part: the same head, and only that part's elements in the body."""
    head, body_start = html[:html.index("<body")], html.index(">", html.index("<body")) + 1
    body_tag = html[html.index("<body"):body_start]
    elements = _top_level(html)
    documents = {}
    for part, prefixes in PARTS.items():
        chosen = [html[start:end] for ident, start, end in elements if ident.startswith(prefixes)]
        main = "\n".join(chosen) if part == "cover" else f'<main id="main">{"".join(chosen)}</main>'
        documents[part] = f"{head}{body_tag}{main}</body></html>"
    return documents


def timed_layout(html: str, base_url: str, font_config) -> tuple[float, object]:
    from weasyprint import HTML

    started = time.perf_counter()
    document = HTML(string=html, base_url=base_url).render(font_config=font_config)
    return time.perf_counter() - started, document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(PROJECT))
    from weasyprint.text.fonts import FontConfiguration

    warnings.simplefilter("ignore")
    import logging

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # the parts' cross-references do not resolve
    with tempfile.TemporaryDirectory(prefix="briefpress-parts-") as temp:
        html = print_html(args.content, Path(temp))
        base_url = (args.content.resolve()).as_uri() + "/"
        fonts = FontConfiguration()
        timed_layout(html, base_url, fonts)  # fonts and caches loaded once, as in the warm printer
        whole = [timed_layout(html, base_url, fonts) for _ in range(args.runs)]
        whole_time, whole_doc = statistics.median(t for t, _ in whole), whole[0][1]
        parts = split(html)
        laid = {name: [timed_layout(text, base_url, fonts) for _ in range(args.runs)] for name, text in parts.items()}
        rows = [("whole document: layout", f"{whole_time:.2f} s", f"{len(whole_doc.pages)} pages")]
        total = 0.0
        for name, runs in laid.items():
            seconds = statistics.median(t for t, _ in runs)
            total += seconds
            rows.append((f"  part: {name}", f"{seconds:.2f} s",
                         f"{len(runs[0][1].pages)} pages, {seconds / whole_time:.0%} of the whole layout"))
        rows.append(("  sum of the parts", f"{total:.2f} s", f"{total / whole_time:.2f}x the whole layout"))
        documents = [runs[0][1] for runs in laid.values()]
        started = time.perf_counter()
        first = documents[0]
        combined = first.copy([page for document in documents for page in document.pages])
        combined.write_pdf(Path(temp) / "parts.pdf")
        write_parts = time.perf_counter() - started
        started = time.perf_counter()
        whole_doc.write_pdf(Path(temp) / "whole.pdf")
        write_whole = time.perf_counter() - started
        rows.append(("PDF write, whole document", f"{write_whole:.2f} s", ""))
        rows.append(("PDF write, the parts' pages as one PDF", f"{write_parts:.2f} s",
                     f"{len(combined.pages)} pages"))
        body = statistics.median(t for t, _ in laid["body"])
        appendix = statistics.median(t for t, _ in laid["appendix and back matter"])
        rows.append(("after a body edit: body layout + write", f"{body + write_parts:.2f} s",
                     f"{(body + write_parts) / (whole_time + write_whole):.2f}x whole layout + write"))
        rows.append(("after a chronology edit: appendix layout + write", f"{appendix + write_parts:.2f} s",
                     f"{(appendix + write_parts) / (whole_time + write_whole):.2f}x whole layout + write"))
    print("| measure | result | note |\n|---|---|---|")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
