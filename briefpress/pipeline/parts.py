"""The pieces the stages make from a brief and the options: its theme, data files, print job and dates.

Each is a small function of plain data, so every command gets the same pieces from the same inputs.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..content import brand
from ..content.datapackage import PACKAGE_FILE, data_package
from ..content.formats import Formats
from ..content.model import Brief
from ..content.tables import table_csv
from ..errors import BriefError, Location, OutputError, display_path
from ..printing.glyphs import Coverage
from ..printing.job import FileAttachment, PrintJob
from ..printing.plans import read_plan
from ..render.chartstyle import chart_config
from ..render.cmyk import cmyk_tokens
from ..render.messages import load_messages, print_labels
from ..render.stylesheets import InlineCSS, printable_css
from ..render.theme import FONT_CACHE, STYLES, TEMPLATES, Theme
from ..support.themes import theme_styles, theme_templates
from .options import Options

# PDF/A-1 forbids embedded files, PDF/A-2 allows only PDF/A ones, PDF/X none.
NO_ATTACHMENTS = ("pdf/a-1", "pdf/a-2", "pdf/x")


def house_theme(options: Options, brief: Brief | None = None) -> Path | None:
    """The house theme's folder: the command line's, else the one the brief names (known once it is read)."""
    return brief.theme if brief is not None else options.theme


def theme_for(options: Options, brief: Brief | None = None) -> Theme:
    """The theme for a build, searched in this order: --templates, the brief's templates/, the house
    theme's, then the built-in ones. Styles cascade: the built-in ones with the brand's tokens, the house
    theme's styles/*.css, the brief's own styles/*.css, then --style."""
    theme = house_theme(options, brief)
    brief_templates = options.content / "templates"
    dirs = [*options.templates, *([brief_templates] if brief_templates.is_dir() else []), *theme_templates(theme)]
    brief_styles = [*theme_styles(theme), *sorted((options.content / "styles").glob("*.css"))]
    css = brand.stylesheet(brief.brand) if brief is not None else ""
    brand_css = InlineCSS(f"{display_path(options.content / 'brief.yaml')} (brand)", css, options.content) if css else None
    found = Theme(template_dirs=tuple(dirs), extra_css=(*brief_styles, *options.styles), brand_css=brand_css)
    if brief is None:
        return found
    formats = Formats.of(brief.meta)
    labels = print_labels(load_messages(brief, found.template_dirs), formats.counter_style)
    where = f"{display_path(options.content / 'brief.yaml')} (language)"
    return dataclasses.replace(found, labels_css=InlineCSS(where, labels, options.content),
                               right_to_left=formats.direction == "rtl")


def chart_theme(theme: Theme) -> dict:
    """The charts' Vega-Lite configuration, its colours and fonts taken from the design tokens."""
    return chart_config(theme.styles_dir / "charts.json", theme.stylesheets("print"))


def build_time(published: dt.date) -> dt.datetime:
    """When the outputs say they were made: ``SOURCE_DATE_EPOCH`` if set, else the brief's date.

    Never the clock, so that the same sources always give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return dt.datetime.combine(published, dt.time(), dt.UTC)
    if not epoch.strip().isdigit():
        raise BriefError.at(Location("SOURCE_DATE_EPOCH"),
                            f"expected a whole number of seconds since 1970-01-01, got '{epoch}'")
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise BriefError.at(Location("SOURCE_DATE_EPOCH"), f"'{epoch.strip()}' is past the last date a PDF can hold "
                                                           "(year 9999)") from None


def data_files(brief: Brief) -> dict[str, bytes]:
    """Every table's rows as CSV, by table id: shipped beside the web edition and inside the PDF."""
    return {key: table_csv(table) for key, table in brief.tables.items()}


def pdf_attachments(brief: Brief, data: dict[str, bytes], variant: str | None,
                    template_dirs: Sequence[Path] = ()) -> list[FileAttachment]:
    """The CSV files the PDF carries, unless its variant forbids embedded data files; each described in
    the brief's language."""
    if variant and variant.startswith(NO_ATTACHMENTS):
        return []
    words = load_messages(brief, template_dirs)
    files = [FileAttachment(f"{key}.csv", csv, (words.gettext("Table %(number)s.") % {"number": brief.tables[key].number})
                            + f" {brief.tables[key].spec.caption}")
             for key, csv in data.items()]
    package = FileAttachment(PACKAGE_FILE, data_package(brief), words.gettext(
        "The CSV files’ columns described: type, currency, scale, unit and sources (Frictionless Data Package)"))
    return [*files, package] if files else files


def data_links(slug: str, data: dict[str, bytes]) -> dict[str, str]:
    """Each table's CSV file as the web edition links it, relative to the HTML file."""
    return {key: f"{slug}-data/{key}.csv" for key in data}


def attached_names(attachments: Sequence[FileAttachment]) -> dict[str, str]:
    return {attachment.name.removesuffix(".csv"): attachment.name for attachment in attachments}


def check_destination(options: Options) -> None:
    """``--out`` may not be the root folder, the brief's folder or a folder holding it: publishing
    replaces what it writes, and the brief must never be among it."""
    out, content = options.out.resolve(), options.content.resolve()
    if out == Path(out.anchor):
        why = "is the root folder"
    elif content.is_relative_to(out):
        why = "is the brief's own folder" if out == content else "holds the brief's folder"
    else:
        return
    raise OutputError.at(Location.of(options.out), f"--out {display_path(options.out)} {why}: choose a folder "
                                                   "of its own for the outputs")


def printer_roots(options: Options, brief: Brief | None = None) -> tuple[Path, ...]:
    """All the printer may read: the brief's folder, the built-in templates/ and styles/, the house
    theme's folder, and the folders of --templates and --style (so fonts beside a stylesheet load)."""
    theme = house_theme(options, brief)
    given = [*options.templates, *(style.parent for style in options.styles)]
    return tuple(dict.fromkeys([options.content, TEMPLATES, STYLES, *([theme] if theme else []), *given]))


def with_paper(brief: Brief, paper: str | None) -> Brief:
    """The brief printed on ``paper`` instead of the size its metadata names."""
    if paper is None or paper == brief.meta.paper:
        return brief
    return dataclasses.replace(brief, meta=brief.meta.model_copy(update={"paper": paper}))


def pdf_metadata(brief: Brief) -> dict[str, str]:
    """Document information entries beside title and dates, matching what the pages print."""
    facts = {"Status": brief.meta.status, "Version": brief.meta.version}
    # The numbering system the pages print digits in, for what is added to the PDF later (a stamped copy's line).
    return facts | ({"Digits": brief.meta.digits} if brief.meta.digits else {})


def anchors(brief: Brief) -> tuple[tuple[str, Location, str], ...]:
    """Where each part of the brief is written and what to call it, by the id the templates give its element."""
    chronology = Location.of(brief.root / "chronology.yaml")
    return (*((f"section-{s.id}", s.body_location, f"section '{s.id}'") for s in brief.sections),
            *((f"table-{key}", table.location, f"table '{key}'") for key, table in brief.tables.items()),
            *((f"figure-{key}", figure.location, f"figure '{key}'") for key, figure in brief.figures.items()),
            *((f"event-{event.id}", chronology, f"event '{event.id}'") for event in brief.events),
            ("chronology", chronology, "the chronology"),
            ("cover", _takeaways_location(brief), "the cover"))


def _takeaways_location(brief: Brief) -> Location:
    """Where brief.yaml lists the takeaways: what to shorten when the cover runs over."""
    from ..content.reader import load_yaml

    try:
        return load_yaml(brief.root / "brief.yaml").where("takeaways")
    except BriefError:
        return Location.of(brief.root / "brief.yaml")


def print_job(options: Options, brief: Brief, theme: Theme, html: str,
              attachments: Sequence[FileAttachment] = (), keep_html: bool = False,
              for_print: bool = True) -> PrintJob:
    """What the printer needs for the print HTML; it reads files only inside the brief, templates and styles.

    The previous build's layout plan and the fonts' character maps are read here, while the printer
    may still be starting, rather than on its critical path; a job made only to be checked
    (``for_print=False``) reads neither.
    """
    stylesheets = tuple(theme.stylesheets("print"))
    if options.print_ready:  # after every other sheet: it only adds the bleed, the marks, the output intent
        # and every colour token in the press's CMYK
        inks = InlineCSS(f"{display_path(options.content / 'brief.yaml')} (colours in CMYK)", cmyk_tokens(stylesheets),
                         options.content)
        stylesheets = (*stylesheets, theme.styles_dir / "print-ready.css", inks)
    return PrintJob(html, stylesheets, printer_roots(options, brief), options.content,
                    Location.of(options.content / "brief.yaml"), brief.stem + brief.meta.version,
                    options.pdf_variant, tuple(attachments), build_time(brief.meta.date),
                    (*theme.template_dirs, TEMPLATES), options.content, tuple(pdf_metadata(brief).items()),
                    font_cache=FONT_CACHE, keep_html=keep_html,
                    plan=read_plan(options.plans, brief.stem) if for_print else None,
                    coverage=Coverage(stylesheets, FONT_CACHE) if for_print else None, anchors=anchors(brief))


def intermediate_html(print_html: str, theme: Theme) -> bytes:
    """The print HTML as laid out, stylesheets inlined, so the ``weasyprint`` command prints the same pages."""
    styles = "".join(f"<style>\n{printable_css(sheet, FONT_CACHE)}</style>\n" for sheet in theme.stylesheets("print"))
    # The printer is given these as user stylesheets, below every style of the document itself; inlined
    # first in the head, they stay below the document's own styles.
    head = re.search(r"<head[^>]*>", print_html)
    at = head.end() if head else 0
    return (print_html[:at] + "\n" + styles + print_html[at:]).encode("utf-8")

