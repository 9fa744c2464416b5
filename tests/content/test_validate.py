"""Loading and validation: each kind of mistake gives its exact located message."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import CONTENT, MINIMAL, edit, line_of, problems, run_cli

from briefpress import load
from briefpress.errors import display_path


def test_real_brief_is_valid():
    brief = load(CONTENT)
    assert brief.meta.slug == "iraq-us-relations"
    assert len(brief.events) >= 15
    assert [t.number for t in brief.tables.values()] == list(range(1, len(brief.tables) + 1))


def test_yaml_syntax_error_is_located(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, "version: \"1.0\"", "version: [1.0")
    (message,) = problems(content_copy)
    assert message.startswith(f"{display_path(path)}:")
    assert "YAML:" in message


def test_duplicate_key(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, "status: final", "status: final\nstatus: draft")
    line = line_of(path, "status: draft")
    assert problems(content_copy) == [f"{display_path(path)}:{line}:1: duplicate key 'status'"]


def test_unknown_and_missing_fields_reported_together(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, "status: final", "colour: blue")
    line = line_of(path, "colour: blue")
    assert problems(content_copy) == [
        f"{display_path(path)}:1:1: missing field 'status'",
        f"{display_path(path)}:{line}:1: unknown field 'colour'",
    ]


def test_wrong_type(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, "  - name: Research Staff", "  - name: [Research, Staff]")
    line = line_of(path, "name: [Research")
    assert problems(content_copy) == [f"{display_path(path)}:{line}:5: authors[0].name: expected text"]


def test_impossible_date(content_copy):
    path = content_copy / "chronology.yaml"
    edit(path, 'date: "2019-02-06"', 'date: "2019-02-30"')
    line = line_of(path, '"2019-02-30"')
    (message,) = problems(content_copy)
    assert message.startswith(f"{display_path(path)}:{line}:5: events[")
    assert message.endswith("date: impossible date '2019-02-30' (day is out of range for month)")


def test_strings_stay_strings(content_copy):
    path = content_copy / "brief.yaml"
    edit(path, 'version: "1.0"', "version: 1.10")
    edit(path, '  - version: "1.0"', "  - version: 1.10")
    edit(path, "  - Iraq\n", "  - NO\n  - 012\n")
    brief = load(content_copy)
    assert brief.meta.version == "1.10"
    assert brief.meta.keywords[:2] == ["NO", "012"]


def test_duplicate_id(content_copy):
    path = content_copy / "chronology.yaml"
    text = path.read_text()
    first_id = text.split("id: ", 1)[1].split("\n", 1)[0]
    second_id = text.split("id: ", 2)[2].split("\n", 1)[0]
    edit(path, f"id: {second_id}", f"id: {first_id}")
    (message,) = problems(content_copy)
    assert f"duplicate event id '{first_id}'" in message
    assert message.startswith(display_path(path) + ":")


def test_unknown_reference_in_prose(content_copy):
    path = content_copy / "sections" / "01-framework.md"
    text = path.read_text()
    path.write_text(text + "\nSee {table:nonexistent} for more.\n")
    line = len(text.splitlines()) + 2
    assert problems(content_copy) == [f"{display_path(path)}:{line}:5: unknown table 'nonexistent'"]


def test_missing_figure_file(content_copy):
    path = content_copy / "figures" / "staffing-levels.yaml"
    text = path.read_text()
    chart_start = text.index("chart:")
    path.write_text(text[:chart_start] + "file: missing.svg\n")
    line = line_of(path, "file: missing.svg")
    assert problems(content_copy) == [f"{display_path(path)}:{line}:1: file: 'missing.svg' not found"]


def test_javascript_link_refused(content_copy):
    path = content_copy / "sections" / "02-embassy.md"
    text = path.read_text()
    path.write_text(text + "\n[click](javascript:alert(1))\n")
    line = len(text.splitlines()) + 2
    assert problems(content_copy) == [
        f"{display_path(path)}:{line}:9: link 'javascript:alert(1)' is not allowed: "
        "use http, https or mailto links, or {section:id} references"
    ]


def test_all_problems_reported_at_once(content_copy):
    edit(content_copy / "brief.yaml", "status: final", "status: finished")
    edit(content_copy / "chronology.yaml", 'date: "2019-02-06"', 'date: "2019-13"')
    found = problems(content_copy)
    assert len(found) == 2
    assert "status: expected 'draft' or 'final'" in found[0]
    assert "impossible date '2019-13' (month must be in 1..12)" in found[1]


def test_several_sources_cited_at_one_place(content_copy: Path, tmp_path: Path):
    section = content_copy / "sections" / "01-framework.md"
    edit(section, "{cite:globalsecurity}", "{cite:globalsecurity; moaddel-2014}")
    brief = load(content_copy)
    assert brief.source_numbers["globalsecurity"] == 1 and brief.source_numbers["moaddel-2014"] == 2
    out = tmp_path / "out"
    assert run_cli("--content", content_copy, "--out", out).status == 0
    html = (out / "iraq-us-relations.html").read_text(encoding="utf-8")
    assert ('<span class="cite">(<a href="#source-globalsecurity" role="doc-biblioref">GlobalSecurity.org 2020</a>; '
            '<a href="#source-moaddel-2014" role="doc-biblioref">Moaddel 2014</a>)</span>') in html
    assert "{cite:" not in html


def test_a_broken_brief_yaml_hides_no_other_file_s_problems(tmp_path: Path):
    root = Path(shutil.copytree(MINIMAL, tmp_path / "brief"))
    with open(root / "brief.yaml", "a", encoding="utf-8") as stream:
        stream.write("status: final\n")
    edit(root / "sections" / "01-staffing.md", "{figure:plan}", "{figure:nope}")
    with open(root / "acronyms.yaml", "a", encoding="utf-8") as stream:
        stream.write("x: [\n")
    assert problems(root) == [
        f"{root}/acronyms.yaml:5:1: YAML: expected the node content, but found '<stream end>'",
        f"{root}/brief.yaml:18:1: duplicate key 'status'",
        f"{root}/sections/01-staffing.md:6:20: unknown figure 'nope'",
    ]


def test_a_csv_header_over_two_lines_is_located(tmp_path: Path):
    root = Path(shutil.copytree(MINIMAL, tmp_path / "brief"))
    table = root / "tables" / "staffing.yaml"
    table.write_text(table.read_text(encoding="utf-8").split("rows:")[0], encoding="utf-8")
    (root / "tables" / "staffing.csv").write_text('"milestone\nx",staff\n2012 level,16298\n', encoding="utf-8")
    found = problems(root)
    assert found[0] == (f"{root}/tables/staffing.csv:1:1: CSV header: a column name spans two lines; "
                        "write each column's key on the header's one line")
