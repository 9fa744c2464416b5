"""End to end: the real brief built through the CLI, checked in its PDF; broken content writes nothing."""
from __future__ import annotations

import re
import time
from pathlib import Path

from conftest import CONTENT, run_cli
from pypdf import PdfReader

import briefpress.pipeline.stages as stages
from briefpress import load
from briefpress.errors import RenderError, display_path
from briefpress.printing.limits import Limits

SLUG = "iraq-us-relations"


def pdf_text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def outline_titles(items, depth=0) -> list[tuple[int, str]]:
    titles = []
    for item in items:
        if isinstance(item, list):
            titles += outline_titles(item, depth + 1)
        else:
            titles.append((depth, item.title))
    return titles


def test_outputs_written(built_brief: Path):
    # The original and, beside it, its Arabic translation (content/translations/ar).
    assert sorted(p.name for p in built_brief.iterdir() if not p.name.startswith(".")) == [
        f"{SLUG}-data", f"{SLUG}.ar-data", f"{SLUG}.ar.bib", f"{SLUG}.ar.html", f"{SLUG}.ar.json", f"{SLUG}.ar.pdf",
        f"{SLUG}.ar.ris", f"{SLUG}.bib", f"{SLUG}.html", f"{SLUG}.json", f"{SLUG}.pdf", f"{SLUG}.ris", "manifest.json"]


