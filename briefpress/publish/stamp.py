"""``briefpress stamp``: a numbered copy of a built PDF for one recipient.

Every page gets one discreet line, "Prepared for NAME — copy N of M", set in the brief's sans
face by WeasyPrint (so the font is embedded and subset) and laid over the page with pypdf as a
pagination artifact, outside the structure tree. Everything else the original has (outline, links,
metadata, tags, attachments, PDF/A or PDF/UA identification) is kept; the original is not touched.
M, the number of copies made in all, is given once with ``--of`` and remembered by the manifest.
"""
from __future__ import annotations

import hashlib
import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.model import hidden_control
from ..errors import BriefError, Location, Problem
from ..render.messages import N_
from . import manifest
from .output import locked, publish
from .pdfinfo import COPY_KEY, conformance

MAX_RECIPIENT = 120
STAMP_LINE = N_("Prepared for %(recipient)s — copy %(number)s of %(total)s")
STAMP_CSS = """
@page { size: %(width)spt %(height)spt; margin: 0; }
html, body { margin: 0; }
p { position: absolute; left: 0; right: 0; bottom: 7mm; margin: 0; text-align: center;
    font-family: "IBM Plex Sans", "IBM Plex Sans Arabic", sans-serif; font-size: 6.5pt; color: #55606e; }
"""


@dataclass(frozen=True)
class Copy:
    recipient: str
    number: int
    of: int

    @property
    def line(self) -> str:
        return self.line_in("en")

    def line_in(self, language: str, digits: str | None = None) -> str:
        """The stamp's line in the PDF's language (its catalogue's wording and digits), English when the
        language has no catalogue: a stamped copy is made from any finished PDF."""
        from ..content.formats import DIGIT_ZERO, Formats
        from ..render.messages import english, site_messages

        try:
            messages = site_messages(language, Location("the PDF's /Lang"))
            formats = Formats(language, digits if digits in DIGIT_ZERO else None)
            number, of = formats.plain(self.number), formats.plain(self.of)
        except (BriefError, ValueError):
            messages, number, of = english(), str(self.number), str(self.of)
        return messages.gettext(STAMP_LINE) % {"recipient": self.recipient, "number": number, "total": of}


def copy_path(source: Path, number: int) -> Path:
    return source.with_name(f"{source.stem}-copy-{number}.pdf")


def _overlay(copy: Copy, width: float, height: float, language: str, digits: str | None, variant: str | None) -> bytes:
    """One transparent page of the given size carrying only the stamp line.

    It is printed as the original's PDF/A part, so its font is embedded as that part requires.
    """
    from html import escape

    from ..printing.libraries import libraries_by_soname

    with libraries_by_soname():
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

    from ..printing.fetcher import SandboxedFetcher
    from ..render.theme import STYLES
    from ..support.locations import FONT_CACHE

    # The fonts decompressed once, as the printer serves them: decompressing 20 WOFF2 faces took most of a stamp.
    fetcher = SandboxedFetcher([STYLES], font_cache=FONT_CACHE)
    fonts = FontConfiguration()
    sheets = [CSS(filename=str(STYLES / "fonts.css"), url_fetcher=fetcher, font_config=fonts),
              CSS(string=STAMP_CSS % {"width": f"{width:.3f}", "height": f"{height:.3f}"}, font_config=fonts)]
    html = f'<html lang="{escape(language)}"><body><p>{escape(copy.line_in(language, digits))}</p></body></html>'
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=sheets, font_config=fonts,
                                                            pdf_variant=variant)


def _archival_variant(reader) -> str | None:
    """The PDF/A part the original claims (as WeasyPrint names it, 'pdf/a-1b'), if any."""
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace") if "/Metadata" in root else ""
    claims = (conformance(xmp) or "").lower().split(", ")
    return next((claim for claim in claims if claim.startswith("pdf/a-")), None)


