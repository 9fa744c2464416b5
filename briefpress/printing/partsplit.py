"""Where the print HTML splits into parts: at the page breaks its styles force between top-level elements.

A top-level element is a child of ``<body>``, or of a child of ``<body>`` that draws nothing of its own
(``<main>``: no margin, border, padding or background, in normal flow, breakable), so that splitting
that container between parts changes no page. An element out of the flow (the draft watermark, fixed) goes with the
part where the flow puts it; a fixed one is repeated on every other part's pages as WeasyPrint repeats
it on every page (``partlayout``). Anything whose effect would run from one part into the next makes the whole
brief one part (see ``carries_over``).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

FORCED = frozenset({"page", "left", "right", "recto", "verso"})
# Counters a part may use freely: numbered within one element, or carried across parts (``continued``).
LOCAL_COUNTERS = frozenset({"list-item"})


@dataclass
class Split:
    """The parts, in order, each a list of top-level elements, and each top-level element's container."""

    parts: list[list[Element]]
    parents: dict[Element, Element] = field(default_factory=dict)

    def holders(self, elements: list[Element]) -> set[Element]:
        """The containers (up to the root) of ``elements``."""
        held = set()
        for element in elements:
            while element in self.parents:
                element = self.parents[element]
                held.add(element)
        return held


def split(root: Element, style_for: Any, one_part: bool = False) -> Split:
    """``root``'s top-level elements grouped between the page breaks their styles force (or all in one
    part)."""
    body = next((child for child in root if child.tag == "body"), None)
    parents = {child: parent for parent in root.iter() for child in parent}
    if body is None or one_part or carries_over(root, style_for):
        return Split([list(body if body is not None else root)], parents)
    parts: list[list[Element]] = [[]]
    flowing: Element | None = None  # the part's last element in the flow
    for unit, opened in _units(body, style_for, parents):
        in_flow = _in_flow(unit, style_for)
        if flowing is not None and _forced_between(flowing, unit, opened, in_flow, style_for, parents):
            parts.append([])
            flowing = None  # the next element in the flow opens the page this break began
        parts[-1].append(unit)
        if in_flow:
            flowing = unit
    return Split([part for part in parts if part], parents)


def carries_over(root: Element, style_for: Any) -> bool:
    """Whether some style carries state from one part into the next that a part cannot be given: a
    counter of the designer's own, a running element or a named page."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        style = style_for(element)
        if style is None:
            continue
        for name in ("counter_reset", "counter_set", "counter_increment"):
            value = style[name]
            if value != "auto" and any(counter not in LOCAL_COUNTERS for counter, _ in value):
                return True
        position = style["position"]
        if isinstance(position, tuple) or style["page"] not in ("auto", ""):  # running(name), page: name
            return True
    return False


def _units(container: Element, style_for: Any, parents: dict, depth: int = 0
           ) -> Iterator[tuple[Element, list[Element]]]:
    """Each top-level element with the containers opened just before it."""
    opened: list[Element] = []
    for child in container:
        if not isinstance(child.tag, str):
            continue
        if (child.text or "").strip() or any((grandchild.tail or "").strip() for grandchild in child):
            transparent = False  # text of its own would be split between parts
        else:
            transparent = depth == 0 and len(child) > 0 and _draws_nothing(style_for(child))
        if transparent:
            inner = list(_units(child, style_for, parents, depth + 1))
            if inner:
                inner[0] = (inner[0][0], [*opened, child, *inner[0][1]])
                opened = []
                yield from inner
                continue
        yield child, opened
        opened = []


def _draws_nothing(style: Any) -> bool:
    if style is None or style["display"] != ("block", "flow") or style["position"] != "static":
        return False
    if style["float"] != "none" or any(image[0] != "none" for image in style["background_image"]):
        return False
    if style["background_color"].alpha != 0:
        return False
    for side in ("top", "right", "bottom", "left"):
        if style[f"margin_{side}"].value != 0 or style[f"padding_{side}"].value != 0:
            return False
        if style[f"border_{side}_width"] != 0 and style[f"border_{side}_style"] != "none":
            return False
    return style["string_set"] == "none" and style["bookmark_level"] == "none" and style["break_inside"] == "auto"


def _in_flow(element: Element, style_for: Any) -> bool:
    style = style_for(element)
    return (style is not None and style["display"] != ("none",) and style["position"] in ("static", "relative")
            and style["float"] == "none")


def _forced_between(before: Element, after: Element, opened: list[Element], in_flow: bool, style_for: Any,
                    parents: dict) -> bool:
    """Whether a page break is forced between two top-level elements: after ``before`` (in the flow) or
    the containers it closes, before the containers ``after`` opens, or before ``after`` itself when it
    is in the flow."""
    around_after = set()  # after's containers: the containers of before that hold it stay open
    element = after
    while element in parents:
        element = parents[element]
        around_after.add(element)
    closing = [before]
    element = before
    while element in parents and parents[element] not in around_after:
        element = parents[element]
        closing.append(element)
    return any(style_for(element)["break_after"] in FORCED for element in closing) or any(
        style_for(element)["break_before"] in FORCED for element in [*opened, *([after] if in_flow else [])])
