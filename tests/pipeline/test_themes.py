"""House themes kept outside the brief: templates, styles with their own fonts, and a brand file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, get, run_cli, wait_for
from pypdf import PdfReader

from briefpress import load
from briefpress.support.themes import SEARCH_PATH, find_theme, installed_themes

SLUG = "iraq-us-relations"
BUNDLED = CONTENT.parent / "styles" / "fonts"
FACES = {("normal", 400): "ibm-plex-serif-latin-400-normal", ("italic", 400): "ibm-plex-serif-latin-400-italic",
         ("normal", 700): "ibm-plex-serif-latin-700-normal", ("italic", 700): "ibm-plex-serif-latin-700-italic"}


def make_theme(folder: Path) -> Path:
    """A small house theme: its own serif (fonts beside its stylesheet), a token, a partial and a brand."""
    fonts = folder / "styles" / "fonts"
    fonts.mkdir(parents=True)
    rules = []
    for (style, weight), name in FACES.items():
        shutil.copy(BUNDLED / f"{name}.woff2", fonts / f"house-{style}-{weight}.woff2")
        rules.append(f'@font-face {{ font-family: "House Serif"; font-style: {style}; font-weight: {weight}; '
                     f'src: url("fonts/house-{style}-{weight}.woff2") format("woff2"); }}')
    rules.append(':root { --font-text: "House Serif", "IBM Plex Sans Arabic", serif; --color-rule: #7a1f5c; }')
    rules.append(".house-line { font-style: italic; }")
    (folder / "styles" / "house.css").write_text("\n".join(rules) + "\n", encoding="utf-8")
    partials = folder / "templates" / "partials"
    partials.mkdir(parents=True)
    (partials / "colophon.html").write_text(
        '{% include "!default/partials/colophon.html" %}\n'
        '<p class="house-line">Set in the house style of the Example Institute.</p>\n', encoding="utf-8")
    (folder / "brand.yaml").write_text('accent_color: "#7a1f5c"\n', encoding="utf-8")
    return folder


def pdf_fonts(pdf: Path) -> set[str]:
    return {str(font.get_object()["/BaseFont"]) for page in PdfReader(pdf).pages
            for font in page["/Resources"].get("/Font", {}).values()}


def pdf_text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)


def test_a_theme_in_another_folder_restyles_the_real_brief(tmp_path: Path):
    theme = make_theme(tmp_path / "themes" / "house")
    out = tmp_path / "out"
    result = run_cli("--content", CONTENT, "--language", "en", "--out", out, "--theme", theme)
    assert result.status == 0, result.stderr
    pdf = out / f"{SLUG}.pdf"
    assert any(name.endswith("+House-Serif") or "House" in name for name in pdf_fonts(pdf)), pdf_fonts(pdf)
    assert "Set in the house style of the Example Institute." in pdf_text(pdf)
    html = (out / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "house-line" in html and "--accent: #7a1f5c" in html
    # The brief's own text and structure are unchanged.
    assert "Suggested citation" in pdf_text(pdf)


def test_a_brief_names_an_installed_theme(minimal_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    make_theme(tmp_path / "themes" / "house")
    monkeypatch.setenv(SEARCH_PATH, str(tmp_path / "themes"))
    assert installed_themes() == {"house": tmp_path / "themes" / "house"}
    brief_yaml = minimal_copy / "brief.yaml"
    brief_yaml.write_text(brief_yaml.read_text(encoding="utf-8") + "theme: house\n", encoding="utf-8")
    assert load(minimal_copy).theme == (tmp_path / "themes" / "house").resolve()
    out = tmp_path / "out"
    result = run_cli("--content", minimal_copy, "--out", out)
    assert result.status == 0, result.stderr
    assert "Set in the house style of the Example Institute." in pdf_text(out / "minimal.pdf")


def test_an_unknown_theme_is_a_located_problem(content_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(SEARCH_PATH, raising=False)
    brief_yaml = content_copy / "brief.yaml"
    lines = brief_yaml.read_text(encoding="utf-8").splitlines()
    brief_yaml.write_text("\n".join([*lines, "theme: no-such-theme"]) + "\n", encoding="utf-8")
    result = run_cli("check", "--content", content_copy)
    assert result.status == 1
    assert result.stderr == (f"{brief_yaml}:{len(lines) + 1}:1: theme: unknown theme 'no-such-theme' "
                             f"(installed: none; see ${SEARCH_PATH})\n")
    usage = run_cli("--content", content_copy, "--theme", content_copy / "missing")
    assert usage.status == 2
    assert usage.stderr == (f"build.py: error: --theme {content_copy / 'missing'}: neither a folder nor an "
                            "installed theme (installed: none)\n")


def test_new_starts_a_brief_in_a_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    make_theme(tmp_path / "themes" / "house")
    monkeypatch.setenv(SEARCH_PATH, str(tmp_path / "themes"))
    folder = tmp_path / "brief"
    assert run_cli("new", folder, "--theme", "house").status == 0
    assert load(folder).theme == find_theme("house")
    out = tmp_path / "out"
    result = run_cli("--content", folder, "--out", out)
    assert result.status == 0, result.stderr
    assert "Set in the house style of the Example Institute." in pdf_text(out / "a-new-brief.pdf")
    refused = run_cli("new", tmp_path / "other", "--theme", "elsewhere")
    assert refused.status == 2 and "--theme elsewhere: not an installed theme (installed: house)" in refused.stderr


def test_watch_follows_edits_to_the_theme_the_brief_names(minimal_copy: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    import io
    import json

    from briefpress.authoring.watch import Preview
    from briefpress.pipeline.options import Options

    theme = make_theme(tmp_path / "themes" / "house")
    monkeypatch.setenv(SEARCH_PATH, str(tmp_path / "themes"))
    brief_yaml = minimal_copy / "brief.yaml"
    brief_yaml.write_text(brief_yaml.read_text(encoding="utf-8") + "theme: house\n", encoding="utf-8")
    server = Preview(Options(content=minimal_copy), port=0, interval=0.05, stream=io.StringIO()).start()

    status = lambda: json.loads(get(server.url + "__briefpress/status")[1])
    try:
        wait_for(lambda: status()["pdf"] == "ready", "the first build")
        partial = theme / "templates" / "partials" / "colophon.html"
        partial.write_text(partial.read_text(encoding="utf-8").replace("Example Institute", "Example Academy"),
                           encoding="utf-8")
        wait_for(lambda: status()["pdf"] == "ready" and status()["pdf_version"] == 2, "the rebuild")
        assert b"Set in the house style of the Example Academy." in get(server.url)[1]
    finally:
        server.stop()
