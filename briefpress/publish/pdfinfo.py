"""``briefpress inspect FILE.pdf``: what a PDF carries, as a reader or an archivist checks it.

Pages and their size, metadata, the conformance it claims (PDF/A, PDF/UA, PDF/X) and whether it is
tagged, the outline with page numbers, the fonts and whether each is embedded, and attachments.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAPER = {(595, 842): "A4", (612, 792): "US Letter", (420, 595): "A5"}
INFO_FIELDS = [("/Title", "title"), ("/Author", "author"), ("/Subject", "subject"), ("/Keywords", "keywords"),
               ("/Creator", "creator"), ("/Producer", "producer"), ("/CreationDate", "created"),
               ("/ModDate", "modified")]
COPY_KEY = "/PreparedFor"


@dataclass
class Report:
    """What ``inspect`` found in one PDF."""

    pages: int
    page_size: str
    version: str
    variant: str | None
    tagged: bool
    language: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    copy: str | None = None
    outline: list[tuple[int, str, int | None]] = field(default_factory=list)
    fonts: list[tuple[str, str, bool]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    signed: bool = False  # it has signature fields; publish.sign.signatures checks them
    signatures: list[Any] = field(default_factory=list)  # publish.sign.Signature, when checked


def conformance(xmp: str) -> str | None:
    """The conformance claims in XMP metadata, such as 'PDF/A-3B' or 'PDF/UA-1'."""
    claims = []
    for kind in ("a", "ua"):
        part = _xmp_value(xmp, f"pdf{kind}id", "part")
        if part:
            claims.append(f"PDF/{kind.upper()}-{part}{_xmp_value(xmp, f'pdf{kind}id', 'conformance') or ''}")
    pdfx = _xmp_value(xmp, "pdfxid", "GTS_PDFXVersion") or _xmp_value(xmp, "pdfx", "GTS_PDFXVersion")
    if pdfx:
        claims.append(pdfx)
    return ", ".join(claims) or None


def _xmp_value(xmp: str, prefix: str, name: str) -> str | None:
    match = re.search(rf"<{prefix}:{name}>([^<]*)</{prefix}:{name}>|{prefix}:{name}=\"([^\"]*)\"", xmp)
    return (match.group(1) or match.group(2)) if match else None


def _date(text: str) -> str:
    """'D:20261127000000+00'00' as '2026-11-27 00:00:00 +00:00'; anything else as it is."""
    match = re.fullmatch(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?", text)
    if not match:
        return text
    year, month, day, hour, minute, second, zone = match.groups()
    zone = "" if zone is None else " UTC" if zone == "Z" else f" {zone[:3]}:{zone.replace(chr(39), '')[3:5]}"
    return f"{year}-{month}-{day} {hour}:{minute}:{second}{zone}"


def _page_size(box: Any) -> str:
    width, height = round(float(box.width)), round(float(box.height))
    name = PAPER.get((min(width, height), max(width, height)))
    return f"{name + ', ' if name else ''}{width} × {height} pt"


def _outline(reader: Any, items: list, depth: int = 0) -> Iterator[tuple[int, str, int | None]]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
            continue
        try:
            page = reader.get_destination_page_number(item) + 1
        except Exception:  # an outline item without a page (an action or a broken destination)
            page = None
        yield depth, str(item.title), page


def _fonts(reader: Any) -> list[tuple[str, str, bool]]:
    seen: dict[str, tuple[str, str, bool]] = {}
    for page in reader.pages:
        for font in _page_fonts(page.get("/Resources")):
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            seen.setdefault(name, (name, str(font.get("/Subtype", "?")).lstrip("/"), _embedded(font)))
    return sorted(seen.values())


def _page_fonts(resources: Any, depth: int = 0) -> Iterator[Any]:
    resources = resources.get_object() if resources is not None else None
    if not resources or depth > 8:
        return
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _page_fonts(xobject.get("/Resources"), depth + 1)


def _embedded(font: Any) -> bool:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    if font.get("/Subtype") == "/Type3":
        return True
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else {}
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _attachments(reader: Any) -> list[dict[str, Any]]:
    found = []
    for item in reader.attachment_list:
        relationship = item.associated_file_relationship
        found.append({"name": item.name, "size": len(item.content), "type": _mime(item.subtype),
                      "relationship": str(relationship).lstrip("/") if relationship else None,
                      "description": item.description})
    return found


def _mime(subtype: Any) -> str | None:
    return str(subtype).lstrip("/").replace("#2f", "/").replace("#2F", "/") if subtype else None


def inspect_pdf(path: Path) -> Report:
    """Read ``path`` and report what it carries; raises pypdf's errors for a file that is no PDF."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace") if "/Metadata" in root else ""
    info: Any = reader.metadata or {}
    mark = root.get("/MarkInfo")
    report = Report(pages=len(reader.pages), page_size=_page_size(reader.pages[0].mediabox) if reader.pages else "-",
                    version=reader.pdf_header.replace("%PDF-", ""), variant=conformance(xmp),
                    tagged=bool(mark and mark.get_object().get("/Marked")) and "/StructTreeRoot" in root,
                    language=str(root["/Lang"]) if "/Lang" in root else None)
    report.metadata = {label: _date(str(info[key])) if key.endswith("Date") else str(info[key])
                       for key, label in INFO_FIELDS if key in info}
    report.copy = str(info[COPY_KEY]) if COPY_KEY in info else None
    report.outline = list(_outline(reader, reader.outline))
    report.fonts = _fonts(reader)
    report.attachments = _attachments(reader)
    report.signed = "/AcroForm" in root and any(str(f.get_object().get("/FT")) == "/Sig"
                                                for f in root["/AcroForm"].get_object().get("/Fields", []))
    return report


def format_report(path: Path, report: Report) -> str:
    lines = [f"{path}", f"  pages:       {report.pages} ({report.page_size})", f"  PDF version: {report.version}",
             f"  variant:     {report.variant or 'none claimed'}{', tagged' if report.tagged else ', not tagged'}",
             f"  language:    {report.language or '-'}"]
    if report.copy:
        lines.append(f"  copy:        {report.copy}")
    lines.append("metadata:")
    lines += [f"  {label + ':':<12} {value}" for label, value in report.metadata.items()] or ["  (none)"]
    lines.append("outline:")
    lines += [f"  {'  ' * depth}{title}{f'  p. {page}' if page else ''}" for depth, title, page in report.outline]
    if not report.outline:
        lines.append("  (none)")
    lines.append("fonts:")
    lines += [f"  {name}  {kind}, {'embedded' if embedded else 'NOT embedded'}"
              for name, kind, embedded in report.fonts] or ["  (none)"]
    lines.append("attachments:")
    for item in report.attachments:
        details = [item["type"] or "unknown type", f"{item['size']:,} bytes"]
        details += [f"relationship {item['relationship']}"] if item["relationship"] else []
        lines.append(f"  {item['name']}  {', '.join(details)}" + (f" — {item['description']}" if item["description"] else ""))
    if not report.attachments:
        lines.append("  (none)")
    if report.signatures:
        lines.append("signatures:")
    for signature in report.signatures:
        state = "intact" if signature.intact else "NOT INTACT: the file changed after it was signed"
        trust = {None: "", True: ", trusted", False: ", NOT trusted by the given authority"}[signature.trusted]
        extent = "" if signature.covers_whole_file else ", later changes not covered"
        lines.append(f"  {signature.field}  {state}{trust}{extent}; signed by {signature.signer}"
                     + (f" at {signature.signed_at}" if signature.signed_at else ""))
    return "\n".join(lines)
