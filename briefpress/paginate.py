"""Long tables across pages: each continuation starts a page with its own caption and header.

CSS repeats a table's header on every page but has no way to change its caption there, so a table
marked ``data-continued="Table 3 (continued)"`` is laid out once, then cut where the pages broke it:
every piece after the first becomes a table of its own that opens a new page with that caption and
a copy of the header. Cutting can move later breaks, so layout repeats until no marked table breaks.
The same passes nudge the word spacing of a paragraph whose line the engine broke too early.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from xml.etree.ElementTree import Element

from weasyprint.formatting_structure import boxes

CONTINUED = "data-continued"
NUDGE_KEY = "data-nudge"
TABLE_KEY = "data-split-table"
ROW_KEY = "data-split-row"
Breaks = Mapping[str, frozenset[int]]


def number_rows(root: Element) -> None:
    """Give each marked table a key and each of its body rows its index, so layout can name them."""
    for index, table in enumerate(t for t in root.iter("table") if t.get(CONTINUED)):
        table.set(TABLE_KEY, str(index))
        for row_index, row in enumerate(_body_rows(table)):
            row.set(TABLE_KEY, str(index))
            row.set(ROW_KEY, str(row_index))


def _body_rows(table: Element) -> list[Element]:
    rows = []
    for child in table:
        if child.tag == "tbody":
            rows.extend(row for row in child if row.tag == "tr")
        elif child.tag == "tr":
            rows.append(child)
    return rows


def page_breaks(document) -> dict[str, frozenset[int]]:
    """For each marked table the layout broke, the body rows that open a new page."""
    first_page: dict[tuple[str, int], int] = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = box.element
            if isinstance(box, boxes.TableRowBox) and element is not None and element.get(ROW_KEY) is not None:
                key = (element.get(TABLE_KEY), int(element.get(ROW_KEY)))
                first_page.setdefault(key, number)
    starts: dict[str, set[int]] = {}
    for (table, row), page in sorted(first_page.items()):
        if row > 0 and first_page.get((table, row - 1), page) < page:
            starts.setdefault(table, set()).add(row)
    return {table: frozenset(rows) for table, rows in starts.items()}


def number_blocks(root: Element) -> None:
    """Key every element by its place in the document, so a later pass can find it again."""
    for index, element in enumerate(root.iter()):
        element.set(NUDGE_KEY, str(index))


def nudge(root: Element, keys: frozenset[str]) -> None:
    """Widen the word spaces of these elements imperceptibly (0.01 em per nudge).

    The layout engine sometimes breaks a line after its first word although the next one fits; a
    hair's difference in width is enough to take it past that case.
    """
    for element in root.iter():
        if element.get(NUDGE_KEY) in keys:
            style = element.get("style", "")
            element.set("style", f"{style}; word-spacing: 0.01em".lstrip("; "))


def merge(old: Breaks, new: Breaks) -> dict[str, frozenset[int]]:
    return {key: old.get(key, frozenset()) | new.get(key, frozenset()) for key in {*old, *new}}


def split_tables(root: Element, breaks: Breaks) -> None:
    """Cut each marked table before the rows in ``breaks``; the pieces follow it in its parent."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for table in [t for t in root.iter("table") if t.get(TABLE_KEY) in breaks]:
        starts = breaks[table.get(TABLE_KEY, "")]
        parent = parents[table]
        position = list(parent).index(table)
        for offset, piece in enumerate(_pieces(table, starts), 1):
            parent.insert(position + offset, piece)


def _pieces(table: Element, starts: frozenset[int]) -> list[Element]:
    pieces: list[Element] = []
    current: Element | None = None
    groups: dict[tuple[int, Element], Element] = {}
    for group in [child for child in table if child.tag == "tbody"]:
        for row in [r for r in group if r.tag == "tr"]:
            index = int(row.get(ROW_KEY, "-1"))
            if index in starts:
                current = _continuation(table)
                pieces.append(current)
            if current is None:
                continue
            key = (len(pieces), group)
            if key not in groups:
                groups[key] = Element("tbody", {k: v for k, v in group.attrib.items() if k != "id"})
                current.append(groups[key])
            group.remove(row)
            groups[key].append(row)
    return pieces


def _continuation(table: Element) -> Element:
    piece = Element("table", {k: v for k, v in table.attrib.items() if k not in ("id", CONTINUED)})
    piece.set("class", (piece.get("class", "") + " table-continuation").strip())
    caption = Element("caption", {"class": "continued-caption"})
    caption.text = table.get(CONTINUED)
    piece.append(caption)
    for child in table:
        if child.tag in ("colgroup", "col", "thead"):
            header = copy.deepcopy(child)
            for element in header.iter():
                element.attrib.pop("id", None)
            piece.append(header)
    return piece
