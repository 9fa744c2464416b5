"""Layout plans: where a brief's long tables were cut and which paragraphs were nudged, kept for the next build.

Cutting long tables at their page breaks takes a layout to measure and another to check (see
``paginate``). A plan keeps the outcome with a fingerprint of what was laid out, so the next build
of the same HTML and stylesheets lays the brief out once. A plan is used only for exactly the inputs
it was made from (the files it read, such as fonts and images, included), so the PDF is the same
bytes with or without it; the pass still checks it. Other HTML with the same stylesheets takes from it
what still holds: the cuts of a long table whose part is unchanged, the cuts a table at the same place had
(checked strictly, see ``cutcheck``), and each anchor's page as the first guess of the part layout.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..support.files import write_atomically

VERSION = 4


def fingerprint(html: str, stylesheets: Sequence[str], engine: str = "") -> str:
    """What a layout depends on: the print HTML, the text of each stylesheet, and the layout engine
    (its version: another may break pages elsewhere)."""
    digest = hashlib.sha256(f"{VERSION}\0{engine}\0".encode() + html.encode())
    for text in stylesheets:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def digests(paths: Iterable[Path]) -> tuple[tuple[str, str], ...]:
    """Each file with the SHA-256 of its bytes ("" when it cannot be read), sorted by path."""
    found = {}
    for path in paths:
        try:
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            found[str(path)] = ""
    return tuple(sorted(found.items()))


@dataclass(frozen=True)
class LayoutPlan:
    inputs: str  # the fingerprint of the HTML and stylesheets laid out
    cuts: Mapping[str, frozenset[int]] = field(default_factory=dict)  # by table content key: rows opening a page
    nudged: frozenset[str] = frozenset()  # content keys of blocks laid out with wider word spaces
    files: tuple[tuple[str, str], ...] = ()  # each file the printer read (fonts, images), with its digest
    styles: str = ""  # the fingerprint of the stylesheets and engine alone (the HTML left out)
    parts: Mapping[str, str] = field(default_factory=dict)  # by table content key: its part's digest (pageparts)
    pages: Mapping[str, int] = field(default_factory=dict)  # each anchor's page: the guesses of the next layout
    places: Mapping[str, str] = field(default_factory=dict)  # by table content key: where it is (pageparts.places)

    def holds(self, inputs: str, roots: Sequence[Path]) -> bool:
        """Whether this plan was made from ``inputs`` and the files it read, all below ``roots`` (the
        only places the printer reads), are as they were."""
        return self.inputs == inputs and self._files_hold(roots)

    def same_styles(self, styles: str, roots: Sequence[Path]) -> bool:
        """Whether this plan was laid out with these stylesheets and engine and the same files: what it
        found of a part that is unchanged (see ``part_cuts``) holds for other HTML too."""
        return self.styles == styles and self._files_hold(roots)

    def part_cuts(self, parts: Mapping[str, str]) -> dict[str, frozenset[int]]:
        """The cuts of each long table whose part (given by its digest) is the one this plan laid out."""
        return {key: self.cuts[key] for key, digest in parts.items() if self.parts.get(key) == digest and key in self.cuts}

    def place_cuts(self, places: Mapping[str, str]) -> dict[str, frozenset[int]]:
        """For each table in ``places`` (content key: place), the cuts of the table this plan had at that
        place, edited since or in a part that changed: to be checked (see ``cutcheck``), not trusted."""
        previous = {place: key for key, place in self.places.items() if self.cuts.get(key)}
        return {key: self.cuts[previous[place]] for key, place in places.items() if place in previous}

    def _files_hold(self, roots: Sequence[Path]) -> bool:
        folders = [root.resolve() for root in roots]
        paths = [Path(path).resolve() for path, _ in self.files]
        if not all(any(path.is_relative_to(folder) for folder in folders) for path in paths):
            return False
        return digests(Path(path) for path, _ in self.files) == self.files

    def to_json(self) -> bytes:
        cuts = {key: sorted(rows) for key, rows in sorted(self.cuts.items())}
        return json.dumps({"version": VERSION, "inputs": self.inputs, "cuts": cuts, "nudged": sorted(self.nudged),
                           "files": dict(self.files), "styles": self.styles, "parts": dict(sorted(self.parts.items())),
                           "pages": dict(sorted(self.pages.items())),
                           "places": dict(sorted(self.places.items()))},
                          indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> LayoutPlan | None:
        """The plan in ``data``, or None when it is not a plan this version wrote."""
        try:
            raw = json.loads(data)
            if raw.get("version") != VERSION:
                return None
            cuts = {str(key): frozenset(int(row) for row in rows) for key, rows in raw["cuts"].items()}
            files = tuple(sorted((str(path), str(digest)) for path, digest in raw["files"].items()))
            parts = {str(key): str(digest) for key, digest in raw["parts"].items()}
            pages = {str(anchor): int(page) for anchor, page in raw["pages"].items()}
            places = {str(key): str(place) for key, place in raw["places"].items()}
            return cls(str(raw["inputs"]), cuts, frozenset(str(key) for key in raw["nudged"]), files,
                       str(raw["styles"]), parts, pages, places)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def plan_file(folder: Path, slug: str) -> Path:
    return folder / f"{slug}.json"


def read_plan(folder: Path | None, slug: str) -> LayoutPlan | None:
    """The plan the last build of ``slug`` left in ``folder``, if any and readable."""
    if folder is None:
        return None
    try:
        return LayoutPlan.from_json(plan_file(folder, slug).read_bytes())
    except OSError:
        return None


def write_plan(folder: Path | None, slug: str, plan: LayoutPlan | None) -> None:
    """Keep ``plan`` for the next build; a cache that cannot be written only costs speed."""
    if folder is None or plan is None:
        return
    try:
        write_atomically(plan_file(folder, slug), plan.to_json())
    except OSError:
        pass
