"""Parts printed only where they fit: a template marks one ``data-fits-page="1"`` (the contents on the
cover), and when the layout puts any of it past that page, the next pass leaves it out."""
from __future__ import annotations

from xml.etree.ElementTree import Element

from .checks import page_boxes

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
    return frozenset(f"{DROP}{found.box.element.get('id')}" for found in page_boxes(document)
                     if found.box.element is not None and found.box.element.get(FITS_PAGE)
                     and found.page > int(found.box.element.get(FITS_PAGE)))
