"""``diff OLD NEW``: the redline between two versions of the real brief, as HTML and PDF."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT, DELETED_SENTENCE, edit, next_version, run_cli
from pypdf import PdfReader

SLUG = "iraq-us-relations"


@pytest.fixture(scope="module")
def redline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("redline")
    newer = next_version(root / "v1.1")
    result = run_cli("diff", CONTENT, newer, "--out", root / "out")
    assert result.status == 0, result.stderr
    return root / "out", result.stdout


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_redline_shows_each_kind_of_change(redline):
    out, stdout = redline
    assert stdout.splitlines()[0] == f"{SLUG}: 8 changes from version 1.0 to 1.1"
    html = (out / f"{SLUG}.redline.html").read_text()
    # The table cell, old → new, and the same number where the prose quotes it.
    assert "<th scope=\"row\">2012 level</th><td>Personnel</td><td><del>16,298</del></td><td><ins>16,300</ins></td>" in html
    assert ('from <del><span class="visually-hidden">[deleted: </span>16,298<span class="visually-hidden">]</span></del> '
            '<ins><span class="visually-hidden">[inserted: </span>16,300<span class="visually-hidden">]</span></ins> in 2012') in html
    # The deleted sentence, whole, inside its paragraph.
    assert f"<del><span class=\"visually-hidden\">[deleted: </span>{DELETED_SENTENCE.strip()}" in html
    # The redated event, and the figure drawn from the changed table.
    assert "<del>2006</del> <ins>2007</ins></span> (redated) <span class=\"redline-event-title\">Sunni and Shia" in html
    assert "Figure 1. US Mission Iraq personnel" in html and "its data changed" in html
    # The PDF says the same.
    text = _pdf_text(out / f"{SLUG}.redline.pdf")
    assert "Changes to Iraq–US Relations" in text
    assert "From version 1.0 (27 November 2026) to version 1.1 (1 December 2026)" in text
    assert "16,298 16,300" in text and "20,000 personnel on its payroll" in text and "2006 2007 (redated)" in text
    assert "Version 1.1: Corrects the 2012 staffing level" in text


def test_a_brief_compared_with_itself_has_no_changes(tmp_path):
    result = run_cli("diff", CONTENT, CONTENT, "--out", tmp_path, "--web-only")
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines() == [f"{SLUG}: no changes from version 1.0 to 1.0", str(tmp_path / f"{SLUG}.redline.html")]
    assert "No changes: the two versions say the same." in (tmp_path / f"{SLUG}.redline.html").read_text()


def test_a_version_at_a_git_revision(tmp_path):
    repo = tmp_path / "repo"
    next_version(repo / "brief", CONTENT)  # the later version, committed first ...
    git = lambda *a: subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "version 1.1")
    (repo / "brief" / "sections" / "02-embassy.md").write_text("edited after the commit", encoding="utf-8")
    result = run_cli("diff", f"HEAD:{repo / 'brief'}", CONTENT, "--out", tmp_path / "out", "--web-only")
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{SLUG}: 8 changes from version 1.1 to 1.0"


def test_problems_of_a_version_at_a_revision_name_it(tmp_path):
    repo = tmp_path / "repo"
    next_version(repo / "brief", CONTENT)
    brief = repo / "brief" / "brief.yaml"
    brief.write_text(brief.read_text().replace("status: final", "status: finished"), encoding="utf-8")
    git = lambda *a: subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True)
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "broken")
    spec = f"HEAD:{repo / 'brief'}"
    result = run_cli("diff", spec, CONTENT, "--out", tmp_path / "out", "--web-only")
    assert result.status == 1
    assert result.stderr.startswith(f"{spec}/brief.yaml:7:1: status: expected 'draft' or 'final'")
    assert not (tmp_path / "out").exists()


def test_an_unknown_version_is_a_usage_error(tmp_path):
    result = run_cli("diff", tmp_path / "nowhere", CONTENT)
    assert result.status == 2
    assert result.stderr == (f"build.py diff: error: '{tmp_path / 'nowhere'}': no such folder (a folder at a git revision "
                             "is written REV:FOLDER)\n")


def test_a_brief_without_a_revision_history_and_in_arabic(tmp_path):
    from conftest import MINIMAL

    assert run_cli("diff", MINIMAL, MINIMAL, "--out", tmp_path, "--web-only").status == 0
    arabic = tmp_path / "valdorie-ar"
    shutil.copytree(CONTENT.parent / "tests" / "fixtures" / "valdorie-ar", arabic)
    edit(arabic / "brief.yaml", "بين عامي 2019 و2023.", "بين عامي 2019 و2023. وهو موجز للاختبار فقط.")
    result = run_cli("diff", CONTENT.parent / "tests" / "fixtures" / "valdorie-ar", arabic, "--out", tmp_path, "--web-only")
    assert result.status == 0 and result.stdout.splitlines()[0] == "valdorie-ar: 1 change from version 1.0 to 1.0"
    html = (tmp_path / "valdorie-ar.redline.html").read_text()
    assert '<html lang="ar" dir="rtl">' in html and "<span class=\"visually-hidden\">[مضاف: </span>وهو موجز للاختبار فقط." in html
