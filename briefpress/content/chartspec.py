"""Which fields a chart spec may encode from its table: checked when the content is validated."""
from __future__ import annotations

from typing import Any


def table_fields(table_columns: list[str] | tuple[str, ...], typed: dict[str, str]) -> set[str]:
    """The fields a chart may encode from a table: its columns, ``id``, and for typed ones ``KEY_text`` (the cell
    as the table prints it, "$3.3") and ``KEY_label`` (as a sentence quotes it, with its scale: "$3.3 billion")."""
    fields = set(table_columns) | {"id"}
    return fields | {f"{key}_{form}" for key, kind in typed.items() if kind != "text" for form in ("text", "label")}


def _derived(value: Any) -> set[str]:
    """Names a spec's transforms create (every ``as``), which its encodings may use too."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "as":
                names = item if isinstance(item, list) else [item]
                found |= {name for name in names if isinstance(name, str)}
            found |= _derived(item)
    elif isinstance(value, list):
        for item in value:
            found |= _derived(item)
    return found


def unknown_fields(chart: Any, known: set[str]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every ``field`` an encoding names that is neither in ``known`` nor made by a transform, with its path."""
    allowed = known | _derived(chart)
    found: list[tuple[tuple[str | int, ...], str]] = []

    def walk(value: Any, path: tuple[str | int, ...], in_encoding: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if in_encoding and key == "field" and isinstance(item, str) and item not in allowed:
                    found.append((path + (key,), item))
                walk(item, path + (key,), in_encoding or key == "encoding")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,), in_encoding)

    walk(chart, (), False)
    return found



def unsafe_parts(chart: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Parts of a chart spec that would fetch, generate or draw data beyond its own table, with their path.

    A chart is drawn from the rows of the table it names, nothing else: another ``data`` (a URL, inline
    values, a generated sequence of any length), an image mark or a URL anywhere would read the network
    or the disk, or make the renderer build millions of rows."""
    found: list[tuple[tuple[str | int, ...], str]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                here = (*path, key)
                if key == "data" and path:
                    found.append((here, "a layer may not bring data of its own: the chart draws its table's rows"))
                elif key == "data" and isinstance(item, dict) and set(item) - {"table"}:
                    extra = sorted(set(item) - {"table"})
                    found.append(((*here, extra[0]), f"data.{extra[0]} is not allowed: write only 'data: {{table: ID}}'"))
                elif key in ("url", "sequence"):
                    found.append((here, f"'{key}' is not allowed in a chart: it draws only its table's rows"))
                elif key in ("mark", "type") and (item == "image" or (isinstance(item, dict) and item.get("type") == "image")):
                    found.append((here, "image marks are not allowed in a chart"))
                else:
                    walk(item, here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(chart, ())
    return found
