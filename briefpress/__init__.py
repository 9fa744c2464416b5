"""briefpress: structured content to a styled policy brief, as PDF and web edition.

The public API: ``load`` (read and validate a content folder), ``render_html`` (the brief through the
templates), ``write_pdf`` (print HTML with the sandboxed fetcher), or ``build`` everything at once.
Errors carry their location. Names are imported on first use, so ``import briefpress`` stays cheap
and the first-run set-up (``briefpress.bootstrap``) works before any dependency is installed.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "BriefError": "errors", "ContentError": "errors", "Location": "errors", "Problem": "errors",
    "RenderError": "errors", "TemplateError": "errors", "OutputError": "errors",
    "Limits": "printing.limits", "PrintWorker": "printing.worker",
    "BuildResult": "pipeline.options", "Options": "pipeline.options", "Outputs": "pipeline.options",
    "Builder": "pipeline.builder", "build": "pipeline.builder", "check": "pipeline.builder",
    "Theme": "render.theme", "render_html": "render.html",
    "load": "content.validate",
    "write_pdf": "printing.single", "PrintJob": "printing.job", "PrintedPDF": "printing.job",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'briefpress' has no attribute {name!r}")
    module = import_module(f".{_EXPORTS[name]}", __name__)
    value = getattr(module, "validate" if name == "load" else name)
    globals()[name] = value
    return value
