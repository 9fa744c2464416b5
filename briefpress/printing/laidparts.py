"""A part of the brief as laid out, kept for the next build, and the pages a document is made of.

``partlayout`` lays each part out as a document of its own; what it keeps of a part is a ``Laid``: its
page boxes without margin boxes, and what the layout depended on, to tell whether the next layout may
reuse it. The pages that print are made last, for the whole brief, with the margin boxes and the fixed
boxes of the other parts' pages (``with_margins``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from .continued import Continuation, continuing


@dataclass
class Laid:
    """One part laid out: its page boxes without margin boxes, and what its layout depended on."""

    digest: str
    first_page: int
    footnotes: int
    asked: dict[str, int]  # targets in other parts, with the page the layout used
    pages: list[Any]  # WeasyPrint page boxes
    bare: list[tuple]  # each page box's children before its margin boxes
    bare_root: list[list]  # each page's root box children before other parts' fixed boxes
    states: list[Any]  # each page's page state, for its margin boxes
    context: Any  # the part's LayoutContext: strings and page states for the margin boxes
    footnotes_after: int
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> index of its page in the part
    elements: list[Element] = field(default_factory=list)  # the HTML laid out: the part's elements ...
    holders: list[Element] = field(default_factory=list)  # ... and their containers, in document order

    def rebind(self, elements: list[Element], holders: list[Element], html: Any, whole: Any) -> None:
        """Make the pages those of the same HTML in another tree (a later parse of the brief): every
        box refers to its element there, as a box laid out from that tree would, and the margin boxes
        take their styles from that tree's (the same stylesheets), so the old tree can go."""
        from weasyprint.layout.page import set_page_type_computed_styles

        twins = {old: new for old_root, new_root in zip(self.elements, elements, strict=True)
                 for old, new in zip(old_root.iter(), new_root.iter(), strict=True)}
        twins.update(zip(self.holders, holders, strict=True))
        for page in self.pages:
            for box in page.descendants():
                if box.element is not None:
                    box.element = twins.get(box.element, box.element)
        self.elements, self.holders = elements, holders
        self.context.style_for, self.context.get_image_from_uri = whole.style_for, whole.get_image_from_uri
        for page_type in dict.fromkeys(page.page_type for page in self.pages):  # for the margin boxes
            set_page_type_computed_styles(page_type, html, whole.style_for)

    def holds(self, digest: str, first_page: int, footnotes: int, pages: dict[str, int]) -> bool:
        return (self.digest, self.first_page, self.footnotes) == (digest, first_page, footnotes) and all(
            pages.get(anchor) == page for anchor, page in self.asked.items())

    def last_strings(self) -> dict[str, str]:
        """The last value assigned to each named string in the part."""
        last: dict[str, str] = {}
        for name, by_page in self.context.string_set.items():
            assigned = [texts for _, texts in sorted(by_page.items()) if texts]
            if assigned:
                last[name] = assigned[-1][-1]
        return last



def bare_pages(laid: list[Laid]) -> list[Any]:
    """Every part's pages as laid out, without margin boxes (a kept part's may have those of a last build)."""
    from weasyprint.document import Page

    pages = []
    for part in laid:
        for page, bare, root_children in zip(part.pages, part.bare, part.bare_root, strict=True):
            page.children, bare[0].children = bare, list(root_children)
            pages.append(Page(page))
    return pages


def with_margins(laid: list[Laid]) -> list[Any]:
    """Every part's pages as ``Page`` objects, with the fixed boxes of the other parts' pages and with
    margin boxes made for the whole brief's page count and the strings each part starts with."""
    from weasyprint.document import Page
    from weasyprint.layout import layout_fixed_boxes, make_margin_boxes
    from weasyprint.layout.background import layout_backgrounds

    total = sum(len(part.pages) for part in laid)
    fixed = [[page for page in part.pages if page.fixed_boxes] for part in laid]
    strings: dict[str, str] = {}
    pages = []
    for number, part in enumerate(laid):
        before = [page for pages_of in fixed[:number] for page in pages_of]
        after = [page for pages_of in fixed[number + 1:] for page in pages_of]
        with continuing(Continuation(part.first_page, total_pages=total, strings=dict(strings))):
            for index, (page, state, bare, root_children) in enumerate(
                    zip(part.pages, part.states, part.bare, part.bare_root, strict=True), 1):
                root = bare[0]
                # As WeasyPrint repeats a fixed box on every page of a document: those of earlier pages first.
                root.children = [*layout_fixed_boxes(part.context, before, page), *root_children,
                                 *layout_fixed_boxes(part.context, after, page)]
                part.context.current_page = index
                page.children = (*bare, *make_margin_boxes(part.context, page, state))
                layout_backgrounds(page, part.context.get_image_from_uri)
                pages.append(Page(page))
        strings.update(part.last_strings())
    return pages
