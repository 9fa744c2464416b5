"""Brand stage: the brief's own look (colours, fonts, logo, organization, paper) as design tokens.

Settings come from ``brand:`` in brief.yaml or from a theme file it names; they are validated like
the rest of the content, and become a stylesheet of CSS custom properties loaded after
``styles/tokens.css``, so both editions (and the charts) follow them.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, ValidationError

from ..errors import BriefError, Problems
from ..support.themes import BRAND_FILE
from ..support.uris import file_data_uri
from .images import file_problem
from .model import Brand, BrandSpec, BriefMeta, Schema
from .reader import Document, load_yaml
from .reader import inside as resolve_inside  # `inside` names a parameter below
from .schema import check_schema

BUNDLED_FAMILIES = ("IBM Plex Sans", "IBM Plex Sans Arabic", "IBM Plex Serif")
LOGO_SUFFIXES = {".svg": "image/svg+xml", ".png": "image/png"}
FONT_SUFFIXES = {".woff2": (b"wOF2",), ".woff": (b"wOFF",), ".ttf": (b"\x00\x01\x00\x00", b"true"),
                 ".otf": (b"OTTO", b"\x00\x01\x00\x00")}
FONT_TYPES = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}
FONT_NAMES = {".woff2": "WOFF2", ".woff": "WOFF", ".ttf": "TrueType", ".otf": "OpenType"}
MAX_ASSET_BYTES = 4 * 1024 * 1024


class _InlineBrand(Schema):
    """brief.yaml seen only for its ``brand:`` mapping, so errors read ``brand.accent_color: ...``."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)
    brand: BrandSpec


def load_brand(root: Path, meta: BriefMeta, meta_doc: Document, problems: Problems,
               theme: Path | None = None) -> Brand:
    """The brief's validated brand, else its theme's; every problem is added to ``problems`` with its location."""
    if meta.brand is None:
        theme_brand = theme / BRAND_FILE if theme is not None else None
        return _brand_file(theme_brand, problems) if theme_brand and theme_brand.is_file() else Brand()
    if isinstance(meta.brand, dict):
        spec = _spec(meta.brand, lambda: check_schema(_InlineBrand, meta_doc, problems))
        return _resolve(spec, root, root, meta_doc, ("brand",), problems) if spec else Brand()
    # A theme file named by the brief is the brief's own file: it may not lead out of the brief.
    path = resolve_inside(root, meta.brand, root)
    if path is None:
        problems.add(meta_doc.where("brand"), f"brand: theme file '{meta.brand}' is outside the brief")
        return Brand()
    if not path.is_file():
        problems.add(meta_doc.where("brand"), f"brand: theme file '{meta.brand}' not found")
        return Brand()
    return _brand_file(path, problems)


def _brand_file(path: Path, problems: Problems) -> Brand:
    """A brand kept in a file of its own; the files it names are looked for beside it."""
    try:
        document = load_yaml(path)
    except BriefError as error:
        problems.extend(error.problems)
        return Brand()
    spec = _spec(document.data, lambda: check_schema(BrandSpec, document, problems))
    return _resolve(spec, path.parent, path.parent, document, (), problems) if spec else Brand()


def _spec(data: Any, report: Callable[[], object]) -> BrandSpec | None:
    """The settings that are valid, after ``report`` has located the ones that are not.

    Keeping the valid settings lets their files (logo, fonts) be checked in the same run.
    """
    try:
        return BrandSpec.model_validate(data)
    except ValidationError as error:
        report()
        if not isinstance(data, dict):
            return None
        bad = {item["loc"][0] for item in error.errors() if item["loc"]}
        try:
            return BrandSpec.model_validate({key: value for key, value in data.items() if key not in bad})
        except ValidationError:
            return None


