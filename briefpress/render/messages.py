"""Every word the editions print, from a message catalogue in the brief's language.

Catalogues are gettext ``.po`` files (read by Babel, so plural rules such as Arabic's six forms come
with them): ``templates/messages/<language>.po`` in the built-in theme, and in any templates folder
before it (a house theme's, the brief's own), which may add a language or reword any message. The
brief's ``messages.yaml`` rewords messages for that brief alone: each key is a message as the English
catalogue writes it, each value its new wording (a list of forms for a message with plurals).
``messages.pot`` lists every message; the tests keep it equal to what the templates and code use.
"""
from __future__ import annotations

import difflib
import functools
import io
import re
from collections.abc import Iterable, Sequence
from gettext import GNUTranslations
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from ..content.model import Brief
from ..content.overlay import FOLDER
from ..content.reader import Document, load_yaml, read_text
from ..errors import BriefError, Location, Problem, TemplateError
from ..support.locations import TEMPLATES

TEMPLATE_FILE = TEMPLATES / "messages" / "messages.pot"
OVERRIDES = "messages.yaml"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is named before it is translated."""
    return message


# How prose names a table or figure it refers to; the space does not break ("Table 3").
TABLE_REFERENCE = N_("Table\u00a0%(number)s")
FIGURE_REFERENCE = N_("Figure\u00a0%(number)s")


def _read(path: Path, locale: str | None = None) -> Catalog:
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size, locale)


@functools.lru_cache(maxsize=64)
def _parsed(path: Path, _mtime: int, _size: int, locale: str | None) -> Catalog:
    """A catalogue as read from its file; kept while the file is unchanged (it is only read from)."""
    try:
        return read_po(io.StringIO(read_text(path)), locale=locale, abort_invalid=True)
    except BriefError:
        raise
    except (PoFileError, UnknownLocaleError, ValueError, TypeError) as error:  # Babel's, on a catalogue it cannot read
        raise TemplateError([Problem(Location.of(path), f"message catalogue does not parse: {error}")]) from None


def catalogue_files(language: str, template_dirs: Sequence[Path]) -> list[Path]:
    """The catalogues for ``language`` (or its base language: fr for fr-CA), the built-in one first."""
    names = [f"{language}.po", f"{language.replace('-', '_')}.po", f"{language.split('-')[0]}.po"]
    found = []
    for folder in (TEMPLATES, *reversed(template_dirs)):
        path = next((folder / "messages" / name for name in names if (folder / "messages" / name).is_file()), None)
        if path is not None:
            found.append(path)
    return found


class Messages:
    """The catalogue a brief prints with: gettext and ngettext, as Jinja2's i18n extension calls them."""

    def __init__(self, language: str, catalog: Catalog) -> None:
        self.language = language
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        self._translations = GNUTranslations(buffer)

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._translations.ngettext(singular, plural, count)

    def __call__(self, message: str, **values: object) -> str:
        """A message with its placeholders filled: ``messages("Table %(number)s", number=3)``."""
        text = self.gettext(message)
        return text % values if values else text

    def plural(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self.ngettext(singular, plural, count) % {"num": count, **values}

    @property
    def translations(self) -> GNUTranslations:
        return self._translations


def css_content(text: str, **expressions: str) -> str:
    """A message as a CSS ``content`` value: its words as strings, each placeholder the CSS expression
    given for it (``counter(page)``)."""
    parts = []
    for index, piece in enumerate(_PLACEHOLDER.split(text)):
        if index % 2:
            parts.append(expressions[piece])
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
            parts.append(f'"{escaped}"')
    return " ".join(parts) or '""'


def print_labels(messages: Messages, counter_style: str) -> str:
    """The print edition's words that the stylesheets place (page numbers, page references), as the
    custom properties print.css uses; a designer's stylesheet can still set them."""
    page, pages = f"counter(page, {counter_style})", f"counter(pages, {counter_style})"
    target = f"target-counter(attr(href), page, {counter_style})"
    labels = {
        "--counter-style": counter_style,
        "--label-page-number": css_content(messages.gettext("Page %(page)s of %(pages)s"), page=page, pages=pages),
        "--label-page-reference": css_content(messages.gettext(" (p.\u00a0%(page)s)"), page=target),
    }
    return ":root {\n" + "".join(f"  {name}: {value};\n" for name, value in labels.items()) + "}\n"


def english() -> Messages:
    """The source catalogue: every message as the templates write it."""
    return Messages("en", _read(TEMPLATE_FILE, "en"))


def _known_ids(catalogs: Iterable[Catalog]) -> dict[str, Message]:
    return {_key(message.id): message for catalog in catalogs for message in catalog if message.id}


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _keeps_placeholders(form: str, message_id: str, plural: bool) -> bool:
    """Every value the message is given is used, and no other (a plural form may leave out the count)."""
    wanted, given = set(_PLACEHOLDER.findall(message_id)), set(_PLACEHOLDER.findall(form))
    return given <= wanted and wanted - {"num"} <= given if plural else given == wanted


def _brief_overrides(path: Path, known: dict[str, Message],
                     nplurals: int) -> tuple[dict[str, str | tuple[str, ...]], list[Problem]]:
    """messages.yaml as message id to its new wording, and what is wrong with it."""
    document: Document = load_yaml(path)
    problems: list[Problem] = []
    if not isinstance(document.data, dict):
        return {}, [Problem(document.where(), "expected a mapping of messages (as the English catalogue writes "
                                              "them) to their wording for this brief")]
    overrides: dict[str, str | tuple[str, ...]] = {}
    for key, value in document.data.items():
        where = document.where(key)
        message = known.get(str(key))
        if message is None:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (the messages are listed in {TEMPLATE_FILE.name})"
            problems.append(Problem(where, f"unknown message '{key}'{hint}"))
            continue
        forms = value if isinstance(value, list) else [value]
        if message.pluralizable and len(forms) != nplurals:
            problems.append(Problem(where, f"message '{key}' has plural forms: give a list of the {nplurals} "
                                           "forms this language has"))
        elif not all(isinstance(form, str) and form.strip() for form in forms) or \
                (not message.pluralizable and isinstance(value, list)):
            problems.append(Problem(where, f"message '{key}': expected its wording as text"))
        elif not all(_keeps_placeholders(form, _key(message.id), message.pluralizable) for form in forms):
            names = ", ".join(f"%({name})s" for name in sorted(set(_PLACEHOLDER.findall(_key(message.id)))))
            problems.append(Problem(where, f"message '{key}' must keep its placeholders ({names})"))
        else:
            overrides[str(key)] = tuple(forms) if message.pluralizable else forms[0]
    return overrides, problems


def _stamp(path: Path) -> tuple[Path, int, int] | None:
    stat = path.stat() if path.is_file() else None
    return (path, stat.st_mtime_ns, stat.st_size) if stat else None


def load_messages(brief: Brief, template_dirs: Sequence[Path] = ()) -> Messages:
    """The brief's catalogue: the language's catalogues in search order, then the brief's messages.yaml
    (a translation's own, in translations/<language>/).

    A language without a catalogue is an error at brief.yaml's ``language:``, not English printed. The
    stages of one build (theme, charts, both editions, attachments) share it while its files are unchanged."""
    files = catalogue_files(brief.meta.language, template_dirs)
    # A translation rewords messages in its own folder: the original's messages.yaml is in another language.
    root = brief.root / FOLDER / brief.translation if brief.translation else brief.root
    return _assembled(brief.meta.language, root, tuple(template_dirs),
                      tuple(_stamp(path) for path in files), _stamp(root / OVERRIDES))


def site_messages(language: str, where: Location, template_dirs: Sequence[Path] = ()) -> Messages:
    """The catalogue of pages that belong to no one brief (a series site's), in ``language``."""
    files = catalogue_files(language, template_dirs)
    if not files:
        raise TemplateError([Problem(where, f"language: no message catalogue for '{language}'")])
    return Messages(language, _merged(language, files)[1])


def _merged(language: str, files: Sequence[Path]) -> tuple[list[Catalog], Catalog]:
    """The catalogues read, and merged: later folders reword what earlier ones say."""
    catalogs = [_read(path, language.replace("-", "_")) for path in files]
    # The plural rule is CLDR's for the language (Babel's), whatever a catalogue's header says.
    merged = Catalog(locale=language.replace("-", "_"))
    for catalog in catalogs:
        for message in catalog:
            if message.id and (all(message.string) if isinstance(message.string, tuple) else message.string):
                merged[message.id] = message
    return catalogs, merged


@functools.lru_cache(maxsize=16)
def _assembled(language: str, root: Path, template_dirs: tuple[Path, ...],
               stamps: tuple[tuple[Path, int, int] | None, ...], _overrides: tuple[Path, int, int] | None) -> Messages:
    files = [stamp[0] for stamp in stamps if stamp]
    if not files:
        where = load_yaml(root / "brief.yaml").where("language")
        have = sorted({p.stem for d in (TEMPLATES, *template_dirs) for p in (d / "messages").glob("*.po")})
        raise TemplateError([Problem(where, f"language: no message catalogue for '{language}' (there are "
                                            f"{', '.join(have)}); a theme can add templates/messages/"
                                            f"{language}.po")])
    catalogs, merged = _merged(language, files)
    overrides_file = root / OVERRIDES
    if overrides_file.is_file():
        known = _known_ids([_read(TEMPLATE_FILE, "en"), *catalogs])
        overrides, problems = _brief_overrides(overrides_file, known, merged.num_plurals)
        if problems:
            raise TemplateError(problems)
        for key, wording in overrides.items():
            message_id = known[key].id
            # Babel's catalogue keeps a message's old wording when one is set again under its id: replaced whole.
            if message_id in merged:
                del merged[message_id]
            merged[message_id] = Message(message_id, wording)
    return Messages(language, merged)
