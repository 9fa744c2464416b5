"""Which fields a chart spec may encode from its table: checked when the content is validated."""
from __future__ import annotations

from typing import Any


def table_fields(table_columns: list[str] | tuple[str, ...], typed: dict[str, str]) -> set[str]:
    """The fields a chart may encode from a table: its columns, ``KEY_text`` for typed ones, ``id``."""
    fields = set(table_columns) | {"id"}
    return fields | {f"{key}_text" for key, kind in typed.items() if kind != "text"}


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

