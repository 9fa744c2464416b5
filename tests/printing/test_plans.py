"""Layout plans: a build starts from the previous build's table cuts and nudges, and checks them."""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from briefpress.errors import Location
from briefpress.printing.engine import render_document
from briefpress.printing.job import PrintJob
from briefpress.printing.paginate import content_key, nudge
from briefpress.printing.partlayout import PartPrinter
from briefpress.printing.plans import LayoutPlan, read_plan, write_plan
from briefpress.render.theme import STYLES, Theme

SLUG = "iraq-us-relations"


def long_table_job(intro: str = "<p>A short introduction.</p>", rows: int = 40, plan: LayoutPlan | None = None,
                   folder: Path = STYLES):
    body = "".join(f"<tr><td>{n}</td><td>Row {n} of a table that runs over several small pages.</td></tr>"
                   for n in range(rows))
    html = (f'<html lang="en"><head><style>@page {{ size: A6; margin: 12mm; }}</style></head><body>{intro}'
            f'<table class="data-table" data-continued="Table 1 (continued)"><caption>Table 1. Long</caption>'
            f"<thead><tr><th>N</th><th>Text</th></tr></thead><tbody>{body}</tbody></table></body></html>")
    return PrintJob(html, tuple(Theme().stylesheets("print")), (STYLES, folder), folder, Location("test.html"),
                    plan=plan)


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The page count of each layout pass, as they happen."""
    passes: list[int] = []
    render = PartPrinter.render

    def counted(self, *args, **kwargs):
        document = render(self, *args, **kwargs)
        passes.append(len(document.pages))
        return document

    monkeypatch.setattr(PartPrinter, "render", counted)
    return passes


def test_a_plan_that_still_holds_lays_the_table_out_once(layouts: list[int]):
    first = render_document(long_table_job())
    assert first.problems == [] and len(layouts) == 2  # measured, then cut and checked
    (cuts,) = first.plan.cuts.values()
    assert len(cuts) >= 2
    layouts.clear()
    again = render_document(long_table_job(plan=first.plan))
    assert len(layouts) == 1 and again.problems == []
    assert again.plan == first.plan
    assert [page.width for page in again.document.pages] == [page.width for page in first.document.pages]


def test_a_plan_for_other_inputs_is_not_used(layouts: list[int]):
    planned = render_document(long_table_job()).plan
    intro = "<p>A short introduction.</p>" * 3  # the table's first page holds fewer rows: every cut moves
    fresh = render_document(long_table_job(intro)).plan
    assert fresh.cuts != planned.cuts
    layouts.clear()
    from_plan = render_document(long_table_job(intro, plan=planned))
    assert len(layouts) == 2 and from_plan.plan == fresh and from_plan.problems == []


def test_a_plan_is_not_used_once_a_file_it_read_has_changed(layouts: list[int], tmp_path: Path):
    picture = tmp_path / "picture.svg"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="{}"><rect width="100" height="10"/></svg>'
    picture.write_text(svg.format(20))
    intro = '<p>A short introduction.</p><img src="picture.svg" alt="A picture">'
    planned = render_document(long_table_job(intro, folder=tmp_path)).plan
    assert (str(picture), hashlib.sha256(picture.read_bytes()).hexdigest()) in planned.files
    picture.write_text(svg.format(160))  # same HTML, a taller picture: the table starts lower
    layouts.clear()
    from_plan = render_document(long_table_job(intro, plan=planned, folder=tmp_path))
    assert len(layouts) == 2 and from_plan.problems == []
    assert from_plan.plan.cuts != planned.cuts


def test_a_plan_naming_files_outside_the_printers_roots_is_not_used(layouts: list[int], tmp_path: Path):
    planned = render_document(long_table_job()).plan
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not the printer's to read")
    digest = hashlib.sha256(elsewhere.read_bytes()).hexdigest()  # as it is: only its place is wrong
    tampered = dataclasses.replace(planned, files=(*planned.files, (str(elsewhere), digest)))
    layouts.clear()
    assert render_document(long_table_job(plan=tampered)).plan == planned
    assert len(layouts) == 2


def appendix_job(text, plan=None):
    """A long table in a part of its own, with a year row kept with the row after it (print.css)."""
    body = "".join((f'<tr class="year-row"><td colspan="2">{2000 + n}</td></tr>' if n % 6 == 0 else "")
                   + f"<tr><td>{n}</td><td>{text(n)}</td></tr>" for n in range(40) if text(n) is not None)
    html = ('<html lang="en"><head><style>@page { size: A6; margin: 12mm; }</style></head><body>'
            '<section id="appendix"><h2>Appendix</h2>'
            '<table class="data-table" data-continued="Table 1 (continued)"><caption>Table 1. Long</caption>'
            f"<thead><tr><th>N</th><th>Text</th></tr></thead><tbody>{body}</tbody></table></section></body></html>")
    return PrintJob(html, tuple(Theme().stylesheets("print")), (STYLES,), STYLES, Location("test.html"), plan=plan)


def _row(n: int, edit: str = "") -> str | None:
    text = f"Row {n} of a table that runs over several small pages."
    if edit == "same-size" and n == 17:
        return text.replace("small", "short")
    if edit == "long-rows" and 1 <= n <= 4:
        return " ".join([text] * 3)
    if edit == "fewer-rows" and 1 <= n <= 4:
        return None
    if edit == "taller" and n == 3:  # the first piece runs past its page
        return " ".join([text] * 4)
    return text


# (the rows before, the rows after): the rows are where they were (only the table's content changed); the
# pieces, cut where they were, would end early (with rows made shorter, or left out) or run past their page.
EDITS = {"same-size": ("", "same-size"), "shorter": ("long-rows", ""), "fewer-rows": ("", "fewer-rows"),
         "taller": ("", "taller")}


@pytest.mark.parametrize(("edit", "passes"), [("same-size", 1), ("shorter", 3), ("fewer-rows", 3), ("taller", 3)])
def test_an_edited_long_table_takes_its_last_cuts_only_where_a_measure_puts_them(layouts: list[int], edit: str,
                                                                                 passes: int):
    before, after = EDITS[edit]
    planned = render_document(appendix_job(lambda n: _row(n, before))).plan
    assert planned.places == dict.fromkeys(planned.cuts, "appendix:0")
    fresh = render_document(appendix_job(lambda n: _row(n, after)))
    assert fresh.problems == [] and set(fresh.plan.cuts) != set(planned.cuts)
    assert (list(fresh.plan.cuts.values()) == list(planned.cuts.values())) == (edit == "same-size")
    layouts.clear()
    tried = render_document(appendix_job(lambda n: _row(n, after), plan=planned))
    assert len(layouts) == passes and tried.problems == []
    assert tried.plan.cuts == fresh.plan.cuts
    assert tried.document.write_pdf(pdf_identifier=b"x") == fresh.document.write_pdf(pdf_identifier=b"x")


def test_nudges_follow_a_paragraph_by_its_text(tmp_path: Path):
    from xml.etree.ElementTree import fromstring

    root = fromstring("<body><p>First.</p><p>Second.</p><div><p>First.</p></div></body>")
    first = content_key(root[0])
    assert content_key(root[2][0]) == first != content_key(root[1])
    assert nudge(root, frozenset({first, "p:0000000000000000"})) == {first}
    assert [p.get("style") for p in root.iter("p")] == ["word-spacing: 0.01em", None, "word-spacing: 0.01em"]


def test_a_kept_block_moves_to_the_next_page_with_its_heading():
    """What frees the room for a footnote the engine would put off to the next page."""
    from xml.etree.ElementTree import fromstring

    root = fromstring("<body><p>Call.</p><h3>Heading</h3><p>Ends the page.</p><p>Alone.</p></body>")
    after_heading, alone = content_key(root[2]), content_key(root[3])
    assert nudge(root, frozenset({"keep:" + after_heading, "keep:" + alone})) == {"keep:" + after_heading,
                                                                                "keep:" + alone}
    assert [element.get("style") for element in root] == [None, "break-before: page", None, "break-before: page"]


def test_the_fingerprint_covers_html_stylesheets_and_engine():
    from briefpress.printing.plans import fingerprint

    base = fingerprint("<p>x</p>", ["p {}"], "WeasyPrint 1")
    assert base == fingerprint("<p>x</p>", ["p {}"], "WeasyPrint 1")
    others = [fingerprint("<p>y</p>", ["p {}"], "WeasyPrint 1"), fingerprint("<p>x</p>", ["p { }"], "WeasyPrint 1"),
              fingerprint("<p>x</p>", ["p {}", ""], "WeasyPrint 1"), fingerprint("<p>x</p>", ["p {}"], "WeasyPrint 2")]
    assert base not in others and len(set(others)) == len(others)


def test_plans_are_kept_per_brief_and_unreadable_ones_ignored(tmp_path: Path):
    plan = LayoutPlan("f" * 64, {"abc-0": frozenset({7, 22})}, frozenset({"p:12"}), (("/fonts/a.otf", "0" * 64),))
    write_plan(tmp_path, "brief", plan)
    assert read_plan(tmp_path, "brief") == plan
    assert read_plan(tmp_path, "other") is None and read_plan(None, "brief") is None
    for broken in (b"", b"{", b'{"version": 0}', b'{"version": 1, "inputs": "f", "cuts": {"x": ["a"]}}', b"[]"):
        (tmp_path / "brief.json").write_bytes(broken)
        assert read_plan(tmp_path, "brief") is None


def test_only_a_part_without_links_or_optional_parts_keeps_its_tables_cuts():
    from xml.etree.ElementTree import fromstring

    from briefpress.printing.pageparts import part_digests

    root = fromstring('<html><body><main>'
                      '<section id="appendix"><table data-split-table="t-0"/></section>'
                      '<section id="linked"><a href="#appendix">see</a><table data-split-table="t-1"/></section>'
                      '<section id="optional"><div data-fits-page="3"/><table data-split-table="t-2"/></section>'
                      '</main></body></html>')
    found = part_digests(root, ["t-0", "t-1", "t-2"], "data-split-table")
    assert list(found) == ["t-0"] and found["t-0"][0] == "appendix"
    # The digest is the part's: an edit inside it is another part.
    root.find(".//section[@id='appendix']").set("class", "edited")
    assert part_digests(root, ["t-0"], "data-split-table")["t-0"][1] != found["t-0"][1]
