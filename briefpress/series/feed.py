"""The series' Atom feed (RFC 4287), one entry per published version of each brief, and its sitemap."""
from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from .catalogue import Catalogue, Listing, newest_first
from .config import Series

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(series: Series, catalogue: Catalogue) -> bytes:
    """Every version of every brief, newest first: a reader's feed announces each new brief and each update."""
    spec = series.spec
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": spec.language})
    entries = sorted(((brief, version) for brief in catalogue.briefs for version in _versions(brief)),
                     key=lambda item: (item[1][1], item[0].slug, item[1][0]), reverse=True)
    _text(feed, "id", spec.url)
    _text(feed, "title", spec.title)
    _text(feed, "subtitle", spec.description)
    _text(feed, "updated", _stamp(max((when for _, (_, when, _, _) in entries), default=dt.date(1970, 1, 1))))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=spec.url + "feed.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=spec.url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", spec.organization)
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "briefpress"
    for brief, (version, when, summary, path) in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        # A version's id never changes: its stable folder, even once a later version is the brief's page.
        _text(entry, "id", f"{spec.url}{brief.slug}/v{version}/")
        _text(entry, "title", f"{brief.title} (version {version})")
        _text(entry, "updated", _stamp(when))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=spec.url + path,
                      hreflang=brief.language)
        for name in brief.authors:
            _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", name)
        _text(entry, "summary", summary)
        for topic in brief.topics:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=topic)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _versions(brief: Listing) -> list[tuple[str, dt.date, str, str]]:
    """(version, date, what it says, its page) for each version the site has published."""
    published = [(v.version, v.date, v.summary, v.path) for v in brief.versions if v.path]
    if not published:
        return [(brief.version, brief.date, brief.summary, brief.path)]
    latest = published[-1][0]
    return [(version, when, summary, brief.path if version == latest else path)
            for version, when, summary, path in published]


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = text


def sitemap(series: Series, catalogue: Catalogue, pages: list[str]) -> bytes:
    """Every HTML page of the site: its own pages (``pages``), each brief's page and each version's."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    newest = max((brief.date for brief in catalogue.briefs), default=None)
    listed: list[tuple[str, dt.date | None]] = [(page, newest) for page in pages]
    for brief in newest_first(catalogue.briefs):
        listed.append((brief.path, brief.date))
        listed += [(version.path, version.date) for version in brief.versions if version.path]
        listed += [(version.redline, version.date) for version in brief.versions if version.redline]
    for path, when in dict.fromkeys(listed):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = series.spec.url + ("" if path == "index.html" else path)
        if when is not None:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = when.isoformat()
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
