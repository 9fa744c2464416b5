"""What the brief sets of its own look, checked while it is validated: its brand filling in the metadata,
the installed theme it names, and the stylesheets and templates it carries (read by the build, so they
follow the brief's file rule too)."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problems
from ..support.themes import SEARCH_PATH, installed_themes
from .images import MAX_IMAGE_BYTES
from .model import Brand, BriefMeta
from .reader import Document, outside, refused


def apply_brand(meta: BriefMeta, meta_doc: Document, brand: Brand, problems: Problems) -> BriefMeta:
    """The brand's organization and paper fill in what brief.yaml leaves out; brief.yaml wins."""
    spec, update = brand.spec, {}
    inline = isinstance(meta.brand, dict)
    if spec.organization and meta.organization and inline and spec.organization != meta.organization:
        problems.add(meta_doc.where("brand", "organization"),
                     f"brand.organization: conflicts with 'organization' ('{meta.organization}'); set it in one place")
    if meta.organization is None:
        if spec.organization is None:
            problems.add(meta_doc.where(), "missing field 'organization' (or set it in the brand)")
        update["organization"] = spec.organization
    if spec.paper and "paper" not in meta.model_fields_set:
        update["paper"] = spec.paper
    return meta.model_copy(update=update) if update else meta


def check_overrides(root: Path, problems: Problems) -> None:
    """The brief's own stylesheets and templates follow the file rule too: they are read by the build."""
    styles, templates = root / "styles", root / "templates"
    if styles.exists() and not outside(styles, root, problems):
        for path in sorted(styles.glob("*.css")):
            refused(path, root, MAX_IMAGE_BYTES, problems)
    if templates.exists() and not outside(templates, root, problems):
        for folder, dirs, names in os.walk(templates):  # links to folders are not followed, but checked
            for name in sorted(dirs + names):
                path = Path(folder, name)
                if path.is_symlink() or not path.is_dir():
                    refused(path, root, MAX_IMAGE_BYTES, problems)


def named_theme(meta: BriefMeta, meta_doc: Document, problems: Problems) -> Path | None:
    if meta.theme is None:
        return None
    themes = installed_themes()
    if meta.theme not in themes:
        known = ", ".join(sorted(themes)) or f"none; see ${SEARCH_PATH}"
        problems.add(meta_doc.where("theme"), f"theme: unknown theme '{meta.theme}' (installed: {known})")
        return None
    return themes[meta.theme].resolve()
