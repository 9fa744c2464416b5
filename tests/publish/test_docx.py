"""The Word edition: headings Word's navigation reads, repeating header rows, real footnotes, alt text,
links to bookmarks; LibreOffice opens and converts it."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, run_cli

from briefpress import load

SLUG = "iraq-us-relations"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def word_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    assert run_cli("--content", CONTENT, "--language", "en", "--out", out, "--docx").status == 0
    return out / f"{SLUG}.docx"


def test_headings_follow_the_brief(word_file: Path):
    import docx

    document = docx.Document(str(word_file))
    brief = load(CONTENT)
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings[0] == ("Title", "Iraq–US Relations")
    top = [text for style, text in headings if style == "Heading 1"]
    assert top == ["Key takeaways", "Summary", *(s.title for s in brief.sections), "Appendix: Chronology",
                   "Abbreviations", "References", "Suggested citation", "Revision history", "Disclaimer"]
    assert ("Heading 2", "The agreement") in headings  # '##' in prose is a subheading of its section
    assert document.core_properties.title.startswith("Iraq–US Relations: From the Strategic Framework")


def test_tables_repeat_their_header_rows_and_keep_their_source_lines(word_file: Path):
    import docx

    document = docx.Document(str(word_file))
    brief = load(CONTENT)
    repeating = [t for t in document.tables if t.rows[0]._tr.trPr is not None
                 and t.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None]
    assert len(repeating) >= 3 and len(repeating) == len(document.tables)
    assert [t.rows[0].cells[0].text for t in document.tables[:len(brief.tables)]] == \
        [t.spec.columns[0].label for t in brief.tables.values()]
    texts = [p.text for p in document.paragraphs]
    assert "Table 1. US Mission Iraq personnel, 2012 level, January 2014 target, and “rightsizing” level" in texts
    assert "Source: GlobalSecurity.org (2020)." in texts
    assert any(text.startswith("Note: The Department of State planned an overall staffing reduction") for text in texts)
    figures = document.tables[0].rows[1].cells[1].text
    assert figures == "16,298"


def test_footnotes_are_word_footnotes_and_pictures_carry_their_alt_text(word_file: Path):
    import docx

    brief = load(CONTENT)
    with zipfile.ZipFile(word_file) as package:
        notes = package.read("word/footnotes.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    written = sum(len(re.findall(r"^\[\^[^\]]+\]:", s.body, re.M)) for s in brief.sections)
    assert len(re.findall(r'<w:footnote w:id="(?!-1|0)\d+"', notes)) == written == 4
    assert "The source dates the visit only to “December.”" in re.sub(r"<[^>]+>", "", notes)
    assert len(re.findall(r"<w:footnoteReference ", body)) == written
    document = docx.Document(str(word_file))
    alts = {" ".join(f.spec.alt.split()) for f in brief.figures.values()}
    assert {shape._inline.docPr.get("descr") for shape in document.inline_shapes} == alts
    # Cross-references are links to bookmarks in the document.
    anchors = set(re.findall(r'w:anchor="([^"]+)"', body))
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', body))
    assert {"table-staffing", "figure-staffing-levels"} <= anchors <= bookmarks | {"_GoBack"}


def test_libreoffice_opens_and_converts_it(word_file: Path, tmp_path: Path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)")
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(word_file)],
                          capture_output=True, text=True, timeout=240)
    converted = tmp_path / f"{SLUG}.pdf"
    assert done.returncode == 0 and converted.is_file(), done.stderr
    from pypdf import PdfReader

    text = " ".join("".join(page.extract_text() for page in PdfReader(converted).pages).split())
    assert "Key takeaways" in text and "Appendix: Chronology" in text
    assert len(PdfReader(converted).pages) >= 8


def test_a_house_reference_docx_restyles_the_word_edition(content_copy: Path, tmp_path: Path):
    import docx
    from docx.shared import Pt

    house = docx.Document()
    house.styles["Heading 1"].font.name = "Courier New"
    house.styles["Heading 1"].font.size = Pt(21)
    house.save(str(content_copy / "house.docx"))
    meta = content_copy / "brief.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text + "brand:\n  reference_docx: house.docx\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("--content", content_copy, "--out", out, "--docx")
    assert result.status == 0, result.stderr
    heading = docx.Document(str(out / f"{SLUG}.docx")).styles["Heading 1"]
    assert (heading.font.name, heading.font.size) == ("Courier New", Pt(21))


def test_a_reference_docx_that_is_not_one_is_refused(content_copy: Path):
    from conftest import problems

    (content_copy / "house.docx").write_text("not a word file\n")
    meta = content_copy / "brief.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text + "brand:\n  reference_docx: house.docx\n", encoding="utf-8")
    lines = len(text.splitlines())
    assert problems(content_copy) == [f"{meta}:{lines + 2}:3: brand.reference_docx: 'house.docx' is not a Word "
                                      "document (it is not a .docx package)"]


def test_text_that_looks_like_markup_for_the_writer_stays_text(minimal_copy: Path, tmp_path: Path):
    """Raw TeX, raw HTML blocks and pandoc-only syntax in the brief are printed as written, never obeyed."""
    section = minimal_copy / "sections" / "01-staffing.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nAbout ~5,000 staff, \\input{/etc/passwd} and "
                       "$x$ for @someone.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("--content", minimal_copy, "--out", out, "--docx")
    assert result.status == 0, result.stderr
    with zipfile.ZipFile(out / "minimal.docx") as package:
        text = re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode("utf-8"))
    assert "About ~5,000 staff, \\input{/etc/passwd} and $x$ for @someone." in text
    assert "root:" not in text
