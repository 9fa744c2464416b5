"""A series site's own pages: the index of briefs and a page per topic (``templates/site/``).

Rendered in the same sandbox as a brief's templates, with the series language's message catalogue; each
page carries its styles and the fonts it uses inlined, as a brief's web edition does.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import jinja2

from ..content.formats import Formats
from ..errors import Location
from ..render.html import environment, template_error
from ..render.messages import N_, site_messages
from ..render.stylesheets import inlined_css
from ..render.theme import FONT_CACHE, STYLES, Theme
from ..render.web import with_page_fonts
from .catalogue import Catalogue, by_topic, newest_first, topic_slug
from .config import Series

# What the cards call each format, as the message catalogue words it.
FORMAT_NAMES = {"html": N_("Web page"), "pdf": N_("PDF"), "data": N_("Data"), "bib": N_("BibTeX"), "ris": N_("RIS"),
                "json": N_("CSL-JSON"), "redline": N_("What changed")}


def site_pages(series: Series, catalogue: Catalogue, theme: Theme | None = None) -> dict[str, bytes]:
    """``index.html`` and ``topics/<topic>.html``, by their names on the site."""
    theme = theme or Theme()
    spec = series.spec
    messages = site_messages(spec.language, Location.of(series.path), theme.template_dirs)
    env = environment(theme, messages, Formats(spec.language))
    briefs = newest_first(catalogue.briefs)
    topics = by_topic(briefs)
    topic_pages = {topic: f"{topic_slug(topic)}.html" for topic in topics}
    shared = {"series": spec, "direction": Formats(spec.language).direction, "topics": topics,
              "topic_pages": topic_pages,
              "format_names": {kind: messages.gettext(name) for kind, name in FORMAT_NAMES.items()},
              "directions": {brief.language: Formats(brief.language).direction for brief in briefs},
              "base_path": urlsplit(spec.url).path or "/"}
    pages = {"index.html": _page(env, "site/index.html", shared, root="", canonical=spec.url, briefs=briefs)}
    for topic, listed in topics.items():
        name = f"topics/{topic_pages[topic]}"
        pages[name] = _page(env, "site/topic.html", shared, root="../", canonical=spec.url + name, topic=topic,
                            briefs=listed)
    return pages


def _page(env: jinja2.Environment, template: str, shared: dict, **values: object) -> bytes:
    styles = [inlined_css(STYLES / "tokens.css"), inlined_css(STYLES / "site.css")]
    try:
        page = env.get_template(template)
        html = with_page_fonts(lambda sheets: page.render(shared, styles=sheets, **values), styles,
                               STYLES / "fonts.css", FONT_CACHE)
    except jinja2.TemplateError as error:
        raise template_error(error) from None
    return html.encode("utf-8")
