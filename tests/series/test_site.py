"""``site SERIES.yaml``: the real brief and the second test brief on one site, then a new version of one and a
broken other; the pages in Chromium (search, axe-core) and in the Nu Html Checker."""
from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import AXE, PROJECT, VNU, next_version, run_cli

SERIES = PROJECT / "tests" / "fixtures" / "series" / "series.yaml"
NORLAND = PROJECT / "tests" / "fixtures" / "norland"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
URL = "https://briefs.example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_cli("site", SERIES, "--out", out)
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [f"{out}/iraq-us-relations/  Iraq–US Relations, version 1.0",
                                              f"{out}/norland-aid/  Aid to Norland, version 2.1"]
    return out


def test_the_index_lists_both_briefs_and_their_topics(site):
    index = (site / "index.html").read_text()
    assert '<a href="iraq-us-relations/">Iraq–US Relations</a>' in index
    assert '<a href="norland-aid/">Aid to Norland</a>' in index
    assert "2 briefs" in index and 'href="topics/iraq.html">Iraq</a>' in index
    # Newest first: Norland (15 June 2026) after the real brief (27 November 2026).
    assert index.index("Iraq–US Relations</a>") < index.index("Aid to Norland</a>")
    topic = (site / "topics" / "iraq.html").read_text()
    assert "Iraq–US Relations" in topic and "Aid to Norland" not in topic
    assert (site / "topics" / "aid.html").is_file()


def test_each_brief_page_links_its_formats(site):
    page = (site / "iraq-us-relations" / "index.html").read_text()
    assert '<a href="iraq-us-relations.pdf" type="application/pdf">PDF</a>' in page
    assert '<a href="iraq-us-relations-data/datapackage.json"' in page
    assert f'<a href="{URL}index.html">Briefs on Foreign Relations and Aid</a>' in page
    for name in ("iraq-us-relations.pdf", "iraq-us-relations.bib", "iraq-us-relations-data/datapackage.json",
                 "v1.0/index.html", "v1.0/iraq-us-relations.pdf"):
        assert (site / "iraq-us-relations" / name).is_file(), name


def test_the_feed_is_atom_with_an_entry_per_version(site):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}id") == URL
    assert feed.findtext(f"{ATOM}updated") == "2026-11-27T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}updated"), e.find(f"{ATOM}link").get("href")) for e in entries] == [
        (f"{URL}iraq-us-relations/v1.0/", "2026-11-27T00:00:00Z", f"{URL}iraq-us-relations/"),
        (f"{URL}norland-aid/v2.1/", "2026-06-15T00:00:00Z", f"{URL}norland-aid/")]


def test_the_sitemap_lists_every_page(site):
    locations = {loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    pages = {URL + str(path.relative_to(site)).removesuffix("index.html") for path in site.rglob("*.html")
             if not path.relative_to(site).parts[0] == "pagefind" and ".source" not in path.parts}
    assert locations == pages and len(pages) == 1 + 2 + 2 + len(list((site / "topics").iterdir()))


@contextmanager
def _serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


@pytest.fixture(scope="module")
def served(site) -> Iterator[str]:
    with _serving(site) as url:
        yield url


def test_search_finds_a_word_only_the_second_brief_has(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "index.html")
    page.fill("#search-input", "Norland")
    page.wait_for_selector("#search-results li a")
    links = page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")
    assert links == ["/norland-aid/"]
    page.fill("#search-input", "Strategic Framework Agreement")
    page.wait_for_function("document.querySelector('#search-results li a')?.getAttribute('href') === '/iraq-us-relations/'")
    page.close()


def _axe(browser, url: str, width: int, origin: str) -> None:
    """No axe-core violation, nothing fetched from another origin, nothing wider than the screen."""
    if not AXE.is_file():
        pytest.skip(f"{AXE} is missing (npm package axe-core; .ci/run installs it)")
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="load")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
    assert all(request.startswith((origin, "data:")) for request in requests)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["index.html", "topics/iraq.html", "norland-aid/"])
def test_axe_finds_no_violation_and_nothing_comes_from_elsewhere(browser, served, path, width):
    _axe(browser, served + path, width, served)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_redline_page_passes_axe_too(browser, updated, width):
    with _serving(updated[0]) as url:
        _axe(browser, url + "iraq-us-relations/v1.1/iraq-us-relations.redline.html", width, url)


def test_nu_html_checker_finds_no_error(site, updated):
    if not shutil.which("java") or not VNU.is_file():
        pytest.skip(f"the Nu Html Checker needs java and {VNU} (npm package vnu-jar; .ci/run installs it)")
    pages = [site / "index.html", *sorted((site / "topics").glob("*.html"))[:2], site / "norland-aid" / "index.html"]
    pages.append(updated[0] / "iraq-us-relations" / "v1.1" / "iraq-us-relations.redline.html")
    check = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *map(str, pages)],
                           capture_output=True, text=True, timeout=180)
    assert (check.returncode, check.stdout + check.stderr) == (0, ""), check.stdout + check.stderr


@pytest.fixture(scope="module")
def updated(site, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes], object]:
    """The first site built again with the real brief at 1.1 and Norland broken."""
    root = tmp_path_factory.mktemp("updated")
    out = root / "site"
    shutil.copytree(site, out, symlinks=True)
    before = {str(p.relative_to(out)): p.read_bytes() for p in (out / "norland-aid").rglob("*") if p.is_file()}
    next_version(root / "brief")
    shutil.copytree(NORLAND, root / "norland")
    brief_yaml = root / "norland" / "brief.yaml"
    brief_yaml.write_text(brief_yaml.read_text().replace("status: final", "status: done"), encoding="utf-8")
    series = root / "series.yaml"
    series.write_text(SERIES.read_text().replace("../../../content", "brief").replace("../norland", "norland"))
    second = run_cli("site", series, "--out", out)
    return out, root, before, second


def test_a_new_version_keeps_the_old_one_and_links_its_redline(updated):
    out, _, _, _ = updated
    folder = out / "iraq-us-relations"
    assert (folder / "v1.0" / "iraq-us-relations.pdf").is_file() and (folder / "v1.1" / "index.html").is_file()
    redline = (folder / "v1.1" / "iraq-us-relations.redline.html").read_text()
    assert "<del>16,298</del></td><td><ins>16,300</ins>" in redline and "(redated)" in redline
    assert (f'<a href="{URL}iraq-us-relations/v1.1/">Read version 1.1</a> · '
            f'<a href="{URL}iraq-us-relations/v1.0/">Read version 1.0</a>') in redline
    assert (folder / "v1.1" / "iraq-us-relations.redline.pdf").is_file()
    page = (folder / "index.html").read_text()
    assert f'<a href="{URL}iraq-us-relations/v1.0/">Version 1.0</a>' in page
    assert f'<a href="{URL}iraq-us-relations/v1.1/iraq-us-relations.redline.html">What changed</a>' in page
    assert "Revision history" in page
    feed = ET.parse(out / "feed.xml").getroot()
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert ids[:2] == [f"{URL}iraq-us-relations/v1.1/", f"{URL}iraq-us-relations/v1.0/"]


def test_a_failed_brief_is_reported_and_keeps_its_pages(updated):
    out, root, before, second = updated
    assert second.status == 1
    assert second.stderr.splitlines() == [f"{root / 'norland' / 'brief.yaml'}:9:1: status: expected 'draft' or 'final'"]
    after = {str(p.relative_to(out)): p.read_bytes() for p in (out / "norland-aid").rglob("*") if p.is_file()}
    assert after == before
    index = (out / "index.html").read_text()
    assert "Aid to Norland" in index and "Version 1.1" in index
