"""The print layout part by part: where the HTML splits, the same pages as a whole-document layout, and a
warm printer that lays out again only the part an edit changed."""
from __future__ import annotations

import base64
import io
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import edit
from PIL import Image
from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from briefpress import Options
from briefpress.pipeline.builder import Builder
from briefpress.printing.partlayout import PartPrinter
from briefpress.printing.plans import read_plan

SLUG = "iraq-us-relations"
# What a part carries into the next: page numbers (:first, left and right, "Page N of M"), the footnote
# count, running heads, contents entries and "(p. N)" to other parts, and a fixed watermark on every page.
STYLE = """
@page { size: A7; margin: 14mm 8mm 12mm 12mm;
        @top-right { content: string(section, start); font-size: 6pt; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 6pt; } }
@page :first { margin: 0; @top-right { content: none; } @bottom-right { content: none; } }
@page :left { margin-left: 8mm; margin-right: 12mm; }
body { font-family: sans-serif; font-size: 8pt; }
.cover { break-after: page; string-set: section "Cover"; }
.front, .appendix { break-before: page; }
.contents { break-after: page; }
h2 { string-set: section content(text); bookmark-level: 1; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
.xref::after { content: " (p. " target-counter(attr(href), page) ")"; }
.note { float: footnote; }
.note::footnote-call { content: counter(footnote); }
.note::footnote-marker { content: counter(footnote) ". "; }
.watermark { position: fixed; top: 40mm; left: 10mm; color: #ddd; font-size: 20pt; }
"""


def brief_html(extra: str = "", body_words: int = 90) -> str:
    words = " ".join(f"word{n}" for n in range(body_words))
    sections = "".join(
        f'<section id="s{n}"><h2>Section {n}</h2><p>{words} <span class="note">Note in {n}.</span> '
        f'See <a class="xref" href="#t1">Table 1</a>.</p></section>' for n in range(1, 4))
    return (f'<html lang="en"><head><style>{extra}</style></head><body>'
            '<header class="cover" id="cover"><h1>Cover</h1><p><a href="#s2">Section 2</a></p></header>'
            '<main><div class="watermark">DRAFT</div>'
            '<section class="front" id="summary"><h2>Summary</h2><p>Short.</p></section>'
            '<nav class="contents"><ul class="toc"><li><a href="#s1">One</a></li><li><a href="#s3">Three</a></li>'
            '<li><a href="#t1">Table 1</a></li></ul></nav>'
            f'{sections}<section class="appendix" id="appendix"><h2>Appendix</h2>'
            '<p>See <a class="xref" href="#s1">Section 1</a><span class="note">Last note.</span></p>'
            '<table id="t1"><tr><td>1</td></tr></table></section></main></body></html>')


def both_ways(html: str, tmp_path: Path) -> tuple[bytes, bytes, list[str]]:
    fonts, sheet = FontConfiguration(), CSS(string=STYLE)
    whole = HTML(string=html, base_url=tmp_path.as_uri()).render(stylesheets=[sheet], font_config=fonts)
    printer = PartPrinter()
    parts = printer.render(HTML(string=html, base_url=tmp_path.as_uri()), "test", "styles", [sheet], fonts, {}, {})
    printer.finish(parts)
    return whole.write_pdf(pdf_tags=True), parts.write_pdf(pdf_tags=True), printer.laid_out


def test_parts_give_the_pages_links_bookmarks_and_tags_of_one_document(tmp_path: Path):
    whole, parts, laid_out = both_ways(brief_html(), tmp_path)
    assert laid_out[:4] == ["cover", "summary", "s1", "appendix"]  # split at the forced breaks
    assert parts == whole
    reader = PdfReader(io.BytesIO(parts))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) > 5 and f"Page {len(texts)} of {len(texts)}" in texts[-1]
    assert all("DRAFT" in text for text in texts)


def test_a_counter_of_the_designers_own_keeps_the_brief_one_part(tmp_path: Path):
    whole, parts, laid_out = both_ways(brief_html("h2 { counter-increment: chapter; } h2::before { "
                                                  "content: counter(chapter) '. '; }"), tmp_path)
    assert laid_out == ["cover"] and parts == whole  # one part, opened by the cover


def test_a_break_the_styles_no_longer_force_joins_two_parts(tmp_path: Path):
    whole, parts, laid_out = both_ways(brief_html(".appendix { break-before: auto; }"), tmp_path)
    assert "appendix" not in laid_out and parts == whole


@pytest.mark.parametrize("words", [20, 300])
def test_parts_of_other_lengths_give_the_same_pages(tmp_path: Path, words: int):
    whole, parts, _ = both_ways(brief_html(body_words=words), tmp_path)
    assert parts == whole


