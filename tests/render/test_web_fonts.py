"""The web edition's faces cut down to the page's characters: what a browser needs to set the text stays."""
from __future__ import annotations

import io
from pathlib import Path

from fontTools.ttLib import TTFont

from briefpress.render.web import inline_fonts, subset_woff2

FONTS = Path(__file__).resolve().parents[2] / "styles" / "fonts"
ARABIC = FONTS / "ibm-plex-sans-arabic-arabic-400-normal.woff2"
SERIF = FONTS / "ibm-plex-serif-latin-400-normal.woff2"


def cut(path: Path, text: str, cache: Path | None) -> TTFont:
    data = subset_woff2(path.read_bytes(), {ord(char) for char in text}, cache)
    assert data is not None and data[:4] == b"wOF2"
    return TTFont(io.BytesIO(data))


def test_a_cut_face_keeps_the_characters_asked_and_no_other(tmp_path: Path):
    font = cut(SERIF, "Brief 2026", tmp_path)
    assert set(font.getBestCmap()) == {ord(char) for char in "Brief 2026"}
    assert len(font.getGlyphOrder()) < len(TTFont(SERIF).getGlyphOrder()) / 5


def test_arabic_keeps_its_joining_forms_and_the_features_that_pick_them(tmp_path: Path):
    font = cut(ARABIC, "سلام", tmp_path)
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"init", "medi", "fina"} <= features
    # The initial, medial and final forms are reached only through GSUB, not the character map.
    assert len(font.getGlyphOrder()) > len(font.getBestCmap()) + 3


def test_ligatures_stay_with_the_letters_that_make_them(tmp_path: Path):
    font = cut(SERIF, "fi", tmp_path)
    assert "liga" in {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert len(font.getGlyphOrder()) > 3  # .notdef, f, i and the ligature


def test_the_same_characters_give_the_same_bytes_with_or_without_the_cache(tmp_path: Path):
    codepoints = {ord(char) for char in "Outlook"}
    assert subset_woff2(SERIF.read_bytes(), codepoints, tmp_path) == subset_woff2(SERIF.read_bytes(), codepoints, None)
    assert subset_woff2(SERIF.read_bytes(), codepoints, tmp_path) == subset_woff2(SERIF.read_bytes(), codepoints, tmp_path)


def test_a_woff_and_a_plain_font_are_cut_too(tmp_path: Path):
    font = TTFont(SERIF)
    for flavor, name in ((None, "serif.ttf"), ("woff", "serif.woff")):
        font.flavor = flavor
        font.save(tmp_path / name)
        assert set(cut(tmp_path / name, "Iraq", None).getBestCmap()) == {ord(char) for char in "Iraq"}


def test_nothing_to_set_gives_no_face(tmp_path: Path):
    not_a_font = tmp_path / "fake.woff2"
    not_a_font.write_bytes(b"wOF2" + b"\0" * 60)
    assert subset_woff2(not_a_font.read_bytes(), {ord("a")}, tmp_path) is None
    assert subset_woff2(SERIF.read_bytes(), {ord("ب")}, tmp_path) is None  # a Latin face has no Arabic letter
    assert subset_woff2(SERIF.read_bytes(), {ord(" ")}, tmp_path) is None  # spaces alone: browsers refuse a face with no outline


def test_inlined_faces_are_only_those_the_text_uses(tmp_path: Path):
    css = tmp_path / "fonts.css"
    css.write_text(f'@font-face {{ font-family: A; src: url("{ARABIC}"); unicode-range: U+0600-06FF; }}\n'
                   f'@font-face {{ font-family: S; src: url("{SERIF}"); unicode-range: U+0000-00FF; }}\n',
                   encoding="utf-8")
    latin_only = inline_fonts(css, "Outlook", tmp_path / "cache")
    assert "font-family: S" in latin_only and "font-family: A" not in latin_only
    assert latin_only.count("data:font/woff2;base64,") == 1
    assert inline_fonts(css, "Outlook سلام", tmp_path / "cache").count("data:font/woff2;base64,") == 2
