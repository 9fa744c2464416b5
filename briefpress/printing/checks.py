"""Layout checks on WeasyPrint's page box tree: what a reader would see as a defect on the page.

Each check takes the laid-out ``Document`` and returns messages, one per defect, naming the page and
the part of the brief: a box crossing its page's content area, a heading or caption left alone at a
page foot, a figure or table row split across pages, text no bundled font can draw.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

# CSS pixels to millimetres.
MM = 25.4 / 96
TOLERANCE = 0.5  # CSS px; rounding in the layout, never a visible overflow
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption"})
UNSPLITTABLE = ("figure", "tr")


@dataclass(frozen=True)
class Placed:
    """A box on a page, with the boxes that contain it (outermost first)."""

    box: boxes.Box
    ancestors: tuple[boxes.Box, ...]
    page: int  # 1-based

    def describe(self) -> str:
        """'the h2 "Summary" in #summary' — how a message names a box."""
        element = _element_box(self)
        tag = element.element_tag if element else "box"  # WeasyPrint's own class names mean nothing to a reader
        text = " ".join(_text(element or self.box).split())
        quoted = f' "{text[:60]}{"…" if len(text) > 60 else ""}"' if text else ""
        where = next((f" in #{a.element.get('id')}" for a in reversed((*self.ancestors, self.box))
                      if a.element is not None and a.element.get("id")), "")
        return f"the {tag}{quoted}{where}"


def _element_box(placed: Placed) -> boxes.Box | None:
    for box in reversed((*placed.ancestors, placed.box)):
        if box.element is not None and not isinstance(box, (boxes.TextBox, boxes.LineBox)) and \
                box.element_tag not in ("html", "body"):
            return box
    return None


def _text(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, boxes.ParentBox):
        return " ".join(_text(child) for child in box.children)
    return ""


def _walk(box: boxes.Box, ancestors: tuple[boxes.Box, ...], page: int) -> Iterator[Placed]:
    yield Placed(box, ancestors, page)
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _walk(child, (*ancestors, box), page)


def page_boxes(document) -> Iterator[Placed]:
    """Every box of the page bodies (running heads and page numbers left out), page by page."""
    for number, page in enumerate(document.pages, 1):
        yield from boxes_on(page._page_box, number)


def boxes_on(page_box: boxes.PageBox, number: int) -> Iterator[Placed]:
    """Every box of one page's body."""
    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from _walk(child, (), number)


def _in_flow(placed: Placed) -> bool:
    return not any(box.is_absolutely_positioned() or box.is_footnote() or isinstance(box, boxes.FootnoteAreaBox)
                   for box in (*placed.ancestors, placed.box))


def _overflow(placed: Placed, side: str, excess: float, page: boxes.PageBox) -> str:
    """How far a box runs out of its page's text area, in the reader's terms: a box larger than the text
    area says by how much (no layout could place it); one merely pushed out says how far it runs past."""
    box, what = placed.box, placed.describe()
    if side in ("top", "bottom") and box.border_height() - page.height > TOLERANCE:
        return f"page {placed.page}: {what} is {(box.border_height() - page.height) * MM:.1f} mm taller than " \
               "the page's text area"
    if side in ("left", "right") and box.border_width() - page.width > TOLERANCE:
        return f"page {placed.page}: {what} is {(box.border_width() - page.width) * MM:.1f} mm wider than " \
               "the page's text area"
    return f"page {placed.page}: {what} runs {excess * MM:.1f} mm past the {side} edge of the page's text area"


