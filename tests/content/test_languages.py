"""Language spans: ``[text]{lang=xx}`` marks a phrase in another language; right-to-left spans get their
direction and may hold the bidi controls refused elsewhere."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from briefpress.content.languages import direction, hidden_control_outside_spans, span_problem
from briefpress.content.prose import markdown, scan


@pytest.mark.parametrize(("tag", "written"), [
    ("ar", "rtl"), ("ar-JO", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("ur-PK", "rtl"), ("ku-Latn", "ltr"),
    ("fr", "ltr"), ("zh-Hant", "ltr"), ("en-Arab", "rtl"),
])
def test_direction_follows_the_language_and_its_script(tag: str, written: str):
    assert direction(tag) == written


@pytest.mark.parametrize(("attributes", "problem"), [
    ({"lang": "ar"}, None),
    ({"lang": "zh-Hant-TW"}, None),
    ({}, "a span names no language: write [text]{lang=ar}"),
    ({"lang": "arabic!"}, "'arabic!' is not a language tag (BCP 47, such as ar, fr or zh-Hant)"),
    ({"lang": "ar", "style": "x"}, "a span takes only a language ({lang=ar}), not 'style'"),
])
def test_a_span_takes_one_language_tag(attributes: dict, problem: str | None):
    assert span_problem(attributes) == problem


def test_a_span_renders_with_its_language_and_direction():
    html = markdown().render("The kingdom, [المملكة الأردنية]{lang=ar}, and [le plan]{lang=fr}.")
    assert html == ('<p>The kingdom, <span lang="ar" dir="rtl">المملكة الأردنية</span>, and '
                    '<span lang="fr" dir="ltr">le plan</span>.</p>\n')


def test_bidi_controls_are_allowed_only_inside_a_right_to_left_span():
    inside = "Named [\u200fالأردن 2024\u200f]{lang=ar} here."
    assert hidden_control_outside_spans(inside) is None
    assert scan(inside, "x.md", 1).problems == []
    outside = "Named \u200fالأردن here, [ok]{lang=ar}."
    assert hidden_control_outside_spans(outside) == (6, "contains U+200F RIGHT-TO-LEFT MARK, an invisible control "
                                                        "character: remove it (or, if the text needs it, put it in a "
                                                        "right-to-left language span: [text]{lang=ar})")
    zero_width = "Named [\u200bالأردن]{lang=ar}."  # not a bidi control: no span needs it
    assert hidden_control_outside_spans(zero_width) == (7, "contains U+200B ZERO WIDTH SPACE, an invisible control "
                                                           "character: remove it")


def test_a_language_span_reaches_both_editions(minimal_copy: Path, tmp_path: Path):
    from pypdf import PdfReader

    section = minimal_copy / "sections" / "01-staffing.md"
    section.write_text(section.read_text(encoding="utf-8")
                       + "\nIn Arabic, [\u200fالمملكة الأردنية الهاشمية]{lang=ar}.\n", encoding="utf-8")
    assert run_cli("--content", minimal_copy, "--out", tmp_path / "out").status == 0
    web = (tmp_path / "out" / "minimal.html").read_text(encoding="utf-8")
    assert '<span lang="ar" dir="rtl">\u200fالمملكة الأردنية الهاشمية</span>' in web
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "minimal.pdf").pages)
    assert "In Arabic," in text and "الهاشمية" in text
