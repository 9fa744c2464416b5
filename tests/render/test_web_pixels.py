"""The web editions of both briefs as a reader's screen shows them, at 390 and 1280 px, compared with reference
screenshots (tests/references/web-*.png, half size) within a tolerance: the top of the page and the first chart.

Refresh on purpose after a design change, reviewing the new images: ``pytest tests/render/test_web_pixels.py
--update-references``.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import PROJECT
from PIL import Image

from tests.printing.test_pixels import matches_reference

BRIEFS = {"iraq-us-relations": ("figure-staffing-levels", None), "norland-aid": ("figure-totals", PROJECT / "tests" / "fixtures" / "norland")}
# Text antialiasing differs more between screenshots than between rendered PDF pages.
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def norland(built_norland: Path) -> Path:
    return built_norland / "norland-aid.html"


def _half(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("slug", list(BRIEFS))
def test_the_screen_matches_its_reference(browser, built_brief, norland, slug, width, request):
    html = built_brief / f"{slug}.html" if slug == "iraq-us-relations" else norland
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(html.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    matches_reference(_half(page.screenshot()), f"web-{slug}-{width}-top", request, f"{slug} at {width} px", TOLERANCE)
    chart = page.locator(f"#{BRIEFS[slug][0]}")
    chart.scroll_into_view_if_needed()
    matches_reference(_half(chart.screenshot()), f"web-{slug}-{width}-chart", request, f"{slug}'s first chart at {width} px",
                      TOLERANCE)
    page.close()
