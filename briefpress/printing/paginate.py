"""Long tables across pages: each continuation starts a page with its own caption and header.

CSS repeats a table's header on every page but has no way to change its caption there, so a table
marked ``data-continued="Table 3 (continued)"`` is laid out once, then cut where the pages broke it:
every piece after the first becomes a table of its own that opens a new page with that caption and
a copy of the header. Cutting can move later breaks, so layout repeats until no marked table breaks.
The same passes nudge the word spacing of a paragraph whose line the engine broke too early. Tables
and paragraphs are known by their content, so a plan of the cuts and nudges (see ``plans``) names
them across builds.
"""
from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from itertools import count, pairwise
from typing import Any
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from .checks import HEADINGS, blocks_ending_pages_of_deferred_footnotes, early_breaks
from .cutcheck import Placed, cuts_that_hold, placed_rows
from .nearrefs import NEAR, mark_near, near_references
from .optional import DROP, drop_optional, optional_parts_past_their_page
from .pageparts import kept_parts, part_digests, parts_opening_pages, places
from .plans import LayoutPlan

CONTINUED = "data-continued"
TABLE_KEY = "data-split-table"
ROW_KEY = "data-split-row"
LONG_TABLE = 20  # body rows; a longer table is expected to run over a page
Breaks = Mapping[str, frozenset[int]]
# Long tables are measured, cut at their page breaks and checked: two passes, or one from the plan
# of a previous build of the same inputs; rarely more.
MAX_LAYOUT_PASSES = 6
KEEP = "keep:"  # a nudge that keeps a block whole, so that a footnote fits on its call's page


@dataclass
class _Pass:
    """One layout of the print HTML, with what was done to the HTML before it."""

    document: object
    cuts: dict[str, frozenset[int]]  # where the tables were cut
    reserved: set[str]  # tables measured with room for a "(continued)" caption: never a final layout
    nudged: frozenset[str]  # the nudged blocks found in the HTML
    root: Any = None  # the HTML laid out, as cut
    parts: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # long tables' parts (pageparts)
    places: Mapping[str, str] = field(default_factory=dict)  # long tables' places (pageparts)
    tried: frozenset[str] = frozenset()  # tables cut where the table at their place was: to be checked


@dataclass
class Settled:
    """The document laid out as it prints, and what the next build may take from how it was made."""

    document: Any
    cuts: Breaks
    nudged: frozenset[str]
    passes: int  # layouts it took
    parts: dict[str, str]  # each long table's part digest, where that part opens a page (``pageparts``)
    places: dict[str, str]  # each long table's place


def settled_layout(parse: Callable[[], Any], render: Callable[[Any], Any], plan: LayoutPlan | None = None,
                   previous: LayoutPlan | None = None, seen: frozenset[str] = frozenset()) -> Settled:
    """Lay out until long tables are cut at their page breaks and no line breaks early.

    ``parse`` gives a fresh WeasyPrint ``HTML``, ``render`` lays it out; ``plan``, made from the same
    inputs, gives the cuts and nudges at once; else ``previous``, made from other HTML with the same
    styles, gives the cuts of tables whose part is unchanged, and those of the table at the same place for
    the others (kept only if ``cutcheck`` finds they hold), and ``seen`` what it nudged: its references in
    sight of their targets (checked again by the passes) and its paragraphs whose lines broke early, which
    break so wherever they land (known by their text: a paragraph edited since is not among them). Blocks
    moved to fit a footnote, and parts left out, depend on the pages: they are found again."""
    cuts: dict[str, frozenset[int]] = {}
    nudged = plan.nudged if plan else frozenset(key for key in seen if not key.startswith((KEEP, DROP)))
    parts: Mapping[str, tuple[str, str]] = {}
    for number in range(MAX_LAYOUT_PASSES):
        done: _Pass | None = None  # let the previous pass's pages go before the next is laid out: peak memory is one pass
        done = _lay_out(parse, render, cuts, nudged, plan if number == 0 else None, previous if number == 0 else None)
        parts = done.parts or parts
        cuts = done.cuts
        placed = placed_rows(done.document, TABLE_KEY, ROW_KEY)
        observed: Breaks = {key: frozenset() for key in done.reserved} | page_breaks(placed)
        settled = settle(cuts, observed)
        # A tried table that broke anew, or whose cuts are not clearly where a measure puts them, is measured.
        whole = {key: cuts[key] for key in done.tried if observed.get(key, frozenset()) == cuts[key]}
        for key in done.tried - cuts_that_hold(done.document, placed, whole):
            settled.pop(key, None)
        early = frozenset(content_key(block.element) for block, _ in early_breaks(done.document)
                          if block.element is not None)
        early |= frozenset(KEEP + content_key(block.element)
                           for block in blocks_ending_pages_of_deferred_footnotes(done.document)
                           if block.element is not None)
        # Page references to targets in sight are dropped; which those are is known only once laid out.
        # An optional part that did not fit its page is left out; once out, it stays out.
        dropped = frozenset(key for key in done.nudged if key.startswith(DROP)) | optional_parts_past_their_page(done.document)
        wanted = frozenset(key for key in done.nudged if not key.startswith(NEAR)) | early | dropped
        wanted |= near_references(done.document)
        if not done.reserved and settled == cuts and wanted == done.nudged:
            break
        cuts, nudged = settled, wanted
    assert done is not None  # MAX_LAYOUT_PASSES > 0
    return Settled(done.document, cuts, done.nudged, number + 1,
                   kept_parts(parts, parts_opening_pages(done.document, done.root), done.root),
                   {key: place for key, place in done.places.items() if key in cuts})


