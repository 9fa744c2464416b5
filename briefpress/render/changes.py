"""What changed between two versions of a brief: its prose as the reader sees it, table cells, figures'
data, events and sources. Plain data made from the two validated briefs and their web editions.

Prose is compared as rendered (numbers quoted from tables, citations formatted), so a changed figure in
a table that the text quotes shows in the text too; tables, events and sources are compared by their ids.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal

import tinyhtml5

from ..content.formats import Formats
from ..content.model import Brief, Figure, Table
from .textdiff import Paragraph, Segment, compare_paragraphs, compare_sentences

Status = Literal["same", "changed", "added", "removed"]
_NS = "{http://www.w3.org/1999/xhtml}"
_BLOCKS = {"p", "li", "h3", "h4", "dd", "dt"}


@dataclass(frozen=True)
class PartChange:
    """A run of prose (takeaways, summary, a section, disclaimer): its paragraphs compared."""

    id: str
    title: str
    status: Status
    paragraphs: tuple[Paragraph, ...] = ()
    old_title: str | None = None  # when the part was retitled


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class TableChange:
    id: str
    number: int  # in the newer version (the older's, for a removed table)
    caption: str
    status: Status
    cells: tuple[CellChange, ...] = ()
    rows_added: tuple[str, ...] = ()
    rows_removed: tuple[str, ...] = ()
    old_caption: str | None = None


@dataclass(frozen=True)
class FigureChange:
    id: str
    number: int
    caption: str
    status: Status
    reasons: tuple[Literal["data", "chart", "image", "caption", "alt"], ...] = ()


@dataclass(frozen=True)
class EventChange:
    id: str
    title: str
    status: Status
    date: str
    old_date: str | None = None  # when redated
    heading: tuple[Segment, ...] = ()  # the title compared
    text: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class SourceChange:
    id: str
    text: str
    status: Status


@dataclass(frozen=True)
class Changes:
    """Everything that differs from ``old`` to ``new``; ``count`` is 0 for a brief compared with itself."""

    old: Brief
    new: Brief
    parts: tuple[PartChange, ...] = ()
    tables: tuple[TableChange, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    events: tuple[EventChange, ...] = ()
    sources: tuple[SourceChange, ...] = ()
    metadata: tuple[tuple[str, str, str], ...] = field(default=())  # (field, old, new): title, version, date...

    @property
    def count(self) -> int:
        paragraphs = sum(1 for part in self.parts for paragraph in part.paragraphs if paragraph.changed)
        retitled = sum(1 for part in self.parts if part.old_title or part.status in ("added", "removed"))
        return (paragraphs + retitled + len(self.tables) + len(self.figures) + len(self.events) + len(self.sources)
                + sum(1 for name, _, _ in self.metadata if name not in ("version", "date")))


def compare(old: Brief, old_web: str, new: Brief, new_web: str) -> Changes:
    """The changes from ``old`` to ``new``, each given with its web edition as rendered."""
    before, after = read_text(old_web), read_text(new_web)
    return Changes(old, new, tuple(_parts(before, after)), tuple(_tables(old, new)), tuple(_figures(old, new)),
                   tuple(_events(old, new, before, after)), tuple(_sources(before, after)), _metadata(old, new))


def _metadata(old: Brief, new: Brief) -> tuple[tuple[str, str, str], ...]:
    fields = ("title", "subtitle", "version", "date", "status")
    pairs = [(name, str(getattr(old.meta, name) or ""), str(getattr(new.meta, name) or "")) for name in fields]
    return tuple(pair for pair in pairs if pair[1] != pair[2])


@dataclass
class ReaderText:
    """The reader's text of one web edition: each part's title and paragraphs, events, references."""

    parts: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    events: dict[str, tuple[str, str]] = field(default_factory=dict)  # title and text, by event id
    references: dict[str, str] = field(default_factory=dict)


def _text(element) -> str:
    parts = []
    def walk(node) -> None:
        classes = (node.get("class") or "").split()
        if "footnote-ref" in classes or "visually-hidden" in classes:
            parts.append(node.tail or "")
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
        parts.append(node.tail or "")
    walk(element)
    parts[-1] = ""  # the element's own tail is not its text
    return " ".join("".join(parts).split())


def _blocks(element) -> list[str]:
    """The paragraphs of a part, in reading order: tables and figures are compared on their own."""
    found: list[str] = []
    for child in element:
        tag, classes = child.tag.removeprefix(_NS), (child.get("class") or "").split()
        if tag in ("figure", "table") or {"table-block", "figure-block"} & set(classes) or tag in ("h2",):
            continue
        if tag in _BLOCKS and child.find(f"{_NS}ul") is None and child.find(f"{_NS}ol") is None:
            if (text := _text(child)):
                found.append(text)
        else:
            found += _blocks(child)
    return found


def read_text(html: str) -> ReaderText:
    root, prose = tinyhtml5.parse(html), ReaderText()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag, ident, classes = element.tag.removeprefix(_NS), element.get("id") or "", (element.get("class") or "").split()
        heading = element.find(f".//{_NS}h2")
        title = _text(heading) if heading is not None else ""
        if tag == "section" and ("body-section" in classes or ident == "summary"):
            prose.parts[ident] = (title, _blocks(element))
        elif tag == "aside" and "takeaways" in classes:
            prose.parts["takeaways"] = (title, _blocks(element))
        elif tag == "div" and "disclaimer" in classes:
            prose.parts["disclaimer"] = ("", _blocks(element))
        elif tag == "li" and ident.startswith("fn-"):
            section = "section-" + ident.removeprefix("fn-").rsplit("-", 1)[0]
            prose.parts.setdefault(section, ("", []))[1].append(_text(element))
        elif tag == "tr" and ident.startswith("event-"):
            title, *text = _blocks(element) or [""]
            prose.events[ident.removeprefix("event-")] = (title, " ".join(text))
        elif "reference" in classes and ident.startswith("source-"):
            prose.references[ident.removeprefix("source-")] = _text(element)
    return prose


def _parts(before: ReaderText, after: ReaderText) -> list[PartChange]:
    changes: list[PartChange] = []
    for ident, (title, paragraphs) in after.parts.items():
        if ident not in before.parts:
            changes.append(PartChange(ident, title, "added", tuple(compare_paragraphs([], paragraphs))))
            continue
        old_title, old_paragraphs = before.parts[ident]
        compared = tuple(compare_paragraphs(old_paragraphs, paragraphs))
        if old_title != title or any(paragraph.changed for paragraph in compared):
            changes.append(PartChange(ident, title, "changed", compared, old_title if old_title != title else None))
    changes += [PartChange(ident, title, "removed", tuple(compare_paragraphs(paragraphs, [])))
                for ident, (title, paragraphs) in before.parts.items() if ident not in after.parts]
    return changes


def _rows(table: Table, formats: Formats) -> dict[str, dict[str, str]]:
    """Each row's formatted cells by column label, keyed by its first cell (by position when that repeats)."""
    columns = table.spec.columns
    shown = [{column.label: formats.cell(row.get(column.key), column) for column in columns} for row in table.rows]
    keys = [row[columns[0].label] for row in shown]
    if len(set(keys)) != len(keys):
        keys = [f"{index}" for index in range(1, len(keys) + 1)]
    return dict(zip(keys, shown))


