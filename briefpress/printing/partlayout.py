"""The print HTML laid out part by part, each part's pages kept for the next build.

The brief breaks pages at fixed places (the cover, the front matter, the body, the appendix and back
matter: docs/design.md). Where the styles force a page break between two top-level elements, what
comes after depends on what comes before only through its first page number, the footnote count, the
named strings and the pages of the targets it refers to (see ``continued``). So each run of elements
between forced breaks is laid out as a document of its own, from the styles computed once for the whole
brief, and its pages are kept with what it was laid out from. The next layout of the same brief lays
out again only the parts whose HTML, place or targets changed; the page numbers other parts refer to
are taken from the last layout and checked after this one (a wrong guess lays the part out again).
Margin boxes come last, when the page count and the running strings of every part are known. The same
path serves the cold build, so a warm layout gives the pages a cold one gives.

Whatever a part could carry over to the next beyond these (a counter of the designer's own, a running
element, a named page, a footnote put off past the part's end) makes the brief one part: laid out
whole, as WeasyPrint does.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from .continued import Continuation, ElsewhereText, continuing
from .laidparts import Laid, bare_pages, with_margins
from .partsplit import Split

MAX_ROUNDS = 4  # of laying out parts whose targets moved; page numbers settle in two
KEPT_BUILDS = 4  # editions (or briefs) whose parts a printer keeps


@dataclass
class _Kept:
    """What a printer keeps of a brief's last layout."""

    styles: str = ""  # the fingerprint of the stylesheets the parts were laid out with
    parts: list[Laid] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # each anchor's page
    files: tuple[tuple[str, str], ...] = ()  # the files the layout read (images), with their digests


class PartPrinter:
    """Lays out print HTML part by part, keeping each brief's parts from one job to the next."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}  # by brief (the job's identifier and base URL), the newest last
        self._last = ""  # the brief rendered last
        self._images: dict = {}  # the last layout's images by URL (WeasyPrint's cache for one document)
        self.laid_out: list[str] = []  # the parts the last render laid out, by their first element's id
        self.timings: dict[str, float] = {}  # seconds by step since ``begin_job``: styles, each part, margins

    def begin_job(self) -> None:
        self.timings = {}

    def _took(self, step: str, started: float) -> None:
        self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - started

    def forget(self) -> None:
        """Drop every kept part (the fonts they were laid out with are gone)."""
        self._kept = {}

    def pages_from(self, brief: str, styles: str, pages: Mapping[str, int]) -> None:
        """Where a previous build (its plan) put each anchor, for a brief this printer has not laid out."""
        if brief not in self._kept and pages:
            self._kept[brief] = _Kept(styles, pages=dict(pages))

    def files_read(self, files: tuple[tuple[str, str], ...]) -> None:
        """The files the last render read: its parts are reused only while these are unchanged."""
        if self._last in self._kept:
            self._kept[self._last].files = files

    def anchor_pages(self) -> dict[str, int]:
        """Each anchor's page in the last render."""
        return dict(self._kept[self._last].pages) if self._last in self._kept else {}

    def render(self, html: Any, brief: str, styles: str, stylesheets: Sequence[Any], font_config: Any,
               color_profiles: dict, options: dict) -> Any:
        """Lay out ``html`` (a WeasyPrint ``HTML``) into a ``Document`` of every part's pages.

        ``brief`` names what is laid out, ``styles`` the fingerprint of the stylesheets and the document's
        head: a brief's parts are kept for its next layout, and reused only with the same styles."""
        from weasyprint import DEFAULT_OPTIONS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.document import Document
        from weasyprint.html import get_html_metadata
        from weasyprint.images import SVGImage
        from weasyprint.pdf.metadata import DocumentMetadata

        from .partsplit import split
        from .plans import digests

        options = {**DEFAULT_OPTIONS, **options, "stylesheets": list(stylesheets)}
        counter_style = CounterStyle()
        started = time.perf_counter()
        # The last layout's drawings leave its image cache (kept parts hold their own): that of a part laid out
        # again would keep that part's layout, and with it the last parse's elements and styles, alive. Raster
        # images stay: their pixels are in the cache, and they refer to no layout.
        for url in [url for url, image in self._images.items() if isinstance(image, SVGImage)]:
            del self._images[url]
        whole = Document._build_layout_context(html, font_config, counter_style, color_profiles, options)
        self._images = whole.get_image_from_uri.keywords["cache"]
        self._took("styles", started)
        kept = self._kept.pop(brief, _Kept(styles))
        if kept.styles != styles or (kept.files and digests(Path(path) for path, _ in kept.files) != kept.files):
            kept.parts = []  # other styles, or an image changed: its pages are not those of the files now
        self.laid_out = []
        layout = _Layout(html, whole, counter_style, split(html.etree_element, whole.style_for))
        try:
            laid = layout.rounds(kept.parts, dict(kept.pages), self)
        except _NotAlone:  # something runs from one part into the next: the brief is one part
            layout = _Layout(html, whole, counter_style, split(html.etree_element, whole.style_for, one_part=True))
            laid = layout.rounds(kept.parts, dict(kept.pages), self)
        self._kept[brief], self._last = _Kept(styles, laid, _anchor_pages(laid)), brief
        while len(self._kept) > KEPT_BUILDS:
            del self._kept[next(iter(self._kept))]
        document = Document(bare_pages(laid), DocumentMetadata(**get_html_metadata(html)), html.url_fetcher,
                            font_config, color_profiles, options["output_intent"])
        document._html, document._parts = html, laid
        return document

    def finish(self, document: Any) -> None:
        """Give the pages of the layout that will print (the last of the passes) their margin boxes and
        the other parts' fixed boxes: a pass that is checked and laid out again needs neither."""
        started = time.perf_counter()
        document.pages = with_margins(document._parts)
        self._took("margin boxes", started)


