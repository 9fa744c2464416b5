"""The e-mail edition (``<slug>.eml``): how most readers first meet a brief.

A MIME message whose HTML part mail clients render as written (one 600 px column, styles inlined by
css-inline, no script, no image, nothing fetched) and whose plain-text part says the same: title
block, takeaways, summary, and links to the web edition and the PDF (from brief.yaml's ``url``), or the
PDF attached when there is no address to link. Built from the same validated brief as the other
editions; the subject and the preheader come from its metadata.
"""
from __future__ import annotations

import datetime as dt
import re
import textwrap
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

from ..content.model import Brief
from ..errors import BriefError, Location
from ..render.chartstyle import custom_properties, resolve_var
from ..render.citeproc import Citations
from ..render.html import render_page
from ..render.theme import Theme

COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
DEFAULTS = {"--accent": "#1d4e89", "--accent-strong": "#12345c", "--color-text": "#1b2430"}
WIDTH = 72  # plain-text lines


def brand_colours(theme: Theme) -> dict[str, str]:
    """The brand's colours for the inlined styles; anything but a plain colour keeps the default (a
    token is CSS, and CSS in a mail could fetch)."""
    tokens = custom_properties(theme.stylesheets("web"))
    found = {}
    for name, default in DEFAULTS.items():
        try:
            value = resolve_var(tokens.get(name, default), tokens, Location("styles"))
        except BriefError:  # a token that does not resolve keeps the default
            value = default
        found[name] = value if COLOUR.fullmatch(value) else default
    return found


def _links(brief: Brief) -> dict[str, str]:
    url = brief.meta.url
    if not url:
        return {"web": "", "pdf": "", "attachment": f"{brief.stem}.pdf"}
    return {"web": url, "pdf": urljoin(url, f"{brief.stem}.pdf"), "attachment": ""}


def _absolute(html: str, web: str) -> str:
    """Links within the web page point into it from the mail, or, without its address, become text."""
    if web:
        return re.sub(r'href="#', f'href="{web}#', html)
    return re.sub(r'<a\b[^>]*href="#[^"]*"[^>]*>(.*?)</a>', r"\1", html, flags=re.S)


def email_html(brief: Brief, theme: Theme, citations: Citations | None) -> str:
    import css_inline

    colours, links = brand_colours(theme), _links(brief)
    subject = subject_of(brief)
    page = render_page(brief, "email.html", theme, citations, subject=subject, preheader=preheader_of(brief),
                       links=links, brand_accent=colours["--accent"], brand_strong=colours["--accent-strong"],
                       brand_text=colours["--color-text"])
    return css_inline.inline(_absolute(page, links["web"]), keep_style_tags=False, load_remote_stylesheets=False)


def subject_of(brief: Brief) -> str:
    return brief.meta.full_title


def preheader_of(brief: Brief) -> str:
    return " ".join(brief.meta.subject.split())


class _Text(HTMLParser):
    """The plain-text part, from the HTML part: paragraphs wrapped, list items dashed, links spelled out."""

    BLOCKS = frozenset({"p", "li", "h1", "h2", "tr", "div"})

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.href: str | None = None
        self.anchor_start = 0
        self.bullet = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("style", "title", "head") or "preheader" in (found.get("class") or ""):
            self.skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self.bullet = tag == "li"
        elif tag == "a":
            self.href, self.anchor_start = found.get("href"), len(self.current)
            if "button" in (found.get("class") or ""):  # a button stands on its own line
                self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head", "div") and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self._flush()
        elif tag == "a" and self.href:
            label = "".join(self.current[self.anchor_start:]).strip()
            if urlparse(self.href).scheme in ("http", "https") and label != self.href:
                self.current.append(f" <{self.href}>")
            self.href = None

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            prefix = "- " if self.bullet else ""
            self.paragraphs.append(textwrap.fill(text, WIDTH, initial_indent=prefix,
                                                 subsequent_indent=" " * len(prefix), break_on_hyphens=False,
                                                 break_long_words=False))
        self.current, self.bullet = [], False


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html.split("<body", 1)[-1].split(">", 1)[-1])
    parser.close()
    parser._flush()
    return "\n\n".join(parser.paragraphs) + "\n"


def email_message(brief: Brief, html: str, pdf: bytes | None, built: dt.datetime) -> bytes:
    """The message, ready to send or to import; the PDF is attached when there is no address to link."""
    meta = brief.meta
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject_of(brief)
    message["Date"] = format_datetime(built)
    domain = urlparse(meta.url).hostname if meta.url else None
    message["Message-ID"] = f"<{brief.stem}.v{meta.version}@{domain or 'briefpress.invalid'}>"  # the same each build
    message["Content-Language"] = meta.language
    message.set_content(plain_text(html), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if not meta.url and pdf is not None:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{brief.stem}.pdf")
    return bytes(message)