def _resolve(spec: BrandSpec, base: Path, boundary: Path, document: Document, at: tuple[str, ...],
             problems: Problems) -> Brand:
    prefix = "".join(f"{part}." for part in at)
    inside = "the brief" if at else "the theme file's folder"
    logo = None
    if spec.logo is not None:
        where = document.where(*at, "logo")
        problem, logo = _asset(base, boundary, spec.logo, LOGO_SUFFIXES, "an SVG or PNG image", inside)
        if problem is None and logo is not None and (why := file_problem(logo)):
            problem = f"'{spec.logo}' {why}"
        if problem:
            problems.add(where, f"{prefix}logo: {problem}")
            logo = None
    fonts = []
    for index, face in enumerate(spec.fonts):
        problem, path = _asset(base, boundary, face.file, FONT_SUFFIXES, "a WOFF2, WOFF, TTF or OTF font", inside)
        problem = problem or (_font_problem(path) if path else None)
        if problem or path is None:
            problems.add(document.where(*at, "fonts", index, "file"), f"{prefix}fonts[{index}].file: {problem}")
        else:
            fonts.append((face, path))
    declared = {face.family for face in spec.fonts}
    for key in ("heading_font", "text_font"):
        family = getattr(spec, key)
        if family is not None and family not in BUNDLED_FAMILIES and family not in declared:
            problems.add(document.where(*at, key),
                         f"{prefix}{key}: unknown font family '{family}' (bundled: {', '.join(BUNDLED_FAMILIES)};"
                         f" or declare its files under '{prefix}fonts')")
    return Brand(spec, logo, tuple(fonts), _reference_docx(spec, base, boundary, document, at, problems, inside))


def _reference_docx(spec: BrandSpec, base: Path, boundary: Path, document: Document, at: tuple[str, ...],
                    problems: Problems, inside: str) -> Path | None:
    if spec.reference_docx is None:
        return None
    problem, path = _asset(base, boundary, spec.reference_docx, {".docx": ""}, "a Word document (.docx)", inside)
    if problem is None and path is not None:
        with path.open("rb") as stream:
            if stream.read(4) != b"PK\x03\x04":
                problem = f"'{spec.reference_docx}' is not a Word document (it is not a .docx package)"
    if problem:
        problems.add(document.where(*at, "reference_docx"), f"{''.join(f'{p}.' for p in at)}reference_docx: {problem}")
        return None
    return path


def _asset(base: Path, boundary: Path, name: str, suffixes: dict, kind: str,
           inside: str) -> tuple[str | None, Path | None]:
    """Why a file named by the brand is refused, or its resolved path."""
    path = resolve_inside(base, name, boundary)
    if path is None:
        return f"'{name}' is outside {inside}", None
    if path.suffix.lower() not in suffixes:
        return f"'{name}' is not {kind}", None
    if not path.is_file():
        return f"'{name}' not found", None
    size = path.stat().st_size
    if size > MAX_ASSET_BYTES:
        return f"'{name}' is {size:,} bytes, over the limit of {MAX_ASSET_BYTES:,}", None
    return None, path


def _font_problem(path: Path) -> str | None:
    with path.open("rb") as stream:
        magic = stream.read(4)
    if magic in FONT_SUFFIXES[path.suffix.lower()]:
        return None
    return f"'{path.name}' is not a readable {FONT_NAMES[path.suffix.lower()]} font"


def _mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``; both #rrggbb."""
    channels = [round(int(colour[i:i + 2], 16) * (1 - amount) + int(other[i:i + 2], 16) * amount)
                for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in channels)


def tokens(brand: Brand) -> dict[str, str]:
    """The CSS custom properties the brand sets; derived shades keep the palette in one hue."""
    spec, values = brand.spec, {}
    if spec.accent_color:
        values.update({"--accent": spec.accent_color, "--accent-strong": _mix(spec.accent_color, "#000000", 0.35),
                       "--accent-soft": _mix(spec.accent_color, "#ffffff", 0.9)})
    if spec.text_color:
        values.update({"--color-text": spec.text_color, "--color-muted": _mix(spec.text_color, "#ffffff", 0.3)})
    if spec.heading_font:
        values["--font-heading"] = f'"{spec.heading_font}", "IBM Plex Sans Arabic", sans-serif'
    if spec.text_font:
        values["--font-text"] = f'"{spec.text_font}", "IBM Plex Sans Arabic", serif'
    return values


def stylesheet(brand: Brand) -> str:
    """The brand as CSS: @font-face rules for its font files, then its tokens on :root."""
    rules = []
    for face, path in brand.fonts:
        suffix = path.suffix.lower()
        uri = file_data_uri(path, f"font/{suffix[1:]}")
        rules.append(f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; "
                     f"font-weight: {face.weight}; src: url({uri}) "
                     f"format('{FONT_TYPES[suffix]}'); }}")
    declarations = "".join(f"\n  {name}: {value};" for name, value in tokens(brand).items())
    if declarations:
        rules.append(f":root {{{declarations}\n}}")
    return "\n".join(rules)


def logo_src(brand: Brand) -> str | None:
    """The logo as a data URI, so the single-file web edition carries it too."""
    if brand.logo is None:
        return None
    kind = LOGO_SUFFIXES[brand.logo.suffix.lower()]
    return file_data_uri(brand.logo, kind)
