"""The Word edition's text: the validated brief as one pandoc Markdown document.

Pandoc writes Word files well (real heading styles, header rows that repeat, Word footnotes,
bookmarks for cross-references), so the Word edition is the brief in pandoc's Markdown, built from
the same validated model as the other editions, never converted from them: references resolved to
labels linked to bookmarks, each section's footnotes kept apart, tables as pipe tables with their
caption, Source and Note lines, figures as PNG images carried as data URIs (pandoc in its sandbox
reads no file), the chronology, abbreviations, references and disclaimer.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from ..content.formats import Formats
from ..content.model import Brief, Table
from ..content.values import TableData, parse_ref, prose_value
from ..content.xrefs import REFERENCE_LIKE
from ..support.uris import data_uri
from .citeproc import Citations, Cursor
from .messages import FIGURE_REFERENCE, TABLE_REFERENCE, Messages, load_messages

_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")


def from_html(fragment: str) -> str:
    """Markdown for the citation style's HTML (emphasis, links within the brief, plain text)."""
    text = re.sub(r"<em>(.*?)</em>", r"*\1*", fragment, flags=re.S)
    text = re.sub(r'<a href="(#[^"]*)"[^>]*>(.*?)</a>', r"[\2](\1)", text, flags=re.S)
    text = re.sub(r'<a href="(https?://[^"]*)"[^>]*>(.*?)</a>', r"<\1>", text, flags=re.S)
    return _escape(html.unescape(re.sub(r"<[^>]+>", "", text)), keep_markup=True)


def _escape(text: str, keep_markup: bool = False) -> str:
    """Text as Markdown prints it literally (with ``keep_markup``, only what our conversion did not write)."""
    text = text.replace("\\", "\\\\").replace("$", "\\$")
    return text if keep_markup else re.sub(r"([*_`\[\]<>#|])", r"\\\1", text)


