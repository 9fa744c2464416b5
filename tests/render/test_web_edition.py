"""The web edition in a real browser (headless Chromium): axe-core, the Nu Html Checker, one file.

Chromium is Debian's, driven by Playwright with the system browser (no browser download); axe-core
and vnu.jar come from the npm packages that .ci/run installs into node_modules/. Each test is
skipped, saying why, only when its tool is missing on this machine.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import AXE, CONTENT, VNU

from briefpress import load

SLUG = "iraq-us-relations"
PHONE, DESKTOP = {"width": 375, "height": 740}, {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def html_file(built_brief: Path) -> Path:
    return built_brief / f"{SLUG}.html"


def open_page(browser, html_file: Path, viewport: dict[str, int]):
    """The web edition in a fresh page, with every request it makes recorded in ``page.requests``."""
    page = browser.new_page(viewport=viewport)
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(html_file.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_violation_and_nothing_is_fetched(browser, html_file: Path, viewport: dict[str, int]):
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing (npm package axe-core; .ci/run installs it)")
    page = open_page(browser, html_file, viewport)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert violations == []
    assert result["passes"], "axe ran no check"
    # The page itself and nothing else: no other file, no other host (data: URIs are not requests).
    assert [url for url in page.requests if not url.startswith("data:")] == [html_file.as_uri()]
    # Responsive: nothing wider than the screen.
    width, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= client
    page.close()


def test_fonts_are_embedded_and_used(browser, html_file: Path):
    page = open_page(browser, html_file, DESKTOP)
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert {"IBM Plex Serif", "IBM Plex Sans"} <= {family.strip("'\"") for family in loaded}
    assert page.evaluate("document.fonts.check('16px \"IBM Plex Serif\"')")
    page.close()


def test_skip_link_and_contents_menu_work_from_the_keyboard(browser, html_file: Path):
    page = open_page(browser, html_file, PHONE)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    assert '"x":' in box and page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    menu = page.locator("nav.menu")
    assert not menu.locator("ol").is_visible()
    menu.locator("summary").click()
    assert menu.locator("ol").is_visible()
    sections = load(CONTENT).sections
    menu.get_by_role("link", name=sections[1].title).click()
    assert page.evaluate("location.hash") == f"#section-{sections[1].id}"
    page.close()


def test_landmarks_alt_text_and_table_headers(browser, html_file: Path):
    page = open_page(browser, html_file, DESKTOP)
    landmarks = page.evaluate("""[document.querySelectorAll('main').length,
        document.querySelectorAll('body > header').length, document.querySelectorAll('nav').length]""")
    assert landmarks[0] == 1 and landmarks[1] == 1 and landmarks[2] >= 2
    assert page.evaluate("[...document.images].every(img => img.alt.trim().length > 0)")
    charts = page.evaluate("""[...document.querySelectorAll('svg.figure-image')]
        .filter(svg => getComputedStyle(svg).display !== 'none').map(svg =>
        [svg.getAttribute('role'), document.getElementById(svg.getAttribute('aria-labelledby')).textContent])""")
    expected = [" ".join(f.spec.alt.split()) for f in load(CONTENT).figures.values() if f.chart is not None]
    assert sorted(charts) == sorted(["img", alt] for alt in expected)
    assert page.evaluate("document.querySelectorAll('table.data-table').length") == len(load(CONTENT).tables)
    assert page.evaluate("[...document.querySelectorAll('th')].every(th => th.hasAttribute('scope'))")
    page.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_each_screen_shows_one_drawing_of_each_chart_with_readable_text(browser, html_file: Path, viewport):
    page = open_page(browser, html_file, viewport)
    shown = page.evaluate("""[...document.querySelectorAll('figure.figure-block')].map(figure => {
        const svgs = [...figure.querySelectorAll('svg.figure-image')].filter(svg => getComputedStyle(svg).display !== 'none');
        return svgs.map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
            return [svg.classList.contains('figure-phone'), Math.min(...sizes)];
        });
    }).filter(drawings => drawings.length)""")
    charts = [f for f in load(CONTENT).figures.values() if f.chart is not None]
    assert len(shown) == len(charts)
    for drawings in shown:
        ((phone, smallest),) = drawings  # exactly one drawing of each chart is shown
        assert phone == (viewport is PHONE)
        assert smallest >= (11 if phone else 9.5), drawings
    page.close()


def test_print_stylesheet_hides_the_menus(browser, html_file: Path):
    page = open_page(browser, html_file, DESKTOP)
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.menu', '.skip-link', 'nav.contents'].map(s =>
        getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    page.close()


def test_one_self_contained_file(html_file: Path):
    html = html_file.read_text(encoding="utf-8")
    # The only script is data for indexers (JSON-LD), never run; a canonical link is fetched by nobody.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script type="application/ld+json">']
    # Links name other pages (its address, its other editions), never a resource the page loads.
    assert all(link.startswith(('<link rel="canonical"', '<link rel="alternate" hreflang='))
               for link in re.findall(r"<link\b[^>]*>", html))
    assert "<iframe" not in html
    assert all(src.startswith("data:") for src in re.findall(r'\ssrc="([^"]*)"', html))
    assert all(url.startswith("data:") for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", html))
    # Links go within the page, out to the sources, or to the data files published beside it.
    local = [href for href in re.findall(r'\shref="([^"]*)"', html)
             if not href.startswith(("#", "http://", "https://", "mailto:"))]
    assert local and all((html_file.parent / href).is_file() for href in local)
    assert html.count("<svg ") >= 3 and "font/woff2;base64," in html


def test_nu_html_checker_finds_no_error(html_file: Path):
    if not shutil.which("java") or not VNU.is_file():
        pytest.skip(f"the Nu Html Checker needs java and {VNU} (npm package vnu-jar; .ci/run installs it)")
    check = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", str(html_file)],
                           capture_output=True, text=True, timeout=180)
    assert (check.returncode, check.stdout + check.stderr) == (0, "")
