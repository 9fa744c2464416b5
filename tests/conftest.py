"""Shared fixtures: the real brief, copies of it to break, and the CLI run in-process."""
from __future__ import annotations

import fcntl
import io
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefpress.cli import main

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"
# The web editions are checked in Debian's Chromium (driven by Playwright, no browser download), with axe-core
# and the Nu Html Checker from the npm packages .ci/run installs into node_modules/.
CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str


def run_cli(*argv: str | Path) -> Run:
    """Run ``build.py`` in-process; returns the exit status and both streams."""
    out, err = io.StringIO(), io.StringIO()
    status = main([str(a) for a in argv], stdout=out, stderr=err)
    return Run(status, out.getvalue(), err.getvalue())


def problems(content: Path) -> list[str]:
    """Every problem validating ``content`` reports, as printed; the content must be invalid."""
    from briefpress import ContentError, load

    with pytest.raises(ContentError) as caught:
        load(content)
    return [str(p) for p in caught.value.problems]


def line_of(path: Path, needle: str) -> int:
    """The number of the first line of ``path`` holding ``needle``."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium for a module's tests; skipped, saying why, where it or Playwright is missing."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package chromium)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file, which must contain it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_original(target: Path) -> Path:
    """A copy of the real brief's content folder without its translations (an edit to the original
    would make them differ from it, which is its own error; tests/content/test_translation.py tries it)."""
    shutil.copytree(CONTENT, target, ignore=lambda folder, names: ["translations"] if Path(folder) == CONTENT else [])
    return target


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the real brief's content folder (its original only), to edit or break."""
    return copy_original(tmp_path / "content")


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, *argv: str | Path) -> Path:
    """The output folder of ``build ARGV``, made once per test session and shared by its workers (the
    first to need it builds it while the others wait): a read-only build that several modules look at."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    session = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    out, done = session / f"shared-{name}", session / f"shared-{name}.done"
    with open(session / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            result = run_cli(*argv, "--out", out)
            assert result.status == 0, result.stderr  # a layout defect on any page fails the build
            assert ": warning: " not in result.stdout  # and no page is left more than half empty
            done.touch()
    return out


@pytest.fixture(scope="session")
def built_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real brief, both editions (the original and its Arabic translation); returns the output folder."""
    out = built_once(tmp_path_factory, "brief", "--content", CONTENT)
    assert_readable_pdf(out / "iraq-us-relations.pdf")
    return out


@pytest.fixture(scope="session")
def built_letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real brief (its original) printed on US Letter; returns the PDF."""
    return built_once(tmp_path_factory, "letter", "--content", CONTENT, "--language", "en", "--paper",
                      "letter") / "iraq-us-relations.pdf"


MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
NORLAND = Path(__file__).resolve().parent / "fixtures" / "norland"


@pytest.fixture(scope="session")
def built_norland(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second test brief (fictional), in its own paper (A4); returns the output folder."""
    return built_once(tmp_path_factory, "norland", "--content", NORLAND)


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A private copy of the small valid fixture brief, to break one mistake at a time."""
    target = tmp_path / "brief"
    shutil.copytree(MINIMAL, target)
    return target


def assert_readable_pdf(path: Path) -> None:
    """The PDF passes ``qpdf --check`` and both poppler and MuPDF read its text."""
    import subprocess

    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    text = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True)
    assert text.returncode == 0 and text.stdout.strip(), text.stderr
    mutool = subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(path)],
                            capture_output=True, text=True)
    assert mutool.returncode == 0 and mutool.stdout.strip(), mutool.stderr


class _Recorder:
    """An HTTP server on 127.0.0.1 that records every request it receives."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def http_recorder():
    """A local HTTP server that must never be asked for anything by a build."""
    recorder = _Recorder()
    yield recorder
    recorder.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-references", action="store_true",
                     help="rewrite the reference page images in tests/references/ from this build")


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


DELETED_SENTENCE = " At one point, the Department of State (DOS) had nearly 20,000 personnel on its payroll in Iraq."


def next_version(target: Path, source: Path = CONTENT) -> Path:
    """Version 1.1 of the real brief in ``target``: one table number changed (the 2012 staffing level,
    16,298 → 16,300), one sentence deleted and one event redated (2006 → 2007), with its revision listed."""
    shutil.copytree(source, target)
    edit(target / "tables" / "staffing.yaml", "staff: 16298", "staff: 16300")
    edit(target / "sections" / "02-embassy.md", DELETED_SENTENCE, "")
    edit(target / "chronology.yaml", 'date: "2006"', 'date: "2007"')
    edit(target / "brief.yaml", 'version: "1.0"', 'version: "1.1"')
    edit(target / "brief.yaml", 'date: "2026-11-27"', 'date: "2026-12-01"')
    edit(target / "brief.yaml", "    summary: First edition, current to 6 January 2020.\n",
         "    summary: First edition, current to 6 January 2020.\n"
         '  - version: "1.1"\n    date: "2026-12-01"\n'
         "    summary: Corrects the 2012 staffing level and the date of the 2006 survey peak.\n")
    return target


# The longest modules go first, so that neither worker is left running one of them alone at the end (the
# workers take whole modules, --dist loadscope, so a module's fixtures are built once).
LONGEST_FIRST = ("test_print_design.py", "test_part_layout.py", "test_install.py", "test_copies.py", "test_archival_pdf.py", "test_site.py",
                 "test_plans.py", "test_themes.py", "test_reproducible.py", "test_authoring.py", "test_customizing.py",
                 "test_build.py", "test_safety.py", "test_pixels.py", "test_cluster.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
