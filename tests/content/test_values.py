"""Numbers typed once: tables from YAML or CSV, values quoted in prose, exact located errors."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT, edit, problems

from briefpress import load
from briefpress.content.model import Column
from briefpress.content.values import TableData, ValueRefError, parse_ref, prose_value
from briefpress.errors import display_path


def position(path: Path, needle: str) -> str:
    """'LINE:COL' of the first occurrence of ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} not in {path}")


def quote(ref: str, columns: list[Column], row: dict) -> str:
    return prose_value(parse_ref(ref), {"t": TableData(columns, [{"id": "r", **row}])})


def test_values_read_as_sentences_do():
    money = Column(key="v", label="V", type="currency", currency="USD", scale="billion", decimals=1)
    millions = Column(key="v", label="V", type="currency", currency="USD", scale="million", decimals=1)
    share = Column(key="v", label="V", type="percent", decimals=1)
    count = Column(key="v", label="V", type="integer")
    tonnes = Column(key="v", label="V", type="number", scale="million", unit="tonnes", decimals=2)
    assert quote("t/r/v", [money], {"v": Decimal("2.4")}) == "$2.4 billion"
    assert quote("t/r/v", [share], {"v": Decimal("46.8")}) == "46.8 percent"
    assert quote("t/r/v", [count], {"v": 16298}) == "16,298"
    assert quote("t/r/v", [tonnes], {"v": Decimal("3.50")}) == "3.50 million"
    assert quote("t/r/v", [millions], {"v": Decimal("951.7")}) == "$951.7 million"
    # Restating in another scale keeps every digit and drops only zeros past the column's decimals.
    assert quote("t/r/v:billion", [millions], {"v": Decimal("1365.0")}) == "$1.365 billion"
    assert quote("t/r/v:billion", [millions], {"v": Decimal("2000.0")}) == "$2.0 billion"
    assert quote("t/r/v:million", [money], {"v": Decimal("2.4")}) == "$2,400 million"
    assert quote("t/r/v", [money], {"v": Decimal("-0.5")}) == "\u2212$0.5 billion"


@pytest.mark.parametrize("ref, message", [
    ("t/r", "value reference '{value:t/r}' is malformed: write {value:TABLE/ROW/COLUMN} or "
            "{value:TABLE/ROW/COLUMN:SCALE}"),
    ("t/r/v:trillion", "unknown scale 'trillion' (use thousand, million or billion)"),
    ("x/r/v", "unknown table 'x'"),
    ("t/q/v", "unknown row 'q' in table 't' (row ids: r)"),
    ("t/r/w", "unknown column 'w' in table 't'"),
    ("t/r/n", "table 't' has no value in row 'r', column 'n'"),
    ("t/r/v:billion", "column 'v' of table 't' has no scale to restate in billion"),
])
def test_bad_value_references(ref: str, message: str):
    columns = [Column(key="v", label="V", type="integer"), Column(key="n", label="N", type="integer")]
    with pytest.raises(ValueRefError) as caught:
        quote(ref, columns, {"v": 1, "n": None})
    assert str(caught.value) == message


def test_brief_prose_quotes_its_tables():
    sections = {s.id: s.body for s in load(CONTENT).sections}
    assert "{value:staffing/level-2012/staff}" in sections["embassy"]
    assert "{value:trade-2011/us-exports/change}" in sections["trade"]
    assert not any(number in body for body in sections.values()
                   for number in ("16,298", "6,320", "$19.3", "$2.4", "46.8", "$16.9", "951.7", "1.365"))


def test_quotes_in_plain_text_fields_are_filled_in():
    brief = load(CONTENT)
    assert "16,298 staff in 2012" in brief.figures["staffing-levels"].spec.alt
    assert any(e.title == "US Mission personnel stand at 16,298" for e in brief.events)


def test_prose_reference_to_unknown_column_is_located(content_copy):
    path = content_copy / "sections" / "04-trade.md"
    edit(path, "{value:trade-2011/us-exports/change}", "{value:trade-2011/us-exports/growth}")
    where = position(path, "{value:trade-2011/us-exports/growth}")
    assert problems(content_copy) == [f"{display_path(path)}:{where}: unknown column 'growth' in table 'trade-2011'"]


def test_prose_reference_to_unknown_table_and_row(content_copy):
    path = content_copy / "sections" / "02-embassy.md"
    edit(path, "{value:staffing/level-2012/staff} in 2012", "{value:stafing/level-2012/staff} in 2012")
    edit(path, "{value:staffing/rightsizing/staff} staff", "{value:staffing/rightsize/staff} staff")
    assert problems(content_copy) == [
        f"{display_path(path)}:{position(path, '{value:stafing/')}: unknown table 'stafing'",
        f"{display_path(path)}:{position(path, '{value:staffing/rightsize/')}: unknown row 'rightsize' in table "
        "'staffing' (row ids: level-2012, target-2014, rightsizing)",
    ]


def test_unknown_value_in_alt_text_is_located(content_copy):
    path = content_copy / "figures" / "staffing-levels.yaml"
    edit(path, "{value:staffing/rightsizing/staff}", "{value:staffing/rightsizing/people}")
    assert problems(content_copy) == [
        f"{display_path(path)}:{position(path, 'alt:')}: unknown column 'people' in table 'staffing'"]


