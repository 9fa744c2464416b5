"""A series built on a Dask cluster (``--scheduler ADDRESS``): each brief is one task.

A task carries its brief's content folder as an archive, so a worker needs only briefpress installed,
not the submitter's files; it builds in memory (``batch.build_in_memory``) and sends back every output,
which the submitting machine publishes as it does the pool's.
"""
from __future__ import annotations

import dataclasses
import io
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..content.reader import folder_too_large
from ..errors import Location, Problem
from ..pipeline.batch import BriefOutcome, build_in_memory
from ..pipeline.options import Options

TASK_SECONDS = 900  # a brief that takes longer than this on a worker is reported, not waited for


def pack(folder: Path) -> bytes:
    """The content folder as a tar archive (no links followed: a link in it is left out)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                tar.add(path, arcname=str(path.relative_to(folder)), recursive=False)
    return buffer.getvalue()


def build_packed(options: Options, archive: bytes) -> BriefOutcome:
    """On a worker: unpack the brief and build it in memory; problems are located as the submitter wrote them."""
    with tempfile.TemporaryDirectory(prefix="briefpress-task-") as temporary:
        folder = Path(temporary) / options.content.name
        folder.mkdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        outcome = build_in_memory(dataclasses.replace(options, content=folder))
    return dataclasses.replace(outcome, content=options.content,
                               problems=[_relocated(problem, str(folder), str(options.content))
                                         for problem in outcome.problems])


def _relocated(problem: Problem, worker_folder: str, folder: str) -> Problem:
    path = problem.location.path
    if not path.startswith(worker_folder):
        return problem
    return dataclasses.replace(problem, location=dataclasses.replace(problem.location,
                                                                     path=folder + path.removeprefix(worker_folder)))


def build_on_cluster(briefs: Sequence[Options], scheduler: str) -> list[BriefOutcome]:
    """Every brief as one task on the Dask cluster at ``scheduler``; outcomes in the order given."""
    from distributed import Client

    outcomes: list[BriefOutcome | None] = [None] * len(briefs)
    tasks = {}
    for index, options in enumerate(briefs):
        if (too_large := folder_too_large(options.content)) is not None:
            outcomes[index] = BriefOutcome(options.content, problems=[Problem(Location.of(options.content), too_large)])
        else:
            tasks[index] = (options, pack(options.content))
    with Client(scheduler, timeout=30) as client:
        futures = {index: client.submit(build_packed, options, archive, pure=False)
                   for index, (options, archive) in tasks.items()}
        for index, future in futures.items():
            try:
                outcomes[index] = future.result(timeout=TASK_SECONDS)
            except Exception as error:  # a worker lost, or a task that failed outside the pipeline
                where = Location.of(briefs[index].content)
                outcomes[index] = BriefOutcome(briefs[index].content,
                                               problems=[Problem(where, f"the cluster could not build it: {error}")])
    return [outcome for outcome in outcomes if outcome is not None]
