"""The brief as typed data: the schema each content file must match, and the validated whole.

Plain data, no I/O. Field docs here are the reference for the content format (docs/content-format.md).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ..errors import Location

ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
ColumnType = Literal["text", "integer", "number", "percent", "currency", "date", "year", "fiscal_year"]


def parse_date(value: Any) -> dt.date:
    """A full date written YYYY-MM-DD; '2019-02-30' is refused with the reason."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a date as YYYY-MM-DD, got '{value}'")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"impossible date '{value}' ({error})") from None


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; sorts by its earliest day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        return "year" if self.month is None else "month" if self.day is None else "day"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)


def parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{value}'")
    year, month, day = (int(part) if part else None for part in match.groups())
    if not year:
        raise ValueError(f"impossible date '{value}' (the first year is 0001)")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"impossible date '{value}' (month must be in 1..12)")
    if day is not None:
        parse_date(value)
    assert year is not None  # the pattern requires the year
    return PartialDate(year, month, day)


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def parse_colour(value: str) -> str:
    """A colour written #RGB or #RRGGBB, returned as lower-case #rrggbb."""
    if not re.fullmatch(r"#(?:[0-9A-Fa-f]{3}){1,2}", value):
        raise ValueError(f"expected a colour as #RRGGBB, got '{value}'")
    digits = value[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def hidden_control(text: str) -> tuple[int, str] | None:
    """Where the first invisible formatting character in ``text`` is (a bidi override or isolate, a
    zero-width space, a mark), and why it is refused: it can make text read other than it is written.
    The soft hyphen and the joiners that Arabic and Indic scripts need (U+200C, U+200D) are allowed."""
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cf" and char not in "\u00ad\u200c\u200d":
            name = f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}"
            return index, f"contains {name}, an invisible control character: remove it"
    return None


def _iso_currency(code: str) -> str:
    """An ISO 4217 currency code, as CLDR (through Babel) knows them."""
    from babel.numbers import list_currencies

    if code not in list_currencies():
        raise ValueError(f"expected an ISO 4217 currency code such as USD, EUR or JOD, got '{code}'")
    return code


def cldr_language(tag: str) -> str:
    """A language CLDR (through Babel) can format numbers and dates in."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"unknown language '{tag}': give a BCP 47 tag that CLDR knows, such as en, fr, ar "
                         "or pt-BR") from None
    return tag


# Numbering systems (CLDR names) a brief can print its numbers in: Western digits, Arabic-Indic, ...
Digits = Literal["latn", "arab", "arabext", "deva", "beng", "thai"]


def _visible(value: str) -> str:
    if (control := hidden_control(value)):
        raise ValueError(control[1])
    return value


Text = Annotated[str, AfterValidator(_non_blank), AfterValidator(_visible)]
Colour = Annotated[str, AfterValidator(parse_colour)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Date = Annotated[dt.date, BeforeValidator(parse_date)]
When = Annotated[PartialDate, BeforeValidator(parse_partial_date)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Author(Schema):
    name: Text
    affiliation: Text | None = None


class FontFace(Schema):
    """One font file inside the brief (or beside its theme file), declared as a CSS @font-face."""

    family: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _-]*$")]
    file: Text
    weight: Annotated[int, Field(ge=100, le=900)] = 400
    style: Literal["normal", "italic"] = "normal"


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be one line: say what changed in a sentence (a folded `>-` block joins lines)")
    return value


class Revision(Schema):
    """One published version of the brief, oldest first in brief.yaml 'revisions:'."""

    version: Text
    date: Date
    summary: Annotated[Text, AfterValidator(_one_line)]


class BrandSpec(Schema):
    """brief.yaml 'brand:' (or the theme file it names): the brief's look, turned into design tokens."""

    accent_color: Colour | None = None
    text_color: Colour | None = None
    heading_font: Text | None = None
    text_font: Text | None = None
    fonts: list[FontFace] = []
    logo: Text | None = None
    organization: Text | None = None
    paper: Literal["a4", "letter"] | None = None
    reference_docx: Text | None = None  # the house Word template whose styles the Word edition takes


class BriefMeta(Schema):
    """brief.yaml: the brief's metadata, front matter texts and section order."""

    slug: Id
    title: Text
    subtitle: Text | None = None
    short_title: Text | None = None
    date: Date
    version: Text
    status: Literal["draft", "final"]
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"), AfterValidator(cldr_language)] = "en"
    digits: Digits | None = None  # the language's own (CLDR) unless set: 'arab' for ١٢٣ in an Arabic brief
    paper: Literal["a4", "letter"] = "a4"
    organization: Text | None = None  # required here unless the brand names it
    authors: list[Author] = Field(min_length=1)
    subject: Text
    keywords: list[Text] = []
    takeaways: list[Text] = Field(min_length=1)
    summary: Text
    sections: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]] = Field(min_length=1)
    disclaimer: Text
    citation: Text | None = None  # the suggested citation as written; by default the style formats it
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None  # where the brief is published
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    event_page_numbers: bool = False  # print "(p. 12)" after a reference to an event, as after a table's
    fiscal_year_label: Annotated[str, Field(pattern=r"^\S{1,8}$")] = "FY"  # 'FY2024'; 'EF' for 'EF2024'
    citation_style: Text | None = None  # a bundled CSL style's name, or a .csl file (see content.sources)
    brand: dict[str, Any] | Text | None = None  # a mapping of BrandSpec, or a theme file's path
    theme: Text | None = None  # an installed house theme, by name (see support.themes)
    # Every published version, oldest first; the last is this one (its version and date).
    revisions: list[Revision] = []

    @property
    def full_title(self) -> str:
        """'Title: Subtitle', as citations, metadata and the mail's subject give it."""
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title


