"""brief.yaml 'revisions:': the revision history ends with the brief's own version and date."""
from __future__ import annotations

from conftest import CONTENT, edit, line_of, problems

from briefpress import load
from briefpress.errors import display_path

HISTORY = '''revisions:
  - version: "1.0"
    date: "2026-11-27"
    summary: First edition, current to 6 January 2020.'''


def _history(*entries: tuple[str, str, str]) -> str:
    lines = ["revisions:"]
    for version, date, summary in entries:
        lines += [f'  - version: "{version}"', f'    date: "{date}"', f"    summary: {summary}"]
    return "\n".join(lines)


def test_real_brief_lists_its_first_edition():
    (revision,) = load(CONTENT).meta.revisions
    assert (revision.version, revision.date.isoformat()) == ("1.0", "2026-11-27")


def test_history_must_end_with_this_version(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, 'version: "1.0"', 'version: "1.1"')
    line = line_of(path, '  - version: "1.0"')
    assert problems(content_copy) == [f"{display_path(path)}:{line}:5: revisions[0].version: the last revision is "
                                      "'1.0' but the brief is version '1.1': add a revision for version 1.1"]


def test_last_revision_is_dated_as_the_brief(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, HISTORY, _history(("1.0", "2026-11-20", "First edition.")))
    line = line_of(path, 'date: "2026-11-20"')
    assert problems(content_copy) == [f"{display_path(path)}:{line}:5: revisions[0].date: version 1.0 is dated "
                                      "2026-11-20 here but 2026-11-27 in 'date'"]


def test_every_mistake_in_the_history_at_once(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, HISTORY, _history(("0.9", "2026-10-01", "Draft for review."), ("0.9", "2026-09-01", "Again."),
                                 ("1.0", "2026-11-27", "First edition.")))
    version_line, date_line = line_of(path, "summary: Again.") - 2, line_of(path, "summary: Again.") - 1
    assert problems(content_copy) == [
        f"{display_path(path)}:{version_line}:5: revisions[1].version: version '0.9' is listed twice (first at revisions[0])",
        f"{display_path(path)}:{date_line}:5: revisions[1].date: 2026-09-01 is before the revision listed above it "
        "(2026-10-01): list revisions oldest first",
    ]


def test_summary_is_one_line(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, "    summary: First edition, current to 6 January 2020.", "    summary: |\n      First edition.\n      Current.")
    line = line_of(path, "summary: |")
    assert problems(content_copy) == [f"{display_path(path)}:{line}:5: revisions[0].summary: must be one line: say "
                                      "what changed in a sentence (a folded `>-` block joins lines)"]
