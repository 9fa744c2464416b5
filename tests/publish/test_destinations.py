"""Publishing is all or nothing, and only inside --out: never over the brief, never through a link."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MINIMAL, run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_brief_where_its_data_folder_goes_is_not_replaced(tmp_path: Path):
    content = Path(shutil.copytree(MINIMAL, tmp_path / "t" / "minimal-data"))
    before = snapshot(content)
    result = run_cli("--content", content, "--out", tmp_path / "t")
    assert result.status == 1
    assert result.stderr == (f"{tmp_path / 't'}: --out {tmp_path / 't'} holds the brief's folder: "
                             "choose a folder of its own for the outputs\n")
    assert snapshot(content) == before


def test_out_may_not_be_the_brief_or_the_root_folder(tmp_path: Path):
    content = Path(shutil.copytree(MINIMAL, tmp_path / "brief"))
    before = snapshot(content)
    same = run_cli("--content", content, "--out", content)
    assert same.status == 1
    assert same.stderr == f"{content}: --out {content} is the brief's own folder: choose a folder of its own for the outputs\n"
    root = run_cli("--content", content, "--out", "/")
    assert root.status == 1
    assert root.stderr == "/: --out / is the root folder: choose a folder of its own for the outputs\n"
    assert snapshot(content) == before


def test_a_file_where_the_data_folder_goes_changes_nothing(tmp_path: Path):
    out = tmp_path / "dist"
    assert run_cli("--content", MINIMAL, "--out", out).status == 0
    shutil.rmtree(out / "minimal-data")
    (out / "minimal-data").write_text("in the way\n")
    before = snapshot(out)
    result = run_cli("--content", MINIMAL, "--out", out, "--paper", "letter")
    assert result.status == 1
    assert result.stderr == (f"{out / 'minimal-data'}: cannot write the outputs: a file stands where the output "
                             "folder goes\n")
    assert snapshot(out) == before  # the PDF, the web edition and the manifest alike


def test_the_lock_is_never_written_through_a_link(tmp_path: Path):
    out = tmp_path / "dist"
    out.mkdir()
    target = tmp_path / "elsewhere.txt"
    (out / ".briefpress.lock").symlink_to(target)
    result = run_cli("--content", MINIMAL, "--out", out)
    assert result.status == 1
    assert result.stderr == f"{out / '.briefpress.lock'}: the output folder's lock file is a link\n"
    assert not target.exists()
    assert sorted(p.name for p in out.iterdir()) == [".briefpress.lock"]
