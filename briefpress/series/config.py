"""series.yaml: the series' title, description, base URL and organization, and the briefs it holds.

    title: Open Policy Briefs
    description: Short, sourced briefs on foreign relations.
    url: https://briefs.example.org/
    organization: Open Policy Briefs
    topics: [Iraq, United States, aid]      # optional: the topics the site lists (else every keyword)
    briefs:
      - content/                            # a content folder, relative to this file
      - content: ../norland
        topics: [aid]                       # this brief's topics, instead of its keywords
      - content: ../norland-fr
        edition_of: norland-aid             # the same brief in another language
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

from ..content.model import ID_PATTERN, Schema, Text, cldr_language
from ..content.reader import load_yaml
from ..content.schema import check_schema
from ..errors import ContentError, Location, Problems


class BriefEntry(Schema):
    content: Text
    topics: list[Text] | None = None
    edition_of: Annotated[str, Field(pattern=ID_PATTERN)] | None = None


def _base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class SeriesSpec(Schema):
    title: Text
    description: Text
    url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/\S*)?$"), AfterValidator(_base_url)]
    organization: Text
    language: Annotated[str, AfterValidator(cldr_language)] = "en"  # of the site's own pages
    topics: list[Text] = Field(default_factory=list)
    briefs: list[Text | BriefEntry] = Field(min_length=1)


@dataclass(frozen=True)
class SeriesBrief:
    content: Path
    location: Location  # where series.yaml lists it
    topics: tuple[str, ...] | None = None
    edition_of: str | None = None


@dataclass(frozen=True)
class Series:
    path: Path
    spec: SeriesSpec
    briefs: tuple[SeriesBrief, ...]


def load_series(path: Path) -> Series:
    """Read and check series.yaml; ContentError lists every problem, located in the file."""
    if not path.is_file():
        raise ContentError.at(Location.of(path), "file not found: give the series file (series.yaml)")
    document, problems = load_yaml(path), Problems()
    spec = check_schema(SeriesSpec, document, problems)
    problems.raise_if_any()
    assert spec is not None
    briefs: list[SeriesBrief] = []
    seen: dict[Path, int] = {}
    for index, entry in enumerate(spec.briefs):
        entry = entry if isinstance(entry, BriefEntry) else BriefEntry(content=entry)
        where = document.where("briefs", index, *(["content"] if isinstance(spec.briefs[index], BriefEntry) else []))
        folder = (path.parent / entry.content).resolve()
        if not (folder / "brief.yaml").is_file():
            problems.add(where, f"briefs[{index}]: '{entry.content}' is not a content folder (no brief.yaml in it)")
        elif folder in seen:
            problems.add(where, f"briefs[{index}]: '{entry.content}' is listed twice (first at briefs[{seen[folder]}])")
        seen.setdefault(folder, index)
        briefs.append(SeriesBrief(folder, where, tuple(entry.topics) if entry.topics is not None else None,
                                  entry.edition_of))
    problems.raise_if_any()
    return Series(path, spec, tuple(briefs))
