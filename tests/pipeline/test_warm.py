"""The fast paths: a warm builder, the HTML-only refresh, batches, the intermediate HTML, a quick CLI."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT, run_cli
from pypdf import PdfReader

from briefpress import RenderError
from briefpress.errors import Location, display_path
from briefpress.pipeline.builder import WarmBuilder
from briefpress.pipeline.options import Options
from briefpress.printing.job import PrintJob
from briefpress.printing.limits import Limits
from briefpress.printing.worker import PrintWorker

MINIMAL = PROJECT / "tests" / "fixtures" / "minimal"


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A private copy of the small fixture brief."""
    return Path(shutil.copytree(MINIMAL, tmp_path / "minimal"))


def test_intermediate_html_prints_the_same_pages_with_weasyprint(minimal: Path, tmp_path: Path):
    from weasyprint import HTML

    out = tmp_path / "out"
    result = run_cli("--content", minimal, "--out", out, "--keep-intermediate")
    assert result.status == 0, result.stderr
    html = (out / "minimal.print.html").read_text(encoding="utf-8")
    # Self-contained: every stylesheet inlined, every url() absolute or a data: URI.
    assert "<link" not in html
    assert all(url.startswith(("file:///", "data:")) for url in re.findall(r"url\('?([^')]+)", html))
    HTML(filename=out / "minimal.print.html").write_pdf(tmp_path / "raw.pdf", pdf_variant="pdf/ua-1", pdf_tags=True)
    assert page_texts(tmp_path / "raw.pdf") == page_texts(out / "minimal.pdf")


def test_warm_builder_follows_content_and_style_edits(minimal: Path, tmp_path: Path):
    style = tmp_path / "extra.css"
    style.write_text("/* nothing yet */\n")
    out = tmp_path / "out"
    section = minimal / "sections" / "01-staffing.md"
    with WarmBuilder(Options(content=minimal, out=out, styles=(style,))) as builder:
        builder.build()
        printer = builder.printer._process.pid
        # A new stylesheet's parse takes memory of its own: this is about following edits, not the allowance.
        builder.printer.replace_after_growth = 1.0
        pdf_before = (out / "minimal.pdf").read_bytes()

        section.write_text(section.read_text().replace("rightsizing", "Zanzibar", 1))
        refreshed = builder.refresh_html()
        assert [o.path.name for o in refreshed.outputs] == ["minimal.html"]
        assert "Zanzibar" in (out / "minimal.html").read_text()
        assert (out / "minimal.pdf").read_bytes() == pdf_before

        style.write_text('h2::after { content: " QXQ"; }\n')
        builder.build()
        assert builder.printer._process.pid == printer
    text = " ".join(page_texts(out / "minimal.pdf"))
    assert "Zanzibar" in text and "QXQ" in text


def test_warm_printer_over_the_time_limit_fails_then_a_fresh_one_takes_over(minimal: Path, tmp_path: Path):
    out = tmp_path / "out"
    with WarmBuilder(Options(content=minimal, out=out, limits=Limits(seconds=0.01))) as builder:
        with pytest.raises(RenderError) as caught:
            builder.build()
        assert [str(p) for p in caught.value.problems] == [
            f"{display_path(minimal / 'brief.yaml')}: layout exceeded the time limit of 0.01 s"]
        assert not out.exists()
        builder.printer.limits = Limits()
        builder.build()
    assert (out / "minimal.pdf").is_file()


def test_batch_builds_each_brief_into_its_folder_and_reports_the_broken_one(minimal: Path, tmp_path: Path):
    second = Path(shutil.copytree(minimal, tmp_path / "second"))
    brief = second / "brief.yaml"
    brief.write_text(brief.read_text().replace("slug: minimal", "slug: second-brief", 1))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "brief.yaml").write_text("slug: [\n")
    out = tmp_path / "out"
    result = run_cli("--content", minimal, "--content", second, "--content", broken, "--out", out, "--jobs", "2")
    assert result.status == 1
    assert sorted(str(p.relative_to(out)) for p in out.glob("*/*.*") if not p.name.startswith(".")) == [
        "minimal/manifest.json", *(f"minimal/minimal.{suffix}" for suffix in ("bib", "html", "json", "pdf", "ris")),
        "second-brief/manifest.json", *(f"second-brief/second-brief.{suffix}" for suffix in
                                        ("bib", "html", "json", "pdf", "ris"))]
    assert re.search(r"broken/brief\.yaml:\d+", result.stderr)
    assert "built 2 of 3 briefs in" in result.stdout


def test_batch_refuses_two_briefs_with_one_slug(minimal: Path, tmp_path: Path):
    twin = Path(shutil.copytree(minimal, tmp_path / "twin"))
    (twin / "sections" / "01-staffing.md").write_text("broken, but never read")
    result = run_cli("--content", minimal, "--content", twin, "--out", tmp_path / "out", "--jobs", "1")
    assert result.status == 1
    assert result.stderr == (f"{display_path(twin / 'brief.yaml')}:1:1: slug 'minimal' is also the slug of "
                             f"{display_path(minimal)}: give each brief its own slug\n")
    assert "built 1 of 2 briefs in" in result.stdout


def test_jobs_must_be_positive():
    result = run_cli("--jobs", "0")
    assert result.status == 2
    assert result.stderr == "build.py: error: --jobs 0: must be at least 1\n"