def _stamp_form(writer, overlay: bytes):
    """The overlay page as a Form XObject of ``writer``, with its (embedded, subset) font."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    page: Any = PdfReader(io.BytesIO(overlay)).pages[0]  # the overlay's one page, made just above
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    box = page.mediabox
    form.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (box.left, box.bottom, box.right, box.top)),
        NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
    })
    return writer._add_object(form.flate_encode())


def _stream(writer, data: bytes):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def stamp_pdf(original: bytes, copy: Copy) -> bytes:
    """The original PDF with the copy's line on every page; everything else kept.

    The copy is an incremental update: the original's bytes come first, unchanged, and each page
    gains a content stream that draws the line as a pagination artifact (outside the structure
    tree, as PDF/UA asks of running text). The page's own drawing is put between q and Q so that
    nothing it leaves in the graphics state moves the line.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    reader = PdfReader(io.BytesIO(original))
    writer = PdfWriter(reader, incremental=True)
    root: Any = reader.trailer["/Root"]
    language = str(root.get("/Lang", "en")) or "en"
    digits = str(reader.metadata.get("/Digits")) if reader.metadata and "/Digits" in reader.metadata else None
    variant = _archival_variant(reader)
    forms: dict[tuple[float, float], tuple[str, Any, Any]] = {}
    save, restore = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n")
    for page in writer.pages:
        box = page.mediabox
        size = (round(float(box.width), 3), round(float(box.height), 3))
        if size not in forms:
            name = f"/BriefpressStamp{len(forms)}"
            form = _stamp_form(writer, _overlay(copy, *size, language, digits, variant))
            draw = _stream(writer, b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq %s Do Q\nEMC\n"
                           % name.encode())
            forms[size] = (name, form, draw)
        name, form, draw = forms[size]
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
        xobjects[NameObject(name)] = form
        page[NameObject("/Contents")] = ArrayObject([save, *_content_streams(page), restore, draw])
    if writer._info is not None:
        info: Any = writer._info.get_object()
        info[NameObject(COPY_KEY)] = TextStringObject(copy.line_in(language, digits))
    output = io.BytesIO()
    writer.write(output)
    return _finish_xref(output.getvalue(), classic=reader.pdf_header < "%PDF-1.5")


def _content_streams(page: Any) -> list[Any]:
    """The references to a page's content streams (a blank page has none)."""
    if "/Contents" not in page:
        return []
    contents = page.raw_get("/Contents")  # the reference, not the stream it points to
    return list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]


