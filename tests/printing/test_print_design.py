"""The printed page: layout checks, fonts, navigation, markings and paper sizes."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT, copy_original, edit, run_cli
from pypdf import PdfReader

from briefpress import load
from briefpress.errors import Location
from briefpress.printing.engine import render_document
from briefpress.printing.job import PrintJob
from briefpress.render.theme import STYLES

SLUG = "iraq-us-relations"
FONT_CSS = STYLES / "fonts.css"
A6 = "@page { size: A6; margin: 10mm; } body { font-family: 'IBM Plex Serif'; }"


def laid_out(body: str, css: str = A6, tmp: Path | None = None):
    """A small document laid out and checked in-process, with the bundled fonts."""
    html = f'<html lang="en"><head><style>{css}</style></head><body>{body}</body></html>'
    job = PrintJob(html, (FONT_CSS,), (STYLES,), STYLES, Location("test.html"))
    return render_document(job)


def messages(body: str, css: str = A6) -> list[str]:
    return [problem.message for problem in laid_out(body, css).problems]


# The checks themselves: each catches its defect, named by page and part.

def test_a_clean_page_has_no_problems():
    assert messages("<h2>Heading</h2><p>Some text that fits easily.</p>") == []


def test_overflow_is_found_and_located():
    found = messages('<p id="wide">Text <span style="white-space: nowrap">' + "unbreakable " * 12 + "</span></p>")
    assert len(found) == 1
    assert re.fullmatch(r'page 1: the span "unbreakable unbreakable .*…" in #wide is \d+\.\d mm wider than the '
                        r"page's text area", found[0]), found


def test_a_box_pushed_out_of_the_text_area_says_how_far_it_runs_past():
    found = messages('<p id="pushed" style="margin-left: 60mm; width: 30mm">Text</p>')
    assert len(found) == 1
    assert re.fullmatch(r'page 1: the p "Text" in #pushed runs \d+\.\d mm past the right edge of the page\'s text '
                        r"area", found[0]), found


def test_a_part_too_large_for_the_page_is_reported_alone():
    found = messages('<figure id="f"><div style="height: 300mm"></div><figcaption>Caption</figcaption></figure>')
    assert len(found) == 1 and re.fullmatch(r"page 1: the div in #f is \d+\.\d mm taller than the page's text area",
                                            found[0]), found


def test_a_heading_alone_at_a_page_foot_is_found():
    found = messages('<div style="height: 100mm"></div><section id="s"><h2>Lonely heading</h2>'
                     '<p style="break-before: page">Its text, overleaf.</p></section>')
    assert found == ['page 1: the h2 "Lonely heading" in #s is alone at the page foot']


def test_a_split_figure_and_a_split_row_are_found():
    tall = '<div style="height: 70mm"></div>'
    found = messages(f'<figure id="f" style="break-inside: auto">{tall}{tall}</figure>'
                     f'<table id="t"><tr style="break-inside: auto"><td>{tall}{tall}</td></tr></table>')
    assert found == ['pages 1–2: the figure in #f is split across pages',
                     'pages 3–4: the tr in #t is split across pages']


def test_a_missing_glyph_is_found_with_its_text():
    found = messages("<p>Snow: \u2603 today.</p>")
    assert found == ["no bundled font has the character '\u2603' (U+2603 SNOWMAN), needed by \"Snow: \u2603 "
                     "today.\"; add a font that has it with @font-face"]


def test_arabic_is_covered_by_the_bundled_arabic_face():
    assert messages("<p>Iraq (<span lang=\"ar\" dir=\"rtl\">العراق</span>)</p>") == []


def test_a_css_warning_names_the_stylesheet_line_and_column(tmp_path: Path):
    sheet = tmp_path / "bad.css"
    sheet.write_text("p { color: red; }\np { colour: blue; }\n")
    job = PrintJob("<p>x</p>", (sheet,), (tmp_path,), tmp_path, Location("test.html"))
    problems = [str(problem) for problem in render_document(job).problems]
    assert len(problems) == 1 and re.match(r"^\S*bad\.css:2:5: Ignored `colour: blue`", problems[0]), problems


def test_a_long_table_continues_with_its_caption_and_header():
    rows = "".join(f"<tr><td>Row {n}</td><td>{n * 1000:,}</td></tr>" for n in range(1, 41))
    body = ('<table id="long" data-continued="Table 7 (continued)"><caption>Table 7. A long table</caption>'
            f"<thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>")
    layout = laid_out(body, A6 + " .table-continuation { break-before: page; }")
    assert layout.problems == []
    pages = [" ".join(box.text for box in page._page_box.descendants() if hasattr(box, "text") and box.text)
             for page in layout.document.pages]
    assert len(pages) >= 3
    assert pages[0].startswith("Table 7. A long table Name Value Row 1 ")
    for page in pages[1:]:
        assert page.startswith("Table 7 (continued) Name Value Row "), page
    numbers = [int(n) for page in pages for n in re.findall(r"Row (\d+)", page)]
    assert numbers == list(range(1, 41))  # every row once, in order


# The real brief, on both papers.

@pytest.fixture(scope="session")
def letter_brief(built_letter: Path) -> Path:
    return built_letter


@pytest.fixture(scope="session")
def draft_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The brief as a draft, with a name in Arabic script in its summary."""
    content = tmp_path_factory.mktemp("draft") / "content"
    copy_original(content)
    meta = content / "brief.yaml"
    text = meta.read_text(encoding="utf-8").replace("status: final", "status: draft").replace(
        'version: "1.0"', 'version: "0.9"')
    meta.write_text(text.replace("After US troops left Iraq", "After US troops left Iraq (العراق)"), encoding="utf-8")
    out = content.parent / "out"
    result = run_cli("--content", content, "--out", out)
    assert result.status == 0, result.stderr
    return out / f"{SLUG}.pdf"


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def test_paper_sizes(built_brief: Path, letter_brief: Path):
    a4 = PdfReader(built_brief / f"{SLUG}.pdf").pages[0].mediabox
    letter = PdfReader(letter_brief).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_unknown_paper_is_a_usage_error():
    result = run_cli("--paper", "a3")
    assert result.status == 2
    assert result.stderr.endswith("build.py build: error: argument --paper: unknown paper size 'a3'; expected one of: a4, letter\n")


