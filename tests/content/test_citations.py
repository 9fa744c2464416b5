"""Citations as written (``{cite:see a, p. 12; b}``, ``{citet:a}``) and the source files they point to:
sources.yaml, references.json (CSL-JSON) and references.bib, each problem located."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import problems

from briefpress.content.citations import CiteItem, read_cluster


@pytest.mark.parametrize(("kind", "body", "items"), [
    ("cite", "a", [CiteItem("a")]),
    ("cite", "a; b", [CiteItem("a"), CiteItem("b")]),
    ("cite", "see moaddel-2014, p. 12", [CiteItem("moaddel-2014", "see", "p. 12")]),
    ("cite", "see also a, pp. 3–5; b, chap. 2", [CiteItem("a", "see also", "pp. 3–5"), CiteItem("b", "", "chap. 2")]),
    ("cite", "a, 12", [CiteItem("a", "", "12")]),
    ("citet", "Visser2012", [CiteItem("Visser2012")]),
])
def test_a_cluster_is_read_into_its_items(kind: str, body: str, items: list[CiteItem]):
    assert read_cluster(kind, body) == items


@pytest.mark.parametrize(("body", "problem"), [
    ("a, b", "reference '{cite:a, b}' separates its ids with ',': did you mean {cite:a; b}?"),
    ("a, page twelve", "reference '{cite:a, page twelve}' has a locator 'page twelve' that is not a page or a "
                       "labelled part: write, say, 'p. 12', 'pp. 3–5' or 'chap. 2'"),
    ("a;", "reference '{cite:a;}' has an empty id"),
    ("see: a", "reference '{cite:see: a}' has a prefix 'see:' that is not words: write, say, 'see' or 'see also'"),
    ("a,  p. 12", "reference '{cite:a,  p. 12}' has stray spaces: did you mean {cite:a, p. 12}?"),
])
def test_a_cluster_written_wrong_says_what_was_meant(body: str, problem: str):
    assert read_cluster("cite", body) == problem


ITEM = {"id": "example-book", "type": "book", "title": "A Made-Up Book", "author": [{"family": "Example", "given": "Ada"}],
        "publisher": "Test Press", "issued": {"date-parts": [[2001]]}}


def with_references(root: Path, name: str, text: str) -> None:
    (root / "sources.yaml").unlink()
    (root / name).write_text(text, encoding="utf-8")
    section = root / "sections" / "01-staffing.md"
    section.write_text(section.read_text(encoding="utf-8").replace("{cite:globalsecurity}", "{cite:example-book}"),
                       encoding="utf-8")


def test_csl_json_problems_are_located_at_their_item(minimal_copy: Path):
    items = [ITEM, {**ITEM, "id": "no-title", "title": ""}, {**ITEM, "id": "odd", "colour": "red", "type": "tome"},
             {**ITEM, "id": "example-book"}]
    with_references(minimal_copy, "references.json", json.dumps(items, indent=2))
    where = f"{minimal_copy}/references.json"
    assert problems(minimal_copy) == [
        f"{where}:22:5: item 2 ('no-title'): has no \"title\"",
        f"{where}:41:5: item 3 ('odd'): has 'tome': expected a CSL type such as book, report, webpage or "
        "article-newspaper",
        f"{where}:41:5: item 3 ('odd'): unknown key \"colour\"",
        f"{where}:61:5: duplicate source id 'example-book' (first defined at {where}:3:5)",
    ]


def test_malformed_json_is_located(minimal_copy: Path):
    with_references(minimal_copy, "references.json", '[\n  {"id": "a",\n   "type": "book" "title": "x"}\n]\n')
    assert problems(minimal_copy) == [f"{minimal_copy}/references.json:3:19: not valid JSON: Expecting ',' delimiter"]


BIB = """@book{example-book,
  author = {Example, Ada},
  title = {A Made-Up Book},
  publisher = {Test Press},
  year = {2001},
}

@article{no-journal,
  author = {Example, Ada},
  title = {A Made-Up Article},
  year = {2002},
}

@book{example-book,
  title = {Again},
}

@bok{typo,
  title = {A Typo},
}
"""


def test_bibtex_problems_are_located(minimal_copy: Path):
    with_references(minimal_copy, "references.bib", BIB)
    where = f"{minimal_copy}/references.bib"
    assert problems(minimal_copy) == [
        f"{where}:8:1: @article{{no-journal}} has no journal or journaltitle",
        f"{where}:14:1: duplicate entry key 'example-book': each entry has its own key",
        f"{where}:18:1: @bok{{typo}}: unknown entry type 'bok' (book, article, report, online, misc, ...)",
    ]


def test_an_unclosed_bibtex_entry_is_located(minimal_copy: Path):
    with_references(minimal_copy, "references.bib", BIB.split("@article")[0] + "@article{broken,\n  author = {X\n")
    assert problems(minimal_copy) == [f"{minimal_copy}/references.bib:8:1: this entry cannot be read: a brace or a "
                                      "quote is not closed, or a field has no '='"]


def test_an_unknown_style_is_refused(minimal_copy: Path):
    brief = minimal_copy / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "citation_style: chicago-made-up\n", encoding="utf-8")
    assert problems(minimal_copy) == [
        f"{brief}:18:1: unknown citation style 'chicago-made-up': name a style of the CSL repository "
        "(chicago-author-date, apa, ieee, chicago-notes-bibliography...) or a .csl file"]
    brief.write_text(brief.read_text(encoding="utf-8").replace("chicago-made-up", "styles/house.csl"),
                     encoding="utf-8")
    (minimal_copy / "styles").mkdir(exist_ok=True)
    (minimal_copy / "styles" / "house.csl").write_text("<style xmlns='http://purl.org/net/xbiblio/csl'/>\n")
    assert problems(minimal_copy) == [
        f"{minimal_copy}/styles/house.csl: not a CSL style: its class is neither in-text nor note"]