def _tables(old: Brief, new: Brief) -> list[TableChange]:
    changes: list[TableChange] = []
    old_formats, new_formats = Formats.of(old.meta), Formats.of(new.meta)
    for key, table in new.tables.items():
        if key not in old.tables:
            changes.append(TableChange(key, table.number, table.spec.caption, "added"))
            continue
        before, after = _rows(old.tables[key], old_formats), _rows(table, new_formats)
        cells = tuple(CellChange(row, column, before[row].get(column, ""), value)
                      for row, values in after.items() if row in before
                      for column, value in values.items() if before[row].get(column, "") != value)
        added = tuple(row for row in after if row not in before)
        removed = tuple(row for row in before if row not in after)
        old_caption = old.tables[key].spec.caption
        if cells or added or removed or old_caption != table.spec.caption:
            changes.append(TableChange(key, table.number, table.spec.caption, "changed", cells, added, removed,
                                       old_caption if old_caption != table.spec.caption else None))
    changes += [TableChange(key, table.number, table.spec.caption, "removed")
                for key, table in old.tables.items() if key not in new.tables]
    return changes


def _figure_data(brief: Brief, figure: Figure) -> tuple[str, str, str]:
    """The figure's data (the rows of the table it draws), its chart without them, and its image file."""
    chart = dict(figure.chart or {})
    table = (chart.pop("data", None) or {}).get("table")
    rows = brief.tables[table].rows if table in brief.tables else []
    image = hashlib.sha256(figure.image_path.read_bytes()).hexdigest() if figure.image_path else ""
    return json.dumps(rows, default=str, sort_keys=True), json.dumps(chart, default=str, sort_keys=True), image


