"""Authoring: ``briefpress new DIR`` writes a minimal brief that validates and builds at once.

Its text explains how to write each part, so a new author replaces it part by part; every value
that is not instruction is true of the new brief itself (its own parts, its creation date).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from ..errors import display_path


def slugify(text: str) -> str:
    """A file-name-safe id from a title: lower-case ASCII words joined by hyphens."""
    # Accents are dropped (é → e); any other character outside ASCII separates words, like a dash.
    letters = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "-".join(re.findall(r"[a-z0-9]+", letters.lower(), flags=re.ASCII))


def _q(text: str) -> str:
    # A JSON string is a valid double-quoted YAML scalar: safe for any title.
    return json.dumps(text, ensure_ascii=False)


BRIEF = """\
# The brief's metadata, key takeaways, summary and section order.
# Every field is described in docs/content-format.md; replace the instructions with your text.
slug: {slug}                       # output names: <slug>.pdf and <slug>.html
title: {title}
subtitle: A starter brief that explains how to write each of its parts
short_title: {title}               # the running head of the printed pages
date: "{today}"                    # publication date, YYYY-MM-DD
version: "0.1"
status: draft                      # draft | final: a draft is marked on every page
language: en
paper: a4                          # a4 | letter
organization: {organization}
authors:
  - name: {author}
subject: >-
  One sentence on what the brief covers; it becomes the PDF's subject and the web page's description.
keywords: [brief, starter]
takeaways:
  - >-
    **Lead with the conclusion.** Each takeaway is one short paragraph of Markdown; write three
    to six of them, and they open the brief on its cover.
  - >-
    **One claim per takeaway**, with the number that supports it, so a reader who stops here
    still leaves with the facts.
  - >-
    **Every fact has a source.** Tables, figures and chronology events name theirs, and the
    prose cites them as {{cite:briefpress-format}}.
summary: |
  The summary is one to three paragraphs that say what the brief covers, what it finds and
  why it matters now. It opens the brief after the cover; write it last, once the sections
  are done.
sections:                          # body order: file names in sections/, without .md
  - 01-writing
disclaimer: |
  The disclaimer closes the brief: who is responsible for it, and what it does not claim.
# brand:                           # your organization's look: see docs/customizing.md
#   accent_color: "#1d4e89"
#   logo: logo.svg
"""

SECTION = """\
---
id: writing
title: How to write a section
---
Each section is one Markdown file in `sections/`, listed in `brief.yaml` under `sections`. Its
front matter gives the section an `id` (used in links, as in {{section:writing}}) and a title.
Write short paragraphs that each make one point.

## Tables, figures and events

A table is a YAML file in `tables/` with typed columns; the prose places it by naming it, as in
{{table:parts}}, and it is printed after the paragraph that first names it. A figure is a
Vega-Lite chart in `figures/` fed from a table, as {{figure:parts-chart}} is, or an image file.
Name an event of the chronology to print its date, as in {{event:started}}.

## Sources and notes

Cite a source from `sources.yaml` by its id, as here {{cite:briefpress-format}}. Notes use
Markdown footnotes.[^notes] Abbreviations such as PDF and HTML are listed in `acronyms.yaml`.

[^notes]: A footnote is written `[^name]` in the text and `[^name]: text` below the paragraph.
"""

TABLE = """\
# A data table: typed columns, one row per line. Replace it with your data.
caption: Parts of this starter brief and the files that hold them
unit: number of items
sources: [briefpress-format]
note: Rows are mappings from column keys to values; write null for an empty cell.
columns:
  - key: part
    label: Part
    type: text
  - key: file
    label: File
    type: text
  - key: items
    label: Items
    type: integer
rows:
  - {{part: Sections, file: sections/*.md, items: 1}}
  - {{part: Tables, file: tables/*.yaml, items: 1}}
  - {{part: Figures, file: figures/*.yaml, items: 1}}
  - {{part: Chronology events, file: chronology.yaml, items: 3}}
  - {{part: Sources, file: sources.yaml, items: 1}}
  - {{part: Abbreviations, file: acronyms.yaml, items: 3}}
"""

FIGURE = """\
# A chart: a Vega-Lite specification whose data is a table of the brief, named by its id.
caption: Items in each part of this starter brief
alt: >-
  Bar chart of the items in each part of this starter brief: one section, one table, one figure,
  three chronology events, one source and three abbreviations.
sources: [briefpress-format]
chart:
  data: {{table: parts}}
  mark: bar
  width: 360
  height: 160
  encoding:
    y: {{field: part, type: nominal, title: null, sort: null}}
    x: {{field: items, type: quantitative, title: Items, axis: {{tickMinStep: 1}}}}
"""

CHRONOLOGY = """\
# Dated events for the chronology appendix, which sorts them by date and groups them by year.
events:
  - id: started
    date: "{today}"
    title: This brief was started
    text: A date written YYYY-MM-DD is known to the day; the appendix prints it in full.
    sources: [briefpress-format]
  - id: month-example
    date: "{month}"
    title: "Example: an event known to the month"
    text: Write YYYY-MM when only the month is known. Replace these examples with your events.
    sources: [briefpress-format]
  - id: year-example
    date: "{year}"
    title: "Example: an event known to the year"
    text: Write YYYY when only the year is known; each event cites at least one source.
    sources: [briefpress-format]
"""

SOURCES = """\
# The references list. Prose cites a source as {{cite:ID}}; tables, figures and events name theirs.
sources:
  - id: briefpress-format
    author: briefpress
    title: "Content format: the files of a brief and their fields"
    note: Shipped with briefpress as docs/content-format.md. Replace it with the sources you cite.
"""

ACRONYMS = """\
# The list of abbreviations, printed in alphabetical order.
acronyms:
  - term: HTML
    expansion: HyperText Markup Language
  - term: PDF
    expansion: Portable Document Format
  - term: YAML
    expansion: YAML Ain't Markup Language
"""


def files(title: str, organization: str, author: str, today: dt.date, theme: str | None = None) -> dict[str, str]:
    """The new brief's files by relative path; ``theme`` names an installed house theme."""
    values = {"slug": slugify(title) or "brief", "title": _q(title), "organization": _q(organization),
              "author": _q(author), "today": today.isoformat(), "month": today.strftime("%Y-%m"),
              "year": str(today.year - 1)}
    brief = BRIEF.format(**values)
    if theme is not None:
        line = f"theme: {_q(theme)}  # the house theme: its templates, styles and brand"
        brief = brief.replace("\npaper: a4 ", f"\n{line}\npaper: a4 ", 1)
    return {"brief.yaml": brief, "sections/01-writing.md": SECTION.format(**values),
            "tables/parts.yaml": TABLE.format(**values), "figures/parts-chart.yaml": FIGURE.format(**values),
            "chronology.yaml": CHRONOLOGY.format(**values), "sources.yaml": SOURCES.format(**values),
            "acronyms.yaml": ACRONYMS.format(**values)}


def create(folder: Path, title: str, organization: str, author: str, today: dt.date | None = None,
           theme: str | None = None) -> list[Path]:
    """Write a new brief into ``folder``, which must not exist or be empty; all files or none."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileExistsError(f"{display_path(folder)}: already exists and is not empty; choose a new folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=folder.parent))
    try:
        written = []
        for name, text in files(title, organization, author, today or dt.date.today(), theme).items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
            written.append(folder / name)
        if folder.exists():
            folder.rmdir()
        os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
