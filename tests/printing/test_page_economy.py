"""Page economy: no page of the brief more than half empty except where the design breaks the page
(docs/design.md); each such page is reported as a warning, with the part that caused it."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefpress.errors import display_path
from tests.conftest import MINIMAL, edit, run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# The real brief (both editions) and the second brief are built once per session by tests/conftest.py,
# whose fixtures assert that the build lists no warning: no page of theirs is left more than half empty.
@pytest.mark.parametrize("content", [MINIMAL, FIXTURES / "valdorie-fr", FIXTURES / "valdorie-ar"],
                         ids=["minimal", "french", "arabic"])
def test_no_page_is_left_more_than_half_empty(content, tmp_path):
    result = run_cli("--content", content, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if ": warning: " in line] == []


def test_a_part_pushed_to_the_next_page_is_named_with_the_page_it_leaves_empty(minimal_copy, tmp_path):
    (minimal_copy / "styles").mkdir()
    (minimal_copy / "styles" / "tall.css").write_text("#figure-plan .figure-image { height: 190mm; width: auto; }\n",
                                                      encoding="utf-8")
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr  # a warning, listed with the build's output, not a failure
    assert f"{display_path(minimal_copy / 'figures' / 'plan.yaml')}:1:1: warning: page 3 is 77% empty: figure 'plan' " \
           "did not fit below" in result.stdout.splitlines()


def test_a_forced_break_the_design_does_not_name_is_reported_too(minimal_copy, tmp_path):
    (minimal_copy / "styles").mkdir()
    (minimal_copy / "styles" / "breaks.css").write_text("#abbreviations { break-before: page; }\n", encoding="utf-8")
    edit(minimal_copy / "acronyms.yaml", "    expansion: Department of State",
         "    expansion: Department of State\n  - term: GAO\n    expansion: Government Accountability Office")
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and warnings[0].endswith("empty: the stylesheet breaks the page before #abbreviations")


def test_the_cover_lists_the_brief_s_parts_with_their_pages(built_brief):
    from pypdf import PdfReader

    cover = " ".join(PdfReader(built_brief / "iraq-us-relations.pdf").pages[0].extract_text().split())
    assert "IN THIS BRIEF" in cover
    assert "The Strategic Framework Agreement . " in cover and "Appendix: Chronology" in cover


def test_the_cover_leaves_out_its_contents_when_the_takeaways_take_the_room(minimal_copy, tmp_path):
    from pypdf import PdfReader

    point = ("  - The US Mission in Iraq planned to cut its personnel from 16,298 in 2012 to 6,320 by January 2014, "
             + "an overall staffing reduction of 61 percent that the Department of State described in detail; " * 7 + "\n")
    edit(minimal_copy / "brief.yaml", "takeaways:\n", "takeaways:\n" + point * 4)
    (minimal_copy / "sections" / "01-staffing.md").write_text(
        (minimal_copy / "sections" / "01-staffing.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "out")
    assert result.status == 0, result.stderr
    reader = PdfReader(tmp_path / "out" / "minimal.pdf")
    assert "IN THIS BRIEF" not in reader.pages[0].extract_text()
    assert "Staffing" in reader.pages[2].extract_text()  # the summary and the contents follow as usual


def test_a_cover_too_long_for_its_page_is_a_located_error(minimal_copy, tmp_path):
    point = "  - " + "An overall staffing reduction of 61 percent that the Department of State described in detail; " * 12
    edit(minimal_copy / "brief.yaml", "takeaways:\n", "takeaways:\n" + (point + "\n") * 4)
    result = run_cli("--content", minimal_copy, "--out", tmp_path / "out")
    assert result.status == 1 and not (tmp_path / "out").exists()
    assert result.stderr.splitlines()[0] == (
        f"{display_path(minimal_copy / 'brief.yaml')}:10:1: page 2: the cover runs onto a second page: shorten the "
        "takeaways (or the title) so that it fits on page 1")
