"""One print in a fresh printer process: the package's ``write_pdf``, for callers that print a single
document (see ``worker`` for a printer kept from one job to the next)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Location, RenderError
from .job import DEFAULT_VARIANT, FileAttachment, PrintedPDF, PrintJob
from .limits import Limits
from .worker import PrintWorker

if TYPE_CHECKING:
    from ..render.stylesheets import Stylesheet


def print_in_child(job: PrintJob, limits: Limits) -> PrintedPDF:
    """Print one job in a fresh child process under ``limits``."""
    with PrintWorker(limits) as worker:
        return worker.print(job)


def write_pdf(html: str, stylesheets: Sequence[Stylesheet], roots: Sequence[Path], base_url: Path,
              document_location: Location, identifier: str = "", variant: str | None = DEFAULT_VARIANT,
              attachments: Sequence[FileAttachment] = (), date: dt.datetime | None = None,
              template_dirs: Sequence[Path] = (), limits: Limits | None = None, sources: Path | None = None,
              metadata: Mapping[str, str] | None = None) -> PrintedPDF:
    """Lay out ``html`` with ``stylesheets`` and return the PDF; any problem raises RenderError.

    ``variant`` is one of WeasyPrint's PDF variants (``VARIANTS``) or None for a plain PDF;
    ``date`` becomes the modification date of the PDF and of its attachments: the clock is never
    read, so two builds of the same brief are byte-identical. The printer may read only below
    ``roots``; refused references are reported in the stylesheet or template (``template_dirs``)
    that makes them. Printing runs in a child process under ``limits`` (default: from the environment).
    ``sources`` is the content folder, where a character no bundled font has is looked for;
    ``metadata`` adds entries to the PDF's document information (such as Status and Version).
    """
    from .references import (
        check_references,  # the sandbox's rules: not needed to start a printer
    )

    job = PrintJob(html, tuple(stylesheets), tuple(roots), base_url, document_location, identifier, variant,
                   tuple(attachments), date, tuple(template_dirs), sources, tuple((metadata or {}).items()))
    problems = check_references(job)
    if problems:
        raise RenderError(problems)
    return print_in_child(job, limits or Limits.from_env())