def test_figure_without_alt_text(content_copy):
    path = content_copy / "figures" / "staffing-levels.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("alt:")
    path.write_text(text[:start] + text[text.index("sources:"):], encoding="utf-8")
    assert problems(content_copy) == [f"{display_path(path)}:1:1: missing field 'alt'"]


def test_chart_pointing_at_unknown_table(content_copy):
    path = content_copy / "figures" / "staffing-levels.yaml"
    edit(path, "data: {table: staffing}", "data: {table: stafing}")
    assert problems(content_copy) == [f"{display_path(path)}:{position(path, 'table: stafing')}: "
                                      "chart: unknown table 'stafing'"]


def test_csv_table_rows_typed_like_yaml():
    table = load(CONTENT).tables["opinion"]
    assert (CONTENT / "tables" / "opinion.csv").is_file()
    assert table.rows[0] == {"id": "sunnis", "group": "Sunnis", "low": Decimal(92), "low_year": "2011",
                             "high": Decimal(99), "high_year": "2006"}


def test_csv_problems_are_located(content_copy):
    path = content_copy / "tables" / "opinion.csv"
    path.write_text("id,group,low,low_year,high,year\n"
                    "sunnis,Sunnis,92,2011,99,2006\n"
                    'shia,"Shia, all",86,2011,98,2006\n'
                    "kurds,Kurds,46,2006\n", encoding="utf-8")
    name = display_path(path)
    assert problems(content_copy) == [
        f"{name}:1:1: CSV header: missing column 'high_year'",
        f"{name}:1:28: CSV header: unknown column 'year'",
        f"{name}:4:1: CSV: row has 4 cells but the header has 6",
    ]
    path.write_text("id,group,low,low_year,high,high_year\n"
                    'shia,"Shia, all",eighty-six,2011,98,2006\n'
                    "shia,Kurds,46,2006,69,2011\n", encoding="utf-8")
    assert problems(content_copy) == [
        f"{name}:2:18: rows[0].low: expected a number, got 'eighty-six'",
        f"{name}:3:1: rows[1].id: duplicate row id 'shia' (also rows[0])",
    ]


def test_rows_in_one_place_only(content_copy):
    yaml_path = content_copy / "tables" / "opinion.yaml"
    yaml_path.write_text(yaml_path.read_text() + "rows:\n  - {group: Sunnis, low: 92, low_year: '2011', "
                         "high: 99, high_year: '2006'}\n", encoding="utf-8")
    assert problems(content_copy) == [
        f"{display_path(yaml_path)}:{position(yaml_path, 'rows:')}: rows: the rows are in 'opinion.csv'; "
        "list them in one place only"]
    yaml_path.unlink()
    (content_copy / "sections" / "05-opinion.md").write_text(
        (content_copy / "sections" / "05-opinion.md").read_text().replace("{table:opinion}; ", ""))
    csv_path = content_copy / "tables" / "opinion.csv"
    found = problems(content_copy)
    assert f"{display_path(csv_path)}: table data has no 'opinion.yaml' beside it for its caption, columns and sources" in found


def test_chart_field_missing_from_its_table(content_copy):
    path = content_copy / "figures" / "staffing-levels.yaml"
    edit(path, "      field: staff\n", "      field: staf\n")
    assert problems(content_copy) == [
        f"{display_path(path)}:{position(path, 'field: staf')}: chart: unknown field 'staf' in table 'staffing' "
        "(fields: id, milestone, staff, staff_label, staff_text)"]


def test_chart_fields_made_by_transforms_are_known():
    from briefpress.content.chartspec import unknown_fields

    chart = {"transform": [{"calculate": "datum.staff / 1000", "as": "thousands"}],
             "layer": [{"encoding": {"y": {"field": "thousands"}, "x": {"field": "milestone", "sort": {"field": "nope"}}}}]}
    assert unknown_fields(chart, {"milestone", "staff"}) == [(("layer", 0, "encoding", "x", "sort", "field"), "nope")]


def test_a_broken_table_is_reported_once_not_at_every_quote(content_copy):
    path = content_copy / "tables" / "staffing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.splitlines()[0] + "\n", "", 1), encoding="utf-8")  # drop the caption
    assert problems(content_copy) == [f"{display_path(path)}:1:1: missing field 'caption'"]


def test_a_sentence_quotes_a_value_as_written_where_the_table_pads_it():
    from briefpress.content.formats import ENGLISH
    format_cell = ENGLISH.cell
    from briefpress.content.values import TableData, parse_ref, prose_value

    column = Column(key="v", label="V", type="currency", currency="USD", scale="million", decimals=1)
    tables = {"t": TableData([column], [{"id": "r", "v": Decimal("400")}, {"id": "s", "v": Decimal("951.75")}])}
    assert format_cell(Decimal("400"), column) == "$400.0"  # the table keeps its decimals
    assert prose_value(parse_ref("t/r/v"), tables) == "$400 million"  # no trailing .0 in a sentence
    assert prose_value(parse_ref("t/s/v"), tables) == "$951.8 million"  # rounded as the table rounds it
