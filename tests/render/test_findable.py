"""What indexers and sharing read in the web edition's head, with and without the brief's url."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import run_cli
from PIL import Image


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str | None]] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and (found.get("name") or found.get("property")):
            self.meta.append((str(found.get("name") or found.get("property")), str(found.get("content"))))
        elif tag == "link":
            self.links.append(found)
        self._in_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def head_of(html: Path) -> Head:
    parser = Head()
    parser.feed(html.read_text(encoding="utf-8").split("</head>")[0])
    return parser


def build(minimal_copy: Path, out: Path, url: str | None) -> Head:
    if url:
        meta = minimal_copy / "brief.yaml"
        meta.write_text(meta.read_text(encoding="utf-8") + f"url: {url}\n", encoding="utf-8")
    assert run_cli("--content", minimal_copy, "--out", out).status == 0
    return head_of(out / "minimal.html")


def test_with_a_url_every_card_and_tag_is_there(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    head = build(minimal_copy, out, "https://example.org/briefs/minimal.html")
    tags = dict(head.meta)
    assert [name for name, _ in head.meta if name == "citation_author"] == ["citation_author"]
    assert {key: tags[key] for key in ("citation_title", "citation_author", "citation_publication_date",
                                       "citation_publisher", "citation_pdf_url", "og:url", "og:image",
                                       "twitter:card")} == {
        "citation_title": "Minimal Brief", "citation_author": "Research Staff",
        "citation_publication_date": "2026/11/27", "citation_publisher": "Open Policy Briefs",
        "citation_pdf_url": "https://example.org/briefs/minimal.pdf",
        "og:url": "https://example.org/briefs/minimal.html",
        "og:image": "https://example.org/briefs/minimal-social.png", "twitter:card": "summary_large_image"}
    assert head.links == [{"rel": "canonical", "href": "https://example.org/briefs/minimal.html"}]
    with Image.open(out / "minimal-social.png") as picture:
        assert picture.size == (1200, 630) and (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    report = json.loads("".join(head.json_ld))
    # schema.org Report, with what Google's and others' readers of an article require
    assert report["@context"] == "https://schema.org" and report["@type"] == "Report"
    assert {key: report[key] for key in ("name", "datePublished", "inLanguage", "url")} == {
        "name": "Minimal Brief", "datePublished": "2026-11-27", "inLanguage": "en",
        "url": "https://example.org/briefs/minimal.html"}
    assert report["author"] == [{"@type": "Person", "name": "Research Staff"}]
    assert report["publisher"] == {"@type": "Organization", "name": "Open Policy Briefs"}
    assert report["isBasedOn"] == [{"@type": "CreativeWork", "name": "Iraq-US Relations",
                                    "author": [{"@type": "Thing", "name": "GlobalSecurity.org"}],
                                    "datePublished": "2020"}]
    assert report["encoding"]["contentUrl"] == "https://example.org/briefs/minimal.pdf"
    listed = {entry["path"] for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    assert "minimal-social.png" in listed
    # The suggested citation carries the address too.
    assert "https://example.org/briefs/minimal.html" in (out / "minimal.bib").read_text(encoding="utf-8")
    assert re.search(r'<p class="citation">[^<]*Research Staff\. 2026\. <em>Minimal Brief</em>\. Version 1\.0\. Open '
                     r'Policy Briefs\. <a href="https://example\.org/briefs/minimal\.html">',
                     (out / "minimal.html").read_text(encoding="utf-8"))


def test_without_a_url_nothing_that_needs_one_is_written(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    head = build(minimal_copy, out, None)
    names = {name for name, _ in head.meta}
    assert {"citation_title", "og:title", "twitter:card"} <= names
    assert not names & {"citation_pdf_url", "og:url", "og:image", "twitter:image"}
    assert head.links == [] and not (out / "minimal-social.png").exists()
    assert dict(head.meta)["twitter:card"] == "summary"
    assert "url" not in json.loads("".join(head.json_ld))
