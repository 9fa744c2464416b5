"""The Arabic edition of the real brief (content/translations/ar), built beside the English one: right to
left in both editions, its numbers those of the original's tables, the two editions linking each other.
(Its reproducibility is checked with the English one's, tests/publish/test_reproducible.py.)"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import AXE, VNU

SLUG = "iraq-us-relations"


@pytest.fixture(scope="module")
def arabic_pdf(built_brief: Path) -> PdfReader:
    return PdfReader(built_brief / f"{SLUG}.ar.pdf")


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_arabic_pdf_is_arabic_with_the_originals_numbers(arabic_pdf, built_brief):
    assert arabic_pdf.trailer["/Root"]["/Lang"] == "ar"
    assert arabic_pdf.metadata.title == ("العلاقات العراقية الأمريكية: من اتفاقية الإطار الاستراتيجي إلى تصويت عام "
                                         "2020 على القوات الأجنبية")
    english = PdfReader(built_brief / f"{SLUG}.pdf")
    assert abs(len(arabic_pdf.pages) - len(english.pages)) <= 3
    text = _text(arabic_pdf)
    # Logical order, lam-alef ligatures included (الأمريكية, الأجنبية): the text can be searched and copied.
    for words in ("العلاقات العراقية الأمريكية", "إخراج القوات الأجنبية", "أبرز الاستنتاجات", "المحتويات",
                  "المختصرات", "المراجع", "إخلاء المسؤولية"):
        assert words in text, words
    # The figures are the original tables' values, printed by the same rules (Western digits, as chosen).
    for number in ("16,298", "6,320", "5,500", "19.3", "1,365.0", "951.7", "46.8"):
        assert number in text, number
    assert "Contents" not in text and "Key takeaways" not in text and "Page 2 of" not in text


def test_the_outline_and_the_tags_are_the_translations(arabic_pdf):
    titles = [item.title for item in arabic_pdf.outline[1] if not isinstance(item, list)]
    assert titles[:3] == ["الملخص", "اتفاقية الإطار الاستراتيجي", "السفارة وخفض عدد الموظفين"]
    assert {"ملحق: التسلسل الزمني", "المختصرات", "المراجع", "الاستشهاد المقترح", "إخلاء المسؤولية"} <= set(titles)
    assert "/StructTreeRoot" in arabic_pdf.trailer["/Root"]
    names = arabic_pdf.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][::2]
    assert "staffing.csv" in names and "datapackage.json" in names


def test_the_running_feet_are_mirrored(arabic_pdf):
    foot: dict[str, float] = {}
    arabic_pdf.pages[1].extract_text(visitor_text=lambda text, cm, tm, *_: foot.setdefault(" ".join(text.split()), tm[4]))
    page_number = next(x for text, x in foot.items() if "الصفحة" in text)
    organization = next(x for text, x in foot.items() if "Open Policy Briefs" in text)
    assert page_number < organization  # the page number at the left, the organization at the right


def test_the_two_web_editions_link_each_other(built_brief):
    arabic = (built_brief / f"{SLUG}.ar.html").read_text(encoding="utf-8")
    english = (built_brief / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert f'<link rel="alternate" hreflang="en" href="{SLUG}.html">' in arabic
    assert f'<link rel="alternate" hreflang="ar" href="{SLUG}.ar.html">' in english
    assert re.search(rf'<a href="{SLUG}\.html" hreflang="en" lang="en">English</a>', arabic)
    assert re.search(rf'<a href="{SLUG}\.ar\.html" hreflang="ar" lang="ar">العربية</a>', english)
    # Its own files: the PDF, the data folder and the citation files carry the language in their names.
    assert f'href="{SLUG}.ar.pdf"' in arabic and f'href="{SLUG}.ar-data/datapackage.json"' in arabic
    assert f'href="{SLUG}.ar.bib"' in arabic


def test_the_references_are_cited_as_published(built_brief):
    arabic = (built_brief / f"{SLUG}.ar.html").read_text(encoding="utf-8")
    entry = re.search(r'id="source-abadi-2015" role="listitem"><span lang="en" dir="ltr">(.*?)</span>\s*'
                      r'<span class="reference-note">(.*?)</span>', arabic, re.S)
    assert entry and "Statement on Foreign Ground Forces in Iraq" in entry.group(1)
    assert entry.group(2) == "نُشر في 3 ديسمبر 2015. مقتبس في صفحة “Iraq-US Relations” على موقع GlobalSecurity.org."


@pytest.mark.parametrize("width", [390, 1280])
def test_the_arabic_web_edition_is_accessible_and_fits_its_screen(browser, built_brief, width):
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing (npm package axe-core; .ci/run installs it)")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built_brief / f"{SLUG}.ar.html").as_uri(), wait_until="load")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    scroll_width, direction, title_right = page.evaluate(
        "[document.documentElement.scrollWidth, getComputedStyle(document.body).direction,"
        " document.querySelector('.cover-title').getBoundingClientRect().right]")
    page.close()
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
    assert (scroll_width, direction) == (width, "rtl")
    assert width / 2 < title_right <= width


def test_the_arabic_web_edition_is_valid_html(built_brief):
    if not shutil.which("java") or not VNU.is_file():
        pytest.skip(f"the Nu Html Checker needs java and {VNU} (npm package vnu-jar; .ci/run installs it)")
    check = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu",
                            str(built_brief / f"{SLUG}.ar.html")], capture_output=True, text=True, timeout=180)
    assert (check.returncode, check.stdout + check.stderr) == (0, "")
