"""The tables' CSV files described for machines: a Frictionless Data Package (``datapackage.json``).

Each CSV file is a resource whose schema names every column's type, and, where the table says so, its
currency, scale and unit, with the sources the table cites: what a reader of the bare CSV cannot know.
It ships beside the CSV files and is attached to the PDF with them (https://datapackage.org).
"""
from __future__ import annotations

import json
from typing import Any

from .model import Brief, Column, Table
from .tables import ROW_ID

PACKAGE_FILE = "datapackage.json"
# Table Schema types for the column types a table may have.
FIELD_TYPES = {"text": "string", "integer": "integer", "number": "number", "currency": "number", "percent": "number",
               "year": "year", "fiscal_year": "integer"}
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _field(column: Column, table: Table) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.key, "title": column.label}
    if column.type == "date":
        full = all(row.get(column.key) is None or len(str(row[column.key])) == 10 for row in table.rows)
        field["type"] = "date" if full else "string"
        if not full:  # a date known to the year or the month, as the source gives it
            field["constraints"] = {"pattern": PARTIAL_DATE}
    else:
        field["type"] = FIELD_TYPES[column.type]
    # Table Schema lets a field carry further properties: these say what one number stands for.
    if column.type == "currency":
        field["currency"] = column.currency or "USD"
    if column.scale:
        field["scale"] = column.scale
    if column.unit:
        field["unit"] = column.unit
    if column.type == "percent":
        field["unit"] = "percent"
    if column.type == "fiscal_year":
        field["fiscalYearLabel"] = column.fiscal_label  # printed before the year: FY2024
    return field


def _resource(key: str, table: Table, brief: Brief) -> dict[str, Any]:
    fields = [_field(column, table) for column in table.spec.columns]
    schema: dict[str, Any] = {"fields": fields}
    if any(ROW_ID in row for row in table.rows):
        schema["fields"] = [{"name": ROW_ID, "type": "string"}, *fields]
        schema["primaryKey"] = [ROW_ID]
    schema["missingValues"] = [""]
    sources = [{"title": str(brief.sources[s].get("title") or s), **({"path": brief.sources[s]["URL"]}
                                                                     if brief.sources[s].get("URL") else {})}
               for s in table.spec.sources if s in brief.sources]
    resource = {"name": key, "path": f"{key}.csv", "title": table.spec.caption, "tableNumber": table.number,
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": schema, "sources": sources}
    if table.spec.unit:
        resource["unit"] = table.spec.unit
    return resource


def data_package(brief: Brief) -> bytes:
    """The package describing every table's CSV file, or nothing when the brief has no table."""
    meta = brief.meta
    package = {"profile": "tabular-data-package", "name": f"{brief.stem}-data",
               "title": meta.full_title, "version": meta.version, "language": meta.language,
               "created": f"{meta.date.isoformat()}T00:00:00Z",
               "resources": [_resource(key, table, brief) for key, table in brief.tables.items()]}
    if meta.url:
        package["homepage"] = meta.url
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
