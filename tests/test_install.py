"""Installed as a tool: the wheel carries the built-in theme, and `briefpress` builds a brief kept anywhere."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

from conftest import PROJECT
from pypdf import PdfReader


def run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


DECLARED = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_lock(lock: str) -> str:
    """The lock's entries for briefpress's own dependencies and theirs (extras they ask for included)."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    needed: set[str] = set()
    todo = [("briefpress", frozenset[str]())]
    while todo:
        name, extras = todo.pop()
        try:  # briefpress's own from pyproject.toml: an installed copy's metadata may be older
            requirements = DECLARED if name == "briefpress" else distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for text in requirements:
            requirement = Requirement(text)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": extra})
                                              for extra in ("", *extras)):
                continue
            key = _canonical(requirement.name)
            if key not in needed or requirement.extras:
                needed.add(key)
                todo.append((key, frozenset(requirement.extras)))
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock)
    return "\n".join(entry for entry in entries if _canonical(entry.split("==", 1)[0]) in needed) + "\n"


def test_pip_install_gives_a_briefpress_command_that_builds_anywhere(tmp_path: Path):
    # Built from a copy, so that the build's own scratch folders stay out of the checkout.
    source = tmp_path / "source"
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns(".*", "node_modules", "dist", "build", "*.egg-info"))
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source, cwd=tmp_path)
    wheel = next(wheels.glob("briefpress-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {path.relative_to(PROJECT).as_posix() for folder in ("templates", "styles")
               for path in (PROJECT / folder).rglob("*") if path.is_file()}
    assert {f"briefpress/{name}" for name in shipped} <= names
    assert "briefpress-0.1.0.dist-info/entry_points.txt" in names

    environment = tmp_path / "env"
    venv.create(environment, with_pip=False)  # this pip installs into it (--python): no copy of pip to set up
    python = environment / "bin" / "python"
    # --no-compile: the bytecode is written on first import instead, which is all a one-off check needs.
    # What the package itself needs, at the lock's pinned versions and hashes (the test tools left out): a
    # dependency the package imports but does not declare fails here.
    runtime = tmp_path / "runtime.lock"
    runtime.write_text(runtime_lock((PROJECT / "requirements.lock").read_text(encoding="utf-8")), encoding="utf-8")
    pip = (sys.executable, "-m", "pip", "--python", python)
    run(*pip, "install", "-q", "--no-compile", "--require-hashes", "-r", runtime, cwd=tmp_path)
    run(*pip, "install", "-q", "--no-deps", wheel, cwd=tmp_path)
    command = environment / "bin" / "briefpress"
    # Outside the checkout, with its own cache, and nothing of the checkout on the path.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["BRIEFPRESS_CACHE"] = str(tmp_path / "cache")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    help_text = run(command, "--help", cwd=elsewhere, env=env).stdout
    assert all(name in help_text for name in ("build", "check", "new", "watch", "stamp", "sign", "inspect"))
    assert run(command, "--version", cwd=elsewhere, env=env).stdout.strip() == "briefpress 0.1.0"
    run(command, "new", "notes", "--title", "Installed Tool Check", cwd=elsewhere, env=env)
    run(command, "build", "--content", "notes", "--out", "out", cwd=elsewhere, env=env)
    pdf = elsewhere / "out" / "installed-tool-check.pdf"
    assert "Installed Tool Check" in PdfReader(pdf).pages[0].extract_text()
    located = run(python, "-c", "import briefpress.support.locations as l; print(l.TEMPLATES)", cwd=elsewhere, env=env)
    assert Path(located.stdout.strip()).is_relative_to(environment)  # the wheel's own templates, not the checkout's
