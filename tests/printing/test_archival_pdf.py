"""Tagged and archival PDFs: structure tree, alt text, XMP identification, external validators."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, run_cli
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from briefpress import load
from briefpress.content.validate import validate
from briefpress.errors import Location
from briefpress.printing.job import FileAttachment
from briefpress.printing.single import write_pdf
from briefpress.render.timeline import timeline_alt

SLUG = "iraq-us-relations"
JAVA = Path("/usr/share/java")
PREFLIGHT_JARS = ["preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar",
                  "javax.activation.jar", "jaxb-api.jar"]


def struct_elements(reader: PdfReader) -> list[DictionaryObject]:
    """Every structure element of the document, depth first."""
    found: list[DictionaryObject] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):
            continue
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack.extend(kid for kid in kids if hasattr(kid, "get_object") or isinstance(kid, dict))
    return found


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


# Both editions of the real brief: the English original and its Arabic translation.
EDITIONS = {"en": (f"{SLUG}.pdf", "Iraq–US Relations: From"),
            "ar": (f"{SLUG}.ar.pdf", "العلاقات العراقية الأمريكية: من")}


@pytest.fixture(scope="module", params=list(EDITIONS))
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def default_pdf(built_brief: Path, edition: str) -> PdfReader:
    return PdfReader(built_brief / EDITIONS[edition][0])


def test_default_build_is_pdf_ua_1(default_pdf: PdfReader, edition: str):
    root = default_pdf.trailer["/Root"]
    assert root["/Lang"] == edition
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True
    assert root["/MarkInfo"]["/Marked"] == True
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp(default_pdf)
    assert f"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{EDITIONS[edition][1]}" in xmp(default_pdf)


def test_every_figure_has_its_alt_text(default_pdf: PdfReader, edition: str):
    figures = [e for e in struct_elements(default_pdf) if e["/S"] == "/Figure"]
    from briefpress.content.formats import Formats
    from briefpress.render.messages import load_messages
    from briefpress.support.locations import TEMPLATES

    brief = validate(CONTENT, language=edition)
    timeline = timeline_alt(brief.events, load_messages(brief, [TEMPLATES]), Formats.of(brief.meta))
    alts = [figure.spec.alt for figure in brief.figures.values()] + [timeline]
    expected = sorted(" ".join(alt.split()) for alt in alts)
    assert sorted(" ".join(str(f.get("/Alt", "")).split()) for f in figures) == expected


def test_tables_have_header_cells_linked_to_data_cells(default_pdf: PdfReader):
    elements = struct_elements(default_pdf)
    kinds = {str(e["/S"]) for e in elements}
    assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Link", "/Table", "/TH", "/TD"} <= kinds
    # Each data table and the chronology; a table broken across pages counts once per page.
    assert sum(e["/S"] == "/Table" for e in elements) >= len(load(CONTENT).tables) + 1
    header_ids = {str(e["/ID"]) for e in elements if e["/S"] == "/TH"}
    assert len(header_ids) >= 20
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert cells and all(e["/A"]["/Headers"] for e in cells)
    assert all(str(h) in header_ids for e in cells for h in e["/A"]["/Headers"])


def test_every_header_cell_has_its_scope(default_pdf: PdfReader):
    elements = struct_elements(default_pdf)
    parents = {id(kid.get_object()): element for element in elements
               for kid in (element["/K"] if isinstance(element.get("/K"), list) else [element.get("/K")])
               if hasattr(kid, "get_object")}
    headers = [e for e in elements if e["/S"] == "/TH"]
    scopes = {(str(parents[id(parents[id(h)])]["/S"]), str(h["/A"]["/Scope"])) for h in headers}
    assert scopes == {("/THead", "/Column"), ("/TBody", "/Row")}


def test_the_pdfua_checker_finds_nothing(built_brief: Path, edition: str):
    """pdfua checks the machine-checkable subset of PDF/UA-1 that it implements (see docs/design.md)."""
    if shutil.which("pdfua") is None and not (Path(sys.executable).parent / "pdfua").is_file():
        pytest.skip("the pdfua checker is not installed (it comes with the test tools)")
    checker = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    result = subprocess.run([checker, "check", str(built_brief / EDITIONS[edition][0]), "--min-severity", "warning"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pdfinfo_reports_tagged(built_brief: Path, edition: str):
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", built_brief / EDITIONS[edition][0]], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout


def test_qpdf_check_passes(built_brief: Path, edition: str):
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed")
    check = subprocess.run(["qpdf", "--check", built_brief / EDITIONS[edition][0]], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


def preflight(path: Path) -> subprocess.CompletedProcess:
    missing = [jar for jar in PREFLIGHT_JARS if not (JAVA / jar).is_file()]
    if not shutil.which("java") or missing:
        pytest.skip(f"PDFBox Preflight needs java and {', '.join(missing) or 'nothing else'} in {JAVA}")
    classpath = ":".join(str(JAVA / jar) for jar in PREFLIGHT_JARS)
    return subprocess.run(["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", path],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def pdf_a_1b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdfa1b")
    result = run_cli("--content", CONTENT, "--language", "en", "--out", out, "--pdf-variant", "pdf/a-1b")
    assert result.status == 0, result.stderr
    assert "(PDF/A-1B)" in result.stdout
    return out


def test_pdf_a_1b_passes_pdfbox_preflight(pdf_a_1b: Path):
    reader = PdfReader(pdf_a_1b / f"{SLUG}.pdf")
    assert reader.pdf_header == "%PDF-1.4"
    assert "<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" in xmp(reader)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] == True
    check = preflight(pdf_a_1b / f"{SLUG}.pdf")
    assert "is a valid PDF/A-1b file" in check.stdout, check.stdout[:2000] + check.stderr[:2000]


def test_stamped_pdf_a_1b_copy_stays_pdf_a_1b(pdf_a_1b: Path):
    assert run_cli("stamp", pdf_a_1b / f"{SLUG}.pdf", "--recipient", "Jane Doe", "--of", "2").status == 0
    copy = pdf_a_1b / f"{SLUG}-copy-1.pdf"
    assert b"/Type /XRef" not in copy.read_bytes()[-2000:]  # PDF/A-1 allows no cross-reference stream
    check = preflight(copy)
    assert "is a valid PDF/A-1b file" in check.stdout, check.stdout[:2000] + check.stderr[:2000]


def test_pdf_a_3b_build_carries_each_table_as_data(tmp_path: Path):
    result = run_cli("--content", CONTENT, "--language", "en", "--out", tmp_path, "--pdf-variant", "pdf/a-3b")
    assert result.status == 0, result.stderr
    reader = PdfReader(tmp_path / f"{SLUG}.pdf")
    tables = load(CONTENT).tables
    specs = [ref.get_object() for ref in reader.trailer["/Root"]["/AF"]]
    assert sorted(str(spec["/F"]) for spec in specs) == sorted([f"{key}.csv" for key in tables] + ["datapackage.json"])
    assert {str(spec["/AFRelationship"]) for spec in specs} == {"/Data"}
    for spec in specs:
        params = spec["/EF"]["/F"].get_object()["/Params"]
        assert params["/ModDate"] == params["/CreationDate"] == "D:20261127000000Z"  # the brief's date
    assert "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" in xmp(reader)
    shown = run_cli("inspect", tmp_path / f"{SLUG}.pdf").stdout
    assert "  variant:     PDF/A-3B, tagged\n" in shown
    assert re.search(r"\n  staffing\.csv  text/csv, \d+ bytes, relationship Data — Table 1\. ", shown)


def test_pdf_a_3b_embeds_attachments_with_relationship(tmp_path: Path):
    html = '<html lang="en"><head><title>Data</title></head><body><p>With data.</p></body></html>'
    table = FileAttachment("staffing.csv", b"milestone,staff\n2012 level,16298\n", "Table 1 as CSV")
    printed = write_pdf(html, [], [tmp_path], tmp_path, Location("test.html"), identifier="t",
                        variant="pdf/a-3b", attachments=[table])
    target = tmp_path / "data.pdf"
    target.write_bytes(printed.data)
    reader = PdfReader(target)
    assert reader.attachments == {"staffing.csv": [b"milestone,staff\n2012 level,16298\n"]}
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/Desc"] == "Table 1 as CSV"
    embedded = spec["/EF"]["/F"].get_object()
    assert embedded["/Subtype"] == "/text/csv"
    # Dated by the build, not by the clock: 1970 when no date is given.
    assert embedded["/Params"]["/ModDate"] == "D:19700101000000Z"
    assert "<pdfaid:part>3</pdfaid:part>" in xmp(reader)


def test_archival_and_accessible_in_one_file(tmp_path: Path):
    """PDF/A-3a and PDF/UA-1 at once: both identifications, the data attached, the checkers' findings none."""
    out = tmp_path / "out"
    assert run_cli("--language", "en", "--out", out, "--pdf-variant", "pdf/a-3a+ua-1").status == 0
    path = out / f"{SLUG}.pdf"
    reader = PdfReader(path)
    metadata = xmp(reader)
    for identification in ("<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>A</pdfaid:conformance>",
                           "<pdfuaid:part>1</pdfuaid:part>"):
        assert identification in metadata
    root = reader.trailer["/Root"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True
    assert root["/MarkInfo"]["/Marked"] == True and root["/Lang"] == "en"
    assert sorted(reader.attachments) == sorted([f"{key}.csv" for key in load(CONTENT).tables] + ["datapackage.json"])
    assert all(spec.get_object()["/AFRelationship"] == "/Data" for spec in root["/AF"])
    assert {str(e["/A"]["/Scope"]) for e in struct_elements(reader) if e["/S"] == "/TH"} == {"/Column", "/Row"}
    assert run_cli("inspect", path).stdout.splitlines()[3] == "  variant:     PDF/A-3A, PDF/UA-1, tagged"
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
    checker = shutil.which("pdfua") or str(Path(sys.executable).parent / "pdfua")
    if Path(checker).is_file():
        found = subprocess.run([checker, "check", str(path), "--min-severity", "warning"], capture_output=True, text=True)
        assert found.returncode == 0, found.stdout


def test_print_ready_pdf_has_bleed_marks_and_a_cmyk_output_intent(tmp_path: Path):
    out = tmp_path / "out"
    assert run_cli("--language", "en", "--out", out, "--print-ready").status == 0
    path = out / f"{SLUG}.pdf"
    reader = PdfReader(path)
    bleed = 3 * 72 / 25.4
    for page in reader.pages:
        trim, box = [float(v) for v in page.trimbox], [float(v) for v in page.bleedbox]
        assert trim == pytest.approx([0, 0, 595.28, 841.89], abs=0.01)  # A4, where the sheet is cut
        assert box == pytest.approx([-bleed, -bleed, 595.28 + bleed, 841.89 + bleed], abs=0.01)
    intents = [intent.get_object() for intent in reader.trailer["/Root"]["/OutputIntents"]]
    assert [(i["/S"], i["/DestOutputProfile"].get_object()["/N"]) for i in intents] == [("/GTS_PDFX", 4)]
    assert "FOGRA39" in str(intents[0]["/OutputConditionIdentifier"])
    numbers = {number for table in reader.xref.values() for number in table} | set(reader.xref_objStm)
    groups = [obj["/Group"] for number in sorted(numbers)
              if isinstance(obj := reader.get_object(number), dict) and "/Group" in obj]
    # Transparency groups blend in the output intent's CMYK: no RGB group for a printer's preflight to reject.
    assert groups and {str(group.get("/CS")) for group in groups} == {"/DeviceCMYK"}
    assert run_cli("inspect", path).stdout.splitlines()[3] == "  variant:     PDF/X-4, tagged"
    # Every colour is painted in the press's CMYK: text, rules, the band, the charts, the crop marks.
    operators, spaces = _colours_painted(reader)
    assert not {"rg", "RG"} & operators and spaces <= {"/DeviceCMYK", "/Lab"}, (operators, spaces)
    from briefpress.render.cmyk import device_inks

    band = " ".join(f"{ink:g}" for ink in device_inks(0x12, 0x34, 0x5C))  # --accent-strong, the cover's band
    assert band in reader.pages[0].get_contents().get_data().decode("latin-1")
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript is not installed (.ci/run installs it)")
    png = tmp_path / "cover.png"
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r72", "-dUseBleedBox",
                    "-dFirstPage=1", "-dLastPage=1", f"-sOutputFile={png}", str(path)], check=True, timeout=120)
    from PIL import Image

    with Image.open(png) as cover:
        assert cover.size == (round(595.28 + 2 * bleed), round(841.89 + 2 * bleed))
        corner = cover.getpixel((2, 2))  # inside the bleed, above and left of the trim
        assert sum(corner) < 250, corner  # the cover's dark band (#12345c) runs into the bleed: no white edge