class SectionMeta(Schema):
    """Front matter of sections/*.md."""

    id: Id
    title: Text
    type: Id | None = None  # drawn by partials/section-TYPE.html instead of partials/section.html


class Column(Schema):
    key: Id
    label: Text
    type: ColumnType = "text"
    decimals: Annotated[int, Field(ge=0, le=6)] | None = None
    currency: Annotated[str, AfterValidator(_iso_currency)] | None = None  # any ISO 4217 code
    scale: Literal["thousand", "million", "billion"] | None = None
    # Printed in the column heading ('Output (million barrels a day)'), never after each cell.
    unit: Text | None = None
    fiscal_label: str = "FY"  # before a fiscal year ('FY2024'); set from brief.yaml's fiscal_year_label


class TableSpec(Schema):
    """tables/<id>.yaml."""

    caption: Text
    unit: Text | None = None
    sources: list[Id] = Field(min_length=1)
    note: Text | None = None
    columns: list[Column] = Field(min_length=1)
    # None when the rows are in tables/<id>.csv beside this file.
    rows: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=5000)] | None = None


class FigureSpec(Schema):
    """figures/<id>.yaml: a Vega-Lite chart or a static image file, with alt text and sources."""

    caption: Text
    alt: Text
    sources: list[Id] = Field(min_length=1)
    note: Text | None = None
    chart: dict[str, Any] | None = None
    file: Text | None = None


class EventSpec(Schema):
    id: Id
    date: When
    title: Text
    text: Text
    sources: list[Id] = Field(min_length=1)


class SourceSpec(Schema):
    id: Id
    type: Literal["article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "chapter",
                  "dataset", "document", "hearing", "interview", "legal_case", "legislation", "manuscript",
                  "pamphlet", "paper-conference", "personal_communication", "post", "post-weblog", "regulation",
                  "report", "speech", "standard", "thesis", "treaty", "webpage"] = "document"
    author: Text  # 'Family, Given' for a person, or an organisation as written; several separated by ';'
    title: Text
    publisher: Text | None = None
    year: Annotated[str, Field(pattern=r"^\d{4}$")] | None = None
    date: Date | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    note: Text | None = None


class Acronym(Schema):
    term: Text
    expansion: Text


class ChronologyFile(Schema):
    events: list[EventSpec] = Field(min_length=1)


class SourcesFile(Schema):
    sources: list[SourceSpec] = Field(min_length=1)


class AcronymsFile(Schema):
    acronyms: list[Acronym] = Field(min_length=1)


Cell = str | int | Decimal | dt.date | PartialDate | None  # PartialDate: a date known to the year or month


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    body: str
    body_location: Location
    type: str | None = None
    type_location: Location | None = None


@dataclass(frozen=True)
class Table:
    id: str
    number: int
    spec: TableSpec
    rows: list[dict[str, Cell]]
    location: Location


@dataclass(frozen=True)
class Figure:
    id: str
    number: int
    spec: FigureSpec
    location: Location
    image_path: Path | None = None
    chart: dict[str, Any] | None = None


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style file, checked, and whether it puts citations in footnotes."""

    name: str
    path: Path
    notes: bool  # a note style: citations print as footnotes
    locale: str | None = None  # a dependent style's default locale


@dataclass(frozen=True)
class Brand:
    """Validated brand settings, with the files they name resolved to paths."""

    spec: BrandSpec = field(default_factory=BrandSpec)
    logo: Path | None = None
    fonts: tuple[tuple[FontFace, Path], ...] = ()
    reference_docx: Path | None = None


@dataclass(frozen=True)
class Brief:
    """A validated brief: everything the templates need, numbered and ordered."""

    root: Path
    meta: BriefMeta
    sections: list[Section]
    tables: dict[str, Table]
    figures: dict[str, Figure]
    events: list[EventSpec]
    sources: dict[str, dict[str, Any]]  # CSL-JSON items, by id, in order of first citation
    acronyms: list[Acronym]
    source_numbers: dict[str, int] = field(default_factory=dict)
    source_notes: dict[str, str] = field(default_factory=dict)  # printed after the formatted entry
    citation_style: CitationStyle | None = None
    brand: Brand = field(default_factory=lambda: Brand())
    theme: Path | None = None  # the house theme's folder, when the brief or the command line names one
    translation: str | None = None  # the language of the translation this is, None for the original
    original_language: str = ""  # the original's language, for a translation; else its own

    def __post_init__(self) -> None:
        if not self.original_language:
            object.__setattr__(self, "original_language", self.meta.language)

    @property
    def stem(self) -> str:
        """The name its files are published under: the slug, then the language for a translation."""
        return f"{self.meta.slug}.{self.translation}" if self.translation else self.meta.slug
