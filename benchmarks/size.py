"""Sizes of what a build ships: the PDF in each variant asked for, the web edition, and what fills them.

    python benchmarks/size.py [--content DIR] [--variant pdf/ua-1 --variant pdf/a-1b ...]

Builds into a temporary folder and prints one line per output, then what the PDF's bytes are made
of (fonts, images, the rest) and the web edition's (inlined fonts, inline SVG charts, the rest).
The target: the brief's default PDF under 250 KB with its charts. Exit status 1 when it is over.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

TARGET = 250 * 1000  # bytes: "250 KB"


def pdf_parts(path: Path) -> dict[str, int]:
    """Compressed bytes of embedded fonts and images in a PDF; the rest is structure, text and tags."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    fonts, images = 0, 0
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # a number the file does not use
            continue
        if obj is None or not hasattr(obj, "get_data"):
            continue
        size = len(obj._data) if hasattr(obj, "_data") else 0
        if obj.get("/Subtype") == "/Image":
            images += size
        elif "/Length1" in obj or obj.get("/Subtype") in ("/CIDFontType0C", "/OpenType", "/Type1C"):
            fonts += size
    total = path.stat().st_size
    return {"fonts": fonts, "images": images, "other": total - fonts - images}


def html_parts(path: Path) -> dict[str, int]:
    html = path.read_text(encoding="utf-8")
    fonts = sum(len(m) for m in re.findall(r"data:font/[a-z0-9]+;base64,[A-Za-z0-9+/=]+", html))
    charts = sum(len(m.encode()) for m in re.findall(r"<svg role=\"img\".*?</svg>", html, re.S))
    total = len(html.encode())
    return {"fonts": fonts, "charts": charts, "other": total - fonts - charts}


def _parts(parts: dict[str, int]) -> str:
    return ", ".join(f"{name} {value / 1000:,.1f} KB" for name, value in parts.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    parser.add_argument("--variant", action="append", help="PDF variant to measure (repeatable; default pdf/ua-1)")
    args = parser.parse_args(argv)
    from briefpress import Options, build

    over = False
    for variant in args.variant or ["pdf/ua-1"]:
        with tempfile.TemporaryDirectory() as folder:
            result = build(Options(content=args.content, out=Path(folder), pdf_variant=None if variant == "none" else variant))
            for output in result.outputs:
                line = f"{output.path.relative_to(folder).as_posix():<40} {output.size / 1000:>9,.1f} KB"
                if output.path.suffix == ".pdf":
                    line += f"  {output.pages} pages, {variant}  ({_parts(pdf_parts(output.path))})"
                    if variant == "pdf/ua-1":
                        over = output.size > TARGET
                        line += f"  target < {TARGET / 1000:.0f} KB: {'OVER' if over else 'ok'}"
                elif output.path.suffix == ".html":
                    line += f"  ({_parts(html_parts(output.path))})"
                print(line)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
