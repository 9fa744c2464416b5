"""A brief in French, end to end: every printed word from the French catalogue, every number and date
as French writes it, in the PDF, its tags and attachments, the web edition and the charts.

tests/fixtures/valdorie-fr is fictional (its cover says so): an invented country, made-up figures."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import run_cli

FRENCH = Path(__file__).resolve().parent.parent / "fixtures" / "valdorie-fr"


def _spaced(text: str) -> str:
    """French separators (narrow and no-break spaces) as plain spaces, lines joined."""
    return re.sub(r"[\u00a0\u202f\s]+", " ", text)


def _build(tmp_path_factory: pytest.TempPathFactory, content: Path) -> Path:
    out = tmp_path_factory.mktemp(content.name)
    result = run_cli("--content", content, "--out", out)
    assert result.status == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, FRENCH)


def test_the_pdf_prints_every_word_in_french(built):
    reader = PdfReader(built / "valdorie-aide.pdf")
    pages = [_spaced(page.extract_text()) for page in reader.pages]
    whole = " ".join(pages)
    assert "Page 2 sur 5" in pages[1] and "Page 5 sur 5" in pages[4]
    for words in ("POINTS CLÉS", "Résumé", "Sommaire", "TABLEAUX", "Tableau 1. Aide européenne",
                  "Annexe : chronologie", "Sigles et abréviations", "Références", "Pour citer cette note",
                  "Avertissement", "Source : Institut d’études fictives (2024).", "Note : Montants engagés",
                  "Définitive · Version 1.2 · 5 mars 2026", "4 événements datés, 2018–2023."):
        assert words in whole, words
    for english in ("Contents", "Key takeaways", "Summary", "Page 2 of", "Table 1", "Source:", "Disclaimer"):
        assert english not in whole, english


def test_numbers_and_dates_read_as_french_writes_them(built):
    whole = _spaced(" ".join(page.extract_text() for page in PdfReader(built / "valdorie-aide.pdf").pages))
    # The table keeps its decimals and puts the symbol after the amount; prose adds the scale word.
    assert "1 250,5 €" in whole and "Montant (millions €)" in whole and "18,2 %" in whole
    assert "de 1 250,5 millions € en 2019 à 2 430,8 millions € en 2023" in whole
    assert "soit 2,4308 milliards €" in whole and "de 18,2 pour cent à 26,5 pour cent" in whole
    assert "16 298 agents" in whole and "juin 2021" in whole and "le 14 janvier 2019 et" in whole
    assert "(tableau 1; figure 1)" in whole  # both on the same page: no page number


def test_the_pdf_says_it_is_french_and_describes_its_data_in_french(built):
    reader = PdfReader(built / "valdorie-aide.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    top, parts = reader.outline[0], [_spaced(item.title) for item in reader.outline[1]]
    assert top.title == "L’aide européenne à la Valdorie"
    assert parts == ["Résumé", "Montants et priorités", "Sur le terrain", "Annexe : chronologie",
                     "Sigles et abréviations", "Références", "Pour citer cette note", "Données", "Avertissement"]
    files = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    descriptions = {str(files[i]): str(files[i + 1].get_object().get("/Desc")) for i in range(0, len(files), 2)}
    assert descriptions["aide.csv"] == "Tableau 1. Aide européenne à la Valdorie, 2019–2023"


def test_the_web_edition_and_its_charts_are_french(built):
    html = (built / "valdorie-aide.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and ">Aller au contenu</a>" in html
    assert "Télécharger les données (CSV, 3 lignes)" in html
    # The chart's axis uses French grouping and its labels are the table's cells.
    assert "2\u202f500" in html and "2\u202f430,8\u00a0€" in html


ARABIC = FRENCH.parent / "valdorie-ar"


@pytest.fixture(scope="module")
def built_arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, ARABIC)


def test_an_arabic_brief_is_laid_out_right_to_left_with_arabic_indic_digits(built_arabic):
    reader = PdfReader(built_arabic / "valdorie-ar.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert [item.title for item in reader.outline[1]][:3] == ["الملخص", "المبالغ والأولويات", "ملحق: التسلسل الزمني"]
    assert "الصفحة ٢ من ٤" in reader.pages[1].extract_text()
    # Mirrored: the page number stands at the left of the foot, the organization at the right.
    foot: dict[str, float] = {}
    reader.pages[1].extract_text(visitor_text=lambda text, cm, tm, *_: foot.setdefault(text.strip(), tm[4]))
    assert foot["الصفحة ٢ من ٤"] < foot["معهد الدراسات التجريبية"]
    html = (built_arabic / "valdorie-ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html and "١٦٬٢٩٨" in html and "١٬٢٥٠٫٥" in html
    assert 'id="chronology-timeline"' in html


def test_a_chart_with_arabic_text_is_drawn_for_print_by_the_chart_renderer(tmp_path):
    import shutil

    content = tmp_path / "ar"
    shutil.copytree(ARABIC, content)
    (content / "figures").mkdir()
    (content / "figures" / "aide.yaml").write_text(
        "caption: المساعدات\nalt: مخطط أعمدة\nsources: [rapport]\nchart:\n  data: {table: aide}\n  mark: bar\n"
        "  encoding:\n    x: {field: annee, type: ordinal, axis: {title: السنة}}\n"
        "    y: {field: montant, type: quantitative}\n", encoding="utf-8")
    (content / "sections" / "01-aide.md").write_text(
        (content / "sections" / "01-aide.md").read_text(encoding="utf-8").replace("({table:aide})", "({table:aide}؛ {figure:aide})"),
        encoding="utf-8")
    result = run_cli("--content", content, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    # The web edition keeps the chart as vector SVG with its text in logical order (the browser shapes it) ...
    html = (tmp_path / "out" / "valdorie-ar.html").read_text(encoding="utf-8")
    assert re.search(r"<text[^>]*>\u200f?السنة\u200f?</text>", html)  # marked to read right to left whole
    # ... while print, whose SVG renderer sets text letter by letter, gets the renderer's shaped picture.
    page = PdfReader(tmp_path / "out" / "valdorie-ar.pdf").pages[3]
    assert any(image.image.width >= 4 * 300 for image in page.images)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_arabic_web_edition_fits_its_screen(built_arabic, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built_arabic / "valdorie-ar.html").as_uri(), wait_until="load")
    # A right-to-left page scrolls leftwards: anything placed off its left edge would widen it.
    scroll_width, title_right = page.evaluate(
        "[document.documentElement.scrollWidth, document.querySelector('.cover-title').getBoundingClientRect().right]")
    page.close()
    assert scroll_width == width
    assert width / 2 < title_right <= width  # the title starts at the right


@pytest.mark.parametrize(("language", "line"), [
    ("fr", "Préparé pour Mme Durand — exemplaire 1 sur 3"),
    ("ar", "أُعدّت لـMme Durand — النسخة ١ من ٣")])
def test_a_stamped_copy_speaks_the_briefs_language(built, built_arabic, tmp_path, language, line):
    source = (built / "valdorie-aide.pdf") if language == "fr" else (built_arabic / "valdorie-ar.pdf")
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    assert run_cli("stamp", copy, "--recipient", "Mme Durand", "--of", "3").status == 0
    stamped = PdfReader(tmp_path / f"{copy.stem}-copy-1.pdf")
    assert stamped.metadata["/PreparedFor"] == line
    text = " ".join(stamped.pages[1].extract_text().split())
    assert "Mme Durand" in text and (language != "fr" or line in text)
