"""Authoring: a new brief in one command, the live preview over real HTTP, progress on the terminal."""
from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from conftest import MINIMAL, get, run_cli, wait_for
from pypdf import PdfReader

from briefpress import load
from briefpress.authoring.progress import Progress
from briefpress.authoring.scaffold import create, slugify
from briefpress.authoring.watch import Preview
from briefpress.pipeline.options import Options

TITLE = "Water Policy: A Starter"


def test_new_brief_builds_at_once(tmp_path: Path):
    folder = tmp_path / "brief"
    result = run_cli("new", folder, "--title", TITLE, "--organization", "Example Institute")
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"created {folder} (7 files)"
    brief = load(folder)
    assert (brief.meta.slug, brief.meta.title, brief.meta.organization) == (
        "water-policy-a-starter", TITLE, "Example Institute")
    assert (len(brief.sections), len(brief.tables), len(brief.figures), len(brief.events), len(brief.sources),
            len(brief.acronyms)) == (1, 1, 1, 3, 1, 3)
    assert [figure.chart is not None for figure in brief.figures.values()] == [True]

    out = tmp_path / "out"
    built = run_cli("--content", folder, "--out", out)
    assert built.status == 0, built.stderr
    text = " ".join(page.extract_text() for page in PdfReader(out / "water-policy-a-starter.pdf").pages)
    for expected in ("Water Policy: A Starter", "How to write a section", "Table 1.", "Figure 1.",
                     "Appendix: Chronology", "This brief was started", "Portable Document Format"):
        assert expected in text, expected


def test_new_refuses_a_folder_in_use(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("new", tmp_path)
    assert result.status == 1
    assert result.stderr.strip() == f"{tmp_path}: already exists and is not empty; choose a new folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_new_titles_become_safe_names():
    assert slugify("Iraq–US Relations: 2020") == "iraq-us-relations-2020"
    assert slugify("Économie & Société") == "economie-societe"


def test_progress_prints_each_stage_without_a_spinner_when_piped(tmp_path: Path):
    stream = io.StringIO()
    with Progress(stream) as progress:
        progress.report("load and validate", 0.123)
        progress.report("layout and PDF", 2.5)
    assert stream.getvalue() == "  load and validate     0.12 s\n  layout and PDF        2.50 s\n"


def test_progress_spins_on_a_terminal():
    stream = io.StringIO()
    with Progress(stream, interactive=True) as progress:
        time.sleep(0.25)
        progress.report("charts", 0.2)
    output = stream.getvalue()
    assert "working…" in output and "\r\033[K  charts                0.20 s\n" in output
    assert output.endswith("\r\033[K")


@pytest.fixture
def preview(tmp_path: Path):
    folder = tmp_path / "brief"
    create(folder, TITLE, "Example Institute", "A. Writer")
    log = io.StringIO()
    server = Preview(Options(content=folder, out=tmp_path / "dist"), port=0, interval=0.05, stream=log).start()
    yield server, folder, log
    server.stop()


def test_watch_serves_rebuilds_and_survives_a_broken_file(preview):
    server, folder, log = preview
    status = lambda: json.loads(get(server.url + "__briefpress/status")[1])
    wait_for(lambda: status()["pdf"] == "ready", "the first build")
    code, page = get(server.url)
    assert code == 200 and b"<h1 class=\"cover-title\">Water Policy: A Starter</h1>" in page
    assert b"/__briefpress/status" in page  # the reload script, in the served page only
    code, pdf = get(server.url + "water-policy-a-starter.pdf")
    assert code == 200 and pdf.startswith(b"%PDF-")
    links = re.findall(rb'href="(water-policy-a-starter-data/[a-z0-9-]+\.csv)" download', page)
    assert links, "the starter's tables link their data"
    code, data = get(server.url + links[0].decode())
    assert code == 200 and b"," in data.split(b"\r\n")[0] and data.endswith(b"\r\n")
    assert PdfReader(io.BytesIO(pdf)).attachments  # the preview's PDF carries the data too

    section = folder / "sections" / "01-writing.md"
    original = section.read_text(encoding="utf-8")
    section.write_text(original.replace("Write short paragraphs", "Write vivid paragraphs now"), encoding="utf-8")
    wait_for(lambda: b"Write vivid paragraphs now" in get(server.url)[1], "the new web edition")
    wait_for(lambda: status()["pdf"] == "ready" and status()["pdf_version"] == 2, "the new PDF")
    pdf = get(server.url + "water-policy-a-starter.pdf")[1]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Write vivid paragraphs now" in " ".join(text.split())
    lines = log.getvalue().splitlines()
    rebuild = lines[next(i for i, line in enumerate(lines) if line.startswith("changed: ")):]
    assert rebuild[0] == f"changed: {section}"
    assert rebuild[1].startswith("  web edition") and rebuild[2].startswith("  PDF")

    brief_yaml = folder / "brief.yaml"
    good = brief_yaml.read_text(encoding="utf-8")
    brief_yaml.write_text(good.replace("status: draft", "status: [draft"), encoding="utf-8")
    wait_for(lambda: status()["problems"], "the build error")
    problem = status()["problems"][0]
    assert re.fullmatch(rf"{re.escape(str(brief_yaml))}:\d+:\d+: YAML: .+", problem), problem
    code, page = get(server.url)
    assert code == 200 and b"Build failed" in page and b"Write vivid paragraphs now" in page
    assert problem in log.getvalue()
    assert get(server.url + "water-policy-a-starter.pdf")[0] == 200  # the last good PDF stays

    brief_yaml.write_text(good.replace("title: \"Water Policy: A Starter\"", "title: \"Water Policy: Fixed\""),
                          encoding="utf-8")
    wait_for(lambda: not status()["problems"] and status()["pdf"] == "ready", "the recovery")
    page = get(server.url)[1]
    assert b"Water Policy: Fixed" in page and b"Build failed" not in page
    assert not (folder.parent / "dist").exists()  # the preview serves from memory and writes nothing


def test_watch_usage_errors(tmp_path: Path):
    result = run_cli("watch", "--content", tmp_path / "missing")
    assert result.status == 2
    assert result.stderr.strip() == f"build.py watch: error: --content {tmp_path / 'missing'}: not a folder"
    assert run_cli("watch", "--port", "http").status == 2


def test_watch_serves_the_pdf_build_writes_for_the_same_options(tmp_path: Path):
    from briefpress.cli import command_parser
    from briefpress.cli.arguments import options_from, read_limits

    argv = ["--content", str(MINIMAL), "--language", "en", "--paper", "letter", "--pdf-variant", "pdf/a-3b", "--no-cache"]
    args = command_parser("build.py", "watch").parse_args(argv)
    server = Preview(options_from(args, args.content, read_limits(args)), port=0, interval=0.05,
                     stream=io.StringIO()).start()
    try:
        status = lambda: json.loads(get(server.url + "__briefpress/status")[1])
        wait_for(lambda: status()["pdf"] in ("ready", "failed"), "the first build")
        assert status()["pdf"] == "ready", status()["problems"]
        served = get(server.url + "minimal.pdf")[1]
    finally:
        server.stop()
    built = run_cli("build", *argv, "--out", tmp_path / "out")
    assert built.status == 0, built.stderr
    assert served == (tmp_path / "out" / "minimal.pdf").read_bytes()
    box = PdfReader(io.BytesIO(served)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter, in points
