"""Whether a long table's cuts from an earlier build still fall where measuring its rows would put them.

An edit to a long table changes its content, so the cuts its last build measured are not known to hold
(see ``pageparts``), and measuring it again costs a layout of its part. The cuts the table had at the same
place are tried instead, and kept only where its pages show that a measure would break there too: each
piece ends with room left that is clearly less than the rows that must open the next page (a row and those
``break-after: avoid`` keeps with it), yet clearly enough for the rows it holds; the break between the two
pieces is one the styles allow; and nothing else changes the room on that page (a footnote, a row taller
than a page). Anything short of clear is measured again: a wrong answer would print a table cut elsewhere
than a fresh build cuts it.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from weasyprint.formatting_structure import boxes

# Points either way that the pieces' closing rule and collapsed borders can move a row's bottom by
# (a piece's last row prints without its rule; a measured row at a page foot has one).
SLACK = 1.5
AVOID = ("avoid", "avoid-page")


Placed = dict[str, dict[int, list[tuple[int, Any]]]]  # table key -> row index -> (page index, row box) per fragment


def placed_rows(document, table_key: str, row_key: str) -> Placed:
    """Where the layout put each body row of the marked tables, fragment by fragment."""
    placed: Placed = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = box.element
            if isinstance(box, boxes.TableRowBox) and element is not None and element.get(row_key) is not None:
                placed.setdefault(element.get(table_key), {}).setdefault(int(element.get(row_key)), []).append(
                    (number, box))
    return placed


def cuts_that_hold(document, placed: Placed, cuts: Mapping[str, Collection[int]]) -> frozenset[str]:
    """The tables in ``cuts`` whose every cut holds in ``document``, laid out as ``placed`` says."""
    return frozenset(key for key, rows in cuts.items() if _holds(placed.get(key, {}), sorted(rows), document.pages))


def _holds(placed: Mapping[int, list[tuple[int, Any]]], cuts: list[int], pages) -> bool:
    if not cuts or any(len(fragments) > 1 for fragments in placed.values()):
        return False  # a row split over pages: its height says nothing of where it would break
    where = {row: fragments[0] for row, fragments in placed.items()}
    for cut in cuts:
        if cut - 1 not in where or cut not in where:
            return False
        (page, last), (next_page, first) = where[cut - 1], where[cut]
        if next_page != page + 1 or _avoided(last, first):
            return False
        page_box = pages[page]._page_box
        if any(area.children for area in page_box.children if isinstance(area, boxes.FootnoteAreaBox)):
            return False
        room = page_box.content_box_y() + page_box.height - _bottom(last)
        unit = _opening_rows(where, cut, next_page)
        if unit is None or room < SLACK or _bottom(unit) - first.position_y <= room + SLACK:
            return False
    return True


def _opening_rows(where: Mapping[int, tuple[int, Any]], cut: int, page: int) -> Any:
    """The last of the rows that must open a page with row ``cut`` (None if they do not share one)."""
    row = cut
    while row + 1 in where and _avoided(where[row][1], where[row + 1][1]):
        row += 1
    return where[row][1] if all(where[r][0] == page for r in range(cut, row + 1)) else None


def _avoided(before, after) -> bool:
    return before.style["break_after"] in AVOID or after.style["break_before"] in AVOID


def _bottom(box) -> float:
    return box.position_y + box.margin_height()
