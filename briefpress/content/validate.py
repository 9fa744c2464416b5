"""Validate stage: every content file against the schema, then every reference across files.

All problems are collected and reported together; nothing renders until the brief is valid.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ..errors import BriefError, ContentError, Location, Problems
from . import prose, values
from .brand import load_brand
from .chartspec import table_fields, unknown_fields, unsafe_parts
from .citations import CITATION_KINDS
from .faithful import Key, Text, check_faithful
from .formats import ENGLISH, Formats
from .images import referenced_image_problem
from .model import (
    AcronymsFile,
    Brand,
    Brief,
    BriefMeta,
    ChronologyFile,
    Figure,
    FigureSpec,
    Section,
    SectionMeta,
    Table,
    TableSpec,
    cldr_language,
)
from .overrides import apply_brand, check_overrides, named_theme
from .reader import Document, folder_too_large, load_prose, load_yaml, outside
from .revisions import check_revisions
from .schema import M, check_schema
from .sources import citation_style, load_sources
from .tables import load_table
from .translation import FOLDER, Translation

Overlay = Callable[[Document], Document]


def _load(path: Path, root: Path, problems: Problems) -> Document | None:
    if outside(path, root, problems):
        return None
    try:
        return load_yaml(path)
    except BriefError as error:
        problems.extend(error.problems)
        return None


def _load_model(path: Path, root: Path, model: type[M], problems: Problems,
                overlay: Overlay | None = None) -> tuple[M | None, Document | None]:
    document = _load(path, root, problems)
    if document and overlay:
        document = overlay(document)
    return (check_schema(model, document, problems), document) if document else (None, None)


def _chronology(root: Path, problems: Problems, overlay: Overlay | None) -> tuple[ChronologyFile | None, Document | None]:
    """The chronology, refused whole when it is over the size limit (before its events are checked one by one)."""
    document = _load(root / "chronology.yaml", root, problems)
    if document and overlay:
        document = overlay(document)
    events = document.data.get("events") if document and isinstance(document.data, dict) else None
    if document and isinstance(events, list) and len(events) > MAX_EVENTS:
        problems.add(document.where("events", MAX_EVENTS), f"the chronology has {len(events):,} events, over the "
                     f"limit of {MAX_EVENTS:,}: keep the events the brief discusses")
        return None, None  # references to its events are left unchecked rather than each reported
    return (check_schema(ChronologyFile, document, problems), document) if document else (None, None)


def _sections(root: Path, meta: BriefMeta | None, meta_doc: Document | None, problems: Problems,
              translation: Translation | None) -> list[Section]:
    """The sections brief.yaml lists; when brief.yaml itself is broken, every section file, so that
    their own problems are still reported in the same run."""
    sections: list[Section] = []
    found = sorted(path.stem for path in (root / "sections").glob("*.md"))
    listed = meta.sections if meta and meta_doc else found
    for index, stem in enumerate(listed):
        path = root / "sections" / f"{stem}.md"
        if not path.is_file():
            if meta_doc is not None:
                problems.add(meta_doc.where("sections", index), f"section file 'sections/{stem}.md' not found")
            continue
        if outside(path, root, problems):
            continue
        try:
            text = load_prose(path)
        except BriefError as error:
            problems.extend(error.problems)
            continue
        if translation is not None:
            text = translation.section(text, stem)
        front = check_schema(SectionMeta, text.meta, problems)
        if front:
            sections.append(Section(front.id, front.title, text.body, Location.of(text.path, text.body_line),
                                    front.type, text.meta.where("type")))
    if translation is not None:
        translation.unlisted_sections(listed)
        translation.unknown_files()
    for stem in found:
        if stem not in listed:
            problems.add(Location.of(root / "sections" / f"{stem}.md"), "section file is not listed in brief.yaml 'sections'")
    return sections


class _Tables:
    """How tables are read: translated by ``translation`` when there is one."""

    def __init__(self, translation: Translation | None, fiscal_label: str) -> None:
        self.translation, self.fiscal_label = translation, fiscal_label
        self.texts = translation.document("tables.yaml") if translation else None
        self.words: dict[str, dict[str, str]] = {}  # the words of each table's cells, translated

    def overlay(self, table_id: str) -> Overlay | None:
        if self.translation is None:
            return None
        translation = self.translation

        def translate(document: Document) -> Document:
            document, self.words[table_id] = translation.table(table_id, document, self.texts)
            return document
        return translate

    def read(self, path: Path, problems: Problems) -> tuple[TableSpec, list[dict], Document] | None:
        spec, document = _load_model(path, path.parent.parent, TableSpec, problems, self.overlay(path.stem))
        if not spec or not document:
            return None
        columns = [c.model_copy(update={"fiscal_label": self.fiscal_label}) if c.type == "fiscal_year" else c
                   for c in spec.columns]
        spec = spec.model_copy(update={"columns": columns})
        rows = load_table(path, document, spec, problems)
        if self.translation is not None:
            rows = self.translation.cells(path.stem, rows, [c.key for c in columns if c.type == "text"],
                                          self.words.get(path.stem, {}), self.texts, problems)
        return spec, rows, document


def _figure(path: Path, tables: dict, broken: set[str], problems: Problems,
            overlay: Overlay | None) -> tuple[FigureSpec, Path | None, Document] | None:
    spec, document = _load_model(path, path.parent.parent, FigureSpec, problems, overlay)
    if not spec or not document:
        return None
    image = None
    if (spec.chart is None) == (spec.file is None):
        problems.add(document.where(), "a figure needs exactly one of 'chart' or 'file'")
    elif spec.file is not None:
        image = (path.parent / spec.file).resolve()
        if (problem := referenced_image_problem(spec.file, path.parent, path.parent.parent)):
            problems.add(document.where("file"), f"file: '{spec.file}' {problem}")
    else:
        for at, message in unsafe_parts(spec.chart):
            problems.add(document.where("chart", *at), f"chart: {message}")
        data = spec.chart.get("data") if spec.chart else None
        table = data.get("table") if isinstance(data, dict) else None
        if table is None:
            problems.add(document.where("chart"), "chart: data must name a content table: 'data: {table: ID}'")
        elif table in broken:
            pass  # its own file's problem was reported
        elif table not in tables:
            problems.add(document.where("chart", "data", "table"), f"chart: unknown table '{table}'")
        else:
            columns = tables[table][0].columns
            known = table_fields([c.key for c in columns], {c.key: c.type for c in columns})
            for at, name in unknown_fields(spec.chart, known):
                problems.add(document.where("chart", *at), f"chart: unknown field '{name}' in table '{table}' "
                                                           f"(fields: {', '.join(sorted(known))})")
    return spec, image, document


def _note_key(document: Document) -> Key:
    return ("note", f"{document.path.parent.name}/{document.path.stem}")


def _check_sources(keys: list[str], sources: dict, document: Document, problems: Problems) -> None:
    for position, key in enumerate(keys):
        if key not in sources:
            problems.add(document.where("sources", position), f"sources: unknown source '{key}'")


def _unique(items: Iterable[tuple[str, Location]], what: str, problems: Problems) -> None:
    seen: dict[str, Location] = {}
    for key, where in items:
        if key in seen:
            problems.add(where, f"duplicate {what} id '{key}' (first defined at {seen[key]})")
        else:
            seen.setdefault(key, where)


MAX_FOOTNOTES = 500
MAX_EVENTS = 1_000  # the appendix prints every event and the timeline draws each one


def _check_prose(brief_parts: dict[str, set[str] | None], texts: list[tuple[str, Location]], root: Path,
                 quotes: values.Quotes, problems: Problems, with_footnotes: range) -> list[list[prose.Reference]]:
    """Every text's references, links, images and footnotes; footnotes print only in ``with_footnotes``."""
    references: list[list[prose.Reference]] = []
    calls: list[Location] = []
    for index, (text, where) in enumerate(texts):
        found = prose.scan(text, where.path, where.line or 1)
        calls += found.footnotes
        if index not in with_footnotes:
            for call in found.footnotes:
                problems.add(call, "a footnote cannot print here: footnotes belong in a section's text")
        for ref in found.references:
            if ref.kind == "value":
                quotes.check(ref.id, ref.location)
            elif (known := brief_parts[ref.kind]) is not None and ref.id not in known:
                problems.add(ref.location, f"unknown {ref.kind} '{ref.id}'")
        for message, message_at in found.problems:
            problems.add(message_at, message)
        for target, link_at in found.links:
            if (problem := prose.link_problem(target)):
                problems.add(link_at, problem)
        for markup, html_at in found.html:
            problems.add(html_at, prose.html_problem(markup))
        for source, alt, image_at in found.images:
            if (problem := image_problem(root, source, alt)):
                problems.add(image_at, problem)
        references.append(found.references)
    if len(calls) > MAX_FOOTNOTES:  # each floats to its page foot: the layout tries every placement
        problems.add(calls[MAX_FOOTNOTES], f"the brief has {len(calls):,} footnotes, over the limit of "
                                           f"{MAX_FOOTNOTES:,}: make some of them text")
    return references


