"""briefpress: structured content to a styled policy brief, as PDF and web edition.

The public API: ``load`` and ``validate`` the content, ``render_html`` it through the templates,
``write_pdf`` it, or ``build`` everything at once; errors carry their location.
"""
from .errors import BriefError, ContentError, Location, Problem, RenderError, TemplateError
from .pipeline import BuildResult, Options, build, check
from .render import Theme, render_html
from .validate import validate as load

__all__ = [
    "BriefError", "BuildResult", "ContentError", "Location", "Options", "Problem", "RenderError",
    "TemplateError", "Theme", "build", "check", "load", "render_html", "write_pdf",
]


def write_pdf(*args, **kwargs):
    """Print HTML to PDF with the sandboxed fetcher (see briefpress.pdf.write_pdf)."""
    from .pdf import write_pdf as _write_pdf

    return _write_pdf(*args, **kwargs)
