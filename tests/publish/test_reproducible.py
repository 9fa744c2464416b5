"""Reproducible builds and the manifest: same sources, same bytes; every output listed with its hash."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import CONTENT, run_cli
from pypdf import PdfReader

SLUG = "iraq-us-relations"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_are_byte_identical(built_brief: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Charts rendered afresh too: nothing may depend on the cache or on when the build ran.
    result = run_cli("--content", CONTENT, "--out", tmp_path, "--no-cache")
    assert result.status == 0, result.stderr
    def hashes(folder: Path) -> dict[str, str]:
        return {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(folder.rglob("*"))
                if p.is_file() and not p.name.startswith(".")}

    built = hashes(built_brief)
    assert {f"{SLUG}.pdf", f"{SLUG}.html", "manifest.json"} <= set(built)
    assert hashes(tmp_path) == built


def test_manifest_lists_every_output(built_brief: Path):
    manifest = json.loads((built_brief / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["brief"] == {
        "slug": SLUG, "title": "Iraq–US Relations", "version": "1.0", "status": "final", "date": "2026-11-27",
        "language": "en", "subtitle": "From the Strategic Framework Agreement to the 2020 vote on foreign troops"}
    assert manifest["built"] == "2026-11-27T00:00:00Z"
    entries = {entry["path"]: entry for entry in manifest["outputs"]}
    # Both editions, the original and its Arabic translation, under one manifest.
    assert set(entries) == {f"{stem}{suffix}" for stem in (SLUG, f"{SLUG}.ar") for suffix in (
        ".pdf", ".html", ".bib", ".ris", ".json", "-data/datapackage.json",
        *(f"-data/{key}.csv" for key in ("opinion", "staffing", "trade-2011", "us-exports-h1")))}
    for name, entry in entries.items():
        assert entry["sha256"] == sha256(built_brief / name)
        assert entry["size"] == (built_brief / name).stat().st_size
    pdf = entries[f"{SLUG}.pdf"]
    assert pdf["pages"] == len(PdfReader(built_brief / f"{SLUG}.pdf").pages)
    assert (pdf["variant"], pdf["media_type"]) == ("pdf/ua-1", "application/pdf")
    assert entries[f"{SLUG}.html"]["pages"] is None and "variant" not in entries[f"{SLUG}.html"]
    assert entries[f"{SLUG}.ar.pdf"]["pages"] == len(PdfReader(built_brief / f"{SLUG}.ar.pdf").pages)


def test_source_date_epoch_sets_the_modification_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert run_cli("--content", CONTENT, "--language", "en", "--out", tmp_path).status == 0
    meta = PdfReader(tmp_path / f"{SLUG}.pdf").metadata
    assert meta["/ModDate"].startswith("D:20260101000000")
    assert meta["/CreationDate"].startswith("D:20261127")  # the brief's own date
    assert json.loads((tmp_path / "manifest.json").read_text())["built"] == "2026-01-01T00:00:00Z"


def test_bad_source_date_epoch_is_an_error_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = run_cli("--content", CONTENT, "--out", tmp_path / "out")
    assert result.status == 1
    assert result.stderr == (
        "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01, got 'yesterday'\n")
    assert not (tmp_path / "out").exists()


def test_source_date_epoch_past_year_9999_is_a_located_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    result = run_cli("--content", CONTENT, "--out", tmp_path / "out")
    assert (result.status, result.stderr) == (
        1, "SOURCE_DATE_EPOCH: '99999999999999999' is past the last date a PDF can hold (year 9999)\n")
    assert not (tmp_path / "out").exists()
