"""Links the web edition gives beyond the brief itself: the files published beside it, and, on a series
site, the way back to the series, the brief's topics and its other versions. Plain data."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class VersionLink:
    """One published version of a brief, as its page on a series site links it."""

    version: str
    date: dt.date
    summary: str
    href: str | None  # None for the version on this page
    redline: str | None = None  # the changes from the version before it


@dataclass(frozen=True)
class SiteLinks:
    """Where a brief's web edition sits on a series site (``briefpress site``)."""

    title: str  # the series'
    home: str
    topics: tuple[tuple[str, str], ...] = ()  # (topic, its page)
    versions: tuple[VersionLink, ...] = ()
    languages: tuple[tuple[str, str, str], ...] = ()  # (language tag, its name, the brief's page in it)


@dataclass(frozen=True)
class Downloads:
    """The files a build publishes beside the web edition, relative to it."""

    pdf: str | None = None
    docx: str | None = None
    data: str | None = None  # the data package describing the tables' CSV files
    # The brief's other editions beside this one: (language tag, the language's name in it, its web edition).
    languages: tuple[tuple[str, str, str], ...] = ()