def _lay_out(parse: Callable[[], Any], render: Callable[[Any], Any], cuts: Breaks, nudged: frozenset[str],
             plan: LayoutPlan | None, previous: LayoutPlan | None = None) -> _Pass:
    parsed = parse()
    root = parsed.etree_element
    tables = mark_tables(root)
    long_tables = [key for key, long in tables.items() if long]
    parts, where = part_digests(root, long_tables, TABLE_KEY), places(root, long_tables, TABLE_KEY)
    tried: dict[str, frozenset[int]] = {}
    if plan is not None:  # the previous build of these very inputs: its cuts hold
        cuts = {key: plan.cuts[key] for key in tables if key in plan.cuts}
    elif previous is not None:  # tables whose part is as a previous build laid it out: its cuts, to be checked
        cuts = {**cuts, **previous.part_cuts({key: digest for key, (_, digest) in parts.items()})}
        tried = previous.place_cuts({key: place for key, place in where.items() if key not in cuts})
        cuts = {**cuts, **tried}
    reserved = reserve_captions(root, {key for key, long in tables.items() if long and key not in cuts})
    found = drop_optional(root, nudged) | mark_near(root, nudged)
    found |= nudge(root, frozenset(key for key in nudged if not key.startswith((NEAR, DROP))))
    split_tables(root, cuts)
    return _Pass(render(parsed), dict(cuts), reserved, found, root, parts, where, frozenset(tried))


def content_key(element: Element) -> str:
    """A name for an element that stays the same while its tag and text do, wherever it moves."""
    text = "".join(element.itertext())
    return f"{element.tag}:{hashlib.sha1(text.encode()).hexdigest()[:16]}"


def mark_tables(root: Element) -> dict[str, bool]:
    """Key each marked table by its content and each of its body rows by index, so layout can name
    them; returns the keys, each with whether its table is long.

    A table of more than LONG_TABLE rows is marked ``table-long`` (with its parent block): it may
    start on the page where it is called instead of moving whole to the next one."""
    parents = {child: parent for parent in root.iter() for child in parent}
    tables: dict[str, bool] = {}
    for table in [t for t in root.iter("table") if t.get(CONTINUED)]:
        digest = hashlib.sha1(ElementTree.tostring(table)).hexdigest()[:16]
        key = next(f"{digest}-{n}" for n in count() if f"{digest}-{n}" not in tables)
        table.set(TABLE_KEY, key)
        rows = _body_rows(table)
        for row_index, row in enumerate(rows):
            row.set(TABLE_KEY, key)
            row.set(ROW_KEY, str(row_index))
        tables[key] = len(rows) > LONG_TABLE
        if tables[key]:
            for element in (table, parents.get(table)):
                if element is not None:
                    _add_class(element, "table-long")
    return tables


def reserve_captions(root: Element, keys: Collection[str]) -> set[str]:
    """Mark each table in ``keys`` that has a header as measuring (see print.css): its header is
    taller by a "(continued)" caption on every page and the table is pulled up by as much, so the page
    breaks found leave room for the captions a cut adds. Returns the tables marked."""
    marked = set()
    for table in root.iter("table"):
        if table.get(TABLE_KEY, "") in keys and any(child.tag == "thead" for child in table):
            _add_class(table, "table-measuring")
            marked.add(table.get(TABLE_KEY, ""))
    return marked


def _add_class(element: Element, name: str) -> None:
    element.set("class", f"{element.get('class', '')} {name}".strip())


