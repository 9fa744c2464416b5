"""Random input never crashes the reader, the validator or the checks: a BriefError or success."""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefpress import BriefError, load, render_html
from briefpress.content.images import raster_problem, svg_problem
from briefpress.content.prose import scan
from briefpress.content.reader import load_yaml, parse_yaml
from briefpress.printing.references import css_references, html_references
from briefpress.render.leftovers import leftover_markup

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_FOLDERS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAML_ALPHABET = "ab01:-?[]{},&*!|>'\"#%@`~. \n\t"
MARKDOWN_ALPHABET = "ab1 \n*_`#>[]()!{}:<>/\\|-=~^&;\"'"
yaml_text = st.one_of(st.text(), st.text(alphabet=YAML_ALPHABET, max_size=200))
markdown_text = st.one_of(st.text(max_size=300), st.text(alphabet=MARKDOWN_ALPHABET, max_size=300),
                          st.lists(st.sampled_from(["{table:staffing}", "{cite:", "![a](images/bars.svg)", "[^1]",
                                                    "\n\n[^1]: note", "<b>", "| a | b |\n|---|---|\n", "\n"]),
                                   max_size=12).map("".join))


@contextmanager
def minimal_brief() -> Iterator[Path]:
    """A copy of the minimal brief in a folder of its own, removed afterwards (one per example)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "brief"
        shutil.copytree(MINIMAL, root)
        yield root


@FUZZ
@given(yaml_text)
def test_yaml_text_is_read_or_refused_with_a_location(text: str):
    try:
        parse_yaml(text, Path("fuzz.yaml"))
    except BriefError as error:
        assert all(problem.location.path == "fuzz.yaml" for problem in error.problems)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_as_a_yaml_file(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yaml"
        path.write_bytes(data)
        try:
            load_yaml(path)
        except BriefError:
            pass


@FUZZ_FOLDERS
@given(yaml_text)
def test_random_brief_yaml_is_validated_or_refused(text: str):
    with minimal_brief() as root:
        (root / "acronyms.yaml").write_text(text, encoding="utf-8")
        try:
            load(root)
        except BriefError:
            pass


@FUZZ_FOLDERS
@given(markdown_text)
def test_random_prose_is_validated_and_rendered_or_refused(body: str):
    with minimal_brief() as root:
        section = root / "sections" / "01-staffing.md"
        text = section.read_text(encoding="utf-8")
        section.write_text(text + "\n" + body + "\n", encoding="utf-8")
        try:
            brief = load(root)
        except BriefError:
            return
        render_html(brief, "print")


@FUZZ
@given(markdown_text)
def test_prose_scan_never_fails(body: str):
    found = scan(body, "fuzz.md", 1)
    for _, where in found.html:
        assert where.path == "fuzz.md" and (where.line or 0) >= 1


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.text(alphabet="<>/=\"' svgxmlns:usehrefid#&;!D[]", max_size=200).map(str.encode)))
def test_image_checks_return_a_reason_or_none(data: bytes):
    for problem in (svg_problem(data), raster_problem(data, "PNG")):
        assert problem is None or isinstance(problem, str)


@FUZZ
@given(st.text(alphabet="url()'\"@import{}:; /\\#\nab-", max_size=200))
def test_reference_scanners_never_fail(text: str):
    css_references(text)
    css_references(text, declarations=True)
    html_references(f"<style>{text}</style><p style='{text}'><img src='{text}'></p>")


reference_text = st.lists(st.sampled_from(["{", "}", "cite", "table", "cit", ":", ";", ",", " ", "staffing",
                                           "globalsecurity", "[^", "]", "]:", "a", "\n\n", "[^a]", "\n\n[^a]: n"]),
                          max_size=16).map("".join)


@FUZZ_FOLDERS
@given(reference_text)
def test_accepted_references_and_footnotes_leave_no_markup_in_the_page(body: str):
    # Whatever the validator accepts renders whole: no reference or footnote call is left as text.
    with minimal_brief() as root:
        section = root / "sections" / "01-staffing.md"
        section.write_text(section.read_text(encoding="utf-8") + "\n" + body + "\n", encoding="utf-8")
        try:
            brief = load(root)
        except BriefError as error:
            assert all(problem.location.line for problem in error.problems if "01-staffing" in problem.location.path)
            return
        for edition in ("print", "web"):
            assert [piece for piece in leftover_markup(render_html(brief, edition)) if piece != "**"] == []