def _colours_painted(reader: PdfReader) -> tuple[set[str], set[str]]:
    """The colour operators of every page and form, and the colour spaces they and the images paint in."""
    from pypdf.generic import ArrayObject, ContentStream

    operators: set[str] = set()
    spaces: set[str] = set()
    seen: set[int] = set()

    def space(value) -> str:
        value = value.get_object()
        if isinstance(value, ArrayObject) and value[0] == "/ICCBased":  # as many components as the profile's
            return f"/ICCBased {value[1].get_object()['/N']}"
        return str(value[0]) if isinstance(value, ArrayObject) else str(value)

    def walk(stream, resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        named = {str(name): space(value) for name, value in (resources.get("/ColorSpace") or {}).items()}
        for operands, operator in ContentStream(stream, reader).operations:
            operators.add(operator.decode())
            if operator in (b"cs", b"CS"):
                spaces.add(named.get(str(operands[0]), str(operands[0])))
        for reference in (resources.get("/XObject") or {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            xobject = reference.get_object()
            if xobject["/Subtype"] == "/Image":
                spaces.add(space(xobject["/ColorSpace"]))
            else:
                walk(xobject, xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources"))
    return operators, {"/DeviceCMYK" if name == "/ICCBased 4" else name for name in spaces}


def test_unknown_variant_is_a_usage_error():
    result = run_cli("--content", CONTENT, "--pdf-variant", "pdf/a-9z")
    assert result.status == 2
    assert "argument --pdf-variant: unknown PDF variant 'pdf/a-9z'; expected one of: pdf/a-1a, " in result.stderr


def test_raster_images_are_kept_at_no_more_than_300_dpi(tmp_path: Path):
    import base64
    import io

    from PIL import Image

    picture = Image.linear_gradient("L").resize((1200, 1200)).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    html = (f'<html lang="en"><head><title>Image</title></head><body>'
            f'<img src="{uri}" alt="A grey ramp" style="width: 1in"></body></html>')
    printed = write_pdf(html, [], [tmp_path], tmp_path, Location("test.html"), identifier="img")
    target = tmp_path / "image.pdf"
    target.write_bytes(printed.data)
    images = PdfReader(target).pages[0].images
    assert len(images) == 1
    assert images[0].image.size == (300, 300)  # 1200 px printed one inch wide: down to 300 dpi
