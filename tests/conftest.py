"""Shared fixtures: the real brief, copies of it to break, and the CLI run in-process."""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefpress.cli import main

PROJECT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT / "content"


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


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of the real brief's content folder, to edit or break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real brief built once per test session; returns the output folder."""
    out = tmp_path_factory.mktemp("dist")
    result = run_cli("--content", CONTENT, "--out", out)
    assert result.status == 0, result.stderr
    return out
