"""A part of the brief laid out as a document of its own, as if it went on from the parts before it.

The print HTML is laid out part by part (see ``partlayout``): each part opens a page, so its pages
depend on the parts before it only through a few values, which this module hands to WeasyPrint while
the part is laid out: the number of its first page (the ``page`` counter, ``:first``, ``:nth()`` and
the left or right side of its pages), the footnote counter, and the page of every target in another
part (``target-counter()`` in the contents and cross-references). Its margin boxes are made once every
part is laid out, with the brief's page count (``counter(pages)``) and the named strings in effect
where the part starts (``string()`` in running heads before the part sets its own).

WeasyPrint has no option for any of these, so the few functions that decide them are wrapped; outside
a ``continuing`` block they behave exactly as WeasyPrint's own. The wrapped functions are those of the
pinned WeasyPrint (requirements.lock); tests/printing/test_part_layout.py fails if a new version moves them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, ClassVar


class ElsewhereText(Exception):
    """``target-text()`` names a target in another part: the part cannot be laid out alone."""


@dataclass
class Continuation:
    """Where a part stands in the whole brief, and what its layout asked of the other parts."""

    first_page: int = 1  # the number of the part's first page in the whole brief
    footnotes: int = 0  # footnotes before the part
    targets: dict[str, int] = field(default_factory=dict)  # the page of each target in another part
    total_pages: int = 0  # the whole brief's page count, for margin boxes (0: the part's own)
    strings: dict[str, str] = field(default_factory=dict)  # named strings in effect before the part
    defer_margins: bool = False  # lay out the pages only; margin boxes come once every part is laid out
    asked: dict[str, int] = field(default_factory=dict)  # targets elsewhere the layout used, with their page
    footnotes_after: int = 0  # the footnote counter at the part's end
    deferred: list[tuple[Any, Any]] = field(default_factory=list)  # (page, page state) awaiting margin boxes


_current: ContextVar[Continuation | None] = ContextVar("continuation", default=None)
_installed = False


@contextmanager
def continuing(continuation: Continuation) -> Iterator[Continuation]:
    """Lay out, inside this block, a document that goes on from ``continuation``."""
    install()
    token = _current.set(continuation)
    try:
        yield continuation
    finally:
        _current.reset(token)


def install() -> None:
    """Wrap WeasyPrint's functions that decide page numbers, sides, strings and targets (once)."""
    global _installed
    if _installed:
        return
    from weasyprint import layout
    from weasyprint.css import targets
    from weasyprint.formatting_structure import build
    from weasyprint.layout import page

    page.PageType = _page_type(page.PageType)
    layout.initialize_page_maker = _first_page(layout.initialize_page_maker)
    layout.make_margin_boxes = _margins_once_laid_out(layout.make_margin_boxes)
    layout.LayoutContext.get_string_set_for = _strings_before(layout.LayoutContext.get_string_set_for)
    targets.TargetCollector.lookup_target = _targets_elsewhere(targets.TargetCollector.lookup_target)
    build.element_to_box = _footnotes_before(build.element_to_box)
    _installed = True


def _page_type(page_type: Any) -> Any:
    # A page's index in the whole brief decides :first and :nth(); the page maker keeps its own.
    @wraps(page_type)
    def made(side: str, blank: bool, name: str, index: int, groups: Any) -> Any:
        continuation = _current.get()
        return page_type(side, blank, name, index + (continuation.first_page - 1 if continuation else 0), groups)
    return made


def _first_page(initialize: Any) -> Any:
    @wraps(initialize)
    def initialized(context: Any, root_box: Any) -> None:
        initialize(context, root_box)
        continuation = _current.get()
        if continuation is None or continuation.first_page == 1:
            return
        resume_at, next_page, right_page, page_state, remake_state = context.page_maker[0]
        if (continuation.first_page - 1) % 2:  # the side of the whole brief's first page, then alternating
            right_page = not right_page
        page_state[1]["page"] = [continuation.first_page - 1]  # the first page's own increment makes it first_page
        page_state[2][0].add("page")
        context.page_maker[0] = (resume_at, next_page, right_page, page_state, remake_state)
    return initialized


def _margins_once_laid_out(make_margin_boxes: Any) -> Any:
    @wraps(make_margin_boxes)
    def made(context: Any, page: Any, state: Any) -> Any:
        continuation = _current.get()
        if continuation is None:
            return make_margin_boxes(context, page, state)
        if continuation.defer_margins:
            continuation.deferred.append((page, state))
            return []
        if continuation.total_pages:
            state[1]["pages"] = [continuation.total_pages]
        return make_margin_boxes(context, page, state)
    return made


def _strings_before(get_string_set_for: Any) -> Any:
    # Where WeasyPrint looks back through earlier pages and finds no value, the part before had one.
    @wraps(get_string_set_for)
    def string_for(self: Any, page: Any, name: str, keyword: str = "first") -> Any:
        continuation = _current.get()
        found = get_string_set_for(self, page, name, keyword)
        if continuation is None or name not in continuation.strings or keyword == "all-once" or found != ():
            return found
        assigned = self.string_set[name]
        if any(number < self.current_page for number in assigned) or (
                keyword == "first-except" and self.current_page in assigned):
            return found
        return (continuation.strings[name],)
    return string_for


class _Elsewhere:
    """A target in another part: its page number is known, nothing else of it is."""

    cached_counter_values: ClassVar[dict] = {}

    def extract_text(self, *_: object) -> str:
        raise ElsewhereText


def _targets_elsewhere(lookup_target: Any) -> Any:
    from weasyprint.css.targets import TargetLookupItem, anchor_name_from_token

    @wraps(lookup_target)
    def looked_up(self: Any, anchor_token: Any, source_box: Any, css_token: str, parse_again: Any) -> Any:
        continuation = _current.get()
        if continuation is None or not continuation.targets:
            return lookup_target(self, anchor_token, source_box, css_token, parse_again)
        if anchor_token[0] == "attr()":  # target-counter(attr(href), page): the link's own fragment
            name, _, fallback = anchor_token[1]
            value = source_box.element.get(name, fallback) or ""
            anchor = value[1:] if value.startswith("#") else None
        else:
            anchor = anchor_name_from_token(anchor_token)
        if anchor is None or anchor in self.target_lookup_items or anchor not in continuation.targets:
            return lookup_target(self, anchor_token, source_box, css_token, parse_again)
        page = continuation.asked[anchor] = continuation.targets[anchor]
        item = TargetLookupItem("up-to-date")
        item.target_box = _Elsewhere()
        item.cached_page_counter_values = {"page": [page]}
        return item
    return looked_up


def _footnotes_before(element_to_box: Any) -> Any:
    # Footnotes are numbered through the whole brief: a part's count starts where the last one's ended.
    @wraps(element_to_box)
    def built(element: Any, style_for: Any, get_image_from_uri: Any, base_url: Any, target_collector: Any,
              counter_style: Any, footnotes: Any, state: Any = None) -> Any:
        continuation = _current.get()
        if continuation is None or state is not None:
            return element_to_box(element, style_for, get_image_from_uri, base_url, target_collector,
                                  counter_style, footnotes, state)
        state = ([0], {"footnote": [continuation.footnotes], "note": [0]}, [{"footnote", "note"}], [])
        made = element_to_box(element, style_for, get_image_from_uri, base_url, target_collector,
                              counter_style, footnotes, state)
        continuation.footnotes_after = state[1]["footnote"][-1]
        return made
    return built
