"""House themes: a folder holding ``templates/``, ``styles/`` (stylesheets with their fonts beside them)
and ``brand.yaml``, kept outside any brief and used by many.

A theme is found by name among the installed packages that declare one under the ``briefpress.themes``
entry point (``name = "package"`` for the package's own folder, or ``"package:folder"`` for a folder
in it), then in the folders listed in ``$BRIEFPRESS_THEMES`` (each sub-folder a theme by its name).
The person running the build may also give any folder (``--theme DIR``).
"""
from __future__ import annotations

import importlib.util
import os
from importlib.metadata import entry_points
from pathlib import Path

GROUP = "briefpress.themes"
SEARCH_PATH = "BRIEFPRESS_THEMES"
BRAND_FILE = "brand.yaml"


def _package_folder(value: str) -> Path | None:
    package, _, folder = value.partition(":")
    try:
        spec = importlib.util.find_spec(package.strip())
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / folder.strip()
    return found if found.is_dir() else None


def installed_themes() -> dict[str, Path]:
    """Every theme found by name, installed packages first, then ``$BRIEFPRESS_THEMES``."""
    themes: dict[str, Path] = {}
    for point in entry_points(group=GROUP):
        if point.name not in themes and (folder := _package_folder(point.value)) is not None:
            themes[point.name] = folder
    for entry in filter(None, os.environ.get(SEARCH_PATH, "").split(os.pathsep)):
        base = Path(entry)
        if base.is_dir():
            for folder in sorted(base.iterdir()):
                if folder.is_dir() and not folder.name.startswith("."):
                    themes.setdefault(folder.name, folder)
    return themes


def find_theme(name_or_folder: str | Path) -> Path | None:
    """An installed theme by name, else a folder by its path; None when neither exists."""
    text = str(name_or_folder)
    if (installed := installed_themes().get(text)) is not None:
        return installed.resolve()
    folder = Path(text)
    return folder.resolve() if folder.is_dir() else None


def theme_templates(theme: Path | None) -> list[Path]:
    return [theme / "templates"] if theme is not None and (theme / "templates").is_dir() else []


def theme_styles(theme: Path | None) -> list[Path]:
    return sorted((theme / "styles").glob("*.css")) if theme is not None else []
