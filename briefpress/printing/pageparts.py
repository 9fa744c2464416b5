"""The parts of the print HTML that open a page (the summary, the chronology appendix, ...), known by
their content, so that a long table's cuts can be kept across builds while its part is unchanged.

A long table is cut where its pages break (see ``paginate``), which takes a layout to measure and
another to check. Where the table's own part opens a page and holds nothing that depends on the
rest of the brief (no link to another part, whose page number it could print), its pages break
the same whatever changed elsewhere: an edit to a body section need not measure the chronology's
table again. The plan of the last build (``plans``) keeps each such table's part digest; the next
build takes the table's cuts from it when the part's digest, the stylesheets and the fonts are
unchanged, and the layout passes still check them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from .optional import FITS_PAGE


def _top_level_parts(root: Element) -> list[Element]:
    """The elements directly in <body> or <main>: the cover, the summary, the sections, the appendix."""
    parts = []
    for container in root.iter():
        if container.tag in ("body", "main"):
            parts += [child for child in container if child.tag != "main" and child.get("id")]
    return parts


def _self_contained(part: Element) -> bool:
    """No link inside it (a cross-reference or footnote prints a page number or moves with another
    part) and no optional part (left out or not depending on where it lands)."""
    return not any(str(element.get("href", "")).startswith("#") or element.get(FITS_PAGE) for element in part.iter())


def part_digests(root: Element, tables: Iterable[str], key_attribute: str) -> dict[str, tuple[str, str]]:
    """For each table in ``tables`` (named by ``key_attribute``) whose part is self-contained: that
    part's id and digest."""
    wanted, found = set(tables), {}
    for part in _top_level_parts(root):
        keys = {str(element.get(key_attribute)) for element in part.iter("table")} & wanted
        if keys and _self_contained(part):
            digest = hashlib.sha256(ElementTree.tostring(part)).hexdigest()
            found.update({key: (str(part.get("id")), digest) for key in keys})
    return found


def places(root: Element, tables: Iterable[str], key_attribute: str) -> dict[str, str]:
    """Where each table in ``tables`` is: its top-level part's id and its number among those tables in
    that part, which an edit to the table's rows leaves as it was."""
    wanted, found = set(tables), {}
    for part in _top_level_parts(root):
        keys = [str(element.get(key_attribute)) for element in part.iter("table")]
        found.update({key: f"{part.get('id')}:{number}" for number, key in enumerate(k for k in keys if k in wanted)})
    return found


def parts_opening_pages(document, root: Element) -> set[str]:
    """The ids of the top-level parts whose first box is the first content of its page."""
    owner = {element: str(part.get("id")) for part in _top_level_parts(root) for element in part.iter()}
    seen: set[str] = set()
    opening: set[str] = set()
    for page in document.pages:
        first = None
        for box in page._page_box.descendants():
            part = owner.get(box.element) if box.element is not None else None
            if part is not None:
                first = first or part
                if part not in seen and part == first:
                    opening.add(part)
                seen.add(part)
    return opening


def kept_parts(parts: Mapping[str, tuple[str, str]], opening: set[str], root: Element) -> dict[str, str]:
    """Each table's part digest, for the tables whose part opened a page in this layout and was laid
    out as written: a part where a block was nudged or moved (``paginate.nudge``) took its breaks
    from another layout than its own first one."""
    touched = {str(part.get("id")) for part in _top_level_parts(root)
               if any(element.get("style") for element in part.iter())}
    return {key: digest for key, (part, digest) in parts.items() if part in opening and part not in touched}
