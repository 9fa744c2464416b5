"""Restyling without forking: template overrides, --style tokens, the brief's own overrides, brand settings."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT, run_cli
from PIL import Image
from pypdf import PdfReader

from briefpress import ContentError, TemplateError, Theme, load, render_html
from briefpress.pipeline.options import Options
from briefpress.pipeline.parts import theme_for

SLUG = "iraq-us-relations"
FIGURES = dict.fromkeys(load(CONTENT).figures, "<svg xmlns='http://www.w3.org/2000/svg'/>")


def render(theme: Theme, edition: str = "web", content: Path = CONTENT) -> str:
    """The brief's HTML; the web edition's inlined fonts are left out, since they are cut down to
    the characters of the page and so change with any change of text."""
    brief = load(content)
    return re.sub(r"<style>@font-face.*?</style>\n", "", render_html(brief, edition, FIGURES, theme), flags=re.S)


def page_pixels(pdf: Path, tmp_path: Path, page: int = 1) -> Image.Image:
    prefix = tmp_path / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf),
                    str(prefix)], check=True)
    return Image.open(f"{prefix}.png").convert("RGB")


def count_near(image: Image.Image, colour: str, tolerance: int = 24) -> int:
    target = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    data = image.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3])
    return sum(1 for pixel in pixels if all(abs(a - b) <= tolerance for a, b in zip(pixel, target)))


@pytest.mark.parametrize("edition", ["web", "print"])
def test_block_override_changes_that_block_only(tmp_path: Path, edition: str):
    (tmp_path / "base.html").write_text('{% extends "!default/base.html" %}\n'
                                        '{% block cover %}<header class="my-cover">Custom cover</header>{% endblock %}\n')
    before = render(Theme(), edition)
    after = render(Theme(template_dirs=(tmp_path,)), edition)
    original = re.search(r'<header class="cover" id="cover".*?</header>', before, re.S).group(0)
    assert "Key takeaways" in original and "Key takeaways" not in after
    assert after.count('<header class="my-cover">Custom cover</header>') == 1
    # Everything outside the block is byte for byte what the built-in theme renders.
    assert after.replace('<header class="my-cover">Custom cover</header>', "") == before.replace(original, "")


def test_block_override_with_super_keeps_the_original(tmp_path: Path):
    (tmp_path / "base.html").write_text('{% extends "!default/base.html" %}\n'
                                        '{% block back %}{{ super() }}<p class="imprint">Printed in-house</p>'
                                        '{% endblock %}\n')
    before, after = render(Theme()), render(Theme(template_dirs=(tmp_path,)))
    added = '<p class="imprint">Printed in-house</p>'
    assert after.replace(added, "") == before
    assert after.index(added) > after.index('id="colophon"') and after.index(added) < after.index("</main>")


def test_partial_override_in_the_brief_is_picked_up(content_copy: Path):
    (content_copy / "templates" / "partials").mkdir(parents=True)
    (content_copy / "templates" / "partials" / "summary.html").write_text(
        '<section class="summary" id="summary"><h2>At a glance</h2>{{ markdown(meta.summary, "summary") }}</section>\n')
    (content_copy / "styles").mkdir()
    (content_copy / "styles" / "house.css").write_text(":root { --accent: #123456; }\n")
    html = render(theme_for(Options(content=content_copy), load(content_copy)), "web", content_copy)
    assert "<h2>At a glance</h2>" in html and 'id="summary-title"' not in html
    assert html.index("--accent: #123456") > html.index("--accent: #1d4e89")


def test_style_accent_token_changes_the_printed_colour(tmp_path: Path, built_brief: Path):
    style = tmp_path / "green.css"
    style.write_text(":root { --accent: #00c800; }\n")
    out = tmp_path / "out"
    result = run_cli("--content", CONTENT, "--language", "en", "--out", out, "--style", style)
    assert result.status == 0, result.stderr
    assert count_near(page_pixels(built_brief / f"{SLUG}.pdf", tmp_path), "#00c800") == 0
    # The organization's rule and the takeaways' left border are drawn in the accent colour.
    assert count_near(page_pixels(out / f"{SLUG}.pdf", tmp_path), "#00c800") > 150


def tiny_png(path: Path, colour: tuple[int, int, int]) -> None:
    Image.new("RGB", (60, 20), colour).save(path)


def brand_brief(content: Path, brand: str) -> None:
    text = (content / "brief.yaml").read_text(encoding="utf-8")
    text = text.replace("paper: a4\n", "").replace("organization: Open Policy Briefs\n", "")
    (content / "brief.yaml").write_text(text + brand, encoding="utf-8")


def test_brand_reaches_both_editions_and_the_charts(content_copy: Path, tmp_path: Path):
    tiny_png(content_copy / "logo.png", (255, 0, 255))
    brand_brief(content_copy, 'brand:\n  accent_color: "#00A050"\n  text_color: "#301010"\n'
                              '  heading_font: IBM Plex Serif\n  logo: logo.png\n'
                              '  organization: Example Institute\n  paper: letter\n')
    out = tmp_path / "out"
    result = run_cli("--content", content_copy, "--out", out)
    assert result.status == 0, result.stderr
    html = (out / f"{SLUG}.html").read_text(encoding="utf-8")
    for token in ("--accent: #00a050;", "--accent-strong: #006834;", "--color-text: #301010;",
                  '--font-heading: "IBM Plex Serif", "IBM Plex Sans Arabic", sans-serif;'):
        assert token in html, token
    assert html.index("--accent: #00a050") > html.index("--accent: #1d4e89")  # after the built-in tokens
    assert '<img class="cover-logo" src="data:image/png;base64,' in html
    assert '<p class="cover-org">Example Institute</p>' in html
    charts = re.findall(r'<svg role="img".*?</svg>', html, re.S)  # the web edition's charts are inline SVG
    assert charts and all("#00a050" in chart for chart in charts)

    pdf = out / f"{SLUG}.pdf"
    reader = PdfReader(pdf)
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 612, 792]
    assert "Example Institute" in reader.pages[1].extract_text()  # running head
    cover = page_pixels(pdf, tmp_path)
    assert count_near(cover, "#00a050") > 150 and count_near(cover, "#ff00ff", 8) > 100  # accent and logo


def test_brand_from_a_theme_file(content_copy: Path, tmp_path: Path):
    theme = content_copy / "theme"
    theme.mkdir()
    tiny_png(theme / "mark.png", (0, 0, 0))
    (theme / "house.yaml").write_text("accent_color: '#aa3300'\nlogo: mark.png\norganization: House Style\n")
    brand_brief(content_copy, "brand: theme/house.yaml\n")
    brief = load(content_copy)
    assert brief.meta.organization == "House Style" and brief.meta.paper == "a4"
    assert brief.brand.logo == (theme / "mark.png").resolve()
    html = render(theme_for(Options(content=content_copy), brief), "web", content_copy)
    assert "--accent: #aa3300;" in html


def test_brief_settings_win_over_the_theme_file(content_copy: Path):
    (content_copy / "house.yaml").write_text("organization: House Style\npaper: letter\n")
    text = (content_copy / "brief.yaml").read_text(encoding="utf-8")
    (content_copy / "brief.yaml").write_text(text + "brand: house.yaml\n", encoding="utf-8")
    meta = load(content_copy).meta
    assert (meta.organization, meta.paper) == ("Open Policy Briefs", "a4")


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(content)
    return [str(problem) for problem in caught.value.problems]


def test_brand_errors_are_located_and_reported_together(content_copy: Path):
    (content_copy / "broken.png").write_bytes(b"not a picture")
    brand_brief(content_copy, "brand:\n  colour: red\n  accent_color: crimson\n  logo: broken.png\n"
                              "  heading_font: Comic Sans\n  paper: a5\n")
    lines = problems(content_copy)
    text = (content_copy / "brief.yaml").read_text().splitlines()
    line = {key: 1 + next(i for i, t in enumerate(text) if t.startswith(f"  {key}:")) for key in
            ("colour", "accent_color", "logo", "heading_font", "paper")}
    brief = str(content_copy / "brief.yaml").replace(str(Path.cwd()) + "/", "")
    assert lines == [
        f"{brief}:1:1: missing field 'organization' (or set it in the brand)",
        f"{brief}:{line['colour']}:3: brand: unknown field 'colour'",
        f"{brief}:{line['accent_color']}:3: brand.accent_color: expected a colour as #RRGGBB, got 'crimson'",
        f"{brief}:{line['logo']}:3: brand.logo: 'broken.png' is not a readable PNG image",
        f"{brief}:{line['heading_font']}:3: brand.heading_font: unknown font family 'Comic Sans' (bundled: "
        "IBM Plex Sans, IBM Plex Sans Arabic, IBM Plex Serif; or declare its files under 'brand.fonts')",
        f"{brief}:{line['paper']}:3: brand.paper: expected 'a4' or 'letter'",
    ]


def test_a_new_section_type_uses_its_own_partial(content_copy: Path):
    section = content_copy / "sections" / "08-resolution.md"
    section.write_text(section.read_text(encoding="utf-8").replace("---\n", "---\ntype: outlook\n", 1),
                       encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(theme_for(Options(content=content_copy), load(content_copy)), "web", content_copy)
    assert [str(p) for p in caught.value.problems] == [
        f"{section}:2:1: type: no template 'partials/section-outlook.html' for section type 'outlook' "
        "(add it to a templates folder)"]
    partials = content_copy / "templates" / "partials"
    partials.mkdir(parents=True)
    (partials / "section-outlook.html").write_text(
        '<section class="body-section outlook" id="section-{{ section.id }}">\n'
        '  <h2>Outlook: {{ section.title }}</h2>\n  {{ section_html(section) }}\n</section>\n')
    html = render(theme_for(Options(content=content_copy), load(content_copy)), "web", content_copy)
    assert html.count('class="body-section outlook"') == 1 and html.count('class="body-section"') == 7


def test_the_customizing_guide_lists_every_token_block_and_partial():
    guide = (CONTENT.parent / "docs" / "customizing.md").read_text(encoding="utf-8")
    tokens = re.findall(r"^\s*(--[a-z0-9-]+):", (CONTENT.parent / "styles" / "tokens.css").read_text(), re.M)
    documented = set(re.findall(r"--[a-z0-9-]+", guide)) | {f"--chart-{n}" for n in range(1, 6)}
    assert [token for token in tokens if token not in documented] == [], "docs/customizing.md: undocumented tokens"
    blocks = re.findall(r"{% block (\w+) %}", (CONTENT.parent / "templates" / "base.html").read_text())
    partials = [p.relative_to(CONTENT.parent / "templates").as_posix()
                for p in sorted((CONTENT.parent / "templates" / "partials").glob("*.html"))]
    assert [name for name in blocks if f"| `{name}` |" not in guide] == []
    assert [name for name in partials if f"`{name}`" not in guide] == []


def test_brand_fonts_from_files_in_the_brief(minimal_copy: Path, tmp_path: Path):
    fonts = minimal_copy / "fonts"
    fonts.mkdir()
    bundled = CONTENT.parent / "styles" / "fonts"
    (fonts / "house.woff2").write_bytes((bundled / "ibm-plex-serif-latin-400-italic.woff2").read_bytes())
    (fonts / "fake.ttf").write_text("not a font")
    text = (minimal_copy / "brief.yaml").read_text(encoding="utf-8")
    (minimal_copy / "brief.yaml").write_text(text + "brand:\n  text_font: House\n  fonts:\n"
                                             "    - {family: House, file: fonts/house.woff2}\n"
                                             "    - {family: House, file: fonts/fake.ttf, weight: 700}\n"
                                             "    - {family: House, file: ../outside.otf, style: italic}\n",
                                             encoding="utf-8")
    brief_path = str(minimal_copy / "brief.yaml")
    last = len(text.splitlines())
    assert problems(minimal_copy) == [
        f"{brief_path}:{last + 5}:23: brand.fonts[1].file: 'fake.ttf' is not a readable TrueType font",
        f"{brief_path}:{last + 6}:23: brand.fonts[2].file: '../outside.otf' is outside the brief",
    ]
    (minimal_copy / "brief.yaml").write_text(text + "brand:\n  text_font: House\n  fonts:\n"
                                             "    - {family: House, file: fonts/house.woff2}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("--content", minimal_copy, "--out", out)
    assert result.status == 0, result.stderr
    html = (out / "minimal.html").read_text(encoding="utf-8")
    assert "@font-face { font-family: 'House'; font-style: normal; font-weight: 400; src: url(data:font/woff2;base64,"\
        in html
    assert '--font-text: "House", "IBM Plex Sans Arabic", serif;' in html
    # The body text is set in the brief's file, embedded under the family name it was declared with.
    fonts_used = {str(font.get_object()["/BaseFont"]) for page in PdfReader(out / "minimal.pdf").pages[1:3]
                  for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("+House") for name in fonts_used), fonts_used


def test_theme_file_errors_are_located_in_the_theme_file(content_copy: Path):
    theme = content_copy / "theme"
    theme.mkdir()
    (theme / "house.yaml").write_text("accent: '#aa3300'\nlogo: missing.svg\n")
    brand_brief(content_copy, "organization: Open Policy Briefs\nbrand: theme/house.yaml\n")
    house = content_copy / "theme" / "house.yaml"
    assert problems(content_copy) == [f"{house}:1:1: unknown field 'accent'", f"{house}:2:1: logo: 'missing.svg' not found"]
    (theme / "house.yaml").write_text("logo: mark.svg\n")
    (theme / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    assert problems(content_copy) == [
        f"{house}:1:1: logo: 'mark.svg' contains a <script> element, which SVG images may not use"]
    brief_yaml = content_copy / "brief.yaml"
    text = brief_yaml.read_text(encoding="utf-8").replace("brand: theme/house.yaml", "brand: theme/nowhere.yaml")
    brief_yaml.write_text(text, encoding="utf-8")
    line = text.splitlines().index("brand: theme/nowhere.yaml") + 1
    assert problems(content_copy) == [f"{brief_yaml}:{line}:1: brand: theme file 'theme/nowhere.yaml' not found"]
