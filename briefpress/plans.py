"""Layout plans: where a brief's long tables were cut and which paragraphs were nudged, kept for the next build.

Cutting long tables at their page breaks takes a layout to measure and another to check (see
``paginate``). A plan keeps the outcome, by the content of each table and paragraph, so the next
build of the brief starts from it and, when nothing it depends on has changed, lays out once. A
plan is only a guess: each table's cuts are kept only when the table's content and its place on
its first page are what they were; a wrong guess costs a pass, never a different result.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .cachefiles import write_atomically

VERSION = 1


@dataclass(frozen=True)
class TablePlan:
    cuts: frozenset[int]  # the body rows that open a new page
    start: tuple[float, ...]  # where the table began on its first page, and that page's geometry


@dataclass(frozen=True)
class LayoutPlan:
    tables: Mapping[str, TablePlan] = field(default_factory=dict)  # by table content key
    nudged: frozenset[str] = frozenset()  # content keys of blocks laid out with wider word spaces

    def to_json(self) -> bytes:
        tables = {key: {"cuts": sorted(plan.cuts), "start": list(plan.start)} for key, plan in sorted(self.tables.items())}
        return json.dumps({"version": VERSION, "tables": tables, "nudged": sorted(self.nudged)}, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> LayoutPlan | None:
        """The plan in ``data``, or None when it is not a plan this version wrote."""
        try:
            raw = json.loads(data)
            if raw.get("version") != VERSION:
                return None
            tables = {str(key): TablePlan(frozenset(int(row) for row in value["cuts"]),
                                          tuple(float(number) for number in value["start"]))
                      for key, value in raw["tables"].items()}
            return cls(tables, frozenset(str(key) for key in raw["nudged"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def plan_file(folder: Path, slug: str) -> Path:
    return folder / f"{slug}.json"


def read_plan(folder: Path | None, slug: str) -> LayoutPlan | None:
    """The plan the last build of ``slug`` left in ``folder``, if any and readable."""
    if folder is None:
        return None
    try:
        return LayoutPlan.from_json(plan_file(folder, slug).read_bytes())
    except OSError:
        return None


def write_plan(folder: Path | None, slug: str, plan: LayoutPlan | None) -> None:
    """Keep ``plan`` for the next build; a cache that cannot be written only costs speed."""
    if folder is None or plan is None:
        return
    try:
        write_atomically(plan_file(folder, slug), plan.to_json())
    except OSError:
        pass
