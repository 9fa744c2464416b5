"""Many briefs in one command: a pool of build processes, each keeping its own printer warm.

Each brief is built and published on its own, into ``<out>/<slug>/`` (a brief with problems writes
nothing, the others are still written); a pool process builds one brief after another with the same printer process, so
WeasyPrint, fonts and stylesheets are loaded once per pool process rather than once per brief.
"""
from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefError, Location, Problem, display_path
from .builder import Builder
from .options import BUILD, PREVIEW, Options, Output, Outputs

if TYPE_CHECKING:
    from ..content.model import Brief


@dataclass
class BriefOutcome:
    """What became of one brief of a batch: its outputs, or its problems."""

    content: Path
    outputs: list[Output] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    files: dict[str, bytes] = field(default_factory=dict)  # a build in memory: every output, by name
    brief: Brief | None = None  # the validated brief, for a build in memory


_builder: Builder | None = None


def build_one(options: Options) -> BriefOutcome:
    """Build and publish one brief with this process's builder, whose printer is kept from one brief to the next."""
    return _built(options, BUILD)


def build_in_memory(options: Options) -> BriefOutcome:
    """Build one brief's outputs without writing them (the PDF, web edition, data and citation files), for a
    caller that publishes them itself: a series site, or the submitter of a task run on another machine."""
    return _built(options, PREVIEW)


def _built(options: Options, outputs: Outputs) -> BriefOutcome:
    global _builder
    _builder = _builder or Builder(options)
    try:
        result = _builder.run(outputs, options=options)
    except BriefError as error:
        return BriefOutcome(options.content, problems=error.problems)
    kept = {} if outputs.publish else result.files  # what was published is on disk, not carried back
    return BriefOutcome(options.content, result.outputs, seconds=sum(result.timings.values()), files=kept,
                        brief=None if outputs.publish else result.brief)


def run_all(task: Callable[[Options], BriefOutcome], briefs: Sequence[Options], jobs: int | None = None) -> list[BriefOutcome]:
    """``task`` on every brief, ``jobs`` at a time in a pool of processes that each keep their printer."""
    jobs = max(1, min(jobs or default_jobs(), len(briefs)))
    if jobs == 1:
        done = [task(options) for options in briefs]
        _close_builder()
        return done
    # Fork: the pool starts with everything already imported.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(task, briefs))


def _close_builder() -> None:
    global _builder
    if _builder is not None:
        _builder.close()
        _builder = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def build_many(briefs: Sequence[Options], jobs: int | None = None) -> list[BriefOutcome]:
    """Build every brief, ``jobs`` at a time (default: one per CPU); outcomes in the order given.

    Each brief is written to ``<out>/<slug>/``; a brief whose slug another brief of the batch already
    has is not built, as it would overwrite that brief's files.
    """
    outcomes: dict[int, BriefOutcome] = {}
    owners: dict[str, Path] = {}
    for index, options in enumerate(briefs):
        slug, where = slug_of(options.content)
        if slug is not None and owners.setdefault(slug, options.content) != options.content:
            message = f"slug '{slug}' is also the slug of {display_path(owners[slug])}: give each brief its own slug"
            outcomes[index] = BriefOutcome(options.content, problems=[Problem(where, message)])
    # Each brief gets its own folder: an output folder holds one brief and its manifest.
    todo = [(index, replace(options, out=options.out / (slug_of(options.content)[0] or options.content.name)))
            for index, options in enumerate(briefs) if index not in outcomes]
    built = run_all(build_one, [options for _, options in todo], jobs)
    outcomes.update(zip((index for index, _ in todo), built))
    return [outcomes[index] for index in range(len(briefs))]


_SLUG = re.compile(r"""^slug:[ \t]*['"]?([A-Za-z0-9][A-Za-z0-9._-]*)['"]?[ \t]*(?:#.*)?$""", re.MULTILINE)


def slug_of(content: Path) -> tuple[str | None, Location]:
    """The slug brief.yaml gives, read ahead of validation (None when it cannot be read), and where: the
    build itself validates the file strictly and reports its problems."""
    path = content / "brief.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, Location.of(path)
    match = _SLUG.search(text)
    if match is None:
        return None, Location.of(path)
    return match.group(1), Location.in_text(path, text, match.start())