def test_pdf_metadata(built_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    meta = reader.metadata
    assert meta.title == "Iraq–US Relations: From the Strategic Framework Agreement to the 2020 vote on foreign troops"
    assert meta.author == "Research Staff"
    assert meta.subject.startswith("An overview of Iraq–US relations")
    assert "Strategic Framework Agreement" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20261127")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_page_count_and_outline(built_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    assert 10 <= len(reader.pages) <= 24
    titles = [title for _, title in outline_titles(reader.outline)]
    for expected in ["Iraq–US Relations", "Summary", "The Strategic Framework Agreement",
                     "The Embassy and the Staffing Drawdown", "Appendix: Chronology", "Abbreviations",
                     "References", "Suggested citation", "Disclaimer"]:
        assert expected in titles


def test_numbers_in_text(built_brief: Path):
    text = pdf_text(PdfReader(built_brief / f"{SLUG}.pdf"))
    for number in ["16,298", "6,320", "5,500", "4,000", "61 percent", "$19.3 billion", "$2.4 billion",
                   "46.8", "$16.9 billion", "$951.7 million", "$1.365 billion", "$100 billion",
                   "92 percent", "99 percent", "86 percent", "98 percent", "46 percent", "69 percent"]:
        assert number in text, number
    assert "Table 1." in text and "Figure 1." in text


def test_all_fonts_embedded(built_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert "+IBM-Plex-" in str(font["/BaseFont"]), font["/BaseFont"]


def test_chronology_in_date_order(built_brief: Path):
    text = pdf_text(PdfReader(built_brief / f"{SLUG}.pdf"))
    # The heading: the one before the appendix's opening line (the cover and the contents list it too).
    start = text.rindex("Appendix: Chronology", 0, text.index("dated events"))
    appendix = text[start:text.index("Abbreviations", start)]
    events = load(CONTENT).events
    assert len(events) >= 15
    position = 0
    for event in events:  # each title must come after the one before it
        position = appendix.find(" ".join(event.title.split()[:3]), position)
        assert position >= 0, event.title
    assert "5 January 2020" in appendix and "December 2011" in appendix


def test_web_edition(built_brief: Path):
    html = (built_brief / f"{SLUG}.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert 'name="viewport"' in html
    assert "16,298" in html and 'id="chronology"' in html
    assert 'class="footnotes"' in html


def test_broken_content_exits_1_and_writes_nothing(content_copy: Path, tmp_path: Path):
    path = content_copy / "chronology.yaml"
    path.write_text(path.read_text().replace('date: "2019-02-06"', 'date: "2019-02-30"'))
    out = tmp_path / "out"
    result = run_cli("--content", content_copy, "--out", out)
    assert result.status == 1
    assert "impossible date '2019-02-30' (day is out of range for month)" in result.stderr
    assert re.match(r"^\S+chronology\.yaml:\d+:5: events\[\d+\]\.date: ", result.stderr)
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_failed_build_keeps_previous_output(content_copy: Path, tmp_path: Path, built_brief: Path):
    out = tmp_path / "out"
    out.mkdir()
    previous = (built_brief / f"{SLUG}.pdf").read_bytes()
    (out / f"{SLUG}.pdf").write_bytes(previous)
    (content_copy / "brief.yaml").write_text("slug: [\n")
    assert run_cli("--content", content_copy, "--out", out).status == 1
    assert (out / f"{SLUG}.pdf").read_bytes() == previous
    assert sorted(p.name for p in out.iterdir()) == [f"{SLUG}.pdf"]


def test_check_command_writes_nothing(tmp_path: Path):
    result = run_cli("check", "--content", CONTENT)
    assert result.status == 0
    # Both editions are checked: the original and its translation (against the original).
    assert result.stdout.splitlines()[-1] == (f"{CONTENT}: ok (Iraq–US Relations, 8 sections; "
                                              "ar: العلاقات العراقية الأمريكية)")


def test_usage_error_exits_2():
    assert run_cli("--no-such-option").status == 2
    assert run_cli("publish").status == 2


def test_template_undefined_variable_is_located(tmp_path: Path):
    overrides = tmp_path / "templates"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "summary.html").write_text("<section>\n{{ meta.no_such_field }}\n</section>\n")
    result = run_cli("check", "--content", CONTENT, "--templates", overrides)
    assert result.status == 1
    summary = overrides / "partials" / "summary.html"
    assert result.stderr.strip().endswith(
        ":2: undefined variable: 'BriefMeta' has no attribute 'no_such_field'")
    assert str(summary.name) in result.stderr


def test_the_time_limit_bounds_the_stages_before_the_layout(tmp_path: Path, monkeypatch):
    real = stages.validate

    def slow_validate(*args, **kwargs):
        time.sleep(3)
        return real(*args, **kwargs)

    monkeypatch.setattr(stages, "validate", slow_validate)
    monkeypatch.setattr(stages, "BEFORE_LAYOUT_FLOOR", 0.5)
    result = run_cli("--content", CONTENT, "--language", "en", "--out", tmp_path / "out", "--time-limit", "1")
    assert result.status == 1
    assert result.stderr == (f"{display_path(CONTENT / 'brief.yaml')}: the build exceeded the time limit of 1 s "
                             "before the layout (done: nothing yet)\n")
    assert not (tmp_path / "out").exists()


def test_the_time_limit_bounds_the_stages_in_another_thread_too(tmp_path: Path, monkeypatch):
    """The live preview builds outside the main thread, where no timer signal arrives."""
    import threading

    from briefpress import Options, build

    real = stages.validate

    def slow_validate(*args, **kwargs):
        for _ in range(300):  # 30 s of Python work in small steps, cut short by the limit
            time.sleep(0.1)
        return real(*args, **kwargs)

    monkeypatch.setattr(stages, "validate", slow_validate)
    monkeypatch.setattr(stages, "BEFORE_LAYOUT_FLOOR", 0.5)
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(build(Options(content=CONTENT, out=tmp_path / "out", limits=Limits(seconds=1))))
        except BaseException as error:
            outcome.append(error)

    started = time.perf_counter()
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(20)
    assert time.perf_counter() - started < 10
    assert isinstance(outcome[0], RenderError)
    assert str(outcome[0]) == (f"{display_path(CONTENT / 'brief.yaml')}: the build exceeded the time limit of 1 s "
                               "before the layout (done: nothing yet)")


def test_an_event_dated_to_its_year_does_not_repeat_its_group_heading(built_brief: Path):
    html = (built_brief / f"{SLUG}.html").read_text(encoding="utf-8")
    row = re.search(r'<tr class="event" id="event-surveys-begin">.*?</td>', html, re.S)
    assert row is not None
    assert '<time datetime="2004"><span class="visually-hidden">2004</span></time>' in row.group(0)
    dated = re.search(r'<tr class="event" id="event-troop-departure">.*?</td>', html, re.S)
    assert dated is not None and '<time datetime="2011-12">December 2011</time>' in dated.group(0)
