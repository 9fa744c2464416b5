"""Recipient copies (``stamp``) and ``inspect``: the copy keeps all the original had, plus one line."""
from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

SLUG = "iraq-us-relations"


@pytest.fixture
def dist(built_brief: Path, tmp_path: Path) -> Path:
    """A private copy of the built output folder."""
    target = tmp_path / "dist"
    shutil.copytree(built_brief, target)
    return target


def page_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def struct_kinds(reader: PdfReader) -> list[str]:
    kinds, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, dict):
            kinds += [str(node["/S"])] if "/S" in node else []
            kids = node.get("/K")
            stack += kids if isinstance(kids, list) else [kids] if kids is not None else []
    return kinds


def test_stamped_copy_keeps_everything_and_adds_the_line(dist: Path):
    source = dist / f"{SLUG}.pdf"
    before = source.read_bytes()
    result = run_cli("stamp", source, "--recipient", "Jane Doe", "--copy", "3", "--of", "20")
    assert result.status == 0, result.stderr
    copy = dist / f"{SLUG}-copy-3.pdf"
    assert result.stdout == f"{copy}  Prepared for Jane Doe — copy 3 of 20\n"
    assert source.read_bytes() == before  # the original is untouched
    original, stamped = PdfReader(source), PdfReader(copy)
    line = "Prepared for Jane Doe — copy 3 of 20"
    texts = page_texts(copy)
    assert len(texts) == len(original.pages)
    assert all(text.count(line) == 1 for text in texts)
    assert not any(line in text for text in page_texts(source))
    # Outline, metadata, language, tags, links and named destinations as they were.
    assert [o.title for o in stamped.outline if not isinstance(o, list)] == \
        [o.title for o in original.outline if not isinstance(o, list)]
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/CreationDate", "/ModDate", "/Creator"):
        assert stamped.metadata[key] == original.metadata[key]
    assert stamped.metadata["/PreparedFor"] == line
    root, old = stamped.trailer["/Root"], original.trailer["/Root"]
    assert root["/Lang"] == old["/Lang"] and root["/MarkInfo"] == old["/MarkInfo"]
    assert root["/Metadata"].get_object().get_data() == old["/Metadata"].get_object().get_data()
    assert struct_kinds(stamped) == struct_kinds(original)
    links = [[a.get_object().get("/Dest") for a in page.get("/Annots", [])] for page in stamped.pages]
    assert links == [[a.get_object().get("/Dest") for a in page.get("/Annots", [])] for page in original.pages]
    assert stamped.named_destinations.keys() == original.named_destinations.keys()


def test_stamped_copy_marks_the_line_as_an_artifact(dist: Path):
    assert run_cli("stamp", dist / f"{SLUG}.pdf", "--recipient", "Ali Hassan", "--of", "5").status == 0
    page = PdfReader(dist / f"{SLUG}-copy-1.pdf").pages[4]
    content = page.get_contents().get_data()
    assert re.search(rb"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq /BriefpressStamp0 Do Q\nEMC\s*$",
                     content)