class WordText:
    """Builds the document; one instance per Word edition (citations are taken in order)."""

    def __init__(self, brief: Brief, citations: Citations, figures: Mapping[str, bytes], messages: Messages | None = None):
        self.brief, self.citations, self.figures = brief, citations, figures
        self.words, self.formats = messages or load_messages(brief), Formats.of(brief.meta)
        self.cursor = Cursor(citations)
        self.data = {key: TableData(t.spec.columns, t.rows) for key, t in brief.tables.items()}
        self.events = {event.id: event for event in brief.events}
        self.sections = {section.id: section for section in brief.sections}

    def _cite(self, kind: str, body: str) -> str:
        cited = self.cursor.next(kind, body)
        if cited is None:
            return _escape(body)
        text = from_html(cited.text)
        return f"{text}^[{from_html(cited.note)}]" if cited.note else text

    def _reference(self, match: re.Match) -> str:
        kind, body = match.group(1), match.group(2)
        brief = self.brief
        if kind in ("cite", "citet"):
            return self._cite(kind, body)
        if kind == "table":
            return f"[{self._numbered(TABLE_REFERENCE, brief.tables[body].number)}](#table-{body})"
        if kind == "figure":
            return f"[{self._numbered(FIGURE_REFERENCE, brief.figures[body].number)}](#figure-{body})"
        if kind == "event":
            return f"[{self.formats.long_date(self.events[body].date)}](#event-{body})"
        if kind == "section":
            return f"[{_escape(self.sections[body].title)}](#section-{body})"
        return _escape(prose_value(parse_ref(body), self.data, self.formats))

    def _numbered(self, message: str, number: int) -> str:
        return self.words.gettext(message) % {"number": self.formats.plain(number)}

    def prose(self, text: str, notes_prefix: str) -> str:
        """Markdown prose with references resolved; footnote labels made unique to their part."""
        text = _FOOTNOTE.sub(lambda m: f"[^{notes_prefix}-{m.group(1)}]", text)
        return REFERENCE_LIKE.sub(self._reference, text)

    def _table(self, table: Table) -> list[str]:
        columns = table.spec.columns
        rows = ["| " + " | ".join(_escape(self.formats.heading(c)) for c in columns) + " |",
                "|" + "|".join("--:" if c.type in ("integer", "number", "currency", "percent", "year", "fiscal_year") else ":--"
                               for c in columns) + "|"]
        rows += ["| " + " | ".join(_escape(self.formats.cell(row.get(c.key), c)) for c in columns) + " |"
                 for row in table.rows]
        label = self._numbered("Table %(number)s.", table.number)
        lines = [f": {label} {self.prose(table.spec.caption, 'caption')} {{#table-{table.id}}}", "",
                 *rows, ""]
        return lines + self._source_lines(table.spec.sources, table.spec.note, f"table-{table.id}")

    def _source_lines(self, sources: list[str], note: str | None, prefix: str) -> list[str]:
        lines = []
        if sources:
            label = self.words.ngettext("Source:", "Sources:", len(sources))
            named = "; ".join(from_html(self.citations.in_text.get(key, key)) for key in sources)
            lines += [f"**{label}** {named}.", ""]
        if note:
            lines += ["**" + self.words.gettext("Note:") + f"** {self.prose(note, prefix)}", ""]
        return lines

    def _figure(self, key: str) -> list[str]:
        figure = self.brief.figures[key]
        image = self.figures.get(key)
        caption = f"{self._numbered('Figure %(number)s.', figure.number)} {self.prose(figure.spec.caption, 'caption')}"
        lines = [f"![{caption}]({data_uri(image, 'image/png')}){{#figure-{key}}}", ""] if image else []
        return lines + self._source_lines(figure.spec.sources, figure.spec.note, f"figure-{key}")

    def document(self, order: Callable[[str], list[tuple[str, str]]]) -> str:
        """The whole brief; ``order(section_id)`` gives the tables and figures placed after it."""
        meta, brief, _ = self.brief.meta, self.brief, self.words.gettext
        lines = ["---", f"title: {_yaml(meta.title)}"]
        lines += [f"subtitle: {_yaml(meta.subtitle)}"] if meta.subtitle else []
        lines += ["author:", *(f"  - {_yaml(a.name)}" for a in meta.authors),
                  "date: " + _yaml(self.formats.long_date(meta.date) + " · " + _("Version") + " " + meta.version),
                  f"lang: {meta.language}", *([f"dir: {self.formats.direction}"] if self.formats.direction == "rtl" else []),
                  "---", ""]
        lines += [_heading(_("Key takeaways"), "takeaways"), ""]
        lines += [f"- {self.prose(point, f'takeaway-{n}')}" for n, point in enumerate(meta.takeaways, 1)] + [""]
        lines += [_heading(_("Summary"), "summary"), "", self.prose(meta.summary, "summary"), ""]
        for section in brief.sections:
            lines += [f"# {_escape(section.title)} {{#section-{section.id}}}", "", self.prose(section.body, section.id), ""]
            for kind, key in order(section.id):
                lines += self._table(brief.tables[key]) if kind == "table" else self._figure(key)
        if brief.events:
            lines += [_heading(_("Appendix: Chronology"), "chronology"), "", _row(_("Date"), _("Event")), "|:--|:--|"]
            for event in brief.events:
                text = " ".join(self.prose(event.text, f"event-{event.id}").split())
                when = self.formats.long_date(event.date)
                lines.append(f"| []{{#event-{event.id}}}{when} | **{_escape(event.title)}** {text} |")
            lines.append("")
        if brief.acronyms:
            lines += [_heading(_("Abbreviations"), "abbreviations"), "", _row(_("Term"), _("Meaning")), "|:--|:--|"]
            lines += [f"| {_escape(a.term)} | {_escape(a.expansion)} |" for a in brief.acronyms] + [""]
        lines += [_heading(_("References"), "references"), ""]
        for key, entry in self.citations.entries.items():
            note = brief.source_notes.get(key)
            lines += [f"[]{{#source-{key}}}{from_html(entry)}" + (f" {_escape(note)}" if note else ""), ""]
        lines += [_heading(_("Suggested citation"), "citation"), "", (meta.citation and _escape(meta.citation))
                  or from_html(self.citations.this_brief), ""]
        if meta.revisions:
            lines += [_heading(_("Revision history"), "revisions"), "", _row(_("Version"), _("Date"), _("Changes")),
                      "|:--|:--|:--|"]
            lines += [_row(_escape(r.version), self.formats.long_date(r.date), _escape(r.summary)) for r in meta.revisions]
            lines.append("")
        lines += [_heading(_("Disclaimer"), "disclaimer"), "", self.prose(meta.disclaimer, "disclaimer"), ""]
        return "\n".join(lines)


def _heading(title: str, anchor: str) -> str:
    return f"# {title} {{#{anchor}}}"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