class _NotAlone(Exception):
    """A part's layout reaches into the next part: a footnote put off past its end, a target's text."""


class _Layout:
    """One layout of the print HTML, part by part, until the page numbers the parts used hold."""

    def __init__(self, html: Any, whole: Any, counter_style: Any, parts: Split) -> None:
        self.html, self.whole, self.counter_style, self.split = html, whole, counter_style, parts
        self.anchors = list(whole.target_collector.target_lookup_items)
        skeleton = _skeleton(parts)
        self.digests = [hashlib.sha1(skeleton + b"".join(ElementTree.tostring(element) for element in part)
                                     ).hexdigest() for part in parts.parts]

    def rounds(self, kept: list[Laid], guesses: dict[str, int], printer: PartPrinter) -> list[Laid]:
        # A kept part whose HTML is gone is let go before any layout: a printer holds one layout's worth.
        kept[:] = [old for old in kept if old.digest in self.digests]
        laid: list[Laid] = []
        for _ in range(MAX_ROUNDS):
            laid = []
            first_page, footnotes = 1, 0
            for number, (part, digest) in enumerate(zip(self.split.parts, self.digests, strict=True)):
                reused = next((old for old in kept if old.holds(digest, first_page, footnotes, guesses)), None)
                if reused is not None and reused.elements != part:
                    reused.rebind(part, self._holders(part), self.html, self.whole)
                if reused is None:
                    started = time.perf_counter()
                    reused = self._lay_out(part, digest, first_page, footnotes, guesses,
                                           last=number == len(self.split.parts) - 1)
                    kept.append(reused)
                    name = next((str(element.get("id")) for element in part if element.get("id")), part[0].tag)
                    printer.laid_out.append(name)
                    printer._took(f"part {name}", started)
                laid.append(reused)
                first_page += len(reused.pages)
                footnotes = reused.footnotes_after
            pages = _anchor_pages(laid)
            if all(pages.get(anchor) == page for part in laid for anchor, page in part.asked.items()):
                break
            guesses = pages
        return laid  # page numbers that do not settle: the last layout's (WeasyPrint's own gives up likewise)

    def _holders(self, part: list[Element]) -> list[Element]:
        held = self.split.holders(part)
        return [element for element in self.html.etree_element.iter() if element in held]

    def _lay_out(self, part: list[Element], digest: str, first_page: int, footnotes: int,
                 guesses: dict[str, int], last: bool) -> Laid:
        from weasyprint.css.targets import TargetCollector
        from weasyprint.formatting_structure.build import build_formatting_structure
        from weasyprint.layout import LayoutContext, layout_document

        html, whole = self.html, self.whole
        own = {style["anchor"] for element in part for descendant in element.iter()
               if (style := _style(whole.style_for, descendant)) is not None and style["anchor"]}
        collector = TargetCollector()
        for anchor in sorted(own):
            collector.collect_anchor(anchor)
        continuation = Continuation(first_page, footnotes, {
            anchor: guesses.get(anchor, first_page) for anchor in self.anchors if anchor not in own}, defer_margins=True)
        context = LayoutContext(whole.style_for, whole.get_image_from_uri, whole.font_config, self.counter_style,
                                collector)
        context.dictionaries = whole.dictionaries  # one set of hyphenation patterns for every part, as for one document
        try:
            with continuing(continuation), _only(html.etree_element, part, self.split):
                # Images bound to the part's own context, which a kept part rebinds to the next parse: bound
                # to the document's, a kept chart held that parse's every element and style alive.
                root_box = build_formatting_structure(html.etree_element, whole.style_for, context.get_image_from_uri,
                                                      html.base_url, collector, self.counter_style, context.footnotes)
                pages = list(layout_document(html, root_box, context))
        except ElsewhereText:
            raise _NotAlone from None
        if not last and context.reported_footnotes:
            raise _NotAlone
        context.tables = {}  # the layout's cache of every table it broke: the kept part needs none of it
        anchors: dict[str, int] = {}
        for index, page in enumerate(pages):
            for box in page.descendants():
                anchor = box.style["anchor"]
                if anchor and anchor not in anchors:
                    anchors[anchor] = index
        return Laid(digest, first_page, footnotes, dict(continuation.asked), pages, [page.children for page in pages],
                     [list(page.children[0].children) for page in pages], [state for _, state in continuation.deferred], context,
                     continuation.footnotes_after, anchors, part, self._holders(part))


def _style(style_for: Any, element: Element) -> Any:
    return style_for(element) if isinstance(element.tag, str) else None


def _anchor_pages(laid: list[Laid]) -> dict[str, int]:
    return {anchor: part.first_page + index for part in laid for anchor, index in part.anchors.items()}


def _skeleton(parts: Split) -> bytes:
    """The start tags of the containers and of every top-level element: selectors such as ``+`` and
    ``:last-child`` read a part's siblings."""
    tags = [*parts.holders([element for part in parts.parts for element in part]),
            *(element for part in parts.parts for element in part)]
    return repr(sorted(repr((element.tag, sorted(element.attrib.items()))) for element in tags)).encode()


@contextmanager
def _only(root: Element, shown: list[Element], parts: Split) -> Iterator[None]:
    """Leave in the tree only ``shown`` and the containers that hold them, while the block runs."""
    keep, holders = set(shown), parts.holders(shown)
    saved = {container: list(container) for container in holders}
    try:
        for container in holders:
            container[:] = [child for child in saved[container] if child in keep or child in holders
                            or not isinstance(child.tag, str) or container is root]
        yield
    finally:
        for container, children in saved.items():
            container[:] = children
