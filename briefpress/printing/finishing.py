"""Finishing the PDF: WeasyPrint's objects adjusted just before they are written.

XMP metadata rewritten the way validators read it, with a document id derived from the brief (so
builds stay reproducible), no transparency groups in PDF/A-1, and each attachment listed once.
"""
from __future__ import annotations

import re
import uuid

_DESCRIPTION = re.compile(rb'<rdf:Description rdf:about=""((?: [a-zA-Z]+:[a-zA-Z]+="[^"]*")*) ?(/>|>.*?</rdf:Description>)',
                          re.DOTALL)
_ATTRIBUTE = re.compile(rb' ([a-zA-Z]+):([a-zA-Z]+)="([^"]*)"')
_NAMESPACE = re.compile(rb'xmlns:([a-zA-Z]+)="([^"]*)"')
_PREFIX = re.compile(rb"<([a-zA-Z]+):")
_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def finisher(variant: str | None, identifier: str):
    """Adjust WeasyPrint's PDF objects before they are written, for validators and reproducibility."""
    stable_id = b"xmp.did:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "briefpress:" + identifier)).encode()

    def finish(document, pdf) -> None:
        import pydyf

        for pdf_object in pdf.objects:
            extra = getattr(pdf_object, "extra", None)
            if not isinstance(extra, dict):
                continue
            if extra.get("Type") == "/Metadata":
                xmp = _metadata(b"\n".join(_bytes(part) for part in pdf_object.stream), stable_id)
                pdf_object.stream = [_with_pdf_ua(xmp) if variant and variant.endswith("+ua-1") else xmp]
            elif variant and variant.startswith("pdf/a-1") and "Group" in extra:
                # PDF/A-1 forbids transparency groups; WeasyPrint opens one for every anchored SVG
                # text (chart labels) even though nothing in it is transparent.
                del extra["Group"]
        _header_scopes(pdf)
        if variant and variant.startswith("pdf/x"):
            _press_colours(pdf)
        if variant and variant.endswith("+ua-1"):  # PDF/UA: the title, not the file name, names the window
            pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
        if "AF" in pdf.catalog:
            # WeasyPrint lists each attachment twice (from the name tree and from its file spec).
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))

    return finish


def _header_scopes(pdf) -> None:
    """Give each table header cell its /Scope, as PDF/UA checkers ask: a column's in the table head, a
    row's in its body. WeasyPrint links each data cell to its headers (/Headers) but writes no scope."""
    by_number = {obj.number: obj for obj in pdf.objects if getattr(obj, "number", None) is not None}

    def parent(element):
        reference = element.get("P")
        number = int(_bytes(reference).split()[0]) if reference is not None else None
        return by_number.get(number) if number is not None else None

    for element in pdf.objects:
        if isinstance(element, dict) and element.get("S") == "/TH" and isinstance(element.get("A"), dict):
            row = parent(element)
            group = parent(row) if row is not None else None
            in_head = group is not None and group.get("S") == "/THead"
            element["A"]["Scope"] = "/Column" if in_head else "/Row"


_RGB_OPERATOR = re.compile(rb"(?<![\w.])(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) (rg|RG)(?!\w)")


def _press_colours(pdf) -> None:
    """What WeasyPrint paints in sRGB by itself (the crop marks) painted in the press's CMYK instead, as every
    colour of the brief already is (render.cmyk): a PDF/X-4 with a CMYK intent then holds no DeviceRGB."""
    from weasyprint.pdf.stream import Stream

    from ..render.cmyk import device_inks

    def cmyk(match: re.Match) -> bytes:
        inks = device_inks(*(round(float(match.group(n)) * 255) for n in (1, 2, 3)))
        return b"%s %s" % (" ".join(f"{ink:g}" for ink in inks).encode(), b"k" if match.group(4) == b"rg" else b"K")

    for pdf_object in pdf.objects:
        if isinstance(pdf_object, Stream):
            pdf_object.stream = [_RGB_OPERATOR.sub(cmyk, part) if isinstance(part, bytes) else
                                 _RGB_OPERATOR.sub(cmyk, part.encode()).decode() if isinstance(part, str) else part
                                 for part in pdf_object.stream]


def _with_pdf_ua(xmp: bytes) -> bytes:
    """The PDF/UA-1 identification beside the PDF/A one, as its own description."""
    identification = (b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
                      b"<pdfuaid:part>1</pdfuaid:part></rdf:Description>")
    return xmp.replace(b"</rdf:RDF>", identification + b"</rdf:RDF>", 1)


def _bytes(part) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()


def _metadata(xmp: bytes, stable_id: bytes) -> bytes:
    """XMP as PDFBox reads it: properties as elements, namespaces declared on each description.

    WeasyPrint writes some properties as attributes and declares namespaces once on ``rdf:RDF``;
    both are valid RDF, but Preflight then misses the PDF/A identification. The random document
    id of PDF/X-4 and later is replaced by one derived from the brief.
    """
    namespaces = dict(_NAMESPACE.findall(xmp))

    def description(match: re.Match) -> bytes:
        attributes, rest = match.group(1), match.group(2)
        body = b"".join(b"<%s:%s>%s</%s:%s>" % (p, n, v, p, n) for p, n, v in _ATTRIBUTE.findall(attributes))
        body += b"" if rest == b"/>" else rest[1:-len(b"</rdf:Description>")]
        prefixes = sorted(set(_PREFIX.findall(body)) - {b"rdf"})
        declared = b"".join(b' xmlns:%s="%s"' % (p, namespaces[p]) for p in prefixes if p in namespaces)
        return b'<rdf:Description rdf:about=""' + declared + b">" + body + b"</rdf:Description>"

    return _DOCUMENT_ID.sub(stable_id, _DESCRIPTION.sub(description, xmp))