def _figures(old: Brief, new: Brief) -> list[FigureChange]:
    changes: list[FigureChange] = []
    for key, figure in new.figures.items():
        if key not in old.figures:
            changes.append(FigureChange(key, figure.number, figure.spec.caption, "added"))
            continue
        before = old.figures[key]
        (old_data, old_chart, old_image), (data, chart, image) = _figure_data(old, before), _figure_data(new, figure)
        reasons = tuple(reason for reason, changed in (
            ("data", old_data != data), ("chart", old_chart != chart), ("image", old_image != image),
            ("caption", before.spec.caption != figure.spec.caption), ("alt", before.spec.alt != figure.spec.alt))
            if changed)
        if reasons:
            changes.append(FigureChange(key, figure.number, figure.spec.caption, "changed", reasons))  # type: ignore[arg-type]
    changes += [FigureChange(key, figure.number, figure.spec.caption, "removed")
                for key, figure in old.figures.items() if key not in new.figures]
    return changes


def _events(old: Brief, new: Brief, before: ReaderText, after: ReaderText) -> list[EventChange]:
    old_events = {event.id: event for event in old.events}
    new_ids = {event.id for event in new.events}
    old_formats, new_formats = Formats.of(old.meta), Formats.of(new.meta)
    changes: list[EventChange] = []
    for event in new.events:
        date, (title, text) = new_formats.long_date(event.date), after.events.get(event.id, (event.title, ""))
        if event.id not in old_events:
            changes.append(EventChange(event.id, title, "added", date, None, (Segment("inserted", title),),
                                       (Segment("inserted", text),)))
            continue
        previous = old_events[event.id]
        old_title, old_text = before.events.get(event.id, (previous.title, ""))
        heading, body = tuple(compare_sentences(old_title, title)), tuple(compare_sentences(old_text, text))
        redated = previous.date != event.date
        if redated or any(segment.kind != "same" for segment in (*heading, *body)):
            changes.append(EventChange(event.id, title, "changed", date, old_formats.long_date(previous.date)
                                       if redated else None, heading, body))
    for event in old.events:
        if event.id not in new_ids:
            title, text = before.events.get(event.id, (event.title, ""))
            changes.append(EventChange(event.id, title, "removed", old_formats.long_date(event.date), None,
                                       (Segment("deleted", title),), (Segment("deleted", text),)))
    return changes


def _sources(before: ReaderText, after: ReaderText) -> list[SourceChange]:
    return [*(SourceChange(key, text, "added") for key, text in after.references.items() if key not in before.references),
            *(SourceChange(key, text, "removed") for key, text in before.references.items() if key not in after.references)]
