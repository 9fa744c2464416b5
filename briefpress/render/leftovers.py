"""The last look at a rendered edition: no markup may reach the reader as text.

Every reference, footnote and Markdown mark is resolved by the validator and the templates; this
check catches what either would miss (a template that prints a field raw, a new kind of markup), so
that a brief is never published showing "{cite:x}", "[^1]", "**" or a tag.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

LEFTOVER = re.compile(r"\{\s*[A-Za-z][\w-]*\s*:[^{}\n]*\}|\[\^[^\]\s]+\]|\*\*|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")


_NOT_PROSE = ("style", "script", "code", "pre")


class _Text(HTMLParser):
    """The text a reader sees as prose: everything but style, script and code, where markup shown as
    text is meant (a starter brief shows how to write a footnote)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in _NOT_PROSE

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in _NOT_PROSE and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def leftover_markup(html: str) -> list[str]:
    """Each piece of markup left in the text of ``html``, once, in order."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    return list(dict.fromkeys(match.group(0) for part in reader.parts for match in LEFTOVER.finditer(part)))
