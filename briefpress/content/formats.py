"""How values read: typed table cells, dates at their precision, numbers with separators, in the brief's
language.

One place for these rules keeps a number identical in a table, a chart label and a sentence. The
separators, currency symbols and their placement, percent signs, scale words ("billion", "milliards")
and month names come from CLDR through Babel, so a brief in any language CLDR knows reads as its
readers expect: 16,298 in English, 16 298 in French.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern
from babel.units import format_unit

from .model import BriefMeta, Cell, Column, PartialDate

LRM = "\u200e"  # LEFT-TO-RIGHT MARK
MINUS = "\u2212"
# The zero of each numbering system brief.yaml's `digits:` takes (model.Digits): its digits run on from it.
DIGIT_ZERO = {"latn": 0x30, "arab": 0x660, "arabext": 0x6F0, "deva": 0x966, "beng": 0x9E6, "thai": 0xE50}
SCALE_POWER = {"thousand": "1000", "million": "1000000", "billion": "1000000000"}


@dataclass(frozen=True)
class Formats:
    """The brief's language as its numbers and dates print it."""

    language: str = "en"
    digits: str | None = None  # a CLDR numbering system; the language's own when None

    @classmethod
    def of(cls, meta: BriefMeta) -> Formats:
        return cls(meta.language, meta.digits)

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.language, sep="-")

    @property
    def direction(self) -> str:
        """'rtl' for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else 'ltr'."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def counter_style(self) -> str:
        """The CSS counter style that writes page and note numbers in the brief's digits."""
        return {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian", "deva": "devanagari",
                "beng": "bengali", "thai": "thai"}.get(self.numbering, "decimal")

    @cached_property
    def numbering(self) -> str:
        return self.digits or self.locale.default_numbering_system

    @cached_property
    def _digit_map(self) -> dict[int, str]:
        zero = DIGIT_ZERO.get(self.numbering, 0x30)
        return {ord("0") + d: chr(zero + d) for d in range(10)} if zero != 0x30 else {}

    def d3_number_locale(self) -> dict[str, object]:
        """The locale d3-format (Vega's number formatting) takes, from the same CLDR symbols."""
        symbols = self.locale.number_symbols[self.numbering if self.numbering in self.locale.number_symbols else "latn"]
        usd = self.currency_symbol("USD")
        found: dict[str, object] = {"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3],
                                    "currency": [usd, ""] if self._symbol_first() else ["", f"\u00a0{usd}"],
                                    "minus": MINUS, "percent": symbols["percentSign"]}
        if self._digit_map:
            found["numerals"] = [self._digit_map[ord("0") + d] for d in range(10)]
        return found

    def d3_time_locale(self) -> dict[str, object]:
        """The locale d3-time-format takes: month and day names in the brief's language."""
        months, days = self.locale.months["format"], self.locale.days["format"]
        periods = self.locale.day_periods["format"]["abbreviated"]
        sunday_first = [6, 0, 1, 2, 3, 4, 5]  # CLDR counts from Monday, d3 from Sunday
        return {"dateTime": "%x %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
                "periods": [periods.get("am", "AM"), periods.get("pm", "PM")],
                "days": [days["wide"][d] for d in sunday_first], "shortDays": [days["abbreviated"][d] for d in sunday_first],
                "months": [months["wide"][m] for m in range(1, 13)],
                "shortMonths": [months["abbreviated"][m] for m in range(1, 13)]}

    def localized_digits(self, text: str) -> str:
        return text.translate(self._digit_map)

    def _apply(self, pattern: str | NumberPattern, number: Decimal | int, places: int,
               currency: str | None = None) -> str:
        parsed = parse_pattern(pattern) if isinstance(pattern, str) else pattern
        parsed.frac_prec = (places, places)
        symbols = self.numbering if self.numbering in self.locale.number_symbols else "latn"
        text = parsed.apply(number, self.locale, currency=currency, currency_digits=False,
                            decimal_quantization=True, numbering_system=symbols)
        # A typographic minus, not the hyphen CLDR gives most languages.
        return self.localized_digits(text.replace("-", MINUS))

    def number(self, number: Decimal | int, decimals: int | None = None) -> str:
        """'16,298', '16 298' or '2.4': grouped, with as many decimals as written unless told."""
        places = 0 if isinstance(number, int) else decimals if decimals is not None else decimal_places(number)
        return self._apply(self.locale.decimal_formats[None].pattern.split(";")[0], number, places)

    def plain(self, number: int | Decimal) -> str:
        """A year or count with no grouping: '2012'."""
        return self.localized_digits(str(number)) if number >= 0 else MINUS + self.localized_digits(str(-number))

    def _scale(self, number_text: str, number: Decimal | int, scale: str) -> str:
        """'2.4 billion', '2,4 milliards', '2.4 مليار': the number in its scale, as the language words it."""
        forms = self.locale.compact_decimal_formats["long"]
        plural = self.locale.plural_form(abs(Decimal(number)))
        pattern = forms.get(plural, forms["other"]).get(SCALE_POWER[scale]) or forms["other"][SCALE_POWER[scale]]
        return re.sub(r"0+", lambda _: number_text, pattern.pattern.replace("'", ""), count=1)

    def scale_word(self, scale: str) -> str:
        """'billion', 'milliards': the scale on its own, as a column heading gives it."""
        return self._scale("0", 2, scale).replace("0", "").strip()

    def currency_symbol(self, code: str) -> str:
        """'$' for USD in English, '$US' in French; a currency without a symbol of its own keeps its code.

        Right to left, a symbol in Latin letters ('US$' in Arabic) is followed by a left-to-right mark:
        without it, its closing '$' takes the paragraph's direction and is shown before the letters ('$US')."""
        symbol = get_currency_symbol(code, locale=self.locale)
        if self.direction == "rtl" and any(char.isascii() and char.isalpha() for char in symbol):
            return symbol + LRM
        return symbol

    def _symbol_first(self) -> bool:
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        return pattern.index("¤") < pattern.index("0")

    def currency(self, number: Decimal | int, code: str, decimals: int | None, scale: str | None = None) -> str:
        """'$2.4', 'JOD 16.9', '2,4 $US'; with a scale, '$2.4 billion' or '2,4 milliards $US'."""
        places = 0 if isinstance(number, int) else decimals if decimals is not None else decimal_places(number)
        symbol = self.currency_symbol(code)
        amount = self.number(-number if number < 0 else number, places)
        if scale:
            amount = self._scale(amount, number, scale)
        sign = MINUS if number < 0 else ""
        if self._symbol_first():
            return f"{sign}{symbol}{' ' if symbol[-1:].isalpha() else ''}{amount}"
        return f"{sign}{amount}\u00a0{symbol}"

    def percent(self, number: Decimal | int, decimals: int | None, in_prose: bool) -> str:
        """'46.8%' in a table; in a sentence as the language says it, '46.8 percent'."""
        places = 0 if isinstance(number, int) else decimals if decimals is not None else decimal_places(number)
        if in_prose:
            unit = format_unit(1, "percent", length="long", locale=self.locale)
            return unit.replace("1", self.number(number, places), 1)
        return self._apply(self.locale.percent_formats[None].pattern.split(";")[0], Decimal(number) / 100, places)

    def long_date(self, value: dt.date | PartialDate) -> str:
        """'5 January 2020', 'December 2011' or '2004', as precise as the date is known."""
        if isinstance(value, dt.date):
            value = PartialDate(value.year, value.month, value.day)
        if value.month is None:
            return self.plain(value.year)
        when = dt.date(value.year, value.month, value.day or 1)
        text = format_date(when, "d MMMM y" if value.day else "LLLL y", locale=self.locale)
        return self.localized_digits(text)

    def cell(self, value: Cell, column: Column, in_prose: bool = False) -> str:
        """A cell as printed; in prose, scaled values also carry their scale ('$2.4 billion')."""
        if value is None:
            return "\u2014"
        if isinstance(value, (dt.date, PartialDate)):
            return self.long_date(value)
        if isinstance(value, str):
            return value
        if column.type == "year":
            return self.plain(value)  # 2012, never "2,012"
        if column.type == "fiscal_year":
            return f"{column.fiscal_label}{self.plain(value)}"
        if column.type == "percent":
            return self.percent(value, column.decimals, in_prose)
        scale = column.scale if in_prose else None
        if column.type == "currency":
            return self.currency(value, column.currency or "USD", column.decimals, scale)
        number = self.number(value, column.decimals)
        return self._scale(number, value, scale) if scale else number

    def heading(self, column: Column) -> str:
        """The label, with the currency, scale and unit the cells leave out ('Value ($ billion)')."""
        scale = self.scale_word(column.scale) if column.scale else ""
        if column.type == "currency":
            symbol = self.currency_symbol(column.currency or "USD")
            unit = f"{symbol} {scale}" if self._symbol_first() or not scale else f"{scale} {symbol}"
            return f"{column.label} ({unit.strip()})"
        unit = " ".join(part for part in (scale, column.unit) if part)
        return f"{column.label} ({unit})" if unit else column.label


ENGLISH = Formats()

MAX_DIGITS = 21  # a sextillion: above any budget, population or trade figure a brief quotes
MAX_PLACES = 12


def long_date(value: dt.date | PartialDate) -> str:
    """A date in English, for messages to the brief's author."""
    return ENGLISH.long_date(value)


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


def decimal_places(number: Decimal | int) -> int:
    """How many digits ``number`` was written with after the decimal point."""
    if isinstance(number, int):
        return 0
    exponent = number.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0  # NaN and infinity have no digits


def chart_value(value: Cell) -> object:
    """A cell as chart data: numbers as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PartialDate):
        return value.iso()
    return value
