"""Citations and references formatted by the brief's CSL style. The items below are made up for the
tests (no such book, report, page or article exists)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, copy_original, run_cli

from briefpress import load
from briefpress.content.cslitems import from_source
from briefpress.content.model import SourcesFile
from briefpress.content.reader import load_yaml
from briefpress.content.schema import check_schema
from briefpress.errors import Problems
from briefpress.render.citeproc import format_citations
from briefpress.support.pandoc import run

ITEMS = [
    {"id": "book", "type": "book", "title": "A Made-Up History of Testing", "author": [{"family": "Example",
     "given": "Ada"}], "publisher": "Test Press", "publisher-place": "Springfield", "issued": {"date-parts": [[2001]]}},
    {"id": "report", "type": "report", "title": "Fictional Findings", "author": [{"literal": "Office of Tests"}],
     "publisher": "Office of Tests", "number": "T-42", "issued": {"date-parts": [[2019, 3, 4]]}},
    {"id": "page", "type": "webpage", "title": "An Invented Page", "author": [{"literal": "Example.org"}],
     "container-title": "Example.org", "issued": {"date-parts": [[2020, 1, 6]]}, "URL": "https://example.org/page"},
    {"id": "news", "type": "article-newspaper", "title": "Nothing Happened Here", "author": [{"family": "Sample",
     "given": "Sam"}], "container-title": "The Daily Fiction", "issued": {"date-parts": [[2021, 5, 2]]}},
]
PROSE = "As shown {cite:see book, p. 12; report}, and as {citet:news} wrote {cite:page}.\n"


def brief_with(tmp_path: Path, minimal: Path, style: str | None) -> Path:
    root = tmp_path / "brief"
    shutil.copytree(minimal, root)
    (root / "sources.yaml").unlink()
    fixture_source = {"id": "globalsecurity", "type": "webpage", "title": "Iraq-US Relations",  # the fixture's own
                      "author": [{"literal": "GlobalSecurity.org"}], "issued": {"date-parts": [[2020]]}}
    (root / "references.json").write_text(json.dumps([*ITEMS, fixture_source]), encoding="utf-8")
    section = root / "sections" / "01-staffing.md"
    section.write_text(section.read_text(encoding="utf-8").replace("{cite:globalsecurity}", "{cite:news}") + "\n"
                       + PROSE, encoding="utf-8")
    if style:
        meta = root / "brief.yaml"
        meta.write_text(meta.read_text(encoding="utf-8") + f"citation_style: {style}\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("style", "clusters", "entries"), [
    (None, ["(see Example 2001, 12; Office of Tests 2019)", "Sample (2021)", "(Example.org 2020)"], {
        "book": "Example, Ada. 2001. <em>A Made-Up History of Testing</em>. Test Press.",
        "report": "Office of Tests. 2019. <em>Fictional Findings</em>. T-42. Office of Tests.",
        "page": 'Example.org. 2020. <span>“An Invented Page.”</span> Example.org, January 6. '
                '<a href="https://example.org/page">https://example.org/page</a>.',
        "news": "Sample, Sam. 2021. <span>“Nothing Happened Here.”</span> <em>The Daily Fiction</em>, May 2."}),
    ("ieee", ["see [2, p. 12], [3]", "[1]", "[4]"], {  # IEEE names no author in the sentence: "as [1] wrote"
        "news": '<div class="csl-left-margin">[1] </div><div class="csl-right-inline">S. Sample, <span>“Nothing '
                'Happened Here,”</span> <em>The Daily Fiction</em>, May 02, 2021.</div>',
        "book": '<div class="csl-left-margin">[2] </div><div class="csl-right-inline">A. Example, <em>A Made-Up '
                'History of Testing</em>. Springfield: Test Press, 2001.</div>',
        "report": '<div class="csl-left-margin">[3] </div><div class="csl-right-inline">Office of Tests, '
                  '<span>“Fictional Findings,”</span> Office of Tests, T-42, Mar. 2019.</div>',
        "page": '<div class="csl-left-margin">[4] </div><div class="csl-right-inline">Example.org, <span>“An '
                'Invented Page,”</span> Example.org. [Online]. Available: '
                '<a href="https://example.org/page">https://example.org/page</a></div>'}),
])
def test_citations_and_entries_follow_the_style(tmp_path: Path, style: str | None, clusters: list[str],
                                                 entries: dict[str, str]):
    from conftest import MINIMAL

    citations = format_citations(load(brief_with(tmp_path, MINIMAL, style)))
    texts = [occurrences[0].text for key, occurrences in citations.clusters.items() if key != ("cite", "news")]
    plain = [re.sub(r"<[^>]+>", "", text) for text in texts]
    assert plain == clusters
    assert {key: " ".join(entry.split()) for key, entry in citations.entries.items() if key != "globalsecurity"} \
        == entries


def test_the_real_brief_cites_the_same_from_csl_json_and_bibtex(tmp_path: Path):
    problems = Problems()
    sources = check_schema(SourcesFile, load_yaml(CONTENT / "sources.yaml"), problems)
    assert sources is not None
    items = [from_source(spec) for spec in sources.sources]
    expected = format_citations(load(CONTENT)).entries
    for name, text in [("references.json", json.dumps(items, ensure_ascii=False)),
                       ("references.bib", run(["--from=csljson", "--to=biblatex"], json.dumps(items), {}))]:
        root = tmp_path / name
        copy_original(root)
        (root / "sources.yaml").unlink()
        (root / name).write_text(text, encoding="utf-8")
        assert format_citations(load(root)).entries == expected, name


def test_both_editions_carry_the_formatted_citations_and_the_citation_files(tmp_path: Path):
    import bibtexparser
    from conftest import MINIMAL
    from pypdf import PdfReader

    root = brief_with(tmp_path, MINIMAL, None)
    out = tmp_path / "out"
    assert run_cli("--content", root, "--out", out).status == 0
    text = " ".join("".join(page.extract_text() for page in PdfReader(out / "minimal.pdf").pages).split())
    web = (out / "minimal.html").read_text(encoding="utf-8")
    for edition in (text, " ".join(web.split())):
        assert "see Example 2001, 12; Office of Tests 2019" in edition.replace("</a>", "").replace(
            '<a href="#source-book" role="doc-biblioref">', "").replace(
            '<a href="#source-report" role="doc-biblioref">', "")
    assert 'Sample (<a href="#source-news" role="doc-biblioref">2021</a>)' in web
    assert 'id="source-news"' in web
    library = bibtexparser.parse_string((out / "minimal.bib").read_text(encoding="utf-8"))
    assert [(e.entry_type, e.key, e["title"]) for e in library.entries] == [("report", "minimal", "Minimal {Brief}")]  # BibTeX keeps the capital
    ris = (out / "minimal.ris").read_text(encoding="utf-8")
    assert "TI  - Minimal Brief\n" in ris and "DA  - 2026/11/27\n" in ris
    assert json.loads((out / "minimal.json").read_text(encoding="utf-8"))[0]["issued"] == {"date-parts": [[2026, 11, 27]]}
    listed = {entry["path"] for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    assert {"minimal.bib", "minimal.ris", "minimal.json"} <= listed
    assert 'href="minimal.bib" download>BibTeX</a>' in web
    assert "Research Staff. 2026. <em>Minimal Brief</em>. Version 1.0. Open Policy Briefs." in web


def test_a_note_style_puts_citations_in_footnotes_numbered_with_the_brief_s_own(tmp_path: Path):
    from conftest import MINIMAL
    from pypdf import PdfReader

    root = brief_with(tmp_path, MINIMAL, "chicago-notes-bibliography")
    section = root / "sections" / "01-staffing.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nA remark.[^own] And again {cite:book, p. 14}.\n\n"
                       "[^own]: The brief's own note.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("--content", root, "--out", out)
    assert result.status == 0, result.stderr
    text = " ".join("".join(page.extract_text() for page in PdfReader(out / "minimal.pdf").pages).split())
    # Chicago notes: the first citation of a work in full, the next one short; the brief's own note between.
    first = text.index("Ada Example, A Made-Up History of Testing (Test Press, 2001), 12")
    own = text.index("The brief’s own note.")
    short = text.index("Example, A Made-Up History of Testing, 14.")
    assert first < own < short
    web = (out / "minimal.html").read_text(encoding="utf-8")
    notes = re.findall(r'<li id="fn-staffing-(\d+)"[^>]*>(.*?)</li>', web, re.S)
    plain = [(number, " ".join(re.sub(r"<[^>]+>", "", body).split())) for number, body in notes]
    assert [number for number, _ in plain] == [str(n) for n in range(1, len(plain) + 1)]
    bodies = [body for _, body in plain]
    assert any(body.startswith("See Ada Example, A Made-Up History of Testing (Test Press, 2001), 12;")
               for body in bodies)
    assert bodies.index(next(b for b in bodies if b.startswith("The brief’s own note."))) < \
        bodies.index(next(b for b in bodies if b.startswith("Example, A Made-Up History of Testing, 14.")))
    assert "Sample" in web  # {citet:news} leaves the author in the sentence, its note below


def test_a_second_run_of_the_same_citations_reads_the_cache(tmp_path: Path, monkeypatch):
    from conftest import MINIMAL

    import briefpress.render.citeproc as citeproc
    import briefpress.support.pandoc as pandoc

    brief = load(brief_with(tmp_path, MINIMAL, None))
    citeproc._pandoc.cache_clear()
    first = format_citations(brief, tmp_path / "cache")
    citeproc._pandoc.cache_clear()

    def no_pandoc(*args, **kwargs):
        raise AssertionError("pandoc ran although its answer was cached")

    monkeypatch.setattr(pandoc, "_run", no_pandoc)
    assert format_citations(brief, tmp_path / "cache") == first
    assert len(list((tmp_path / "cache").glob("*.out"))) == 1
