"""The e-mail edition: a MIME message with an HTML part mail clients render and a plain-text part."""
from __future__ import annotations

import json
import re
import shutil
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from conftest import CONTENT, run_cli

URL = "https://example.org/briefs/minimal.html"


def message_of(path: Path) -> EmailMessage:
    with open(path, "rb") as stream:
        parsed = BytesParser(policy=policy.default).parse(stream)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_with_an_address_the_mail_links_both_editions(minimal_copy: Path, tmp_path: Path):
    meta = minimal_copy / "brief.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f"url: {URL}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("--content", minimal_copy, "--out", out, "--email").status == 0
    message = message_of(out / "minimal.eml")
    assert message["Subject"] == "Minimal Brief"
    assert message["Message-ID"] == "<minimal.v1.0@example.org>"
    assert message["Date"] == "Fri, 27 Nov 2026 00:00:00 +0000"
    assert [part.get_content_type() for part in message.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Open Policy Briefs\n\nMinimal Brief\n\n27 November 2026 · Version 1.0 · Research Staff\n")
    assert "- The US Mission in Iraq planned to cut its personnel from 16,298 in\n  2012 to 6,320 by January 2014." in text
    assert f"Read the brief <{URL}>" in text and "Download the PDF <https://example.org/briefs/minimal.pdf>" in text
    assert max(len(line) for line in text.splitlines()) <= 72
    html = message.get_body(("html",)).get_content()
    assert "<script" not in html and "<style" not in html and "<link" not in html and "<img" not in html
    assert " src=" not in html and "url(" not in html
    assert 'width="600"' in html and "max-width: 600px" in html
    assert all(href.startswith("https://") for href in re.findall(r'href="([^"]*)"', html))
    assert re.search(r"reduction of 61(?:\u00a0|&nbsp;|&#160;)percent\.", html)  # bound: no runt on its last line
    listed = {entry["path"] for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    assert "minimal.eml" in listed


def test_without_an_address_the_pdf_is_attached_and_internal_links_are_text(tmp_path: Path):
    out = tmp_path / "out"
    assert run_cli("--content", CONTENT, "--language", "en", "--out", out, "--email").status == 0
    message = message_of(out / "iraq-us-relations.eml")
    assert message["Subject"] == "Iraq–US Relations: From the Strategic Framework Agreement to the 2020 vote on foreign troops"
    attachments = list(message.iter_attachments())
    assert [(a.get_content_type(), a.get_filename()) for a in attachments] == [("application/pdf", "iraq-us-relations.pdf")]
    assert attachments[0].get_content() == (out / "iraq-us-relations.pdf").read_bytes()
    html = message.get_body(("html",)).get_content()
    assert 'href="#' not in html and "The full brief is attached as a PDF (iraq-us-relations.pdf)." in html
    assert "Read the brief" not in message.get_body(("plain",)).get_content()


def test_no_mail_unless_asked(minimal_copy: Path, tmp_path: Path):
    assert run_cli("--content", minimal_copy, "--out", tmp_path / "out").status == 0
    assert not (tmp_path / "out" / "minimal.eml").exists()


def test_the_html_part_holds_a_600_pixel_column_in_a_browser(tmp_path: Path):
    if not shutil.which("chromium"):
        pytest.skip("needs Debian's chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    out = tmp_path / "out"
    assert run_cli("--content", CONTENT, "--language", "en", "--out", out, "--email").status == 0
    page_file = tmp_path / "mail.html"
    page_file.write_text(message_of(out / "iraq-us-relations.eml").get_body(("html",)).get_content(), encoding="utf-8")
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 600, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        widths = page.evaluate("[document.documentElement.scrollWidth, document.querySelector('table').offsetWidth]")
        heading = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
        page.screenshot(path=str(tmp_path / "mail.png"), full_page=True)
        browser.close()
    assert widths == [600, 600]
    assert heading == "rgb(255, 255, 255)"  # the inlined styles took effect
    assert requests == [page_file.as_uri()]
    assert (tmp_path / "mail.png").stat().st_size > 10_000