def _quoted(model: M, fields: Iterable[str], document: Document, quotes: values.Quotes, *at: str | int) -> M:
    """A copy of ``model`` with the ``{value:...}`` quotes of its plain-text fields filled in."""
    update = {name: quotes.fill(getattr(model, name), document.where(*at, name))
              for name in fields if getattr(model, name) and "{value:" in getattr(model, name)}
    return model.model_copy(update=update) if update else model


def image_problem(root: Path, source: str, alt: str) -> str | None:
    """Why a prose image is refused: it must be a safe image file inside the brief, with alt text."""
    if not alt.strip():
        return f"image '{source}' has no alt text"
    problem = referenced_image_problem(source, root, root)
    return f"image '{source}' {problem}" if problem else None


def _numbered(kind: str, ids: Iterable[str], references: list[prose.Reference],
              locations: dict[str, Location], problems: Problems) -> dict[str, int]:
    order = list(dict.fromkeys(r.id for r in references if r.kind == kind and r.id in ids))
    for key in ids:
        if key not in order:
            problems.add(locations[key], f"{kind} '{key}' is never referenced in a section ({{{kind}:{key}}})")
    return {key: number for number, key in enumerate(order, start=1)}


def validate(root: Path, theme: Path | None = None, language: str | None = None) -> Brief:
    """Load and validate the content folder ``root``; raise ContentError listing every problem.

    ``theme`` is a house theme's folder given by the person running the build; without it the brief's
    own ``theme:`` names an installed one. ``language`` asks for the brief in one of its translations
    (``translations/<language>/``), checked against the original."""
    root = Path(root)
    original, texts = _validate(root, theme, None, [])
    if language is None or language == original.meta.language:
        return original
    try:
        cldr_language(language)
    except ValueError as error:
        raise ContentError.at(Location.of(root / FOLDER / language), f"translations: {error}") from None
    problems = Problems()
    translation = Translation(root, language, problems)
    if not translation.folder.is_dir():
        raise ContentError.at(Location.of(translation.folder), f"no translation into '{language}': the folder "
                                                               "is missing")
    translated = _validate(root, theme, translation, texts, problems)[0]
    return dataclasses.replace(translated, original_language=original.meta.language)


