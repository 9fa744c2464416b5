"""Table stage: rows read from YAML or a CSV file beside it, typed by their columns, and written
back out as CSV for the data files shipped with the brief.

A table is ``tables/<id>.yaml`` (caption, unit, sources, note, columns); its rows are either listed
under ``rows:`` there or kept in ``tables/<id>.csv``, whose header row names the column keys. A row
may carry an ``id`` (a YAML key or a CSV column) by which prose quotes its values.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import BriefError, Location, Problems
from .formats import parse_cell
from .model import ID_PATTERN, Cell, PartialDate, Table, TableSpec
from .reader import Document, outside, read_text

ROW_ID = "id"
Locate = Callable[..., Location]
def _field_starts(line: str) -> list[int]:
    """1-based columns where each CSV field of a physical line starts (quotes respected)."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 2)
    return starts


def read_csv(path: Path, problems: Problems) -> tuple[list[str], list[tuple[int, dict[str, str | None]]], Locate]:
    """The header and each record (with its line) of a CSV file; empty cells are None.

    A record whose cell count differs from the header's is reported and left out."""
    text = read_text(path)
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if record:
                records.append((start, record))
    except csv.Error as error:
        raise BriefError.at(Location.of(path, reader.line_num), f"CSV: {error}") from None
    if not records:
        raise BriefError.at(Location.of(path, 1), "CSV: the file is empty; its first row names the columns")
    header_line, header = records[0]
    positions: dict[tuple[int | str, ...], Location] = {}
    rows = []
    for index, (line, record) in enumerate(records[1:]):
        starts = _field_starts(lines[line - 1]) if line <= len(lines) else [1]
        for position, key in enumerate(header):
            column = starts[position] if position < len(starts) else 1
            positions[(index, key)] = Location.of(path, line, column)
        positions[(index,)] = Location.of(path, line, 1)
        if len(record) != len(header):
            problems.add(Location.of(path, line, 1), f"CSV: row has {len(record)} cells but the header has {len(header)}")
            continue
        rows.append((line, {key: (cell if cell.strip() else None) for key, cell in zip(header, record)}))
    starts = _field_starts(lines[header_line - 1]) if header_line <= len(lines) else [1]
    for position, key in enumerate(header):
        positions[("header", key)] = Location.of(path, header_line, starts[position] if position < len(starts) else 1)
        if "\n" in key or "\r" in key:
            problems.add(positions[("header", key)], "CSV header: a column name spans two lines; write each "
                                                      "column's key on the header's one line")

    def locate(*keys: Any) -> Location:
        return positions.get(tuple(keys)) or positions.get(tuple(keys[:1])) or Location.of(path, header_line, 1)

    return header, rows, locate


def _typed_rows(spec: TableSpec, rows: list[dict[str, Any]], locate: Locate, problems: Problems) -> list[dict[str, Cell]]:
    columns = {column.key: column for column in spec.columns}
    typed_rows: list[dict[str, Cell]] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        typed: dict[str, Cell] = {}
        for key in row.keys() - columns.keys() - {ROW_ID}:
            problems.add(locate(index, key), f"rows[{index}]: unknown column '{key}'")
        for key, column in columns.items():
            if key not in row:
                problems.add(locate(index), f"rows[{index}]: missing column '{key}' (write null for no value)")
                continue
            try:
                typed[key] = parse_cell(row[key], column)
            except ValueError as error:
                problems.add(locate(index, key), f"rows[{index}].{key}: {error}")
                continue
            if isinstance(typed[key], str) and (formula := formula_start(str(typed[key]))):
                problems.add(locate(index, key), f"rows[{index}].{key}: text starting with {formula} runs as a "
                                                 "formula when the brief's data file is opened in a spreadsheet: "
                                                 "reword it, or leave the cell empty (null)")
        row_id = row.get(ROW_ID)
        if row_id is not None:
            if not isinstance(row_id, str) or not re.match(ID_PATTERN, row_id):
                problems.add(locate(index, ROW_ID), f"rows[{index}].id: '{row_id}' is not an id (a-z, 0-9, '-', '_')")
            elif row_id in seen:
                problems.add(locate(index, ROW_ID), f"rows[{index}].id: duplicate row id '{row_id}' (also rows[{seen[row_id]}])")
            else:
                seen[row_id] = index
                typed[ROW_ID] = str(row_id)
        typed_rows.append(typed)
    return typed_rows


# A printed table of this many rows runs to some sixty pages; more is a data file, not a table.
MAX_TABLE_ROWS = 2_000


def _too_many(rows: int, where: Location, problems: Problems) -> bool:
    if rows <= MAX_TABLE_ROWS:
        return False
    problems.add(where, f"the table has {rows:,} rows, over the limit of {MAX_TABLE_ROWS:,}: print a summary "
                        "and publish the full data beside the brief")
    return True


def load_table(path: Path, document: Document, spec: TableSpec, problems: Problems) -> list[dict[str, Cell]]:
    """The typed rows of a table, from its YAML ``rows`` or the CSV file beside it."""
    keys = [column.key for column in spec.columns]
    if len(set(keys)) != len(keys):
        problems.add(document.where("columns"), "columns: duplicate column key")
    if ROW_ID in keys:
        problems.add(document.where("columns", keys.index(ROW_ID)), "columns: 'id' names a row, not a column")
    data_file = path.with_suffix(".csv")
    if data_file.is_file() and spec.rows is not None:
        problems.add(document.where("rows"), f"rows: the rows are in '{data_file.name}'; list them in one place only")
        return []
    if spec.rows is not None:
        if _too_many(len(spec.rows), document.where("rows"), problems):
            return []
        return _typed_rows(spec, spec.rows, lambda *keys: document.where("rows", *keys), problems)
    if not data_file.is_file():
        problems.add(document.where(), f"missing field 'rows' (or a file '{data_file.name}' beside this one)")
        return []
    if outside(data_file, path.parent.parent, problems):
        return []
    try:
        header, records, locate = read_csv(data_file, problems)
    except BriefError as error:
        problems.extend(error.problems)
        return []
    for key in header:
        if key not in keys and key != ROW_ID:
            problems.add(locate("header", key), f"CSV header: unknown column '{key}'")
    for key in keys:
        if key not in header:
            problems.add(locate("header", header[0]), f"CSV header: missing column '{key}'")
    if not records:
        problems.add(locate("header", header[0]), "CSV: no rows under the header")
    if _too_many(len(records), locate("header", header[0]), problems):
        return []
    # A column missing from the header was reported once there, not again for every row.
    known = [{**{k: record.get(k) for k in keys}, **({ROW_ID: record[ROW_ID]} if ROW_ID in record else {})}
             for _, record in records]
    return _typed_rows(spec, known, locate, problems)


# A spreadsheet takes a cell starting with one of these for a formula (CSV injection).
FORMULA_STARTS = {"=": "'='", "+": "'+'", "-": "'-'", "@": "'@'", "\t": "a tab", "\r": "a carriage return"}


def formula_start(text: str) -> str | None:
    """How a text cell that a spreadsheet would run as a formula starts, or None."""
    return FORMULA_STARTS.get(text[:1])


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def table_csv(table: Table) -> bytes:
    """A table's rows as CSV (RFC 4180): a header of column keys, then values as written, unformatted."""
    keys = [column.key for column in table.spec.columns]
    if any(ROW_ID in row for row in table.rows):
        keys.insert(0, ROW_ID)
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(keys)
    for row in table.rows:
        writer.writerow([_csv_cell(row.get(key)) for key in keys])
    return stream.getvalue().encode("utf-8")
