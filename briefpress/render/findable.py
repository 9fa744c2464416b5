"""What indexers and sharing read in the web edition's head: Highwire ``citation_*`` tags (Google
Scholar), schema.org JSON-LD (a ``Report``), Open Graph and Twitter cards, and the canonical address.

Everything that needs an absolute address (the canonical link, the PDF's and the picture's URLs) is
written only when brief.yaml gives the brief's ``url``, the web edition's address; the other files
are found beside it.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup, escape

from ..content.model import Brief
from .messages import Messages, english

SOCIAL_IMAGE = "{slug}-social.png"


def social_image_name(brief: Brief) -> str:
    return SOCIAL_IMAGE.format(slug=brief.stem)


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}">'


def _json_ld(brief: Brief) -> dict[str, Any]:
    meta = brief.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Report", "name": meta.title,
        "headline": meta.full_title,
        "description": " ".join(meta.subject.split()), "datePublished": meta.date.isoformat(),
        "inLanguage": meta.language, "version": meta.version, "keywords": list(meta.keywords),
        "author": [{"@type": "Person", "name": author.name,
                    **({"affiliation": {"@type": "Organization", "name": author.affiliation}}
                       if author.affiliation else {})} for author in meta.authors],
        "isBasedOn": [_work(item) for item in brief.sources.values()],
    }
    if meta.organization:
        data["publisher"] = {"@type": "Organization", "name": meta.organization}
    if meta.url:
        data["url"] = meta.url
        data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf",
                            "contentUrl": urljoin(meta.url, f"{brief.stem}.pdf")}
        data["image"] = urljoin(meta.url, social_image_name(brief))
    if meta.doi:
        data["identifier"] = f"https://doi.org/{meta.doi}"
    return data


def _work(item: dict[str, Any]) -> dict[str, Any]:
    names = [name.get("literal") or " ".join(filter(None, [name.get("given"), name.get("family")]))
             for name in item.get("author", [])]
    work: dict[str, Any] = {"@type": "CreativeWork", "name": item.get("title", "")}
    if names:
        work["author"] = [{"@type": "Thing", "name": name} for name in names]
    if item.get("URL"):
        work["url"] = item["URL"]
    if parts := item.get("issued", {}).get("date-parts"):
        work["datePublished"] = "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(parts[0]))
    return work


def head_metadata(brief: Brief, messages: Messages | None = None) -> Markup:
    """The tags, one per line, for the web edition's head."""
    words = messages or english()
    meta = brief.meta
    title = meta.full_title
    description = " ".join(meta.subject.split())
    tags = [_meta("name", "citation_title", title)]
    tags += [_meta("name", "citation_author", author.name) for author in meta.authors]
    tags += [_meta("name", "citation_publication_date", meta.date.strftime("%Y/%m/%d")),
             _meta("name", "citation_language", meta.language)]
    if meta.organization:
        tags += [_meta("name", "citation_publisher", meta.organization),
                 _meta("name", "citation_technical_report_institution", meta.organization)]
    tags += [_meta("name", "citation_keywords", "; ".join(meta.keywords))] if meta.keywords else []
    tags += [_meta("name", "citation_doi", meta.doi)] if meta.doi else []
    tags += [_meta("property", "og:type", "article"), _meta("property", "og:title", title),
             _meta("property", "og:description", description), _meta("property", "og:locale", meta.language)]
    tags += [_meta("property", "og:site_name", meta.organization)] if meta.organization else []
    card = "summary"
    if meta.url:
        image = urljoin(meta.url, social_image_name(brief))
        tags.insert(0, f'<link rel="canonical" href="{escape(meta.url)}">')
        tags += [_meta("name", "citation_pdf_url", urljoin(meta.url, f"{brief.stem}.pdf")),
                 _meta("property", "og:url", meta.url), _meta("property", "og:image", image),
                 _meta("property", "og:image:width", "1200"), _meta("property", "og:image:height", "630"),
                 _meta("property", "og:image:alt", words.gettext("The cover of %(title)s") % {"title": title}),
                 _meta("name", "twitter:image", image)]
        card = "summary_large_image"
    tags += [_meta("name", "twitter:card", card), _meta("name", "twitter:title", title),
             _meta("name", "twitter:description", description)]
    data = json.dumps(_json_ld(brief), ensure_ascii=False, indent=1).replace("</", "<\\/")  # never closes its element
    tags.append(f'<script type="application/ld+json">\n{data}\n</script>')
    return Markup("\n".join(tags))
