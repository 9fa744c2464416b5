"""CSL-JSON items, the form every source takes before the style formats it, and their checks.

``references.json`` is read as Zotero and Better BibTeX export it; ``sources.yaml`` entries are
converted to items here. Each problem is located at the item (the line of its ``"id"``) or the key.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import Location, Problems

TYPES = frozenset("""article article-journal article-magazine article-newspaper bill book broadcast chapter classic
collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview
legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance
periodical personal_communication post post-weblog regulation report review review-book software song speech
standard thesis treaty webpage""".split())
NAMES = frozenset("""author chair collection-editor compiler composer container-author contributor curator director
editor editorial-director editor-translator executive-producer guest host illustrator interviewer narrator organizer
original-author performer producer recipient reviewed-author script-writer series-creator translator""".split())
DATES = frozenset("accessed available-date event-date issued original-date submitted".split())
TEXTS = frozenset("""abstract annote archive archive_collection archive_location archive-place authority call-number
citation-key citation-label collection-title container-title container-title-short dimensions division DOI event
event-title event-place genre ISBN ISSN jurisdiction keyword language license medium note original-publisher
original-publisher-place original-title part-title PMCID PMID publisher publisher-place references reviewed-genre
reviewed-title scale source status title title-short URL volume-title year-suffix chapter-number collection-number
edition issue number number-of-pages number-of-volumes page page-first part-number printing-number section
supplement-number version volume journalAbbreviation shortTitle""".split())
OTHER = frozenset({"id", "type", "categories", "custom"})
NAME_PARTS = frozenset({"family", "given", "literal", "dropping-particle", "non-dropping-particle", "suffix",
                        "comma-suffix", "static-ordering", "parse-names"})


def _located(text: str, path: str) -> Iterator[tuple[str, Location]]:
    """Each item's id with the place of its ``"id"`` key in the file."""
    for match in re.finditer(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"', text):
        yield json.loads(f'"{match.group(1)}"'), Location.in_text(path, text, match.start(), 1)


def _duplicates_refused(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if (twice := next((key for key in keys if keys.count(key) > 1), None)) is not None:
        raise ValueError(f"duplicate key '{twice}'")
    return dict(pairs)


def read_csl_json(text: str, path: str, problems: Problems) -> list[tuple[dict[str, Any], Location]]:
    """The items of a CSL-JSON file, each with its location; what is wrong is added to ``problems``."""
    try:
        data = json.loads(text, object_pairs_hook=_duplicates_refused)
    except json.JSONDecodeError as error:
        problems.add(Location(path, error.lineno, error.colno), f"not valid JSON: {error.msg}")
        return []
    except ValueError as error:
        problems.add(Location(path), f"{error}: each key appears once in an item")
        return []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        problems.add(Location(path, 1, 1), "expected a list of CSL-JSON items ([{\"id\": ..., \"type\": ...}, ...])")
        return []
    places: dict[str, list[Location]] = {}
    for key, place in _located(text, path):
        places.setdefault(key, []).append(place)
    found = []
    for index, item in enumerate(data):
        same = places.get(str(item.get("id")), [])
        where = same.pop(0) if same else Location(path, 1, 1)  # the n-th item of an id is at its n-th "id"
        for message in item_problems(item):
            problems.add(where, f"item {index + 1} ('{item.get('id', '?')}'): {message}")
        found.append((item, where))
    return found


def item_problems(item: dict[str, Any]) -> list[str]:
    """What keeps a CSL-JSON item from being formatted."""
    found = []
    if not isinstance(item.get("id"), str) or not item.get("id"):
        found.append("has no \"id\"")
    if item.get("type") not in TYPES:
        shown = f"'{item.get('type')}'" if "type" in item else "no type"
        found.append(f"has {shown}: expected a CSL type such as book, report, webpage or article-newspaper")
    if not item.get("title"):
        found.append("has no \"title\"")
    for key, value in item.items():
        if key in NAMES:
            if not isinstance(value, list) or not all(isinstance(n, dict) and n and set(n) <= NAME_PARTS for n in value):
                found.append(f"\"{key}\" must be a list of names ({{\"family\": ..., \"given\": ...}} or {{\"literal\": ...}})")
        elif key in DATES:
            parts = value.get("date-parts") if isinstance(value, dict) else None
            if not isinstance(value, dict) or not (("raw" in value or "literal" in value) or
                                                   (isinstance(parts, list) and parts and all(
                                                       isinstance(p, list) and 1 <= len(p) <= 3 for p in parts))):
                found.append(f"\"{key}\" must be a date ({{\"date-parts\": [[2014, 5, 1]]}})")
        elif key == "URL" and not re.fullmatch(r"https?://\S+", str(value)):
            found.append(f"\"URL\" must be an http(s) address, not '{value}'")
        elif key not in TEXTS and key not in OTHER:
            found.append(f"unknown key \"{key}\"")
        elif key in TEXTS and not isinstance(value, (str, int)):
            found.append(f"\"{key}\" must be text")
    return found


def person(name: str) -> dict[str, str]:
    """A name as sources.yaml writes it: 'Family, Given' for a person, anything else as written (an
    organisation, or a name that must not be split)."""
    family, comma, given = name.partition(",")
    return {"family": family.strip(), "given": given.strip()} if comma and given.strip() else {"literal": name}


def from_source(spec: Any) -> dict[str, Any]:
    """A sources.yaml entry as a CSL-JSON item."""
    item: dict[str, Any] = {"id": spec.id, "type": spec.type, "title": spec.title,
                            "author": [person(name.strip()) for name in spec.author.split(";")]}
    if spec.publisher:
        item["publisher"] = spec.publisher
    if spec.date:
        item["issued"] = {"date-parts": [[spec.date.year, spec.date.month, spec.date.day]]}
    elif spec.year:
        item["issued"] = {"date-parts": [[int(spec.year)]]}
    if spec.url:
        item["URL"] = spec.url
    return item
