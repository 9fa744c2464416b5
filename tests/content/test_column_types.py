"""Any ISO 4217 currency (from CLDR, through Babel), and years printed as years."""
from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from briefpress.content.formats import ENGLISH, parse_cell
from briefpress.content.model import Column

format_cell, column_heading = ENGLISH.cell, ENGLISH.heading


@pytest.mark.parametrize(("code", "value", "printed", "heading"), [
    ("USD", Decimal("2.4"), "$2.4", "Aid ($ million)"),
    ("EUR", Decimal("16.9"), "€16.9", "Aid (€ million)"),
    ("JOD", Decimal("-3.25"), "\u2212JOD 3.25", "Aid (JOD million)"),  # no symbol of its own: its code
    ("IQD", Decimal("120"), "IQD 120", "Aid (IQD million)"),
])
def test_any_iso_currency_prints_with_its_symbol_or_code(code: str, value: Decimal, printed: str, heading: str):
    column = Column(key="aid", label="Aid", type="currency", currency=code, scale="million")
    assert format_cell(value, column) == printed
    assert column_heading(column) == heading


def test_an_unknown_currency_is_refused():
    with pytest.raises(ValidationError, match="expected an ISO 4217 currency code such as USD, EUR or JOD, got 'XYZ'"):
        Column(key="aid", label="Aid", type="currency", currency="XYZ")


def test_a_year_column_prints_years_without_grouping():
    column = Column(key="year", label="Year", type="year")
    assert format_cell(parse_cell("2012", column), column) == "2012"
    for written, message in [("2,012", "expected a year written as four digits, got '2,012'"),
                             ("2012.5", "expected a year, got '2012.5'"),
                             ("0", "expected a year written as four digits, got '0'")]:
        with pytest.raises(ValueError, match=message.replace(".", r"\.")):
            parse_cell(written, column)


def test_a_date_column_keeps_the_precision_the_source_gives():
    from briefpress.content.formats import chart_value
    from briefpress.content.model import PartialDate

    column = Column(key="when", label="When", type="date")
    year, month, day = (parse_cell(text, column) for text in ("2012", "2012-06", "2012-06-30"))
    assert year == PartialDate(2012) and month == PartialDate(2012, 6)
    assert [format_cell(value, column) for value in (year, month, day)] == ["2012", "June 2012", "30 June 2012"]
    assert [chart_value(value) for value in (year, month, day)] == ["2012", "2012-06", "2012-06-30"]
    with pytest.raises(ValueError, match="expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'June 2012'"):
        parse_cell("June 2012", column)


def test_a_fiscal_year_column_prints_the_brief_s_label(minimal_copy):
    from briefpress import load

    meta = minimal_copy / "brief.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "fiscal_year_label: EF\n", encoding="utf-8")
    (minimal_copy / "tables" / "budget.yaml").write_text(
        "caption: Budget by fiscal year (made-up figures)\nsources: [globalsecurity]\ncolumns:\n"
        "  - {key: year, label: Fiscal year, type: fiscal_year}\n  - {key: amount, label: Amount, type: integer}\n"
        "rows:\n  - {year: 'EF2024', amount: '12'}\n  - {year: '2025', amount: '14'}\n", encoding="utf-8")
    section = minimal_copy / "sections" / "01-staffing.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nSee {table:budget}.\n", encoding="utf-8")
    table = load(minimal_copy).tables["budget"]
    column = table.spec.columns[0]
    assert [format_cell(row["year"], column) for row in table.rows] == ["EF2024", "EF2025"]
    with pytest.raises(ValueError, match="expected a fiscal year as EF2024 or 2024, got 'FY2024'"):
        parse_cell("FY2024", column)
