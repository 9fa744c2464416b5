"""What crosses to the printer process and back: a print job, its attachments, the printed PDF, the PDF variants."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, Problem
from ..render.stylesheets import Stylesheet
from .plans import LayoutPlan

if TYPE_CHECKING:  # these load WeasyPrint, which only the printer process needs
    from .glyphs import Coverage


DEFAULT_VARIANT = "pdf/ua-1"


# WeasyPrint's PDF variants, listed here so that reading the command line does not import WeasyPrint
# (a test checks the list against weasyprint.pdf.VARIANTS).
VARIANTS = ("pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b", "pdf/a-3u",
            "pdf/a-4e", "pdf/a-4f", "pdf/a-4u", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g")


# Archival and accessible in one file: WeasyPrint writes the tagged PDF/A (level A), the finisher adds
# the PDF/UA identification and what PDF/UA asks beyond it (see printing.finishing).
ACCESSIBLE_ARCHIVAL = {"pdf/a-2a+ua-1": "pdf/a-2a", "pdf/a-3a+ua-1": "pdf/a-3a"}


def variants() -> list[str]:
    """The PDF variants WeasyPrint can write (PDF/A, PDF/UA, PDF/X), and PDF/A with PDF/UA; sorted."""
    return sorted([*VARIANTS, *ACCESSIBLE_ARCHIVAL])


def engine_variant(variant: str | None) -> str | None:
    """The variant WeasyPrint is asked for."""
    return ACCESSIBLE_ARCHIVAL.get(variant or "", variant)


@dataclass(frozen=True)
class PrintedPDF:
    data: bytes
    pages: int
    variant: str | None = None
    served: tuple[Path, ...] = ()  # every file the printer read, for tracing
    html: str | None = None  # the HTML as finally laid out, when the job asked to keep it
    plan: LayoutPlan | None = None  # for the next build of the brief (see ``plans``)
    timings: dict[str, float] = field(default_factory=dict)  # the printer's steps: layout, checks, PDF write
    warnings: tuple[Problem, ...] = ()  # pages emptier than the design allows (see checks.emptier_pages)


@dataclass(frozen=True)
class FileAttachment:
    """A file embedded in the PDF, with its relationship to the document (PDF/A-3 AFRelationship)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"

    def weasyprint(self, date: dt.datetime | None):
        from weasyprint import Attachment

        # WeasyPrint stamps attachments with the clock unless told otherwise.
        when = date or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        return Attachment(string=self.data, name=self.name, description=self.description or None,
                          created=when, modified=when, relationship=self.relationship)


@dataclass(frozen=True)
class PrintJob:
    """Everything one print needs, as plain data that can cross to the printer process."""

    html: str
    stylesheets: tuple[Stylesheet, ...]
    roots: tuple[Path, ...]
    base_url: Path
    document_location: Location
    identifier: str = ""
    variant: str | None = DEFAULT_VARIANT
    attachments: tuple[FileAttachment, ...] = ()
    date: dt.datetime | None = None
    template_dirs: tuple[Path, ...] = ()
    sources: Path | None = None  # the content folder, searched to locate a character no font has
    metadata: tuple[tuple[str, str], ...] = ()  # extra document information entries
    font_cache: Path | None = None  # where WOFF2 fonts are kept decompressed (see stylesheets)
    keep_html: bool = False  # return the HTML of the last layout pass (tables cut) with the PDF
    plan: LayoutPlan | None = None  # the previous build's layout plan, used if made from the same inputs
    coverage: Coverage | None = None  # what the stylesheets' fonts can draw, if the caller knows it already
    # Where each part of the brief is written and what to call it, by the id of its element in the print
    # HTML: a layout fault is reported in the file that holds the content, not in brief.yaml.
    anchors: tuple[tuple[str, Location, str], ...] = ()

