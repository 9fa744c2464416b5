"""Page-image regression: selected pages of the built brief compared with reference images.

The references are small PNGs in tests/references/ (30 dpi): four pages of the real brief in A4 and in
Letter, and of the second test brief (tests/fixtures/norland) in both papers. After an intended change of the design
or the content, refresh them on purpose and review the new images before committing:

    .venv/bin/python -m pytest tests/printing/test_pixels.py --update-references

(or set BRIEFPRESS_UPDATE_REFERENCES=1). A failing comparison writes the new page and an image of
the differences to build/pixel-diffs/ for review.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT
from PIL import Image, ImageChops
from pypdf import PdfReader

SLUG = "iraq-us-relations"
REFERENCES = PROJECT / "tests" / "references"
DIFFS = PROJECT / "build" / "pixel-diffs"
DPI = 30
# A pixel differs when a channel moves by more than this; a page fails when more than
# TOLERANCE of its pixels differ (antialiasing noise stays far below both).
CHANNEL_DELTA = 48
TOLERANCE = 0.004
# Pages chosen by what they show, so that they follow the content when pages shift.
PAGES = {"cover": None, "contents": "contents", "table-and-figure": "table-staffing", "chronology": "chronology"}
SECOND = PROJECT / "tests" / "fixtures" / "norland"
# The second test brief, and both briefs in Letter: (brief, paper) -> pages, each named by what it shows.
OTHERS = {("iraq-us-relations", "letter"): PAGES,
          ("norland-aid", "a4"): {"cover": None, "contents": "contents", "table-and-figure": "table-aid-totals",
                                  "chronology": "chronology"},
          ("norland-aid", "letter"): {"cover": None, "table-and-figure": "table-aid-totals", "chronology": "chronology"}}


def page_number(reader: PdfReader, anchor: str | None) -> int:
    if anchor is None:
        return 1
    return reader.get_destination_page_number(reader.named_destinations[anchor]) + 1


def render_page(pdf: Path, number: int, target: Path) -> Image.Image:
    prefix = target.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(number), "-l", str(number), "-singlefile", "-png",
                    str(pdf), str(prefix)], check=True)
    return Image.open(prefix.with_suffix(".png")).convert("RGB")


def differing_share(actual: Image.Image, expected: Image.Image) -> tuple[float, Image.Image]:
    diff = ImageChops.difference(actual, expected)
    mask = diff.convert("L").point(lambda value: 255 if value > CHANNEL_DELTA else 0)
    changed = mask.histogram()[255]
    return changed / (mask.width * mask.height), mask


def updating(config: pytest.Config) -> bool:
    return bool(config.getoption("--update-references") or os.environ.get("BRIEFPRESS_UPDATE_REFERENCES"))


@pytest.mark.parametrize("name", list(PAGES))
def test_page_matches_reference(name: str, built_brief: Path, tmp_path: Path, request: pytest.FixtureRequest):
    _compare(built_brief / f"{SLUG}.pdf", PAGES[name], name, tmp_path, request)


@pytest.fixture(scope="module")
def other_builds(tmp_path_factory: pytest.TempPathFactory, built_norland: Path,
                 built_letter: Path) -> dict[tuple[str, str], Path]:
    from conftest import run_cli

    # The session's builds: Norland on its own paper, the real brief on Letter.
    built = {("norland-aid", "a4"): built_norland / "norland-aid.pdf", (SLUG, "letter"): built_letter}
    for slug, paper in OTHERS:
        if (slug, paper) in built:
            continue
        out = tmp_path_factory.mktemp(f"{slug}-{paper}")
        result = run_cli("--content", SECOND, "--out", out, "--paper", paper)
        assert result.status == 0, result.stderr
        built[(slug, paper)] = out / f"{slug}.pdf"
    return built


@pytest.mark.parametrize(("slug", "paper", "name"),
                         [(slug, paper, name) for (slug, paper), pages in OTHERS.items() for name in pages])
def test_page_of_the_other_briefs_and_papers_matches_reference(slug: str, paper: str, name: str, other_builds,
                                                              tmp_path: Path, request: pytest.FixtureRequest):
    _compare(other_builds[(slug, paper)], OTHERS[(slug, paper)][name], f"{slug}-{paper}-{name}", tmp_path, request)


def _compare(pdf: Path, anchor: str | None, name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    number = page_number(PdfReader(pdf), anchor)
    matches_reference(render_page(pdf, number, tmp_path / name), name, request, f"page {number} ({name})")


def matches_reference(actual: Image.Image, name: str, request: pytest.FixtureRequest, what: str,
                      tolerance: float = TOLERANCE) -> None:
    """``actual`` against tests/references/<name>.png, or saved there when refreshing the references."""
    reference = REFERENCES / f"{name}.png"
    if updating(request.config):
        actual.save(reference, optimize=True)
        return
    assert reference.exists(), f"no reference {reference}; create it with --update-references"
    expected = Image.open(reference).convert("RGB")
    if actual.size == expected.size:
        share, mask = differing_share(actual, expected)
        if share <= tolerance:
            return
    else:
        share, mask = 1.0, None
    DIFFS.mkdir(parents=True, exist_ok=True)
    actual.save(DIFFS / f"{name}-actual.png")
    if mask is not None:
        Image.composite(Image.new("RGB", actual.size, (220, 0, 0)), actual.convert("L").convert("RGB"),
                        mask).save(DIFFS / f"{name}-diff.png")
    pytest.fail(f"{what} differs from {reference.name} in {share:.2%} of its pixels "
                f"(size {actual.size} vs {expected.size}); see {DIFFS}/{name}-*.png, and refresh with "
                "--update-references if the change is intended")