def pdffonts(path: Path) -> list[list[str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split() for line in lines[2:]]


def test_only_bundled_fonts_all_embedded_and_subset(built_brief: Path, draft_brief: Path):
    for path in (built_brief / f"{SLUG}.pdf", draft_brief):
        fonts = pdffonts(path)
        assert fonts
        for row in fonts:
            name, embedded, subset = row[0], row[-5], row[-4]
            assert re.fullmatch(r"[A-Z]{6}\+IBM-Plex-(Serif|Sans|Sans-Arabic)(-[A-Za-z-]+)?", name), name
            assert (embedded, subset) == ("yes", "yes"), row
    assert any("Sans-Arabic" in row[0] for row in pdffonts(draft_brief))


def test_a_character_no_bundled_font_has_fails_the_build_at_its_source(content_copy: Path, tmp_path: Path):
    section = content_copy / "sections" / "07-reconstruction.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("crumbling infrastructure", "crumbling infrastructure \u2603"), encoding="utf-8")
    line = next(n for n, row in enumerate(section.read_text(encoding="utf-8").splitlines(), 1) if "\u2603" in row)
    column = section.read_text(encoding="utf-8").splitlines()[line - 1].index("\u2603") + 1
    out = tmp_path / "out"
    result = run_cli("--content", content_copy, "--out", out)
    assert result.status == 1
    assert result.stderr.strip().endswith(
        f"07-reconstruction.md:{line}:{column}: no bundled font has the character '\u2603' (U+2603 SNOWMAN), "
        "needed by \"…to repair crumbling infrastructure \u2603 and cities devastated by…\"; "
        "add a font that has it with @font-face"), result.stderr
    assert not out.exists()


def test_draft_markings_match_the_metadata(draft_brief: Path):
    reader = PdfReader(draft_brief)
    assert (reader.metadata["/Status"], reader.metadata["/Version"]) == ("draft", "0.9")
    assert reader.metadata["/CreationDate"].startswith("D:20261127")
    texts = page_texts(draft_brief)
    assert "Draft — not for distribution".upper() in texts[0].upper()
    for number, text in enumerate(texts[1:], 2):
        assert "DRAFT — not for distribution" in text, number
        assert "Draft · Version 0.9 · 27 November 2026" in text, number
        assert "DRAFT" in text.replace("DRAFT — not for distribution", ""), number  # the watermark


def test_final_prints_no_draft_marking(built_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    assert (reader.metadata["/Status"], reader.metadata["/Version"]) == ("final", "1.0")
    texts = page_texts(built_brief / f"{SLUG}.pdf")
    assert not any("DRAFT" in text.upper().replace("DRAFTING", "") for text in texts)
    assert all("Final · Version 1.0 · 27 November 2026" in text for text in texts[1:])


def contents_numbers(reader: PdfReader) -> dict[str, int]:
    """Each entry of the contents page and of the lists of tables and figures, with its printed page."""
    page = next(p for p in reader.pages if p.extract_text().lstrip().startswith("Contents"))
    entries = {}
    for line in page.extract_text().splitlines():
        match = re.fullmatch(r"(.+?)[ .]*?(\d+)", line.strip())
        if match and "." in line:
            entries[match.group(1).rstrip(" .")] = int(match.group(2))
    return entries


def outline_pages(reader: PdfReader, items=None) -> dict[str, int]:
    pages = {}
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            pages.update(outline_pages(reader, item))
        else:
            pages.setdefault(item.title, reader.get_destination_page_number(item) + 1)
    return pages


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_contents_page_numbers_match_the_outline_and_anchors(paper: str, built_brief: Path, letter_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf" if paper == "a4" else letter_brief)
    printed = contents_numbers(reader)
    outline = outline_pages(reader)
    brief = load(CONTENT)
    sections = ["Summary", *(s.title for s in brief.sections), "Appendix: Chronology", "Abbreviations", "References"]
    assert {title: printed.get(title) for title in sections} == {title: outline[title] for title in sections}
    anchors = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    for kind, items in (("Table", brief.tables), ("Figure", brief.figures)):
        for key, item in items.items():
            entry = next(title for title in printed if title.startswith(f"{kind} {item.number}."))
            assert printed[entry] == anchors[f"{kind.lower()}-{key}"], entry


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_page_reference_is_printed_only_when_its_target_is_out_of_sight(paper, built_brief: Path, letter_brief: Path):
    """"Table 2 (p. 8)" when the table is on another spread; "Table 1" alone when it is on the same page or
    the facing one (spreads: page 1 alone, then 2–3, 4–5...). Events link to the chronology without a page."""
    pdf = built_brief / f"{SLUG}.pdf" if paper == "a4" else letter_brief
    reader = PdfReader(pdf)
    anchors = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    brief = load(CONTENT)
    targets = {("Table", str(t.number)): anchors[f"table-{key}"] for key, t in brief.tables.items()}
    targets |= {("Figure", str(f.number)): anchors[f"figure-{key}"] for key, f in brief.figures.items()}
    def spread(page: int) -> int:
        return 0 if page == 1 else page // 2
    seen = {"with": 0, "without": 0}
    texts = page_texts(pdf)
    for page, text in enumerate(texts, 1):
        # A reference in running text: not a caption ("Table 1."), nor the data list ("Table 1, staffing.csv").
        for kind, number, shown in re.findall(r"(Table|Figure) (\d+)(?: \(p\. (\d+)\))?(?![.,\d])", text):
            target = targets[(kind, number)]
            if shown:
                assert int(shown) == target and spread(target) != spread(page), (page, kind, number, shown)
            else:
                assert spread(target) == spread(page), (page, kind, number, target)
            seen["with" if shown else "without"] += 1
    assert seen["with"] and seen["without"]
    assert "5 January 2020" in " ".join(texts) and "5 January 2020 (p." not in " ".join(texts)


def test_a_brief_can_ask_for_page_numbers_after_event_references(minimal_copy: Path, tmp_path: Path):
    edit(minimal_copy / "brief.yaml", "status: draft", "status: draft\nevent_page_numbers: true")
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    text = " ".join(page_texts(tmp_path / "out" / "minimal.pdf"))
    chronology = next(n for n, t in enumerate(page_texts(tmp_path / "out" / "minimal.pdf"), 1) if "Appendix: Chronology" in t
                      and n > 3)
    assert f"January 2014 (p. {chronology})" in text


def test_footnotes_are_numbered_through_the_document(built_brief: Path):
    texts = page_texts(built_brief / f"{SLUG}.pdf")
    numbers = [int(n) for text in texts for n in re.findall(r"(?:^| )(\d)\. The source", text)]
    assert numbers and numbers == sorted(numbers) and numbers[0] == 1


def test_a_long_data_table_continues_on_the_next_pages(content_copy: Path, tmp_path: Path):
    table = content_copy / "tables" / "trade-2011.yaml"
    rows = "".join(f"  - id: row-{n}\n    flow: Test row {n}\n    value: {n}.5\n    change: null\n" for n in range(1, 91))
    table.write_text(table.read_text(encoding="utf-8") + rows, encoding="utf-8")
    result = run_cli("--content", content_copy, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr  # no split row, no overflow
    texts = page_texts(tmp_path / "out" / f"{SLUG}.pdf")
    number = load(content_copy).tables["trade-2011"].number
    reader = PdfReader(tmp_path / "out" / f"{SLUG}.pdf")
    first = reader.get_destination_page_number(reader.named_destinations["table-trade-2011"])
    continued = [i for i, text in enumerate(texts) if f"Table {number} (continued)" in text]
    assert continued and continued[0] == first + 1 and continued == list(range(first + 1, first + 1 + len(continued)))
    for i in continued:
        after = texts[i].split(f"Table {number} (continued)", 1)[1]
        assert after.lstrip().startswith("Trade flow Value, 2011 ($ billion) Change over 2010 Test row"), after[:80]
    printed = [int(n) for text in texts[first:continued[-1] + 1] for n in re.findall(r"Test row (\d+) ", text)]
    assert printed == list(range(1, 91))


def test_a_weasyprint_warning_is_a_problem():
    css = A6 + " .x::after { content: ' (p. ' target-counter(attr(href), page) ')'; }"
    assert messages('<p><a class="x" href="#nowhere">see</a></p>', css) == [
        "Content discarded: target points to undefined anchor ('string', '#nowhere')"]


def test_settling_cuts_keeps_what_held_and_redoes_what_moved():
    from briefpress.printing.paginate import settle

    assert settle({}, {"0": frozenset({12, 48})}) == {"0": frozenset({12, 48})}
    assert settle({"0": frozenset({12, 48})}, {"0": frozenset({12, 48})}) == {"0": frozenset({12, 48})}
    # a new break at 47 means the cut at 48 was measured on a page that has changed
    assert settle({"0": frozenset({12, 48})}, {"0": frozenset({12, 47, 48})}) == {"0": frozenset({12, 47})}
