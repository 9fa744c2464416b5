"""Values quoted from tables: ``{value:TABLE/ROW/COLUMN}``, printed with the column's format.

A row is named by its ``id``. An optional ``:SCALE`` after the column restates a currency or number
in another scale without losing a digit: ``{value:us-exports-h1/h1-2011/exports:billion}`` prints
1,365.0 (million) as "$1.365 billion". Prose reads the values as sentences do ("$2.4 billion",
"46.8 percent"), so a number is typed once, in its table, and quoted everywhere from there.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..errors import Location, Problems
from .formats import ENGLISH, Formats, decimal_places
from .model import Cell, Column

VALUE = re.compile(r"\{value:([^{}\s]*)\}")
SCALES = ("", "thousand", "million", "billion")
FORM = "write {value:TABLE/ROW/COLUMN} or {value:TABLE/ROW/COLUMN:SCALE}"


@dataclass(frozen=True)
class ValueRef:
    table: str
    row: str
    column: str
    scale: str | None = None


@dataclass(frozen=True)
class TableData:
    """What a value lookup needs of a table."""

    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Cell]]


class ValueRefError(ValueError):
    """A value reference that cannot be resolved; the message says why."""


def parse_ref(text: str) -> ValueRef:
    path, _, scale = text.partition(":")
    parts = path.split("/")
    if len(parts) != 3 or not all(parts) or (_ and not scale):
        raise ValueRefError(f"value reference '{{value:{text}}}' is malformed: {FORM}")
    if scale and scale not in SCALES:
        raise ValueRefError(f"unknown scale '{scale}' (use thousand, million or billion)")
    return ValueRef(parts[0], parts[1], parts[2], scale or None)


def lookup(ref: ValueRef, tables: Mapping[str, TableData]) -> tuple[Cell, Column]:
    """The cell a reference names, with its column; ValueRefError says what is unknown."""
    table = tables.get(ref.table)
    if table is None:
        raise ValueRefError(f"unknown table '{ref.table}'")
    row = next((r for r in table.rows if r.get("id") == ref.row), None)
    if row is None:
        ids = ", ".join(str(r["id"]) for r in table.rows if r.get("id")) or "none; give rows an 'id'"
        raise ValueRefError(f"unknown row '{ref.row}' in table '{ref.table}' (row ids: {ids})")
    column = next((c for c in table.columns if c.key == ref.column), None)
    if column is None:
        raise ValueRefError(f"unknown column '{ref.column}' in table '{ref.table}'")
    if row.get(column.key) is None:
        raise ValueRefError(f"table '{ref.table}' has no value in row '{ref.row}', column '{ref.column}'")
    if ref.scale and (column.type not in ("currency", "number") or not column.scale):
        raise ValueRefError(f"column '{ref.column}' of table '{ref.table}' has no scale to restate in {ref.scale}")
    return row[column.key], column


def rescaled(value: Decimal, column: Column, scale: str) -> tuple[Decimal, Column]:
    """The value in another scale, with every digit it had and no trailing zeros past the column's."""
    shift = 3 * (SCALES.index(column.scale or "") - SCALES.index(scale))
    written = column.decimals if column.decimals is not None else decimal_places(value)
    scaled = value.scaleb(shift)
    needed = decimal_places(scaled.normalize())
    places = max(min(needed, written - shift), min(column.decimals or 0, max(written - shift, 0)))
    return scaled, column.model_copy(update={"scale": scale, "decimals": places})


def prose_value(ref: ValueRef, tables: Mapping[str, TableData], formats: Formats = ENGLISH) -> str:
    """The referenced value as a sentence in the brief's language quotes it."""
    value, column = lookup(ref, tables)
    if ref.scale and isinstance(value, (Decimal, int)):
        value, column = rescaled(Decimal(value), column, ref.scale)
    elif isinstance(value, Decimal) and column.decimals is not None and decimal_places(value) < column.decimals:
        # A table pads to its column's decimals ("400.0"); a sentence quotes the value as written ("400").
        column = column.model_copy(update={"decimals": decimal_places(value)})
    return formats.cell(value, column, in_prose=True)


def substitute(text: str, tables: Mapping[str, TableData],
               on_error: Callable[[str, str], None] | None = None, formats: Formats = ENGLISH) -> str:
    """Plain text with each ``{value:...}`` replaced by the value; problems go to
    ``on_error(reference, message)``, or raise when there is none."""
    def replace(match: re.Match[str]) -> str:
        try:
            return prose_value(parse_ref(match.group(1)), tables, formats)
        except ValueRefError as error:
            if on_error is None:
                raise
            on_error(match.group(1), str(error))
            return match.group(0)

    return VALUE.sub(replace, text)


@dataclass
class Quotes:
    """Checks value quotes against the brief's tables while it is validated, and fills them in."""

    tables: Mapping[str, TableData]
    broken: set[str]  # tables whose file failed to load: reported already, so their quotes are not
    problems: Problems
    formats: Formats = ENGLISH

    def _report(self, reference: str, message: str, where: Location) -> None:
        if reference.split("/")[0] not in self.broken:
            self.problems.add(where, message)

    def check(self, reference: str, where: Location) -> None:
        """Report a ``{value:...}`` reference (its text after 'value:') that does not resolve."""
        try:
            prose_value(parse_ref(reference), self.tables, self.formats)
        except ValueRefError as error:
            self._report(reference, str(error), where)

    def fill(self, text: str, where: Location) -> str:
        """A plain-text field with its quotes filled in; each problem is reported at ``where``."""
        return substitute(text, self.tables, lambda reference, message: self._report(reference, message, where),
                          self.formats)
