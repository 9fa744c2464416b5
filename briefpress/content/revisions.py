"""brief.yaml 'revisions:': the brief's published versions, checked against its own version and date.

A revision history that does not end with the version being built would print a history that is
not this brief's, so the last entry must be the brief's ``version`` and ``date``.
"""
from __future__ import annotations

from ..errors import Problems
from .model import BriefMeta
from .reader import Document


def check_revisions(meta: BriefMeta, document: Document, problems: Problems) -> None:
    """Versions unique, oldest first, the last being this version on this brief's date."""
    revisions = meta.revisions
    seen: dict[str, int] = {}
    for index, revision in enumerate(revisions):
        if revision.version in seen:
            problems.add(document.where("revisions", index, "version"),
                         f"revisions[{index}].version: version '{revision.version}' is listed twice "
                         f"(first at revisions[{seen[revision.version]}])")
        seen.setdefault(revision.version, index)
        if index and revision.date < revisions[index - 1].date:
            problems.add(document.where("revisions", index, "date"),
                         f"revisions[{index}].date: {revision.date.isoformat()} is before the revision listed above "
                         f"it ({revisions[index - 1].date.isoformat()}): list revisions oldest first")
    if not revisions:
        return
    last, at = revisions[-1], len(revisions) - 1
    if last.version != meta.version:
        problems.add(document.where("revisions", at, "version"),
                     f"revisions[{at}].version: the last revision is '{last.version}' but the brief is version "
                     f"'{meta.version}': add a revision for version {meta.version}")
    elif last.date != meta.date:
        problems.add(document.where("revisions", at, "date"),
                     f"revisions[{at}].date: version {last.version} is dated {last.date.isoformat()} here but "
                     f"{meta.date.isoformat()} in 'date'")
