"""Parts printed only where they fit: a template marks one ``data-fits-page="1"`` (the contents on the
cover), and when the layout puts any of it past that page, the next pass leaves it out."""
from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from weasyprint.formatting_structure import boxes

DROP = "drop:"  # a layout plan's key for an optional part left out, by its id
FITS_PAGE = "data-fits-page"


def drop_optional(root: Element, keys: frozenset[str]) -> frozenset[str]:
    """Remove the optional parts with these keys; returns the keys found."""
    parents = {child: parent for parent in root.iter() for child in parent}
    found = set()
    for element in [e for e in root.iter() if e.get(FITS_PAGE) and f"{DROP}{e.get('id')}" in keys]:
        parents[element].remove(element)
        found.add(f"{DROP}{element.get('id')}")
    return frozenset(found)


def optional_parts_past_their_page(document) -> frozenset[str]:
    """The keys of the optional parts some of which the layout put past the page they must fit on."""
    found = set()
    for number, page in enumerate(document.pages, 1):
        for box in _boxes(page._page_box):
            element = box.element
            if element is not None and element.get(FITS_PAGE) and number > int(element.get(FITS_PAGE)):
                found.add(f"{DROP}{element.get('id')}")
    return frozenset(found)


def _boxes(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _boxes(child)