def test_a_warm_printer_lays_out_only_what_an_edit_changed_and_gives_a_cold_builds_pdf(content_copy: Path,
                                                                                        tmp_path: Path):
    plans = tmp_path / "plans"

    def options(name: str, plans: Path | None) -> Options:
        return Options(content=content_copy, out=tmp_path / name, plans=plans, language="en")

    def built(builder: Builder, name: str) -> tuple[bytes, set[str]]:
        result = builder.build(options=options(name, plans))
        return result.files[f"{SLUG}.pdf"], {step.strip() for step in result.printer
                                             if "part " in step or step.startswith("layout")}

    def cold(name: str, plans: Path | None = None) -> tuple[bytes, str]:
        with Builder(options(name, plans)) as fresh:  # a printer that has kept nothing, and no plan (or one)
            result = fresh.build()
        return result.files[f"{SLUG}.pdf"], next(step for step in result.printer if step.startswith("layout"))

    with Builder(options("first", plans)) as builder:  # one printer for every warm build
        built(builder, "first")
        plan = read_plan(plans, SLUG)
        assert plan is not None and any(plan.cuts.values())  # the chronology is cut, in a part opening a page
        assert set(plan.parts) == {key for key, rows in plan.cuts.items() if rows}
        edit(content_copy / "sections" / "03-assistance.md", "## Security assistance",
             "The programs were reviewed again in later years.\n\n## Security assistance")
        warm, parts = built(builder, "body")
        assert parts == {"layout (1 pass)", "part section-framework"}  # the body alone: every page stayed put
        # A fresh printer (the next run of the command) lays it out once from the last build's plan: the
        # chronology's part is unchanged, so its long table keeps its cuts (pageparts), checked.
        assert cold("body-cold", plans) == (warm, "layout (1 pass)")
        edit(content_copy / "chronology.yaml", "stretch back to 2004.", "go back as far as 2004.")
        warm, parts = built(builder, "chronology")
        # The appendix alone, once: its long table is cut where it was (rows of the same height), checked.
        assert parts == {"layout (1 pass)", "part chronology"}
        assert cold("chronology-cold")[0] == warm
        edit(content_copy / "brief.yaml", "title: Iraq–US Relations\n", "title: Iraq and the United States\n")
        edit(content_copy / "brief.yaml", "short_title: Iraq–US Relations", "short_title: Iraq and the United States")
        warm, parts = built(builder, "title")  # the running heads change on every page, the cover's title
        assert "part cover" in parts  # (in its start tag, which every part's selectors may read) with them
        assert "Iraq and the United States" in PdfReader(tmp_path / "title" / f"{SLUG}.pdf").pages[-1].extract_text()
        assert cold("title-cold")[0] == warm


def test_a_kept_part_holds_no_earlier_parse_alive(tmp_path: Path):
    """After an edit, the printer holds one parse of the brief: its kept parts' charts, links and page
    references keep nothing of the parse they were laid out from (before, a chart did: every element and
    style of that parse stayed, 10 MiB for the real brief)."""
    import gc
    import weakref

    chart = ('<img alt="chart" src="data:image/svg+xml,' + quote('<svg xmlns="http://www.w3.org/2000/svg" width="40" '
             'height="20"><text y="10">12</text></svg>') + '">')
    pixels = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(pixels, "PNG")
    chart += f'<img alt="photo" src="data:image/png;base64,{base64.b64encode(pixels.getvalue()).decode()}">'
    fonts, sheet, printer = FontConfiguration(), CSS(string=STYLE), PartPrinter()
    parses = []  # each layout's styles, weakly: alive only while something holds them
    for words in (90, 91, 92):  # the body part laid out again each time, the cover and appendix kept
        html = brief_html(body_words=words).replace("<h1>Cover</h1>", f"<h1>Cover</h1>{chart}").replace(
            "<p>Short.</p>", f"<p>Short.</p>{chart}").replace("<h2>Appendix</h2>", f"<h2>Appendix</h2>{chart}")
        document = printer.render(HTML(string=html, base_url=tmp_path.as_uri()), "test", "styles", [sheet], fonts, {}, {})
        printer.finish(document)
        assert document.write_pdf(pdf_tags=True) == both_ways(html, tmp_path)[0]  # kept pictures drawn as before
        parses.append(weakref.ref(document._parts[-1].context.style_for))
        del document
    assert "cover" not in printer.laid_out and any(name.startswith("s") for name in printer.laid_out)
    gc.collect()
    assert [parse() is None for parse in parses] == [True, True, False]  # the last parse's alone
