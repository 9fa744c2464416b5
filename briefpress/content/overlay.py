"""The part of a translation that is merged into the original's parsed files: the texts of a file
(``Overlay.texts``), and those of the tables (captions, labels, the words in their cells) and figures
(captions, alt texts, the words their charts print). See ``content.translation``."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefError, Location, Problems
from .reader import Document, Path_, load_yaml, outside

FOLDER = "translations"
TABLE_TEXTS = {"caption": True, "unit": True, "note": True, "columns": True, "text": False}
FIGURE_TEXTS = {"caption": True, "alt": True, "note": True, "strings": False}
# Chart keys whose strings are names the chart uses, never words it prints.
CHART_NAMES = frozenset({"field", "type", "table", "mark", "aggregate", "timeUnit", "scheme", "orient", "align",
                         "baseline", "format", "formatType", "stack", "interpolate", "shape", "fontWeight"})



def replace_at(merged: Document, at: Path_, value: Any, source: Document, source_at: Path_) -> None:
    """Put ``value`` (from ``source`` at ``source_at``) at ``at`` in ``merged``, with its positions."""
    target = merged.data
    for key in at[:-1]:
        target = target[key]
    target[at[-1]] = value
    for path in [p for p in merged.positions if p[:len(at)] == at]:
        del merged.positions[path]
    for path, location in source.positions.items():
        if path[:len(source_at)] == source_at:
            merged.positions[at + path[len(source_at):]] = location


@dataclass

@dataclass
class Overlay:
    """Texts in ``root/translations/<language>/`` laid over the original's documents; problems collected."""

    root: Path
    language: str
    problems: Problems

    @property
    def folder(self) -> Path:
        return self.root / FOLDER / self.language

    def document(self, name: str, required: bool = True) -> Document | None:
        path = self.folder / name
        if not path.is_file():
            if required:
                self.problems.add(Location.of(path), f"file not found: the translation into '{self.language}' "
                                                     f"needs it for the original's {name}")
            return None
        if outside(path, self.root, self.problems):
            return None
        try:
            document = load_yaml(path)
        except BriefError as error:
            self.problems.extend(error.problems)
            return None
        if not isinstance(document.data, dict):
            self.problems.add(document.where(), "expected a mapping")
            return None
        return document

    def texts(self, original: Document, base: Path_, translated: Document, at: Path_,
               allowed: dict[str, bool], what: str, merged_apart: tuple[str, ...] = ()) -> Document:
        """The keys ``allowed`` taken from ``translated`` (at ``at``) into ``original`` (at ``base``), a copy."""
        merged = original
        given = _get(translated.data, at)
        target = _get(merged.data, base)
        if not isinstance(given, dict):
            self.problems.add(translated.where(*at), f"{what}: expected a mapping of its texts")
            return merged
        for key in given:
            if key not in allowed:
                self.problems.add(translated.where(*at, key), f"{what}: '{key}' is not translated: the original "
                                                              f"decides it ({original.where(*base, key)})")
        for key, required in allowed.items():
            if key in given:
                continue
            if required and isinstance(target, dict) and target.get(key) is not None:
                self.problems.add(translated.where(*at), f"{what}: '{key}' is missing; the original has it at "
                                                         f"{original.where(*base, key)}")
        for key in given:
            if key in allowed and key not in merged_apart:  # those are merged by the caller
                replace_at(merged, base + (key,), given[key], translated, at + (key,))
        return merged

    def table(self, table_id: str, original: Document, texts: Document | None) -> tuple[Document, dict[str, str]]:
        """The table's document with its texts translated, and the translations of its cells' words."""
        where = f"tables.yaml: table '{table_id}'"
        if texts is None:
            return original, {}
        if table_id not in texts.data:
            self.problems.add(texts.where(), f"tables.yaml: table '{table_id}' is missing ({original.where()})")
            return original, {}
        merged = self.texts(copy_of(original), (), texts, (table_id,), TABLE_TEXTS, where, ("columns", "text"))
        labels = texts.data[table_id].get("columns") if isinstance(texts.data[table_id], dict) else None
        columns = merged.data.get("columns") if isinstance(merged.data, dict) else None
        if isinstance(labels, dict) and isinstance(columns, list):
            keys = [str(c.get("key")) for c in columns if isinstance(c, dict)]
            for key in labels:
                if key not in keys:
                    self.problems.add(texts.where(table_id, "columns", key), f"{where}: no column '{key}'")
            for index, key in enumerate(keys):
                self._column(merged, index, key, texts, (table_id, "columns", key), original, where)
        return merged, self._words(texts, (table_id, "text"), where)

    def _column(self, merged: Document, index: int, key: str, texts: Document, at: Path_, original: Document,
                where: str) -> None:
        given = _get(texts.data, at)
        column = merged.data["columns"][index]
        if given is None:
            self.problems.add(texts.where(*at[:-1]), f"{where}: the label of column '{key}' is missing "
                                                     f"({original.where('columns', index)})")
        elif isinstance(given, dict):
            unknown = [name for name in given if name not in ("label", "unit")]
            for name in unknown:
                self.problems.add(texts.where(*at, name), f"{where}: column '{key}': '{name}' is not translated")
            for name in ("label", "unit"):
                if name in given:
                    replace_at(merged, ("columns", index, name), given[name], texts, at + (name,))
                elif column.get(name) is not None:
                    self.problems.add(texts.where(*at), f"{where}: column '{key}': its {name} is missing")
        else:
            replace_at(merged, ("columns", index, "label"), given, texts, at)
            if column.get("unit") is not None:
                self.problems.add(texts.where(*at), f"{where}: column '{key}' has a unit in the original: give "
                                                    "{label: ..., unit: ...}")

    def _words(self, texts: Document, at: Path_, where: str) -> dict[str, str]:
        words = _get(texts.data, at)
        if words is None:
            return {}
        if not isinstance(words, dict) or not all(isinstance(v, str) for v in words.values()):
            self.problems.add(texts.where(*at), f"{where}: '{at[-1]}' maps each original text to its translation")
            return {}
        return {str(k): str(v) for k, v in words.items()}

    def cells(self, table_id: str, rows: list[dict[str, Any]], text_columns: list[str], words: dict[str, str],
              texts: Document | None, problems: Problems) -> list[dict[str, Any]]:
        """The rows with the words in their text cells translated; a cell without one is a problem."""
        if texts is None or table_id not in texts.data:
            return rows
        where, used, translated = texts.where(table_id), set(), []
        for row in rows:
            row = dict(row)
            for key in text_columns:
                cell = row.get(key)
                if isinstance(cell, str) and any(char.isalpha() for char in cell):
                    if cell in words:
                        row[key] = words[cell]
                        used.add(cell)
                    else:
                        problems.add(where, f"tables.yaml: table '{table_id}': the cell '{cell}' (column "
                                            f"'{key}') is not translated: add it under 'text:'")
            translated.append(row)
        for word in words:
            if word not in used:
                problems.add(texts.where(table_id, "text", word), f"tables.yaml: table '{table_id}': no text cell "
                                                                  f"reads '{word}'")
        return translated

    def figure(self, figure_id: str, original: Document, texts: Document | None,
               cell_words: dict[str, dict[str, str]]) -> Document:
        if texts is None:
            return original
        if figure_id not in texts.data:
            self.problems.add(texts.where(), f"figures.yaml: figure '{figure_id}' is missing ({original.where()})")
            return original
        where = f"figures.yaml: figure '{figure_id}'"
        merged = self.texts(copy_of(original), (), texts, (figure_id,), FIGURE_TEXTS, where, ("strings",))
        chart = merged.data.get("chart") if isinstance(merged.data, dict) else None
        if isinstance(chart, dict):
            data = chart.get("data")
            table = data.get("table") if isinstance(data, dict) else None
            strings = self._words(texts, (figure_id, "strings"), where)
            words = {**cell_words.get(str(table), {}), **strings}
            used: set[str] = set()
            for at, text in _chart_words(chart, ()):
                if text in words:
                    _get(chart, at[:-1])[at[-1]] = words[text]
                    used.add(text)
                elif "title" in at:
                    self.problems.add(texts.where(figure_id), f"{where}: the chart's title '{text}' is not "
                                                              f"translated: add it under 'strings:' "
                                                              f"({original.where('chart', *at)})")
            for text in strings:
                if text not in used:
                    self.problems.add(texts.where(figure_id, "strings", text), f"{where}: the chart prints no "
                                                                               f"'{text}'")
        return merged


def copy_of(document: Document) -> Document:
    return Document(document.path, copy.deepcopy(document.data), dict(document.positions))


def _get(data: Any, at: Path_) -> Any:
    for key in at:
        if isinstance(data, dict) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def _chart_words(spec: Any, at: Path_) -> list[tuple[Path_, str]]:
    """Every string a chart spec may print, with its path (names of fields, marks and types left out)."""
    found: list[tuple[Path_, str]] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key not in CHART_NAMES and key != "data":
                found += _chart_words(value, at + (key,))
    elif isinstance(spec, list):
        for index, value in enumerate(spec):
            found += _chart_words(value, at + (index,))
    elif isinstance(spec, str) and any(char.isalpha() for char in spec) and spec.lower() not in ("true", "false"):
        found.append((at, spec))
    return found
