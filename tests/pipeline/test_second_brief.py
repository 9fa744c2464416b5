"""A second test brief of another shape than the real one, built end to end: six sections, seven tables,
fiscal years, a chronology from 1951 to 2022, a phrase in Arabic. tests/fixtures/norland is fictional (its
cover says so): an invented country, made-up figures."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

NORLAND = Path(__file__).resolve().parent.parent / "fixtures" / "norland"


@pytest.fixture(scope="module")
def built(built_norland: Path) -> Path:
    return built_norland


def _text(pdf: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))


def test_its_cover_says_it_is_fictional_and_lists_its_six_sections(built):
    cover = " ".join(PdfReader(built / "norland-aid.pdf").pages[0].extract_text().split())
    assert "A fictional test brief: the country, its figures and its events are invented" in cover
    assert "IN THIS BRIEF" in cover
    parts = [item.title for item in PdfReader(built / "norland-aid.pdf").outline[1]]
    assert parts[1:7] == ["Background", "Funding by Fiscal Year", "Sectors", "Regions", "Staff and Offices", "Outlook"]


def test_fiscal_years_euros_and_mixed_precision_dates_print_as_the_tables_type_them(built):
    text = _text(built / "norland-aid.pdf")
    assert "from €84.0 million in FY2019 to €140.6 million in FY2023" in text
    assert "FY2021 €120.2 31.4%" in text and "Total (€ million)" in text
    assert "Capital 2 March 2014 212" in text and "Coast September 2017 96" in text
    assert "1,850,400" in text and "North 2020 1,850,400" in text  # a year column is not grouped
    assert sum(f"Table {n}." in text for n in range(1, 8)) == 7


def test_its_seventy_year_chronology_is_drawn_with_its_empty_decades_cut_out(built):
    html = (built / "norland-aid.html").read_text(encoding="utf-8")
    timeline = re.search(r'<figure class="figure-block timeline-figure".*?</figure>', html, re.S)
    assert timeline and "17 dated events, 1951–2022." in " ".join(html.split())
    import base64

    svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', timeline.group(0)).group(1)).decode()
    assert svg.count(">//</text>") == 2  # 1959–1971 and 1973–2012 are cut out of the scale


def test_its_arabic_phrase_is_marked_in_both_editions(built):
    html = (built / "norland-aid.html").read_text(encoding="utf-8")
    assert '<span lang="ar" dir="rtl">دار المساعدة</span>' in html
    # In the tagged PDF, its structure element names its language; the document's stays English.
    reader = PdfReader(built / "norland-aid.pdf")
    languages = []

    def walk(element) -> None:
        element = element.get_object()
        if isinstance(element, dict):
            if "/Lang" in element:
                languages.append((element.get("/S"), str(element["/Lang"])))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert languages == [("/Span", "ar")] and reader.trailer["/Root"]["/Lang"] == "en"