def test_variant_list_matches_weasyprint():
    from weasyprint.pdf import VARIANTS

    from briefpress.printing.job import ACCESSIBLE_ARCHIVAL, variants

    assert sorted(set(variants()) - set(ACCESSIBLE_ARCHIVAL)) == sorted(name for name in VARIANTS if name.startswith("pdf/"))
    assert set(ACCESSIBLE_ARCHIVAL.values()) <= set(VARIANTS)  # each is WeasyPrint's tagged PDF/A, level A


def test_reading_the_command_line_does_not_import_weasyprint():
    code = "import sys, briefpress.cli; sys.exit('weasyprint' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=PROJECT).returncode == 0


def test_a_warm_printer_that_outgrew_its_allowance_hands_over_to_one_that_rehearsed_the_last_job(
        minimal: Path, tmp_path: Path):
    out = tmp_path / "out"
    section = minimal / "sections" / "01-staffing.md"
    with WarmBuilder(Options(content=minimal, out=out)) as builder:
        builder.build()
        first = builder.printer._process.pid
        builder.printer.replace_after_growth = -1.0  # any size is past the allowance, once the first is known
        builder.build()  # the memory after the first job comes with this reply
        assert builder.printer.understudy is None
        builder.build()  # ... and past it with this one: a fresh printer rehearses this job meanwhile
        understudy = builder.printer.understudy
        assert understudy is not None and builder.printer._process.pid == first
        deadline = time.monotonic() + 60
        while understudy.rehearsed() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        section.write_text(section.read_text().replace("rightsizing", "Zanzibar", 1))
        result = builder.build()  # the fresh printer takes over, with the brief's parts laid out
        assert builder.printer._process.pid not in (first, None) and builder.printer.understudy is None
        assert {step.strip() for step in result.printer if step.strip().startswith("part ")} == {"part section-staffing"}
    assert "Zanzibar" in " ".join(page_texts(out / "minimal.pdf"))


def test_a_printer_of_several_briefs_that_outgrew_its_allowance_is_replaced_at_once(tmp_path: Path):
    jobs = [PrintJob(f'<html lang="en"><title>{name}</title><p>Brief {name}</p></html>', (), (tmp_path,), tmp_path,
                     Location(f"{name}.html"), identifier=name)
            for name in ("one", "two", "one")]
    with PrintWorker(Limits.from_env(), replace_after_growth=-1.0) as worker:
        pids = []
        for job in jobs:
            worker.print(job)
            pids.append(worker._process.pid)
        assert worker.understudy is None  # no rehearsal of one brief's job before another's
        assert pids[0] == pids[1] != pids[2]  # the second reply told the first job's size, the third past it


def test_a_printer_that_rehearsed_an_older_job_lays_out_the_next_one_too_before_it_takes_over(tmp_path: Path):
    def job(text: str) -> PrintJob:
        return PrintJob(f'<html lang="en"><title>One</title><p>{text}</p></html>', (), (tmp_path,), tmp_path,
                        Location("one.html"), identifier="one")

    def rehearsed(understudy: PrintWorker) -> PrintJob | None:
        deadline = time.monotonic() + 60
        while (done := understudy.rehearsed()) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return done

    with PrintWorker(Limits.from_env(), replace_after_growth=-1.0) as worker:
        for n in range(3):
            worker.print(job(f"Edit {n}"))
        understudy = worker.understudy
        assert understudy is not None and rehearsed(understudy) is worker._last
        understudy._rehearsal = job("An edit long ago")  # as if the jobs since had come faster than it
        old = worker._process.pid
        worker.print(job("Edit 3"))  # it lays out this job too, and does not take over yet
        assert worker._process.pid == old and worker.understudy is understudy
        assert rehearsed(understudy) is worker._last
        worker.print(job("Edit 4"))
        assert worker.understudy is None and worker._process.pid not in (old, None)


def test_a_rehearsal_that_fails_gives_way_to_a_replacement_at_once(tmp_path: Path):
    job = PrintJob('<html lang="en"><title>One</title><p>Brief one</p></html>', (), (tmp_path,), tmp_path,
                   Location("one.html"), identifier="one")
    with PrintWorker(Limits.from_env(), replace_after_growth=-1.0) as worker:
        for _ in range(3):
            worker.print(job)
        understudy = worker.understudy
        assert understudy is not None and understudy._process is not None
        old, failed = worker._process.pid, understudy._process.pid
        understudy._process.kill()  # at once: it is still starting, far from done with its rehearsal
        understudy._process.wait()
        worker.print(job)
        assert worker._process.pid not in (old, failed) and worker.understudy is None


def test_a_printer_loads_weasyprints_libraries_without_running_a_compiler():
    # On Linux, ctypes looks for a library name the loader does not know by running gcc and ld.
    code = """if True:
        import ctypes.util, subprocess
        started = []
        popen = subprocess.Popen.__init__
        def recorded(self, args, *rest, **options):
            started.append(args)
            popen(self, args, *rest, **options)
        subprocess.Popen.__init__ = recorded
        find = ctypes.util.find_library
        from briefpress.printing.libraries import libraries_by_soname
        with libraries_by_soname():
            from weasyprint import HTML
            assert HTML(string="<p>text</p>").write_pdf().startswith(b"%PDF")
        assert started == [] and ctypes.util.find_library is find, started
    """
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
