"""The Word edition (``<slug>.docx``), for reviewers who comment and track changes in Word.

Pandoc writes the document from the brief's Markdown (render.wordmarkdown): heading styles Word's
navigation pane and contents read, header rows marked to repeat, Word footnotes, bookmarks and
links for cross-references. python-docx then gives each picture its figure's alt text as its
description, colours the headings from the brand, and fills the document's properties. The styles
are pandoc's own names (Title, Heading 1, Body Text, Table), so a house ``reference.docx`` restyles it.
"""
from __future__ import annotations

import io
from collections.abc import Mapping

from ..content.model import Brief
from ..content.xrefs import REFERENCE_LIKE
from ..errors import Location, RenderError
from ..render.citeproc import Citations
from ..render.wordmarkdown import WordText
from ..support.pandoc import PandocError, convert

# Raw HTML, raw TeX and raw blocks are off: the brief's text is content, never markup for the writer.
# And the syntax CommonMark, which the brief is written in, does not have (so "~5,000" or "@name" stay text).
READER = ("markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-tex_math_single_backslash"
          "-subscript-superscript-citations-example_lists-fancy_lists-line_blocks-definition_lists")
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")


def _pictures(brief: Brief, charts: Mapping[str, str]) -> dict[str, bytes]:
    """Each figure as PNG: charts and SVG images drawn by resvg (in vl-convert), rasters as they are."""
    import vl_convert

    pictures = {}
    for key, figure in brief.figures.items():
        if figure.image_path is None:
            if key in charts:
                pictures[key] = bytes(vl_convert.svg_to_png(charts[key], scale=2))
        elif figure.image_path.suffix.lower() == ".svg":
            pictures[key] = bytes(vl_convert.svg_to_png(figure.image_path.read_text(encoding="utf-8"), scale=2))
        else:
            pictures[key] = _as_png(figure.image_path.read_bytes())
    return pictures


def _as_png(data: bytes) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as picture:
        out = io.BytesIO()
        picture.save(out, format="PNG")
        return out.getvalue()


def _placed(brief: Brief) -> dict[str, list[tuple[str, str]]]:
    """The tables and figures each section is the first to cite, in the order it cites them."""
    seen: set[tuple[str, str]] = set()
    placed: dict[str, list[tuple[str, str]]] = {}
    for section in brief.sections:
        for match in REFERENCE_LIKE.finditer(section.body):
            key = (match.group(1), match.group(2))
            if key[0] in ("table", "figure") and key not in seen:
                seen.add(key)
                placed.setdefault(section.id, []).append(key)
    return placed


def word_edition(brief: Brief, citations: Citations, charts: Mapping[str, str], accent: str | None) -> bytes:
    pictures = _pictures(brief, charts)
    placed = _placed(brief)
    markdown = WordText(brief, citations, pictures).document(lambda section: placed.get(section, []))
    house = brief.brand.reference_docx
    options = [f"--from={READER}", "--to=docx", *(["--reference-doc=reference.docx"] if house else [])]
    try:
        data = convert(options, markdown, "brief.docx", {"reference.docx": house.read_bytes()} if house else None)
    except PandocError as error:
        raise RenderError.at(Location("brief.yaml"), f"the Word edition cannot be written: {error}") from None
    order = [key for keys in placed.values() for kind, key in keys if kind == "figure" and key in pictures]
    alts = [" ".join(brief.figures[key].spec.alt.split()) for key in order]
    return _finish(data, brief, alts, None if house else accent)  # a house template keeps its own colours


def _finish(data: bytes, brief: Brief, alts: list[str], accent: str | None) -> bytes:
    import docx
    from docx.shared import RGBColor

    document = docx.Document(io.BytesIO(data))
    for shape, alt in zip(document.inline_shapes, alts, strict=False):
        shape._inline.docPr.set("descr", alt)  # the picture's description: what a screen reader says
    if accent:
        for name in HEADING_STYLES:
            if name in [style.name for style in document.styles]:
                document.styles[name].font.color.rgb = RGBColor.from_string(accent.lstrip("#").upper())
    meta, properties = brief.meta, document.core_properties
    properties.title = meta.full_title
    properties.author = ", ".join(author.name for author in meta.authors)
    properties.subject, properties.language = " ".join(meta.subject.split()), meta.language
    properties.keywords, properties.version = "; ".join(meta.keywords), meta.version
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


