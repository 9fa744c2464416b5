"""What a build is asked to do (``Options``, ``Outputs``) and what it gives back (``BuildResult``).

Plain data, importable without the rest of the pipeline, so the command line can read its
arguments and start the printer before anything heavy is imported.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..printing.job import DEFAULT_VARIANT
from ..printing.limits import Limits
from ..render.navigation import SiteLinks
from ..support.locations import CACHE

if TYPE_CHECKING:
    from ..content.model import Brief
    from ..errors import Problem


@dataclass(frozen=True)
class Options:
    """Where a brief comes from and goes, and how it is printed: the same for every command."""

    content: Path = Path("content")
    out: Path = Path("dist")
    templates: Sequence[Path] = ()
    styles: Sequence[Path] = ()
    theme: Path | None = None  # a house theme's folder (see support.themes); else the brief's own `theme:`
    cache: Path | None = CACHE / "charts"
    plans: Path | None = CACHE / "layout"  # layout plans (see printing.plans); None: lay out from scratch
    pdf_variant: str | None = DEFAULT_VARIANT
    paper: str | None = None  # "a4" or "letter"; None keeps the brief's own `paper`
    limits: Limits = field(default_factory=Limits.from_env)
    keep_intermediate: bool = False
    email: bool = False  # also the e-mail edition, <slug>.eml (see publish.email)
    docx: bool = False  # also the Word edition, <slug>.docx (see publish.docx)
    print_ready: bool = False  # a PDF for a commercial printer: PDF/X-4, bleed, crop marks (styles/print-ready.css)
    site: SiteLinks | None = None  # the web edition's place on a series site (see series.site)
    # Only the edition in this language (the original's or a translation's, see content.translation);
    # None: a build makes them all.
    language: str | None = None


@dataclass(frozen=True)
class Outputs:
    """Which outputs a run of the pipeline makes, and whether it writes them to ``Options.out``.

    Every command runs the same stages; it only chooses what comes out of them.
    """

    pdf: bool = True
    web: bool = True
    publish: bool = True  # write the outputs (and the manifest) to disk; else keep them in memory
    verify: bool = False  # render both editions and check what the printer would read, making neither

    @property
    def charts(self) -> bool:
        """Charts are drawn only for an edition that shows them; a check renders with placeholders."""
        return self.pdf or self.web

    @property
    def print_edition(self) -> bool:
        return self.pdf or self.verify

    @property
    def web_edition(self) -> bool:
        return self.web or self.verify


BUILD = Outputs()
CHECK = Outputs(pdf=False, web=False, publish=False, verify=True)
WEB_ONLY = Outputs(pdf=False)
PREVIEW = Outputs(publish=False)


@dataclass(frozen=True)
class Output:
    path: Path
    size: int
    pages: int | None
    variant: str | None = None


@dataclass
class BuildResult:
    brief: Brief
    outputs: list[Output] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    charts_rendered: int = 0
    charts_from_cache: int = 0
    served: tuple[Path, ...] = ()  # the files the printer read
    printer: dict[str, float] = field(default_factory=dict)  # the printer's steps (layout, checks, PDF write)
    files: dict[str, bytes] = field(default_factory=dict)  # every output by its path below ``out``
    warnings: tuple[Problem, ...] = ()  # what the layout checks noticed, short of a defect: listed, not fatal
    editions: dict[str, Brief] = field(default_factory=dict)  # the translations built with it, by language
