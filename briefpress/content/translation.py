"""A translation of the brief: its words in another language, laid over the original's files.

``translations/<language>/`` in the content folder holds only text; numbers, dates, sources, tables'
rows and the charts' data stay in the original's files and come from there. Each translated file is
merged into the original's parsed document before the schema sees it, so the merged values keep the
translation's file positions and every problem is located where the translator wrote it (see
docs/translations.md for the layout):

- ``brief.yaml``: title, subtitle, short_title, subject, keywords, takeaways (as many as the original's),
  summary, disclaimer, organization, authors, citation, revision summaries (by version), digits;
- ``sections/<stem>.md``: each section, with a ``title:`` front matter;
- ``tables.yaml``: per table, its caption, unit, note, ``columns: {key: label}`` and ``text:`` for the
  words in its cells; ``figures.yaml``: per figure, its caption, alt text, note and ``strings:`` for the
  words a chart prints; ``chronology.yaml``: ``events: {id: {title, text}}``; ``acronyms.yaml``:
  ``acronyms: {term: expansion}``; ``sources.yaml``: ``notes: {id: note}`` (the entries themselves are
  cited as published).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefError, Location
from .overlay import FOLDER, Overlay, copy_of, replace_at
from .reader import Document, Prose, load_prose, outside

# What a translated brief.yaml may give, and whether it must when the original has it.
BRIEF_TEXTS = {"title": True, "subtitle": True, "short_title": True, "subject": True, "keywords": True,
               "takeaways": True, "summary": True, "disclaimer": True, "citation": True, "organization": False,
               "authors": False, "revisions": True, "digits": False, "fiscal_year_label": False,
               "url": False}


FILES = ("brief.yaml", "tables.yaml", "figures.yaml", "chronology.yaml", "sources.yaml", "acronyms.yaml",
         "messages.yaml")  # messages.yaml rewords the catalogue's messages for this edition (render.messages)


def translations(root: Path) -> list[str]:
    """The languages the content folder has translations in, by their folders' names."""
    folder = root / FOLDER
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