def _validate(root: Path, theme: Path | None, translation: Translation | None, against: list[Text],
              problems: Problems | None = None) -> tuple[Brief, list[Text]]:
    problems = problems if problems is not None else Problems()
    if not (root / "brief.yaml").is_file():
        raise ContentError.at(Location.of(root / "brief.yaml"), "file not found: is this a content folder?")
    if (too_large := folder_too_large(root)) is not None:
        raise ContentError.at(Location.of(root), too_large)
    meta, meta_doc = _load_model(root / "brief.yaml", root, BriefMeta, problems,
                                 translation.brief if translation else None)
    chronology, chronology_doc = _chronology(root, problems, translation.chronology if translation else None)
    found_sources = load_sources(root, problems, partial(_load_model, overlay=translation.sources)
                                 if translation else _load_model)
    acronyms, _ = _load_model(root / "acronyms.yaml", root, AcronymsFile, problems,
                              translation.acronyms if translation else None)
    sections = _sections(root, meta, meta_doc, problems, translation)
    check_overrides(root, problems)
    theme = theme or (named_theme(meta, meta_doc, problems) if meta and meta_doc else None)
    brand = load_brand(root, meta, meta_doc, problems, theme) if meta and meta_doc else Brand()
    if meta and meta_doc:
        meta = apply_brand(meta, meta_doc, brand, problems)
        check_revisions(meta, meta_doc, problems)
    style = citation_style(meta.citation_style, root, theme, meta_doc.where("citation_style"), problems) \
        if meta and meta_doc else None
    fiscal = meta.fiscal_year_label if meta else "FY"
    reader = _Tables(translation, fiscal)
    tables = {p.stem: t for p in sorted((root / "tables").glob("*.yaml")) if (t := reader.read(p, problems))}
    for path in sorted((root / "tables").glob("*.csv")):
        if not path.with_suffix(".yaml").is_file():
            problems.add(Location.of(path), f"table data has no '{path.stem}.yaml' beside it for its caption, "
                                            "columns and sources")
    data = {key: values.TableData(spec.columns, rows) for key, (spec, rows, _) in tables.items()}
    broken = {p.stem for p in (root / "tables").glob("*.yaml")} - set(tables)
    figure_texts = translation.document("figures.yaml", required=bool(list((root / "figures").glob("*.yaml")))) \
        if translation else None

    def figure_overlay(figure_id: str) -> Overlay | None:
        if translation is None:
            return None
        return lambda document: translation.figure(figure_id, document, figure_texts, reader.words)
    figures = {p.stem: f for p in sorted((root / "figures").glob("*.yaml"))
               if (f := _figure(p, tables, broken, problems, figure_overlay(p.stem)))}
    quotes = values.Quotes(data, broken, problems, Formats.of(meta) if meta else ENGLISH)
    events = [_quoted(e, ["title"], chronology_doc, quotes, "events", i)
              for i, e in enumerate(chronology.events)] if chronology and chronology_doc else []
    tables = {k: (_quoted(spec, ["caption"], doc, quotes), rows, doc) for k, (spec, rows, doc) in tables.items()}
    figures = {k: (_quoted(spec, ["caption", "alt"], doc, quotes), image, doc)
               for k, (spec, image, doc) in figures.items()}
    sources = found_sources.items if found_sources else {}

    if chronology_doc:
        _unique(((e.id, chronology_doc.where("events", i)) for i, e in enumerate(events)), "event", problems)
    parts_with_documents: list[tuple[TableSpec | FigureSpec, Document]] = [
        *((spec, doc) for spec, _, doc in tables.values()), *((spec, doc) for spec, _, doc in figures.values())]
    _unique(((s.id, s.body_location) for s in sections), "section", problems)
    if found_sources:  # when a source file is broken, every citation would look unknown
        for spec, document in parts_with_documents:
            _check_sources(spec.sources, sources, document, problems)
        for index, event in enumerate(events):
            for position, source in enumerate(event.sources):
                if source not in sources and chronology_doc:
                    problems.add(chronology_doc.where("events", index, "sources", position),
                                 f"events[{index}].sources: unknown source '{source}'")
    # A part whose file failed to load is None: references to it are not checked, to avoid a cascade.
    # A table or figure whose file is broken was reported already; references to it are not.
    parts = {"table": set(tables) | broken, "figure": {p.stem for p in (root / "figures").glob("*.yaml")},
             "event": {e.id for e in events} if chronology else None,
             "section": {s.id for s in sections} if meta else None, "cite": set(sources) if found_sources else None,
             "citet": set(sources) if found_sources else None,
             "value": None}
    placed: list[Text] = []
    if meta and meta_doc:
        placed += [(("takeaway", i), t, meta_doc.where("takeaways", i)) for i, t in enumerate(meta.takeaways)]
        placed.append((("summary", 0), meta.summary, meta_doc.where("summary")))
    first_section = len(placed)
    placed += [(("section", s.id), s.body, s.body_location) for s in sections]
    placed += [(("event", e.id), e.text, chronology_doc.where("events", i, "text"))
               for i, e in enumerate(events) if chronology_doc]
    placed += [(_note_key(doc), spec.note, doc.where("note")) for spec, doc in parts_with_documents if spec.note]
    placed += [(("title", e.id), e.title, chronology_doc.where("events", i, "title"))
               for i, e in enumerate(chronology.events if chronology else []) if chronology_doc]
    placed += [(("title", f"{doc.path.parent.name}/{doc.path.stem}/{name}"), getattr(spec, name), doc.where(name))
               for spec, doc in parts_with_documents for name in ("caption", "alt") if getattr(spec, name, None)]
    placed += [(("title", s.id), s.title, s.body_location) for s in sections]
    if meta and meta_doc:
        placed.append((("disclaimer", 0), meta.disclaimer, meta_doc.where("disclaimer")))
    if translation is not None:
        check_faithful(against, placed, problems)
    texts = [(text, where) for key, text, where in placed if key[0] != "title"]
    found = _check_prose(parts, texts, root, quotes, problems, range(first_section, first_section + len(sections)))
    references = [ref for refs in found for ref in refs]
    # Tables and figures float to the paragraph that first cites them, so only body prose numbers them.
    in_body = [ref for refs in found[first_section:first_section + len(sections)] for ref in refs]
    if not meta or len(sections) != len(meta.sections):
        problems.raise_if_any()
    table_numbers = _numbered("table", tables, in_body, {k: v[2].where() for k, v in tables.items()}, problems)
    figure_numbers = _numbered("figure", figures, in_body, {k: v[2].where() for k, v in figures.items()}, problems)
    problems.raise_if_any()
    assert meta is not None and acronyms is not None

    cited = list(dict.fromkeys(r.id for r in references if r.kind in CITATION_KINDS))
    numbers = {key: n for n, key in enumerate(cited + [k for k in sources if k not in cited], start=1)}
    return Brief(
        translation=translation.language if translation else None,
        root=root,
        meta=meta,
        sections=sections,
        tables={k: Table(k, table_numbers[k], spec, rows, doc.where())
                for k, (spec, rows, doc) in sorted(tables.items(), key=lambda kv: table_numbers[kv[0]])},
        figures={k: Figure(k, figure_numbers[k], spec, doc.where(), image, spec.chart)
                 for k, (spec, image, doc) in sorted(figures.items(), key=lambda kv: figure_numbers[kv[0]])},
        events=sorted(events, key=lambda e: e.date.sort_key()),
        sources=dict(sorted(sources.items(), key=lambda kv: numbers[kv[0]])),
        acronyms=sorted(acronyms.acronyms, key=lambda a: a.term.lower()),
        source_numbers=numbers,
        source_notes=found_sources.notes if found_sources else {},
        citation_style=style,
        brand=brand,
        theme=theme,
    ), placed
