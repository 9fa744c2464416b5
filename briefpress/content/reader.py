"""Read stage: read the content folder's files strictly, keeping where every value came from.

YAML is read without PyYAML's type guessing: every scalar arrives as text (``Plain`` when it was
unquoted), and the schema converts only what it declares as a number or a date. Duplicate keys,
anchors, aliases, explicit tags, deep nesting, oversized and non-UTF-8 files are located errors.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError, Location, Problem, Problems

MAX_FILE_BYTES = 2 * 1024 * 1024
# The whole folder: what the build holds in memory grows with it, so it is bounded before anything is read.
MAX_BRIEF_BYTES = 64 * 1024 * 1024
MAX_BRIEF_FILES = 2_000
MAX_DEPTH = 32
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


class Plain(str):
    """An unquoted YAML scalar, kept as text; free-form data (chart specs) may resolve it."""

    __slots__ = ()


Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML document and the location of each value, keyed by its path in the data."""

    path: Path
    data: Any
    positions: dict[Path_, Location] = field(default_factory=dict)

    def where(self, *keys: str | int) -> Location:
        """The location of the value at ``keys``, or of its nearest existing parent."""
        path: Path_ = tuple(keys)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, Location.of(self.path))


@dataclass
class Prose:
    """A Markdown file: its front matter as a Document and its body with the body's first line."""

    path: Path
    meta: Document
    body: str
    body_line: int


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 file under a size limit; a BOM is dropped, anything else wrong is located."""
    location = Location.of(path)
    if not path.is_file():
        raise ContentError.at(location, "file not found")
    size = path.stat().st_size
    if size > limit:
        raise ContentError.at(location, f"file is {size:,} bytes, over the limit of {limit:,}")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError.at(
            Location.of(path, line, column),
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x})",
        ) from None
    return text.removeprefix("\ufeff")


class _StrictLoader(yaml.SafeLoader):
    """A composer that refuses what our content never needs and bounds nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "aliases are not allowed")  # type: ignore[arg-type]  # events have marks
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(event.start_mark, f"anchors are not allowed ('&{anchor}')")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise _Refused(event.start_mark, f"tags are not allowed ('{tag}')")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _mark_location(path: Path, mark: yaml.Mark | None, line_offset: int) -> Location:
    if mark is None:
        return Location.of(path)
    return Location.of(path, mark.line + 1 + line_offset, mark.column + 1)


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Document:
    """Parse one YAML document into plain data (dicts, lists, text, None) with positions."""
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as error:  # the reader checks every character up front
        raise ContentError.at(Location.in_text(path, text, error.position, 1 + line_offset),
                              f"YAML: character U+{error.character:04X} is not allowed") from None
    try:
        node = loader.get_single_node()
    except _Refused as refused:
        raise ContentError.at(_mark_location(path, refused.mark, line_offset), refused.message) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        raise ContentError.at(_mark_location(path, mark, line_offset), f"YAML: {message}") from None
    except yaml.YAMLError as error:
        raise ContentError.at(Location.of(path), f"YAML: {error}") from None
    finally:
        loader.dispose()
    document = Document(path, None)
    problems: list[Problem] = []
    if node is not None:
        document.data = _build(node, (), document, line_offset, problems)
    if problems:
        raise ContentError(problems)
    return document


def _build(node: yaml.Node, at: Path_, document: Document, offset: int, problems: list[Problem]) -> Any:
    document.positions[at] = _mark_location(document.path, node.start_mark, offset)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:
            return None if node.value in NULL_WORDS else Plain(node.value)
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, at + (index,), document, offset, problems) for index, item in enumerate(node.value)]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(_mark_location(document.path, key_node.start_mark, offset), "keys must be plain text"))
            continue
        key = str(key_node.value)
        if key in mapping:
            problems.append(Problem(_mark_location(document.path, key_node.start_mark, offset), f"duplicate key '{key}'"))
            continue
        mapping[key] = _build(value_node, at + (key,), document, offset, problems)
        document.positions[at + (key,)] = _mark_location(document.path, key_node.start_mark, offset)
    return mapping


def load_yaml(path: Path) -> Document:
    """Read and parse a YAML file strictly."""
    return parse_yaml(read_text(path), path)


def load_prose(path: Path) -> Prose:
    """Read a Markdown file with YAML front matter between two ``---`` lines."""
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise ContentError.at(Location.of(path, 1, 1), "front matter missing: the file must start with a '---' line")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            meta = parse_yaml("".join(lines[1:index]), path, line_offset=1)
            return Prose(path, meta, "".join(lines[index + 1 :]), index + 2)
    raise ContentError.at(Location.of(path, 1, 1), "front matter not closed: no second '---' line")


def inside(base: Path, name: str, root: Path) -> Path | None:
    """``name`` (relative to ``base``) resolved with its links, or None when it is absolute, a URL,
    or leads outside ``root``."""
    if name.startswith("/") or ":" in name.split("/")[0]:
        return None
    path = (base / name).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def refused(path: Path, root: Path, limit: int, problems: Problems) -> bool:
    """The one rule for a file the brief gives: inside the brief once its links are resolved, a regular
    file (no device, pipe or folder), at most ``limit`` bytes. Checked before the file is read."""
    if outside(path, root, problems):
        return True
    try:
        info = path.stat()
    except OSError:
        problems.add(Location.of(path), "file cannot be read")
        return True
    if not stat.S_ISREG(info.st_mode):
        problems.add(Location.of(path), "is not a regular file (a device, a pipe or a folder)")
        return True
    if info.st_size > limit:
        problems.add(Location.of(path), f"file is {info.st_size:,} bytes, over the limit of {limit:,}")
        return True
    return False


def outside(path: Path, root: Path, problems: Problems) -> bool:
    """A content file that is a link leading out of the brief is refused, not read."""
    if path.resolve().is_relative_to(root.resolve()):
        return False
    problems.add(Location.of(path), f"file is a link to '{path.resolve()}', outside the brief")
    return True


TEXT_SUFFIXES = (".md", ".yaml", ".yml", ".csv", ".html")


def find_written(text: str, root: Path | None) -> Location | None:
    """Where ``text`` is first written in the brief's own text files, if it is: to locate what turns up
    only once the brief is rendered (a character no font has, markup left in a page)."""
    if root is None or not root.is_dir():
        return None
    for path in sorted(p for p in root.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file()):
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if (column := line.find(text)) >= 0:
                return Location.of(path, number, column + 1)
    return None


def folder_too_large(root: Path) -> str | None:
    """Why the brief folder is too large to build (its files counted without following links), or None.
    Hidden entries (``.git``, editor files) are left out: the build reads none of them."""
    count = total = 0
    pending = [root]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # an unreadable folder is reported where a file in it is needed
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
                continue
            count += 1
            total += entry.stat(follow_symlinks=False).st_size
            if count > MAX_BRIEF_FILES:
                return f"the brief folder holds more than the limit of {MAX_BRIEF_FILES:,} files"
    if total > MAX_BRIEF_BYTES:
        return (f"the brief folder holds {total / 2**20:,.1f} MiB, over the limit of {MAX_BRIEF_BYTES // 2**20} MiB: "
                "keep large data beside the brief, not in it")
    return None