def _finish_xref(data: bytes, classic: bool) -> bytes:
    """Make the update's cross-reference section what validators expect.

    pypdf ends an incremental update with a cross-reference stream that leaves itself out of its
    own index (qpdf warns). It is rewritten with itself listed; for files older than PDF 1.5
    (PDF/A-1 forbids such streams) it becomes a classic ``xref`` table and trailer. The section is
    the end of the file, so rewriting it moves nothing else.
    """
    import zlib

    tail = data.rindex(b"startxref")
    position = int(data[tail + len(b"startxref"):].split()[0])
    head = re.match(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", data[position:tail], re.S)
    index = re.search(rb"/Index \[([^\]]*)\]", head.group(2)) if head else None
    if head is None or index is None or b"/W [ 1 4 1 ]" not in head.group(2):
        return data  # not the shape pypdf writes: leave it as it is
    number, blocks = int(head.group(1)), [int(n) for n in index.group(1).split()]
    body_start = position + head.end()
    rows = zlib.decompress(data[body_start:data.rindex(b"endstream", body_start, tail)].rstrip(b"\r\n"))
    if classic:
        return data[:position] + _xref_table(blocks, rows, number, head.group(2)) + b"startxref\n%d\n%%%%EOF\n" % position
    rows += struct.pack(">BIB", 1, position, 0)
    blocks = blocks[:-1] + [blocks[-1] + 1] if blocks[-2] + blocks[-1] == number else blocks + [number, 1]
    compressed = zlib.compress(rows)
    header = re.sub(rb"/Index \[[^\]]*\]", b"/Index [ " + b" ".join(b"%d" % n for n in blocks) + b" ]", head.group(2))
    header = re.sub(rb"/Length \d+", b"/Length %d" % len(compressed), header)
    rebuilt = b"%d 0 obj\n<<%s>>\nstream\n%s\nendstream\nendobj\n" % (number, header, compressed)
    return data[:position] + rebuilt + b"startxref\n%d\n%%%%EOF\n" % position


def _xref_table(blocks: list[int], rows: bytes, number: int, stream_dict: bytes) -> bytes:
    """The same entries as a classic table; the trailer keeps Root, Info, Prev and ID."""
    lines, offsets = [b"xref\n"], iter(struct.unpack(">BIB", rows[i:i + 6])[1] for i in range(0, len(rows), 6))
    for first, count in zip(blocks[0::2], blocks[1::2]):
        lines.append(b"%d %d\n" % (first, count))
        lines += [b"%010d 00000 n\r\n" % next(offsets) for _ in range(count)]
    kept = re.sub(rb"/(Type|Filter|Index|W|Length|DecodeParms) (\[[^\]]*\]|/?\w+)\s*", b"", stream_dict)
    kept = re.sub(rb"/Size \d+", b"/Size %d" % number, kept)
    return b"".join(lines) + b"trailer\n<<" + kept + b">>\n"


def check_readable(source: Path, data: bytes) -> None:
    """Only a whole, unencrypted PDF is stamped: anything else is refused with the reason, not a traceback."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    where = Location.of(source)
    if not data.startswith(b"%PDF-"):
        raise BriefError.at(where, "not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise BriefError.at(where, "the PDF is encrypted: stamp the unencrypted original")
        for page in reader.pages:  # every page's objects must resolve for the stamp to be drawn on it
            page.get_contents()
    except BriefError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        if isinstance(error, RecursionError) or isinstance(error.__cause__, RecursionError):
            raise BriefError.at(where, "not a readable PDF: its objects are nested too deeply") from None
        raise BriefError.at(where, f"not a readable PDF ({type(error).__name__}: {error})") from None


def _is_copy(data: bytes) -> str | None:
    from pypdf import PdfReader

    info: Any = PdfReader(io.BytesIO(data)).metadata or {}
    return str(info[COPY_KEY]) if COPY_KEY in info else None


def plan(source: Path, recipient: str, number: int | None, of: int | None,
         listing: manifest.Manifest | None) -> Copy:
    """Which copy to make: checks the name and numbers against the copies already made."""
    where = Location.of(source)
    name = " ".join(recipient.split())
    problems = []
    if not name:
        problems.append(Problem(where, "--recipient: the name is empty"))
    elif len(name) > MAX_RECIPIENT:
        problems.append(Problem(where, f"--recipient: the name is {len(name)} characters, over {MAX_RECIPIENT}"))
    elif re.search(r"[\x00-\x1f\x7f]", name):
        problems.append(Problem(where, "--recipient: the name contains a control character"))
    elif (hidden := hidden_control(name)) is not None:  # the page would read other than the manifest records
        problems.append(Problem(where, f"--recipient: the name {hidden[1]}"))
    made = listing.copies_of(source.name) if listing else []
    copies = [entry.copy for entry in made if entry.copy is not None]
    known_of = copies[0]["of"] if copies else None
    if of is None and known_of is None:
        problems.append(Problem(where, "--of M is needed for the first copy: how many copies are made in all"))
    elif of is not None and known_of is not None and of != known_of:
        problems.append(Problem(where, f"--of {of}: copies of {source.name} are numbered out of {known_of}"))
    if of is not None and of < 1:
        problems.append(Problem(where, f"--of {of}: at least one copy is made"))
    total = of or known_of or 0
    taken = {copy["copy"]: copy["recipient"] for copy in copies}
    number = number or next((n for n in range(1, total + 1) if n not in taken), total + 1)
    if total and not 1 <= number <= total:
        problems.append(Problem(where, f"--copy {number}: copies are numbered 1 to {total}"))
    elif taken.get(number, name) != name:
        problems.append(Problem(where, f"--copy {number}: copy {number} of {source.name} "
                                       f"was prepared for {taken[number]}"))
    if problems:
        raise BriefError(problems)
    return Copy(name, number, total)


def stamp(source: Path, recipient: str, number: int | None = None, of: int | None = None) -> tuple[Path, Copy]:
    """Write the numbered copy beside ``source`` and list it in the manifest there, if there is one."""
    original = source.read_bytes()
    check_readable(source, original)
    if (line := _is_copy(original)) is not None:
        raise BriefError.at(Location.of(source), f"already a recipient copy ({line}); stamp the original")
    folder = source.parent
    with locked(folder):
        listing = manifest.read(folder)
        copy = plan(source, recipient, number, of, listing)
        data = stamp_pdf(original, copy)
        target = copy_path(source, copy.number)
        files = {target.name: data}
        if listing is not None:
            details = {"source": source.name, "source_sha256": hashlib.sha256(original).hexdigest(),
                       "recipient": copy.recipient, "copy": copy.number, "of": copy.of}
            listed = listing.find(source.name)
            listing.replace(manifest.Entry.of(target.name, data, listed.pages if listed else None,
                                              listed.variant if listed else None, details))
            files[manifest.NAME] = listing.to_bytes()
        publish(folder, files, lock=False)
    return target, copy
