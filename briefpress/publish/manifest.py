"""Manifest stage: ``manifest.json`` lists every file in the output folder with what a reader checks.

Each output has its SHA-256, size, page count and PDF variant; the brief's title, version, status
and date head the list. Numbered recipient copies are added to the same manifest when stamped.
The manifest holds no clock time, so two builds of the same brief write the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BriefError, Location

NAME = "manifest.json"
SCHEMA = 1
MEDIA_TYPES = {".pdf": "application/pdf", ".html": "text/html", ".csv": "text/csv",
               ".json": "application/vnd.citationstyles.csl+json", ".bib": "application/x-bibtex",
               ".ris": "application/x-research-info-systems", ".png": "image/png",
               ".eml": "message/rfc822",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class Entry:
    """One file of the output folder, named relative to it."""

    path: str
    sha256: str
    size: int
    media_type: str
    pages: int | None = None
    variant: str | None = None
    copy: dict[str, Any] | None = None
    signature: dict[str, Any] | None = None  # a signed original: what was signed, and by whom

    @classmethod
    def of(cls, path: str, data: bytes, pages: int | None = None, variant: str | None = None,
           copy: dict[str, Any] | None = None, signature: dict[str, Any] | None = None) -> Entry:
        media = MEDIA_TYPES.get(os.path.splitext(path)[1], "application/octet-stream")
        return cls(path, hashlib.sha256(data).hexdigest(), len(data), media, pages, variant, copy, signature)

    def as_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None or key == "pages"}


@dataclass
class Manifest:
    brief: dict[str, str]
    built: str
    outputs: list[Entry] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        document = {"schema": SCHEMA, "brief": self.brief, "built": self.built,
                    "outputs": [entry.as_json() for entry in sorted(self.outputs, key=lambda e: e.path)]}
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def find(self, path: str) -> Entry | None:
        return next((entry for entry in self.outputs if entry.path == path), None)

    def replace(self, entry: Entry) -> None:
        self.outputs = [e for e in self.outputs if e.path != entry.path] + [entry]

    def copies_of(self, source: str) -> list[Entry]:
        return [e for e in self.outputs if e.copy and e.copy.get("source") == source]


def brief_facts(meta: Any) -> dict[str, str]:
    """The brief's identity as the manifest states it (``meta`` is a BriefMeta)."""
    facts = {"slug": meta.slug, "title": meta.title, "version": meta.version, "status": meta.status,
             "date": meta.date.isoformat(), "language": meta.language}
    if meta.subtitle:
        facts["subtitle"] = meta.subtitle
    return facts


def read(folder: Path) -> Manifest | None:
    """The manifest in ``folder``, or None when there is none; a damaged one is an error."""
    path = folder / NAME
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        outputs = [Entry(**entry) for entry in document["outputs"]]
        return Manifest(document["brief"], document["built"], outputs)
    except (ValueError, KeyError, TypeError) as error:
        raise BriefError.at(Location.of(path), f"not a briefpress manifest ({error})") from None


def carried_copies(previous: Manifest | None, folder: Path, sources: Iterable[str]) -> list[Entry]:
    """Stamped copies of a previous build that are still on disk unchanged and whose source is rebuilt.

    A copy's source changing does not change the copy: it stays listed with the source hash it was
    made from, so a reader can tell it predates the current edition.
    """
    if previous is None:
        return []
    rebuilt = set(sources)
    kept = []
    for entry in previous.outputs:
        if not entry.copy or entry.copy.get("source") not in rebuilt:
            continue
        path = folder / entry.path
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256:
            kept.append(entry)
    return kept


def build_time_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
