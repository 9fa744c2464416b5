"""Redlines: two versions of a brief through the same stages as a build, compared, and the changes
written as a web page and a PDF (``<slug>.redline.html``, ``<slug>.redline.pdf``).

Each version is validated and its web edition rendered by the pipeline itself, so a redline compares what
readers of each version read; the PDF is laid out by the builder's printer, with the brief's print styles.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..errors import Location, Problem
from ..printing.job import PrintJob
from ..render.changes import Changes, compare
from ..render.redline import redline_stylesheets, render_redline
from ..render.theme import FONT_CACHE, TEMPLATES
from .builder import Builder
from .options import Options, Outputs
from .parts import build_time, printer_roots, theme_for

IN_MEMORY_WEB = Outputs(pdf=False, publish=False)


@dataclass(frozen=True)
class Redline:
    changes: Changes
    files: dict[str, bytes]


def redline_names(slug: str) -> tuple[str, str]:
    return f"{slug}.redline.html", f"{slug}.redline.pdf"


def make_redline(builder: Builder, old: Options, new: Options, pdf: bool = True,
                 versions: tuple[str, str] | None = None) -> Redline:
    """The changes from ``old`` to ``new`` and the redline files; BriefError lists either version's problems.

    ``versions``: the two versions' published pages (older, newer), which the web redline links."""
    old_result = builder.run(IN_MEMORY_WEB, options=old)
    new_result = builder.run(IN_MEMORY_WEB, options=new)
    before, after = old_result.brief, new_result.brief
    changes = compare(before, old_result.files[f"{before.meta.slug}.html"].decode("utf-8"),
                      after, new_result.files[f"{after.meta.slug}.html"].decode("utf-8"))
    theme = theme_for(new, after)
    web_name, pdf_name = redline_names(after.meta.slug)
    files = {web_name: render_redline(changes, "web", theme, versions).encode("utf-8")}
    if pdf:
        sheets = redline_stylesheets(theme, "print")
        roots = printer_roots(new, after)
        builder.printer.prepare(sheets, roots, FONT_CACHE)
        job = PrintJob(render_redline(changes, "print", theme), tuple(sheets), roots, new.content,
                       Location.of(new.content / "brief.yaml"), f"{after.meta.slug}-redline", new.pdf_variant,
                       date=build_time(after.meta.date), template_dirs=(*theme.template_dirs, TEMPLATES),
                       sources=new.content, font_cache=FONT_CACHE)
        files[pdf_name] = builder.printer.print(job).data
    return Redline(changes, files)


def renamed(problems: list[Problem], folder: str, name: str) -> list[Problem]:
    """Problems of a version exported from git, located as ``REV:FOLDER/...`` rather than in a temporary folder."""
    return [dataclasses.replace(problem, location=dataclasses.replace(
        problem.location, path=name + problem.location.path.removeprefix(folder)))
        if problem.location.path.startswith(folder) else problem for problem in problems]