def _overflowing(document) -> list[tuple[Placed, str]]:
    found: list[tuple[Placed, str]] = []
    for placed in page_boxes(document):
        box = placed.box
        if placed.ancestors and placed.ancestors[-1].element is box.element and not isinstance(box, boxes.TextBox):
            continue  # an anonymous wrapper of an element already checked
        if not placed.ancestors:
            # The root's box holds its last child's bottom margin on the last page (the root's margins never
            # collapse with its children's), which is space, not content: what it holds is checked instead.
            continue
        page = document.pages[placed.page - 1]._page_box
        left, top = page.content_box_x(), page.content_box_y()
        right, bottom = left + page.width, top + page.height
        x, y = box.border_box_x(), box.border_box_y()
        edges = {"right": x + box.border_width() - right, "left": left - x,
                 "bottom": y + box.border_height() - bottom, "top": top - y}
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)) and box.style["direction"] == "rtl":
            # WeasyPrint places right-to-left inline content by moving its leaves and leaves the line's and
            # inline boxes' x where a left-to-right line would start; the leaves inside are checked instead.
            edges["left"] = edges["right"] = 0
        if isinstance(box, boxes.TextBox):
            # A run of text is as tall as its font's ascent and descent, which can exceed the line's height
            # (Arabic faces do, at a footnote's line-height): the line holding it is what must fit.
            edges["top"] = edges["bottom"] = 0
        side, excess = max(edges.items(), key=lambda item: item[1])
        if excess > TOLERANCE and (box.border_width() > 0 or box.border_height() > 0):
            found.append((placed, _overflow(placed, side, excess, page)))
    holding = {id(ancestor) for placed, _ in found for ancestor in placed.ancestors}
    return [(placed, message) for placed, message in found if id(placed.box) not in holding]


def overflows(document) -> list[str]:
    """Boxes that reach outside their page's content area (the space between the margins); of a box and
    the boxes holding it, only the innermost is reported (they overflow because it does)."""
    return _unique([message for _, message in _overflowing(document)])


def _part(placed: Placed) -> str | None:
    """The id of the innermost part of the brief holding a box."""
    return next((a.element.get("id") for a in reversed((*placed.ancestors, placed.box))
                 if a.element is not None and a.element.get("id")), None)


def headings_at_page_foot(document) -> list[str]:
    """Pages whose last line is a heading or caption: the text it announces is overleaf."""
    return [message for _, message in _feet(document)]


def _last_lines(document) -> dict[int, Placed]:
    """The last line of text of each page's body, by page."""
    last: dict[int, Placed] = {}
    for placed in page_boxes(document):
        if isinstance(placed.box, boxes.LineBox) and _in_flow(placed) and _text(placed.box).strip():
            bottom = placed.box.position_y + placed.box.height
            current = last.get(placed.page)
            if current is None or bottom >= current.box.position_y + current.box.height:
                last[placed.page] = placed
    return last


def _feet(document) -> list[tuple[Placed, str]]:
    last = _last_lines(document)
    return [(placed, f"page {page}: {placed.describe()} is alone at the page foot")
            for page, placed in sorted(last.items())
            if page < len(document.pages) and any(box.element_tag in HEADINGS for box in placed.ancestors)]


def split_across_pages(document) -> list[str]:
    """Figures and table rows that start on one page and end on the next (repeated headers aside)."""
    return [message for _, message in _splits(document)]


def _splits(document) -> list[tuple[Placed, str]]:
    pages: dict[int, tuple[Placed, set[int]]] = {}
    for placed in page_boxes(document):
        element = placed.box.element
        if element is not None and placed.box.element_tag in UNSPLITTABLE and \
                not isinstance(placed.box, (boxes.TextBox, boxes.LineBox, boxes.InlineBox)) and \
                not any(box.element_tag in ("thead", "tfoot") for box in placed.ancestors):
            _first, seen = pages.setdefault(id(element), (placed, set()))
            seen.add(placed.page)
    return [(first, f"pages {min(seen)}–{max(seen)}: {first.describe()} is split across pages")
            for first, seen in pages.values() if len(seen) > 1]


def _first_word(line: boxes.LineBox) -> tuple[str, float]:
    """The first word of a line and (estimated from its text box) its width."""
    for box in line.descendants():
        if isinstance(box, boxes.TextBox) and box.text.strip():
            if box.style["white_space"] in ("nowrap", "pre"):  # one unbreakable unit
                return box.text.strip(), box.width
            word = box.text.split()[0]
            return word, box.width * len(word) / max(len(box.text), 1)
    return "", 0.0