def _body_rows(table: Element) -> list[Element]:
    rows: list[Element] = []
    for child in table:
        if child.tag == "tbody":
            rows.extend(row for row in child if row.tag == "tr")
        elif child.tag == "tr":
            rows.append(child)
    return rows


def page_breaks(placed: Placed) -> dict[str, frozenset[int]]:
    """For each marked table the layout broke, the body rows that open a new page."""
    starts = {}
    for table, rows in placed.items():
        first_page = {row: fragments[0][0] for row, fragments in rows.items()}
        opening = frozenset(row for row, page in first_page.items()
                            if row > 0 and first_page.get(row - 1, page) < page)
        if opening:
            starts[table] = opening
    return starts


def nudge(root: Element, keys: frozenset[str]) -> frozenset[str]:
    """Widen the word spaces of the elements with these content keys imperceptibly (0.01 em);
    returns the keys found.

    The layout engine sometimes breaks a line after its first word although the next one fits; a
    hair's difference in width is enough to take it past that case. A key written ``keep:KEY`` moves
    its block to the next page instead (with the heading that announces it): the engine puts a
    footnote off to a later page to fit the text that ends its call's page, and moving that text on
    leaves the footnote its room.
    """
    tags = {key.removeprefix(KEEP).partition(":")[0] for key in keys}
    previous = {child: before for parent in root.iter() for before, child in pairwise(parent)}
    found = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in tags:
            continue
        key = content_key(element)
        if key in keys:
            found.add(key)
            _add_style(element, "word-spacing: 0.01em")
        if KEEP + key in keys:
            found.add(KEEP + key)
            heading = previous.get(element)
            _add_style(heading if heading is not None and heading.tag in HEADINGS else element, "break-before: page")
    return frozenset(found)


def _add_style(element: Element, rule: str) -> None:
    element.set("style", f"{element.get('style', '')}; {rule}".lstrip("; "))


def settle(cuts: Breaks, observed: Breaks) -> dict[str, frozenset[int]]:
    """The cuts for the next pass, from those of this pass and the page breaks it produced.

    A table not cut yet takes every break observed (they were found with room reserved for the
    captions). A cut table that broke somewhere new keeps its cuts above that break and gains it;
    its later cuts were laid out from a page that has changed, so the next pass finds them again.
    """
    settled = {}
    for key in {*cuts, *observed}:
        done, seen = cuts.get(key, frozenset()), observed.get(key, frozenset())
        new = seen - done
        if not done or not new:
            settled[key] = done | seen
        else:
            first = min(new)
            settled[key] = frozenset(row for row in done if row < first) | {first}
    return settled


def split_tables(root: Element, breaks: Breaks) -> None:
    """Cut each marked table before the rows in ``breaks``; the pieces follow it in its parent."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for table in [t for t in root.iter("table") if t.get(TABLE_KEY) in breaks]:
        starts = breaks[table.get(TABLE_KEY, "")]
        parent = parents[table]
        position = list(parent).index(table)
        pieces = _pieces(table, starts)
        for piece in [table, *pieces][:-1]:  # each piece but the last ends at a page foot
            _add_class(piece, "table-cut")
        for offset, piece in enumerate(pieces, 1):
            parent.insert(position + offset, piece)


def _pieces(table: Element, starts: frozenset[int]) -> list[Element]:
    pieces: list[Element] = []
    current: Element | None = None
    groups: dict[tuple[int, Element], Element] = {}
    for group in [child for child in table if child.tag == "tbody"]:
        kept = []  # the group's children that stay in the first piece (rebuilt at once: thousands of rows)
        for child in list(group):
            if child.tag == "tr" and int(child.get(ROW_KEY, "-1")) in starts:
                current = _continuation(table)
                pieces.append(current)
            if current is None or child.tag != "tr":
                kept.append(child)
                continue
            key = (len(pieces), group)
            if key not in groups:
                groups[key] = Element("tbody", {k: v for k, v in group.attrib.items() if k != "id"})
                current.append(groups[key])
            groups[key].append(child)
        group[:] = kept
    return pieces


def _continuation(table: Element) -> Element:
    piece = Element("table", {k: v for k, v in table.attrib.items() if k not in ("id", CONTINUED)})
    _add_class(piece, "table-continuation")
    caption = Element("caption", {"class": "continued-caption"})
    caption.text = table.get(CONTINUED)
    piece.append(caption)
    for child in table:
        if child.tag in ("colgroup", "col", "thead"):
            header = copy.deepcopy(child)
            for element in header.iter():
                element.attrib.pop("id", None)
            piece.append(header)
    return piece
