"""How values read: typed table cells, dates at their precision, numbers with separators.

One place for these rules keeps a number identical in a table, a chart label and a sentence.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from .model import Cell, Column, PartialDate

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
MINUS = "\u2212"


def currency_symbol(code: str) -> str:
    """'$' for USD, '€' for EUR; a currency without a symbol of its own is written by its code, spaced
    from the amount ('JOD 16.9'). From CLDR, through Babel."""
    from babel.numbers import get_currency_symbol

    symbol = get_currency_symbol(code, locale="en")
    return f"{symbol} " if symbol[-1:].isalpha() else symbol


def long_date(value: dt.date | PartialDate) -> str:
    """'5 January 2020', 'December 2011' or '2004', as precise as the date is known."""
    if isinstance(value, dt.date):
        value = PartialDate(value.year, value.month, value.day)
    if value.month is None:
        return str(value.year)
    month = MONTHS[value.month - 1]
    return f"{month} {value.year}" if value.day is None else f"{value.day} {month} {value.year}"


MAX_DIGITS = 21  # a sextillion: above any budget, population or trade figure a brief quotes
MAX_PLACES = 12


def parse_cell(raw: object, column: Column) -> Cell:
    """Convert a cell as written in YAML or CSV to the column's type; ValueError says why not."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValueError(f"expected a {column.type} value, got a {type(raw).__name__}")
    text = raw.strip()
    if column.type == "text":
        return text
    if column.type == "date":  # as precise as the source: 2012, 2012-06 or 2012-06-30, as in the chronology
        from .model import parse_date, parse_partial_date

        found = parse_partial_date(text)
        return parse_date(text) if found.day is not None else found
    if column.type == "fiscal_year":
        digits = text.removeprefix(column.fiscal_label)
        if not (len(digits) == 4 and digits.isdigit() and int(digits) >= 1):
            raise ValueError(f"expected a fiscal year as {column.fiscal_label}2024 or 2024, got '{text}'")
        return int(digits)
    cleaned = text.replace(",", "").removesuffix("%")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"expected {'an integer' if column.type == 'integer' else 'a number'}, got '{text}'") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got '{text}'")
    # Bounded before any arithmetic: '1e999999999' would otherwise be expanded to a billion digits.
    if (number and not -MAX_PLACES <= number.adjusted() < MAX_DIGITS) or decimal_places(number) > MAX_PLACES:
        raise ValueError(f"'{text}' is out of range: numbers have at most {MAX_DIGITS} digits before the "
                         f"decimal point and {MAX_PLACES} after it")
    if column.type in ("integer", "year"):
        if number != number.to_integral_value() or "." in cleaned:
            raise ValueError(f"expected {'a year' if column.type == 'year' else 'an integer'}, got '{text}'")
        if column.type == "year" and not (1 <= number <= 9999 and "," not in text):
            raise ValueError(f"expected a year written as four digits, got '{text}'")
        return int(number)
    return number


def decimal_places(number: Decimal) -> int:
    """How many digits ``number`` was written with after the decimal point."""
    exponent = number.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0  # NaN and infinity have no digits


def _grouped(number: Decimal | int, decimals: int | None) -> str:
    if isinstance(number, int):
        text = f"{abs(number):,}"
    else:
        places = decimals if decimals is not None else decimal_places(number)
        text = f"{abs(number):,.{places}f}"
    return (MINUS if number < 0 else "") + text


def scale_word(column: Column) -> str:
    return f" {column.scale}" if column.scale else ""


def format_cell(value: Cell, column: Column, in_prose: bool = False) -> str:
    """A cell as printed; in prose, scaled values also carry their scale ('$2.4 billion')."""
    if value is None:
        return "\u2014"
    if isinstance(value, (dt.date, PartialDate)):
        return long_date(value)
    if isinstance(value, str):
        return value
    if column.type == "year":
        return str(value)  # 2012, never "2,012"
    if column.type == "fiscal_year":
        return f"{column.fiscal_label}{value}"
    number = _grouped(value, column.decimals)
    if column.type == "percent":
        return f"{number}%" if not in_prose else f"{number} percent"
    if column.type == "currency":
        symbol = currency_symbol(column.currency or "USD")
        sign, digits = (MINUS, number[1:]) if number.startswith(MINUS) else ("", number)
        return f"{sign}{symbol}{digits}" + (scale_word(column) if in_prose else "")
    return number + (scale_word(column) if in_prose else "")


def column_heading(column: Column) -> str:
    """The label, with the currency, scale and unit that the cells leave out ('Value ($ billion)')."""
    if column.type == "currency":
        return f"{column.label} ({currency_symbol(column.currency or 'USD').strip()}{scale_word(column)})"
    unit = " ".join(part for part in (column.scale, column.unit) if part)
    return f"{column.label} ({unit})" if unit else column.label


def chart_value(value: Cell) -> object:
    """A cell as chart data: numbers as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PartialDate):
        return value.iso()
    return value