def early_breaks(document) -> Iterator[tuple[boxes.Box, str]]:
    """Lines broken early (the next line's first word would have fitted in the space left), each
    with the block box it belongs to."""
    for page_number, page in enumerate(document.pages, 1):
        for block in page._page_box.descendants():
            lines = [c for c in getattr(block, "children", ()) if isinstance(c, boxes.LineBox)]
            for line, following in itertools.pairwise(lines):
                used = sum(child.margin_width() for child in line.children)
                word, width = _first_word(following)
                if word and used < 0.6 * block.width and used + width + 4 < block.width:
                    text = " ".join(_text(line).split())
                    yield block, (f'page {page_number}: the line "{text}" breaks before "{word}", which fits '
                                  f"after it{Placed(block, (), page_number).describe().join((' (', ')'))}")


def broken_lines(document) -> list[str]:
    return [message for _, message in early_breaks(document)]


def texts(document) -> Iterator[str]:
    """Every paragraph of text printed (as far as it runs on one page), running heads included."""
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.BlockContainerBox) and any(isinstance(c, boxes.LineBox) for c in box.children):
                yield " ".join(_text(child) for child in box.children if isinstance(child, boxes.LineBox))


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def check(document) -> list[str]:
    """Every layout defect of the document, as messages. A part too large for the page is reported
    alone: its caption left at a page foot and its split over pages follow from it."""
    overflowing = _overflowing(document)
    culprits = {_part(placed) for placed, _ in overflowing} - {None}
    following = [message for placed, message in (*_feet(document), *_splits(document)) if _part(placed) not in culprits]
    return (_unique([message for _, message in overflowing]) + following
            + footnotes_off_their_page(document) + broken_lines(document) + cover_past_its_page(document))


def cover_past_its_page(document) -> list[str]:
    """The cover is page 1, whole: a cover that runs on (the takeaways too long) is a fault."""
    pages = sorted({placed.page for placed in page_boxes(document) if placed.box.element is not None
                    and placed.box.element.get("id") == "cover" and placed.page > 1})
    return [f"page {pages[0]}: #cover runs onto a second page: shorten the takeaways (or the title) so that "
            "it fits on page 1"] if pages else []


def footnotes_off_their_page(document) -> list[str]:
    """Footnotes printed on another page than their call, or split over two pages."""
    problems = []
    for call, pages in _footnote_pages(document):
        if pages != [call.page]:
            shown = ("page " if len(pages) == 1 else "pages ") + ", ".join(map(str, pages)) if pages else "no page"
            problems.append(f"page {call.page}: footnote {_text(call.box).strip()} "
                            f"(#{call.box.element.get('id')}) is printed on {shown}")
    return problems


def blocks_ending_pages_of_deferred_footnotes(document) -> list[boxes.Box]:
    """For each page whose footnote the engine put off to a later page to fit more text, the block
    that ends the page: kept whole on the next page, it leaves the room the footnote needs."""
    pages = sorted({call.page for call, shown in _footnote_pages(document) if shown and min(shown) > call.page})
    last = _last_lines(document)
    return [last[page].ancestors[-1] for page in pages if page in last and last[page].ancestors]


def _footnote_pages(document) -> list[tuple[Placed, list[int]]]:
    """Each footnote's call, with the pages its text is printed on."""
    calls: dict[int, Placed] = {}
    bodies: dict[int, set[int]] = {}
    for placed in page_boxes(document):
        box, tag = placed.box, placed.box.element_tag or ""
        if tag.endswith("::footnote-call"):
            calls.setdefault(id(box.element), placed)
        elif box.element is not None and "::" not in tag and not isinstance(box, (boxes.TextBox, boxes.LineBox)) \
                and placed.ancestors and isinstance(placed.ancestors[-1], boxes.FootnoteAreaBox):
            bodies.setdefault(id(box.element), set()).add(placed.page)
    return [(call, sorted(bodies.get(key, set()))) for key, call in calls.items()]