@dataclass
class Translation(Overlay):
    """The translation into ``language`` of the brief whose content folder is ``root``."""

    def prose(self, stem: str) -> Prose | None:
        path = self.folder / "sections" / f"{stem}.md"
        if not path.is_file():
            self.problems.add(Location.of(path), f"file not found: section '{stem}' is not translated")
            return None
        if outside(path, self.root, self.problems):
            return None
        try:
            return load_prose(path)
        except BriefError as error:
            self.problems.extend(error.problems)
            return None

    def section(self, original: Prose, stem: str) -> Prose:
        """The original section's id and type with the translation's title and text."""
        translated = self.prose(stem)
        if translated is None:
            return original
        for key in translated.meta.data or {}:
            if key != "title":
                self.problems.add(translated.meta.where(key), f"'{key}' is not translated: the original decides "
                                                              f"it ({original.meta.where(key)})")
        meta = Document(translated.path, {**(original.meta.data or {}),
                                          "title": (translated.meta.data or {}).get("title")},
                        {**original.meta.positions, **translated.meta.positions})
        return Prose(translated.path, meta, translated.body, translated.body_line)

    def unknown_files(self) -> None:
        """A file the translation does not read is a mistake (a misspelt name) rather than left unread."""
        for path in sorted(self.folder.iterdir()):
            if path.name not in FILES and not (path.name == "sections" and path.is_dir()):
                self.problems.add(Location.of(path), f"not a file of a translation (those are {', '.join(FILES)} "
                                                     "and sections/)")

    def unlisted_sections(self, listed: list[str]) -> None:
        for path in sorted((self.folder / "sections").glob("*.md")):
            if path.stem not in listed:
                self.problems.add(Location.of(path), "translates no section: the original's brief.yaml does not "
                                                     "list it")

    # -- overlays: each returns the original's document with the translated texts in place

    def brief(self, original: Document) -> Document:
        translated = self.document("brief.yaml")
        if translated is None:
            return original
        merged = self.texts(copy_of(original), (), translated, (), BRIEF_TEXTS, "brief.yaml",
                             ("revisions", "takeaways", "authors"))
        merged.data["language"] = self.language
        if "url" not in translated.data:  # the original's address is not this edition's
            merged.data.pop("url", None)
        merged.positions[("language",)] = Location.of(self.folder)
        for key in ("takeaways", "authors"):
            self._same_count(merged, translated, key, original)
        self._revisions(merged, translated, original)
        return merged

    def _same_count(self, merged: Document, translated: Document, key: str, original: Document) -> None:
        given, before = translated.data.get(key), original.data.get(key)
        if given is None:
            return
        if isinstance(given, list) and isinstance(before, list) and len(given) != len(before):
            self.problems.add(translated.where(key), f"{key}: {len(given)} given, but the original has "
                                                     f"{len(before)} ({original.where(key)}): translate each one")
            return
        replace_at(merged, (key,), given, translated, (key,))

    def _revisions(self, merged: Document, translated: Document, original: Document) -> None:
        revisions, given = original.data.get("revisions"), translated.data.get("revisions")
        if not isinstance(revisions, list) or not revisions:
            return
        if not isinstance(given, dict):
            if given is not None:
                self.problems.add(translated.where("revisions"), "revisions: expected a mapping of each version "
                                                                 "to its summary ('1.0': ...)")
            return
        versions = [str(r.get("version")) for r in revisions if isinstance(r, dict)]
        self._matched(given, list(enumerate(versions)), translated, "revisions",
                      lambda version: f"revisions: the original has no version '{version}'",
                      lambda index, version: f"revisions: the summary of version '{version}' is missing "
                                             f"({original.where('revisions', index)})",
                      lambda index, version: replace_at(merged, ("revisions", index, "summary"), given[version],
                                                        translated, ("revisions", version)))

    def _matched(self, given: dict, keys: list[tuple[int, str]], texts: Document, at: str,
                 unknown: Callable[[str], str], missing: Callable[[int, str], str],
                 merge: Callable[[int, str], object]) -> None:
        """Each original entry (its index and key) merged from ``given`` by its key; a key the original
        lacks, or an entry the translation lacks, is a problem in the translation's file."""
        known = {key for _, key in keys}
        for key in given:
            if key not in known:
                self.problems.add(texts.where(at, key), unknown(key))
        for index, key in keys:
            if key in given:
                merge(index, key)
            else:
                self.problems.add(texts.where(at), missing(index, key))

    def chronology(self, original: Document) -> Document:
        texts = self.document("chronology.yaml")
        events = original.data.get("events") if isinstance(original.data, dict) else None
        if texts is None or not isinstance(events, list):
            return original
        given = texts.data.get("events")
        if not isinstance(given, dict):
            self.problems.add(texts.where("events"), "chronology.yaml: 'events' maps each event's id to its "
                                                     "{title, text}")
            return original
        merged = copy_of(original)
        ids = [str(e.get("id")) if isinstance(e, dict) else "" for e in events]
        self._matched(given, list(enumerate(ids)), texts, "events",
                      lambda key: f"chronology.yaml: the original has no event '{key}'",
                      lambda index, key: f"chronology.yaml: event '{key}' is missing ({original.where('events', index)})",
                      lambda index, key: self.texts(merged, ("events", index), texts, ("events", key),
                                                    {"title": True, "text": True}, f"chronology.yaml: event '{key}'"))
        return merged

    def sources(self, original: Document) -> Document:
        """The notes printed after the sources' entries, translated (the entries stay as published)."""
        entries = original.data.get("sources") if isinstance(original.data, dict) else None
        noted = [(index, e["id"]) for index, e in enumerate(entries or []) if isinstance(e, dict) and e.get("note")]
        texts = self.document("sources.yaml", required=bool(noted))
        if texts is None:
            return original
        given = texts.data.get("notes")
        if not isinstance(given, dict):
            self.problems.add(texts.where("notes"), "sources.yaml: 'notes' maps each source's id to its note")
            return original
        merged = copy_of(original)
        self._matched(given, noted, texts, "notes", lambda key: f"sources.yaml: the original has no note for '{key}'",
                      lambda index, key: f"sources.yaml: the note of '{key}' is missing "
                                         f"({original.where('sources', index, 'note')})",
                      lambda index, key: replace_at(merged, ("sources", index, "note"), given[key], texts,
                                                    ("notes", key)))
        return merged

    def acronyms(self, original: Document) -> Document:
        texts = self.document("acronyms.yaml")
        acronyms = original.data.get("acronyms") if isinstance(original.data, dict) else None
        if texts is None or not isinstance(acronyms, list):
            return original
        given = texts.data.get("acronyms")
        if not isinstance(given, dict):
            self.problems.add(texts.where("acronyms"), "acronyms.yaml: 'acronyms' maps each term to its expansion")
            return original
        merged = copy_of(original)
        terms = [str(a.get("term")) if isinstance(a, dict) else "" for a in acronyms]
        self._matched(given, list(enumerate(terms)), texts, "acronyms",
                      lambda term: f"acronyms.yaml: the original has no '{term}'",
                      lambda index, term: f"acronyms.yaml: '{term}' is missing ({original.where('acronyms', index)})",
                      lambda index, term: replace_at(merged, ("acronyms", index, "expansion"), given[term], texts,
                                                     ("acronyms", term)))
        return merged


