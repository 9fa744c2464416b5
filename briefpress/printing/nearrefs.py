"""Page references that help rather than clutter: "(p. 5)" only when the target is out of sight.

A cross-reference to a table, a figure (or an event, when the brief asks) prints its target's page in
print. When the target is on the same page or the facing one, the reader sees it already: the layout
passes (``paginate``) mark such a reference ``xref-near`` and lay out again, and print.css prints no
page for it. Spreads are the book's: page 1 alone, then 2–3, 4–5 and so on.
"""
from __future__ import annotations

from collections.abc import Iterator
from xml.etree.ElementTree import Element

from .checks import page_boxes

NEAR = "near:"  # a layout plan's key for a reference marked near, by its target and its place among them
NEAR_CLASS = "xref-near"
PAGED = ("xref-table", "xref-figure", "xref-event")


def _references(root: Element) -> Iterator[tuple[Element, str]]:
    """Every paged cross-reference with its key: ``near:#table-x:2`` for the third reference to it."""
    seen: dict[str, int] = {}
    for element in root.iter("a"):
        classes = (element.get("class") or "").split()
        href = element.get("href") or ""
        if href.startswith("#") and any(kind in classes for kind in PAGED):
            seen[href] = seen.get(href, -1) + 1
            yield element, f"{NEAR}{href}:{seen[href]}"


def mark_near(root: Element, keys: frozenset[str]) -> frozenset[str]:
    """Mark the references with these keys near; returns the keys found."""
    found = set()
    for element, key in _references(root):
        if key in keys:
            element.set("class", f"{element.get('class')} {NEAR_CLASS}")
            found.add(key)
    return frozenset(found)


def _same_spread(a: int, b: int) -> bool:
    return a == b or (min(a, b) > 1 and min(a, b) // 2 == max(a, b) // 2)


def near_references(document) -> frozenset[str]:
    """The keys of the references whose target lies on their page or the facing one, in this layout."""
    targets = {anchor: number for number, page in enumerate(document.pages, 1) for anchor in page.anchors}
    placed: dict[int, int] = {}  # element id -> the page it starts on
    root = None
    for found in page_boxes(document):
        if found.box.element is not None:
            root = root if root is not None or found.box.element_tag != "html" else found.box.element
            if found.box.element_tag == "a":
                placed.setdefault(id(found.box.element), found.page)
    if root is None:
        return frozenset()
    return frozenset(key for element, key in _references(root)
                     if id(element) in placed and (target := targets.get((element.get("href") or "")[1:]))
                     and _same_spread(placed[id(element)], target))
