"""Page economy: pages of the brief left more than half empty, reported as warnings with their cause.

The design breaks the page on purpose in a few named places (docs/design.md, "Page economy"); anywhere
else, a page more than half empty means a part was pushed to the next page, kept whole, or a stylesheet
forced a break: the author is told which, and decides.
"""
from __future__ import annotations

from weasyprint.formatting_structure import boxes

from .checks import Placed, _in_flow, boxes_on

# A page may be left this empty (a fraction of its text area) only where the design says so.
MOST_EMPTY = 0.5
# Where the design breaks the page whatever is left of it (docs/design.md): after the contents, so the body
# opens on a page of its own, and before the chronology appendix. A page ending there may be short.
BREAK_AFTER, BREAK_BEFORE = frozenset({"contents"}), frozenset({"chronology"})
# The contents is kept whole: below the summary when it fits there, else on the page after it.
KEPT_WHOLE = frozenset({("summary", "contents")})
FORCED = frozenset({"page", "left", "right", "recto", "verso"})


def emptier_pages(document) -> list[str]:
    """Pages of the body more than half empty, each with what ended it: the part that opens the next page,
    kept whole (a figure, a table, a heading with its text) or starting a page by design. The cover and
    the last page are left as the design has them, and so is a page before a part that opens a page."""
    found = []
    for number, page in enumerate(document.pages[1:-1], 2):
        box = page._page_box
        placed = [p for p in boxes_on(box, number) if (_in_flow(p) and isinstance(p.box, boxes.LineBox))
                  or isinstance(p.box, boxes.ReplacedBox)]
        if not placed:
            continue
        bottom = max(p.box.border_box_y() + p.box.border_height() for p in placed)
        filled = (bottom - box.content_box_y()) / box.height
        if filled >= MOST_EMPTY:
            continue
        here = {p.box.element.get("id") for p in _parts(page, number, outermost=False)}
        following = _first_part(document.pages[number], number + 1, here)
        ending = _last_part(page, number)
        if (following and following[0] in BREAK_BEFORE) or (ending and ending[0] in BREAK_AFTER) or \
                (ending and following and (ending[0], following[0]) in KEPT_WHOLE):
            continue
        forced = (following and following[2].style["break_before"] in FORCED) or \
            (ending and ending[2].style["break_after"] in FORCED)
        cause = ("the stylesheet breaks the page before " if forced else "") + (following[1] if following else "the rest")
        found.append(f"page {number} is {100 - round(filled * 100)}% empty: "
                     + (cause if forced else f"{cause} did not fit below"))
    return found


def _parts(page, number: int, outermost: bool = True) -> list[Placed]:
    """The parts of the brief (elements with an id) on a page, in order; the outermost only, or all."""
    def holder(ancestor: boxes.Box) -> bool:
        return ancestor.element is not None and bool(ancestor.element.get("id")) and \
            ancestor.element_tag not in ("html", "body", "main")
    return [placed for placed in boxes_on(page._page_box, number)
            if holder(placed.box) and _in_flow(placed) and not isinstance(placed.box, (boxes.LineBox, boxes.TextBox))
            and not (outermost and any(holder(a) for a in placed.ancestors))]


def _first_part(page, number: int, before: set[str] | None = None) -> tuple[str, str, boxes.Box] | None:
    """The id, description and box of the part that opens a page: the first to start on it (a part carried
    over from the page ``before`` holds it, but is not what was pushed to it)."""
    carried = before or set()
    parts = [p for p in _parts(page, number, outermost=False) if p.box.element.get("id") not in carried]
    return (parts[0].box.element.get("id"), _part_name(parts[0]), parts[0].box) if parts else None


def _last_part(page, number: int) -> tuple[str, str, boxes.Box] | None:
    parts = _parts(page, number)
    return (parts[-1].box.element.get("id"), _part_name(parts[-1]), parts[-1].box) if parts else None


def _part_name(placed: Placed) -> str:
    return f"#{placed.box.element.get('id')}"  # located and named as the brief names it (engine._located)
