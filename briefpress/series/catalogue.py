"""The series' catalogue: what the site lists of each brief, its topics and published versions. Plain data,
kept between site builds in ``site.json`` (so a brief that fails to build keeps its last listing)."""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

CATALOGUE = "site.json"


@dataclass(frozen=True)
class Published:
    """One version of a brief on the site."""

    version: str
    date: dt.date
    summary: str
    path: str | None  # its folder on the site ("slug/v1.0/"), None when never published here
    redline: str | None = None  # the changes from the version before, when the site has both


@dataclass(frozen=True)
class Listing:
    """A brief as the index, topic pages and feed list it."""

    slug: str
    title: str
    subtitle: str | None
    date: dt.date
    version: str
    status: str
    language: str
    summary: str  # the summary's first paragraph, as read
    topics: tuple[str, ...]
    formats: tuple[tuple[str, str], ...]  # (kind, path on the site): pdf, html, data, bib, ris, json
    versions: tuple[Published, ...] = ()
    edition_of: str | None = None  # the slug of the brief this one is a translation of
    authors: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return f"{self.slug}/"


@dataclass
class Catalogue:
    briefs: list[Listing] = field(default_factory=list)

    def find(self, slug: str) -> Listing | None:
        return next((brief for brief in self.briefs if brief.slug == slug), None)

    def to_bytes(self) -> bytes:
        return (json.dumps({"briefs": [asdict(brief) for brief in self.briefs]}, ensure_ascii=False, indent=2,
                           default=_json_value) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Catalogue:
        """The catalogue a previous site build wrote; an unreadable one is an empty catalogue."""
        try:
            raw = json.loads(data)
            return cls([_listing(item) for item in raw["briefs"]])
        except (ValueError, KeyError, TypeError):
            return cls()


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _listing(item: dict[str, Any]) -> Listing:
    versions = tuple(Published(v["version"], dt.date.fromisoformat(v["date"]), v["summary"], v["path"], v.get("redline"))
                     for v in item.get("versions", []))
    return Listing(item["slug"], item["title"], item.get("subtitle"), dt.date.fromisoformat(item["date"]),
                   item["version"], item["status"], item["language"], item["summary"], tuple(item["topics"]),
                   tuple((kind, path) for kind, path in item["formats"]), versions, item.get("edition_of"),
                   tuple(item.get("authors", [])))


def topic_slug(topic: str) -> str:
    """A topic's page name: 'Security cooperation' → 'security-cooperation', accents dropped, other scripts kept."""
    text = unicodedata.normalize("NFKD", re.sub(r"[^\w]+", "-", topic.casefold()))
    text = "".join(char for char in text if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", text).strip("-_") or "topic"


def topics_of(keywords: list[str], chosen: tuple[str, ...] | None, series_topics: list[str]) -> tuple[str, ...]:
    """A brief's topics: those series.yaml gives it, else its keywords (only those the series lists, if it does)."""
    if chosen is not None:
        return chosen
    if not series_topics:
        return tuple(keywords)
    listed = {topic.casefold(): topic for topic in series_topics}
    return tuple(dict.fromkeys(listed[k.casefold()] for k in keywords if k.casefold() in listed))


def by_topic(briefs: list[Listing]) -> dict[str, list[Listing]]:
    """Each topic with its briefs, newest first; topics in alphabetical order."""
    topics: dict[str, list[Listing]] = {}
    for brief in briefs:
        for topic in brief.topics:
            topics.setdefault(topic, []).append(brief)
    return {topic: newest_first(topics[topic]) for topic in sorted(topics, key=str.casefold)}


def newest_first(briefs: list[Listing]) -> list[Listing]:
    return sorted(briefs, key=lambda brief: (brief.date, brief.slug), reverse=True)
