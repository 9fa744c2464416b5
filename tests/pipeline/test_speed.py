"""What keeps the build quick, checked by what it does (never by timing it: see benchmarks/bench.py)."""
from __future__ import annotations

import subprocess
import sys

from conftest import PROJECT


def imported_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_the_printer_process_imports_no_template_or_schema_library():
    # The printer starts first and loads WeasyPrint while the build validates; anything more it
    # imports delays the layout.
    loaded = imported_by("from briefpress.printing.child import serve; import briefpress.printing.engine")
    assert not {"jinja2", "pydantic", "markdown_it", "vl_convert", "briefpress.render.html", "briefpress.content.model"} & loaded


def test_the_command_line_starts_without_the_pipeline_or_weasyprint():
    loaded = imported_by("import briefpress.cli")
    assert not {"weasyprint", "jinja2", "pydantic", "briefpress.pipeline.stages"} & loaded
