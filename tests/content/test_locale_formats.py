"""Numbers, money, percentages and dates in the brief's language (CLDR through Babel)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from briefpress.content.formats import Formats
from briefpress.content.model import Column, PartialDate

CURRENCY = Column(key="v", label="Value", type="currency", scale="billion", decimals=1)
DINAR = Column(key="j", label="Aid", type="currency", currency="JOD", scale="million")
SHARE = Column(key="s", label="Share", type="percent", decimals=1)
STAFF = Column(key="n", label="Staff", type="integer")
YEAR = Column(key="y", label="Year", type="year")


@pytest.mark.parametrize(("language", "digits", "expected"), [
    ("en", None, ["$2.4", "$2.4 billion", "Value ($ billion)", "46.8%", "46.8 percent", "16,298", "2012",
                  "−JOD 16.9 million", "5 January 2020", "June 2021"]),
    ("fr", None, ["2,4\u00a0$US", "2,4 milliards\u00a0$US", "Value (milliards $US)", "46,8\u00a0%", "46,8 pour cent",
                  "16\u202f298", "2012", "−16,9 millions\u00a0JOD", "5 janvier 2020", "juin 2021"]),
    # A symbol in Latin letters is closed by a left-to-right mark, so that its '$' stays after 'US'.
    ("ar", "arab", ["٢٫٤\u00a0US$\u200e", "٢٫٤ مليار\u00a0US$\u200e", "Value (مليار US$\u200e)", "٤٦٫٨%", "٤٦٫٨ بالمائة", "١٦٬٢٩٨", "٢٠١٢",
                    "−١٦٫٩ مليون\u00a0د.أ.\u200f", "٥ يناير ٢٠٢٠", "يونيو ٢٠٢١"]),
])
def test_a_value_reads_as_the_brief_s_language_writes_it(language, digits, expected):
    formats = Formats(language, digits)
    printed = [formats.cell(Decimal("2.4"), CURRENCY), formats.cell(Decimal("2.4"), CURRENCY, in_prose=True),
               formats.heading(CURRENCY), formats.cell(Decimal("46.8"), SHARE),
               formats.cell(Decimal("46.8"), SHARE, in_prose=True), formats.cell(16298, STAFF),
               formats.cell(2012, YEAR), formats.cell(Decimal("-16.9"), DINAR, in_prose=True),
               formats.long_date(dt.date(2020, 1, 5)), formats.long_date(PartialDate(2021, 6, None))]
    assert printed == expected


def test_the_scale_word_agrees_with_the_number():
    french = Formats("fr")
    assert french.cell(Decimal("1"), CURRENCY.model_copy(update={"decimals": 0}), in_prose=True) == "1 milliard\u00a0$US"
    assert french.cell(Decimal("3"), CURRENCY.model_copy(update={"decimals": 0}), in_prose=True) == "3 milliards\u00a0$US"


def test_arabic_is_written_right_to_left_and_its_digits_are_the_brief_s_choice():
    assert Formats("ar").direction == "rtl" and Formats("fr").direction == "ltr"
    assert Formats("ar").cell(16298, STAFF) == "16,298"  # CLDR's default for Arabic: Western digits
    assert Formats("ar", "arab").counter_style == "arabic-indic"


def test_charts_get_the_same_separators_and_digits():
    locale = Formats("ar", "arab").d3_number_locale()
    assert (locale["decimal"], locale["thousands"]) == ("٫", "٬")
    assert locale["numerals"] == list("٠١٢٣٤٥٦٧٨٩")
    assert Formats("fr").d3_time_locale()["months"][0] == "janvier"


def test_a_language_cldr_does_not_know_is_located(minimal_copy):
    from briefpress.errors import display_path
    from tests.conftest import edit, problems

    where = display_path(minimal_copy / "brief.yaml")

    edit(minimal_copy / "brief.yaml", "slug: minimal", "slug: minimal\nlanguage: xx-Zzzz")
    edit(minimal_copy / "brief.yaml", "title: Minimal Brief", "title: Minimal Brief\ndigits: roman")
    assert problems(minimal_copy) == [
        f"{where}:2:1: language: unknown language 'xx-Zzzz': give a BCP 47 tag that CLDR knows, "
        "such as en, fr, ar or pt-BR",
        f"{where}:4:1: digits: expected 'latn', 'arab', 'arabext', 'deva', 'beng' or 'thai'",
    ]
