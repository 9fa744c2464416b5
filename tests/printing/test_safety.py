"""Bounded and atomic builds: limits, interrupts, a full disk, concurrent builds, and what is read."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CONTENT, PROJECT, assert_readable_pdf, run_cli

from briefpress import Location, Options, RenderError, build
from briefpress.errors import display_path
from briefpress.printing.engine import print_pdf
from briefpress.printing.job import PrintJob
from briefpress.printing.sandbox import Sandbox
from briefpress.render.theme import STYLES, TEMPLATES

PREVIOUS = {"minimal.pdf": b"%PDF-1.7 previous build\n", "minimal.html": b"<p>previous build</p>\n"}


def previous_output(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in PREVIOUS.items():
        (folder / name).write_bytes(data)
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".briefpress.lock"}


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:  # a thread that ended while being looked at
            pass
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_time_limit_is_a_clean_error(minimal_copy: Path, tmp_path: Path):
    out = previous_output(tmp_path / "dist")
    before = children(os.getpid())
    result = run_cli("--content", minimal_copy, "--out", out, "--time-limit", "0.001")
    assert result.status == 1
    assert result.stderr.splitlines() == [
        f"{display_path(minimal_copy / 'brief.yaml')}: layout exceeded the time limit of 0.001 s"]
    assert contents(out) == PREVIOUS
    assert children(os.getpid()) <= before  # the printer was stopped


def test_memory_limit_is_a_clean_error(minimal_copy: Path, tmp_path: Path):
    out = previous_output(tmp_path / "dist")
    result = run_cli("--content", minimal_copy, "--out", out, "--memory-limit", "1")
    assert result.status == 1
    (line,) = [line for line in result.stderr.splitlines() if not line.startswith("(process")]
    assert line.startswith(f"{display_path(minimal_copy / 'brief.yaml')}: layout exceeded the memory limit of 1 MiB")
    assert contents(out) == PREVIOUS


def test_limits_from_the_environment(minimal_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BRIEFPRESS_TIME_LIMIT", "0.002")
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "dist")
    assert result.stderr.strip().endswith("layout exceeded the time limit of 0.002 s")
    assert not (tmp_path / "dist").exists()
    monkeypatch.setenv("BRIEFPRESS_TIME_LIMIT", "soon")
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "dist")
    assert result.status == 2
    assert result.stderr == "build.py: error: $BRIEFPRESS_TIME_LIMIT: time limit must be a number of seconds, got 'soon'\n"


@pytest.mark.parametrize("option, value", [("--time-limit", "0"), ("--time-limit", "x"), ("--memory-limit", "-1")])
def test_bad_limit_is_a_usage_error(option: str, value: str):
    assert run_cli("--content", CONTENT, option, value).status == 2


def _build_process(content: Path, out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "BRIEFPRESS_NO_BOOTSTRAP": "1", "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--content", str(content), "--out", str(out),
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=_interruptible)


def _interruptible() -> None:
    # A suite started in the background by a shell inherits SIGINT ignored, which exec keeps and Python then
    # leaves alone: the build must be interruptible as it is from a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _slow_to_lay_out(content: Path, events: int = 400) -> Path:
    """Lengthen the brief's chronology so its layout takes seconds: the printer now starts at once,
    so a brief that lays out in a blink could finish before a signal sent to it arrives."""
    path = content / "chronology.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "".join(
        f'  - id: filler-{n}\n    date: "{1900 + n // 12}-{n % 12 + 1:02d}"\n    title: Filler event {n}\n'
        f"    text: An event that makes the chronology long.\n    sources: [globalsecurity]\n"
        for n in range(events)), encoding="utf-8")
    return content


def _wait_for_printer(process: subprocess.Popen) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for child in children(process.pid):
            try:
                if b"briefpress.printing.child" in Path(f"/proc/{child}/cmdline").read_bytes():
                    return child
            except OSError:  # it ended while being looked at
                pass
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError("the printer process never started")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_build_leaves_previous_output(signum: int, minimal_copy: Path, tmp_path: Path):
    out = previous_output(tmp_path / "dist")
    process = _build_process(_slow_to_lay_out(minimal_copy), out)
    printer = _wait_for_printer(process)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "build.py: interrupted; the output folder is unchanged" in stderr
    assert "Traceback" not in stderr + stdout
    assert contents(out) == PREVIOUS
    assert not any(p.name.startswith(".staging") for p in out.iterdir())
    assert not alive(printer)


def test_killed_build_takes_its_printer_along(minimal_copy: Path, tmp_path: Path):
    out = previous_output(tmp_path / "dist")
    process = _build_process(_slow_to_lay_out(minimal_copy), out)
    printer = _wait_for_printer(process)
    process.kill()
    process.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while alive(printer) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(printer)
    assert contents(out) == PREVIOUS


def test_full_disk_leaves_previous_output(minimal_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import briefpress.publish.output

    def half_then_full(path: Path, data: bytes) -> None:
        path.write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(briefpress.publish.output, "_write_synced", half_then_full)
    out = previous_output(tmp_path / "dist")
    result = run_cli("--content", minimal_copy, "--out", out)
    assert result.status == 1
    assert result.stderr.splitlines() == [f"{display_path(out)}: cannot write the outputs: No space left on device"]
    assert contents(out) == PREVIOUS
    assert [p.name for p in out.iterdir() if p.is_dir()] == []


def test_concurrent_builds_into_one_folder(minimal_copy: Path, tmp_path: Path):
    other = tmp_path / "other"
    other.mkdir()
    import shutil

    shutil.copytree(minimal_copy, other / "brief")
    brief = other / "brief" / "brief.yaml"
    brief.write_text(brief.read_text().replace("title: Minimal Brief", "title: Second Brief"))
    out = previous_output(tmp_path / "dist")
    processes = [_build_process(minimal_copy, out), _build_process(other / "brief", out)]
    for process in processes:
        _stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    html = (out / "minimal.html").read_text(encoding="utf-8")
    text = subprocess.run(["pdftotext", str(out / "minimal.pdf"), "-"], capture_output=True, text=True).stdout
    title = "Second Brief" if "Second Brief" in html else "Minimal Brief"
    assert f"<title>{title}" in html and title in text  # both outputs come from the same build
    assert not any(p.name.startswith(".staging") for p in out.iterdir())
    assert_readable_pdf(out / "minimal.pdf")


def test_real_brief_reads_nothing_outside_its_roots(tmp_path: Path):
    result = build(Options(content=CONTENT, language="en", out=tmp_path / "dist", cache=None))
    roots = [CONTENT.resolve(), TEMPLATES.resolve(), STYLES.resolve()]
    assert result.served, "the printer read no file at all"
    outside = [path for path in result.served if not any(Path(path).is_relative_to(root) for root in roots)]
    assert outside == []
    assert any(Path(path).suffix == ".woff2" for path in result.served)
    assert_readable_pdf(result.outputs[0].path)


def test_built_pdfs_are_readable(built_brief: Path, minimal_copy: Path, tmp_path: Path):
    assert_readable_pdf(built_brief / "iraq-us-relations.pdf")
    assert run_cli("--content", minimal_copy, "--out", tmp_path / "dist").status == 0
    assert_readable_pdf(tmp_path / "dist" / "minimal.pdf")


def test_printer_refuses_what_the_checks_missed(tmp_path: Path, http_recorder):
    """The fetcher enforces the sandbox by itself, for whatever reaches the printer unchecked."""
    html = (f'<html lang="en"><head><title>t</title></head><body><img src="file:///etc/passwd" alt="x">'
            f'<img src="http://127.0.0.1:{http_recorder.port}/x.png" alt="y"></body></html>')
    requests = len(http_recorder.requests)
    with pytest.raises(RenderError) as caught:
        print_pdf(PrintJob(html, (), (tmp_path,), tmp_path, Location("test.html"), variant=None))
    messages = [str(problem) for problem in caught.value.problems]
    assert "test.html: fetch refused: 'file:///etc/passwd' is outside the brief, templates and styles" in messages
    assert (f"test.html: fetch refused: 'http://127.0.0.1:{http_recorder.port}/x.png' is not allowed: "
            "the build reads no network resource") in messages
    assert len(http_recorder.requests) == requests


def test_sandbox_refuses_devices_pipes_links_and_large_files(tmp_path: Path):
    (tmp_path / "big.css").write_bytes(b"x" * 2048)
    os.mkfifo(tmp_path / "pipe.css")
    os.symlink("/etc/hostname", tmp_path / "link.css")
    os.symlink("/dev/zero", tmp_path / "zero.png")
    sandbox = Sandbox([tmp_path], max_bytes=1024)
    uri = tmp_path.as_uri()
    assert sandbox.refusal(f"{uri}/big.css") == "is 2,048 bytes, over the limit of 1,024"
    assert sandbox.refusal(f"{uri}/pipe.css") == "is not a regular file"
    assert sandbox.refusal(f"{uri}/link.css") == "is outside the brief, templates and styles"
    assert sandbox.refusal(f"{uri}/zero.png") == "is outside the brief, templates and styles"
    assert sandbox.refusal("file://example.org/x.css") == "names another host"
    assert sandbox.refusal("ftp://127.0.0.1/x") == "is not allowed: the build reads no network resource"
    assert sandbox.refusal("data:text/css,body{}") is None


def test_an_interrupt_while_the_printer_starts_is_raised_once_the_printer_is_known():
    from briefpress.printing.worker import _interrupts_held

    class Interrupted(BaseException):
        pass

    def interrupted(signum: int, frame: object) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGTERM, interrupted)
    started = []
    try:
        with pytest.raises(Interrupted), _interrupts_held():
            signal.raise_signal(signal.SIGTERM)  # as the build's own handler would raise, inside Popen
            started.append("the child, known to the worker")
        assert started == ["the child, known to the worker"]
        assert signal.getsignal(signal.SIGTERM) is interrupted
    finally:
        signal.signal(signal.SIGTERM, previous)
