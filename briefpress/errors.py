"""Errors that know where they happened and format that place themselves."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Self


def display_path(path: str | os.PathLike[str]) -> str:
    """Show a path relative to the working directory when it lies below it."""
    text = os.fspath(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return text if relative.startswith("..") else relative


@dataclass(frozen=True)
class Location:
    """A place in a file; line and column are 1-based and optional."""

    path: str
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, path: str | Path, line: int | None = None, column: int | None = None) -> Location:
        return cls(display_path(path), line, column)

    @classmethod
    def in_text(cls, path: str | Path, text: str, index: int, first_line: int = 1) -> Location:
        """The place of ``text[index]``, where ``text`` starts on line ``first_line`` of ``path``."""
        line = text.count("\n", 0, index)
        return cls.of(path, first_line + line, index - (text.rfind("\n", 0, index) + 1) + 1)

    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.line or 0, self.column or 0)

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, the templates or the build, and where."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class BriefError(Exception):
    """A build cannot go on; carries every problem found, each with its location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.location.sort_key(), p.message))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def at(cls, location: Location, message: str) -> Self:
        return cls([Problem(location, message)])


class ContentError(BriefError):
    """The content folder is invalid (YAML, schema, references, files)."""


class TemplateError(BriefError):
    """A template failed to compile or render."""


class RenderError(BriefError):
    """Printing the PDF failed, was refused, or exceeded a limit."""


class OutputError(BriefError):
    """The outputs could not be written (disk full, permissions); nothing was replaced."""


class Problems:
    """Collects problems so validation can report all of them, then abort once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self, error: type[BriefError] = ContentError) -> None:
        if self.items:
            raise error(self.items)
