"""Render stage: the validated brief through Jinja2 templates into the print and web HTML.

Templates are searched in the override folders first, then the built-in theme; ``!default/NAME``
always names the built-in template so an override can extend it and change one block.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..content.brand import logo_src
from ..content.formats import Formats
from ..content.model import Brief, Section
from ..content.prose import ProseRenderer
from ..content.values import TableData, parse_ref, prose_value
from ..errors import Location, Problem, TemplateError
from ..support.uris import data_uri, file_data_uri
from .charts import phone_key, print_key
from .citeproc import Citations, Cited, Cursor, format_citations
from .compiled import COMPILED
from .findable import head_metadata
from .messages import FIGURE_REFERENCE, TABLE_REFERENCE, Messages, load_messages
from .navigation import Downloads, SiteLinks
from .stylesheets import inlined_css
from .theme import FONT_CACHE, TEMPLATES, Edition, Theme
from .timeline import TIMELINE, is_overview, timeline_alt
from .web import inline_svg, with_page_fonts


def environment(theme: Theme, messages: Messages, formats: Formats) -> jinja2.Environment:
    """The templates' environment: a sandbox for every template, the built-in ones included, since a
    brief's own overrides are content; undefined names are errors, not empty strings. Words come from
    the brief's message catalogue (``_()`` and ``ngettext()``), numbers and dates from its language."""
    builtin = jinja2.FileSystemLoader(TEMPLATES)
    loader = jinja2.ChoiceLoader([
        *(jinja2.FileSystemLoader(d) for d in theme.template_dirs),
        builtin,
        jinja2.PrefixLoader({"!default": builtin}),
    ])
    env = ImmutableSandboxedEnvironment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                        trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
                                        bytecode_cache=COMPILED)
    env.install_gettext_translations(messages.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(long_date=formats.long_date, cell=formats.cell, heading=formats.heading, numeral=formats.plain)
    return env


def svg_data_uri(svg: str) -> str:
    return data_uri(svg.encode("utf-8"), "image/svg+xml")


@dataclass
class _Context:
    """What the templates see, plus the callbacks prose uses to resolve references."""

    brief: Brief
    edition: Edition
    env: jinja2.Environment
    messages: Messages
    figures: dict[str, str]
    data_files: Mapping[str, str] = field(default_factory=dict)
    given_citations: Citations | None = None  # formatted once for both editions by the pipeline
    downloads: Downloads = field(default_factory=Downloads)
    site: SiteLinks | None = None
    prose: ProseRenderer = field(init=False)
    citations: Citations = field(init=False)

    def __post_init__(self) -> None:
        self.formats = Formats.of(self.brief.meta)
        self.citations = self.given_citations or format_citations(self.brief)
        self.cursor = Cursor(self.citations)
        self.prose = ProseRenderer(self.resolve, self.place, self.image_src, self.edition == "print",
                                   self.cite_note if self.citations.notes else None)
        self.events = {event.id: event for event in self.brief.events}
        self.sections = {section.id: section for section in self.brief.sections}
        self.table_data = {key: TableData(t.spec.columns, t.rows) for key, t in self.brief.tables.items()}

    def resolve(self, kind: str, key: str) -> str:
        brief = self.brief
        number = self.formats.plain
        if kind == "table":
            label = self.messages.gettext(TABLE_REFERENCE) % {"number": number(brief.tables[key].number)}
            href = f"#table-{key}"
        elif kind == "figure":
            label = self.messages.gettext(FIGURE_REFERENCE) % {"number": number(brief.figures[key].number)}
            href = f"#figure-{key}"
        elif kind == "event":
            label, href = self.formats.long_date(self.events[key].date), f"#event-{key}"
        elif kind == "section":
            label, href = self.sections[key].title, f"#section-{key}"
        elif kind == "value":
            text = prose_value(parse_ref(key), self.table_data, self.formats)
            return f'<span class="data-value">{escape(text)}</span>'
        else:  # a citation cluster, as the style formatted it
            return self.cite(kind, key)
        return f'<a class="xref xref-{kind}" href="{escape(href)}">{escape(label)}</a>'

    def cite(self, kind: str, body: str) -> str:
        """The next occurrence of a cluster, each source linked to its entry (the style decides the text; a
        cluster printed more often than the brief writes it, as in a running head, repeats the last)."""
        cited = self._next(kind, body)
        if cited.note:  # a note style's citation where no footnote can go (a caption, a table note)
            return f'<span class="cite">{cited.text}{" " if cited.text else ""}({cited.note.rstrip(".")})</span>'
        return f'<span class="cite">{cited.text}</span>'

    def cite_note(self, kind: str, body: str) -> tuple[str, str] | None:
        """A note style's citation in running text: the words left in the sentence, and the note."""
        cited = self._next(kind, body)
        return (cited.text, cited.note) if cited.note else None

    def _next(self, kind: str, body: str) -> Cited:
        return self.cursor.next(kind, body) or Cited(str(escape(body)))

    def cited_source(self, key: str) -> Markup:
        return Markup(self.citations.in_text.get(key, escape(key)))

    def place(self, kind: str, key: str) -> str:
        name = f"partials/{kind}.html"
        item = self.brief.tables[key] if kind == "table" else self.brief.figures[key]
        return self.env.get_template(name).render(self.variables(), **{kind: item})

    def image_src(self, source: str) -> str:
        return file_data_uri(self.brief.root / source)

    def markdown(self, text: str, doc_id: str = "brief", inline: bool = False) -> Markup:
        return Markup(self.prose.render(text, doc_id, inline))

    def section_html(self, section: Section) -> Markup:
        """A body section's prose, with its tables and figures placed after their first mention."""
        return Markup(self.prose.render(section.body, section.id, floats=True))

    def timeline_src(self) -> str | None:
        """The chronology's timeline as a data URI, or None when it was not drawn."""
        svg = self._drawing(TIMELINE)
        return svg_data_uri(svg) if svg else None

    def _drawing(self, key: str) -> str | None:
        """A chart's SVG for this edition: print has its own where the chart holds right-to-left text."""
        return (self.edition == "print" and self.figures.get(print_key(key))) or self.figures.get(key)

    def figure_src(self, key: str) -> str:
        figure = self.brief.figures[key]
        if figure.image_path is not None:
            return file_data_uri(figure.image_path)
        return svg_data_uri(self._drawing(key) or "")

    def figure_svg(self, key: str) -> Markup:
        """A chart as inline SVG for the web edition; empty for images and in print."""
        figure = self.brief.figures[key]
        if self.edition != "web" or key not in self.figures or figure.image_path is not None:
            return Markup("")
        phone = phone_key(key) in self.figures
        return inline_svg(self.figures[key], " ".join(figure.spec.alt.split()), figure.id, "figure-wide" if phone else "")

    def figure_phone_svg(self, key: str) -> Markup:
        """The chart drawn for a phone's width (shown instead of the wide one on a small screen); empty if none."""
        figure = self.brief.figures[key]
        if self.edition != "web" or phone_key(key) not in self.figures or figure.image_path is not None:
            return Markup("")
        return inline_svg(self.figures[phone_key(key)], " ".join(figure.spec.alt.split()), f"{figure.id}-phone",
                          "figure-phone")

    def variables(self) -> dict[str, Any]:
        return {"brief": self.brief, "meta": self.brief.meta, "edition": self.edition, "direction": self.formats.direction,
                "markdown": self.markdown, "section_html": self.section_html, "figure_src": self.figure_src,
                "figure_svg": self.figure_svg, "figure_phone_svg": self.figure_phone_svg,
                "citation": self.citation(), "cited_source": self.cited_source,
                "findable": head_metadata(self.brief, self.messages) if self.edition == "web" else "",
                "references": {key: Markup(entry) for key, entry in self.citations.entries.items()},
                "brand": self.brief.brand, "logo_src": logo_src(self.brief.brand),
                "data_files": self.data_files, "timeline_src": self.timeline_src(),
                "timeline_alt": timeline_alt(self.brief.events, self.messages, self.formats) if self.brief.events else "",
                "timeline_overview": is_overview(self.brief.events), "downloads": self.downloads, "site": self.site,
                "sources_language": self.sources_language()}

    def sources_language(self) -> tuple[str, str] | None:
        """A translation's references are the original's, as published: their language and direction."""
        if not self.brief.translation:
            return None
        return self.brief.original_language, Formats(self.brief.original_language).direction

    def citation(self) -> str:
        meta = self.brief.meta
        if meta.citation:
            return meta.citation
        return Markup(self.citations.this_brief)


def _template_location(traceback: TracebackType | None) -> Location | None:
    found = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".j2", ".jinja")):
            found = Location.of(filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


_UNSAFE_ATTRIBUTE = re.compile(r"attribute '([^']+)'")
_PYTHON_OBJECT = re.compile(r"'(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*) object'")


def template_error(error: jinja2.TemplateError) -> TemplateError:
    """A Jinja error as a located problem: the template's file and line."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = Location.of(error.filename or error.name or "<template>", error.lineno)
        return TemplateError([Problem(where, f"template syntax: {error.message}")])
    where = _template_location(sys.exc_info()[2]) or Location.of(TEMPLATES)
    message = str(error.message or error)
    if isinstance(error, SecurityError):
        # Templates render in Jinja's sandbox: a brief's own templates are content, not code.
        unsafe = _UNSAFE_ATTRIBUTE.search(message)
        message = (f"template refused: '{unsafe.group(1)}' is not available to templates" if unsafe
                   else f"template refused: {message}")
    elif isinstance(error, jinja2.UndefinedError):
        # Jinja names the object by its Python class and module; the template's author needs the class only.
        message = "undefined variable: " + _PYTHON_OBJECT.sub(r"'\1'", message)
    elif isinstance(error, jinja2.TemplateNotFound):
        message = f"template not found: {message}"
    return TemplateError([Problem(where, message)])


def _check_section_types(brief: Brief, env: jinja2.Environment) -> None:
    """Every section type needs its partial; a missing one is reported at the section's ``type:``."""
    problems = []
    for section in brief.sections:
        if section.type is None:
            continue
        name = f"partials/section-{section.type}.html"
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            where = section.type_location or section.body_location
            problems.append(Problem(where, f"type: no template '{name}' for section type '{section.type}' "
                                           "(add it to a templates folder)"))
    if problems:
        raise TemplateError(problems)


def render_page(brief: Brief, template: str, theme: Theme | None = None, citations: Citations | None = None,
                **extra: Any) -> str:
    """Another page made from the brief with the web edition's prose rules (the e-mail edition)."""
    theme = theme or Theme()
    messages = load_messages(brief, theme.template_dirs)
    env = environment(theme, messages, Formats.of(brief.meta))
    try:
        return env.get_template(template).render(_Context(brief, "web", env, messages, {}, {}, citations).variables(),
                                                 **extra)
    except jinja2.TemplateError as error:
        raise template_error(error) from None


def render_html(brief: Brief, edition: Edition = "print", figures: dict[str, str] | None = None,
                theme: Theme | None = None, data_files: Mapping[str, str] | None = None,
                citations: Citations | None = None, downloads: Downloads | None = None,
                site: SiteLinks | None = None, page_fonts: bool = True) -> str:
    """The brief as one HTML document for the given edition; styles are inlined.

    ``data_files`` names each table's data file by table id: a link in the web edition, the name of
    the PDF attachment in print. ``page_fonts=False`` leaves the web edition's fonts out (cut down to its
    characters, they take most of its rendering): for a page that is checked, not published."""
    theme = theme or Theme()
    messages = load_messages(brief, theme.template_dirs)
    env = environment(theme, messages, Formats.of(brief.meta))
    def context() -> _Context:  # a new one per pass: prose remembers what it has placed
        return _Context(brief, edition, env, messages, figures or {}, dict(data_files or {}), citations,
                        downloads or Downloads(), site)

    # The printer parses the print stylesheets itself, each with its own path for located warnings.
    styles = [] if edition == "print" else [inlined_css(sheet) for sheet in theme.stylesheets(edition)]
    try:
        _check_section_types(brief, env)
        def page(sheets: list[str]) -> str:
            return env.get_template("brief.html").render(context().variables(), styles=sheets)

        if edition == "print" or not page_fonts:
            return page(styles)
        return with_page_fonts(page, styles, theme.styles_dir / "fonts.css", FONT_CACHE)
    except jinja2.TemplateError as error:
        raise template_error(error) from None
