"""A translation says what the original says: the same references, quoted values and footnotes in each
text, and no number the original's text does not have.

Values come from the tables (``{value:...}``) in every edition, so a translation cannot quote them
differently; what it could do wrong is drop or add one, cite another source, or type a figure of its
own. Each text is compared with the original's text in the same place (a takeaway with the same
takeaway, a section with its section, an event's text with that event's).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..errors import Location, Problems
from . import prose

# A text's place in the brief: ('takeaway', 2), ('section', 'embassy'), ('event', 'kuwait-conference'), ...
Key = tuple[str, str | int]
Text = tuple[Key, str, Location]

_MARKUP = re.compile(r"\{[a-z]+:[^}]*\}|\[\^[^\]\s]*\]|\]\([^)]*\)|\{[^}]*\}")
# Digits of any script, with group and decimal separators between them.
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c\u202f\u00a0]\d+)*")


def _digits(text: str) -> str:
    """The number written in ASCII digits, without group separators: '١٦٬٢٩٨' and '16,298' are '16298'."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    parts = re.split(r"[.\u066b]", re.sub(r"[,\u066c\u202f\u00a0]", "", ascii_digits))
    return parts[0] if len(parts) == 1 else f"{parts[0]}.{''.join(parts[1:])}"


def numbers(text: str) -> list[tuple[int, str, str]]:
    """Every number typed in ``text`` (outside references, footnote labels and link targets): its offset,
    as written, and its value in ASCII digits."""
    blanked = _MARKUP.sub(lambda match: " " * len(match.group()), text)
    return [(match.start(), match.group(), _digits(match.group())) for match in _NUMBER.finditer(blanked)]


def _calls(text: str, where: Location) -> tuple[Counter[str], dict[str, Location], int]:
    found = prose.scan(text, where.path, where.line or 1)
    written = Counter(f"{{{ref.kind}:{ref.id}}}" for ref in found.references)
    first: dict[str, Location] = {}
    for ref in found.references:
        first.setdefault(f"{{{ref.kind}:{ref.id}}}", ref.location)
    return written, first, len(found.footnotes)


def check_faithful(original: list[Text], translated: list[Text], problems: Problems) -> None:
    """Each translated text against the original's text in the same place."""
    originals = {key: (text, where) for key, text, where in original}
    for key, text, where in translated:
        if key not in originals:
            continue
        before, before_at = originals[key]
        _same_references(before, before_at, text, where, problems)
        typed = {number for _, _, number in numbers(before)}
        for offset, written, number in numbers(text):
            if number not in typed:
                problems.add(_at(where, text, offset, Path(where.path)),
                             f"the number '{written}' is not in the "
                             f"original's text ({before_at}): numbers come from the original, as written there "
                             "or quoted with {value:...}")


def _at(where: Location, text: str, offset: int, path: Path) -> Location:
    return Location.in_text(path, text, offset, where.line or 1) if where.line else where


def _same_references(before: str, before_at: Location, text: str, where: Location, problems: Problems) -> None:
    wanted, _, notes_before = _calls(before, before_at)
    written, first, notes = _calls(text, where)
    for call in sorted(set(wanted) | set(written)):
        if wanted[call] == written[call]:
            continue
        if not written[call]:
            problems.add(where, f"{call} is missing: the original has it ({before_at})")
        elif not wanted[call]:
            problems.add(first[call], f"{call} is not in the original's text ({before_at})")
        else:
            problems.add(first[call], f"{call} is written {written[call]} times, {wanted[call]} in the original "
                                      f"({before_at})")
    if notes != notes_before:
        problems.add(where, f"{notes} footnote calls, {notes_before} in the original ({before_at}): translate "
                            "each footnote where the original has it")