def test_copy_is_listed_in_the_manifest_and_numbers_follow(dist: Path):
    source = dist / f"{SLUG}.pdf"
    assert run_cli("stamp", source, "--recipient", "Jane Doe", "--of", "3").status == 0
    assert run_cli("stamp", source, "--recipient", "  Ali   Hassan ").status == 0  # M from the manifest
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in manifest["outputs"]}
    second = entries[f"{SLUG}-copy-2.pdf"]
    assert second["copy"] == {"source": f"{SLUG}.pdf", "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                              "recipient": "Ali Hassan", "copy": 2, "of": 3}
    assert second["sha256"] == hashlib.sha256((dist / f"{SLUG}-copy-2.pdf").read_bytes()).hexdigest()
    assert (second["pages"], second["variant"]) == (entries[f"{SLUG}.pdf"]["pages"], "pdf/ua-1")
    assert entries[f"{SLUG}-copy-1.pdf"]["copy"]["recipient"] == "Jane Doe"


def test_rebuild_keeps_listing_unchanged_copies(dist: Path, built_brief: Path):
    from conftest import CONTENT

    assert run_cli("stamp", dist / f"{SLUG}.pdf", "--recipient", "Jane Doe", "--of", "2").status == 0
    assert run_cli("--content", CONTENT, "--language", "en", "--out", dist).status == 0
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert f"{SLUG}-copy-1.pdf" in {entry["path"] for entry in manifest["outputs"]}


@pytest.mark.parametrize(("args", "message"), [
    (["--recipient", "X"], "--of M is needed for the first copy: how many copies are made in all"),
    (["--recipient", " ", "--of", "2"], "--recipient: the name is empty"),
    (["--recipient", "X", "--copy", "3", "--of", "2"], "--copy 3: copies are numbered 1 to 2"),
    (["--recipient", "X", "--of", "0"], "--of 0: at least one copy is made"),
    (["--recipient", "Jo\u202eHAN", "--of", "2"],
     "--recipient: the name contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible control character: remove it"),
    (["--recipient", "Jo\u200bhan", "--of", "2"],
     "--recipient: the name contains U+200B ZERO WIDTH SPACE, an invisible control character: remove it"),
])
def test_bad_stamp_requests_are_refused(dist: Path, args: list[str], message: str):
    source = dist / f"{SLUG}.pdf"
    result = run_cli("stamp", source, *args)
    assert result.status == 1
    assert message in result.stderr.splitlines()[0]
    assert result.stderr.startswith(f"{source}: ")
    assert not list(dist.glob("*-copy-*"))


def test_a_copy_number_is_not_given_twice(dist: Path):
    source = dist / f"{SLUG}.pdf"
    assert run_cli("stamp", source, "--recipient", "Jane Doe", "--of", "4", "--copy", "2").status == 0
    taken = run_cli("stamp", source, "--recipient", "Ali Hassan", "--copy", "2")
    assert (taken.status, taken.stderr) == (
        1, f"{source}: --copy 2: copy 2 of {SLUG}.pdf was prepared for Jane Doe\n")
    other = run_cli("stamp", source, "--recipient", "Ali Hassan", "--of", "5")
    assert other.stderr == f"{source}: --of 5: copies of {SLUG}.pdf are numbered out of 4\n"
    again = run_cli("stamp", dist / f"{SLUG}-copy-2.pdf", "--recipient", "Ali Hassan", "--of", "4")
    assert again.stderr == (f"{dist / f'{SLUG}-copy-2.pdf'}: already a recipient copy "
                            "(Prepared for Jane Doe — copy 2 of 4); stamp the original\n")


def test_stamping_is_reproducible(dist: Path, tmp_path: Path):
    other = tmp_path / "other"
    shutil.copytree(dist, other)
    for folder in (dist, other):
        assert run_cli("stamp", folder / f"{SLUG}.pdf", "--recipient", "Jane Doe", "--of", "2").status == 0
    assert (dist / f"{SLUG}-copy-1.pdf").read_bytes() == (other / f"{SLUG}-copy-1.pdf").read_bytes()


def test_stamped_copy_passes_qpdf_and_stays_tagged(dist: Path):
    if not shutil.which("qpdf") or not shutil.which("pdfinfo"):
        pytest.skip("qpdf and pdfinfo are not installed")
    assert run_cli("stamp", dist / f"{SLUG}.pdf", "--recipient", "Jane Doe", "--of", "2").status == 0
    copy = dist / f"{SLUG}-copy-1.pdf"
    check = subprocess.run(["qpdf", "--check", copy], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout
    info = subprocess.run(["pdfinfo", copy], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info


def test_inspect_reports_pages_metadata_outline_fonts_and_variant(dist: Path):
    result = run_cli("inspect", dist / f"{SLUG}.pdf")
    assert result.status == 0, result.stderr
    out = result.stdout
    pages = len(PdfReader(dist / f"{SLUG}.pdf").pages)
    assert f"  pages:       {pages} (A4, 595 × 842 pt)\n" in out
    assert "  variant:     PDF/UA-1, tagged\n" in out
    assert "  title:       Iraq–US Relations: From the Strategic Framework Agreement" in out
    assert "  created:     2026-11-27 00:00:00 +00:00\n" in out
    assert re.search(r"outline:\n  Iraq–US Relations  p\. 1\n    Summary  p\. 2\n", out)
    assert re.search(r"fonts:\n(  [A-Z]{6}\+IBM-Plex-[A-Za-z-]+  Type0, embedded\n){3,}attachments:", out)
    assert "NOT embedded" not in out
    attachments = out[out.index("attachments:\n"):].splitlines()[1:]
    assert [line.split()[0] for line in attachments] == ["staffing.csv", "trade-2011.csv", "us-exports-h1.csv",
                                                         "opinion.csv", "datapackage.json"]
    assert attachments[0].startswith("  staffing.csv  text/csv, 133 bytes, ")


def test_inspect_shows_a_copy_and_refuses_what_is_no_pdf(dist: Path):
    assert run_cli("stamp", dist / f"{SLUG}.pdf", "--recipient", "Jane Doe", "--of", "2").status == 0
    assert "  copy:        Prepared for Jane Doe — copy 1 of 2\n" in run_cli("inspect", dist / f"{SLUG}-copy-1.pdf").stdout
    bad = run_cli("inspect", dist / "manifest.json", dist / "missing.pdf")
    assert bad.status == 1
    assert bad.stderr.splitlines()[0].startswith(f"{dist / 'manifest.json'}: not a readable PDF (")
    assert bad.stderr.splitlines()[1] == f"{dist / 'missing.pdf'}: no such file"


def one_page_pdf(extra: bytes = b"") -> bytes:
    """A PDF of one blank page (no content stream at all), with ``extra`` as the value of a key of the page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]" + (b" /Extra " + extra if extra else b"") + b" >>"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def test_a_page_without_content_is_stamped(tmp_path: Path):
    source = tmp_path / "blank.pdf"
    source.write_bytes(one_page_pdf())
    assert run_cli("stamp", source, "--recipient", "Jane Doe", "--of", "2").status == 0
    copy = PdfReader(tmp_path / "blank-copy-1.pdf")
    assert copy.pages[0].extract_text() == "Prepared for Jane Doe — copy 1 of 2"


def encrypted(pdf: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("damage", "message"), [
    (lambda pdf: b"not a pdf at all\n", "not a PDF file"),
    (encrypted, "the PDF is encrypted: stamp the unencrypted original"),
    (lambda pdf: pdf[:3000], "not a readable PDF (PdfStreamError: Stream has ended unexpectedly)"),
    (lambda pdf: one_page_pdf(b"[" * 100_000 + b"]" * 100_000),
     "not a readable PDF: its objects are nested too deeply"),
])
def test_stamp_refuses_what_is_not_a_whole_pdf(dist: Path, tmp_path: Path, damage, message: str):
    source = tmp_path / "given.pdf"
    source.write_bytes(damage((dist / f"{SLUG}.pdf").read_bytes()))
    result = run_cli("stamp", source, "--recipient", "X", "--of", "2")
    assert (result.status, result.stderr) == (1, f"{source}: {message}\n")
    assert not list(tmp_path.glob("*-copy-*"))
