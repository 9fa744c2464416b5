"""Data shipped with the brief, and one number changed in one place showing everywhere."""
from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

from conftest import CONTENT, run_cli
from pypdf import PdfReader

from briefpress import load
from briefpress.content.tables import table_csv

SLUG = "iraq-us-relations"


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def expected_rows(table) -> list[dict[str, str]]:
    """A table's rows as its CSV should hold them: ids and column keys, values as written."""
    def text(value) -> str:
        return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    keys = ["id"] + [column.key for column in table.spec.columns]
    return [{key: text(row.get(key)) for key in keys} for row in table.rows]


def test_pdf_attachments_hold_exactly_the_tables_rows(built_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    tables = load(CONTENT).tables
    assert set(reader.attachments) == {f"{key}.csv" for key in tables} | {"datapackage.json"}
    for key, table in tables.items():
        (data,) = reader.attachments[f"{key}.csv"]
        assert csv_rows(data) == expected_rows(table), key
    assert csv_rows(reader.attachments["staffing.csv"][0])[0] == {
        "id": "level-2012", "milestone": "2012 level", "staff": "16298"}
    assert csv_rows(reader.attachments["us-exports-h1.csv"][0])[0]["exports"] == "1365.0"


def test_attachments_are_dated_by_the_brief(built_brief: Path):
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = [names[i + 1].get_object() for i in range(0, len(names), 2)]
    assert len(specs) == 5
    for spec in specs:
        params = spec["/EF"]["/F"].get_object()["/Params"]
        assert params["/CreationDate"] == params["/ModDate"] == "D:20261127000000Z"
        assert spec["/Desc"].startswith("Table ") or spec["/F"] == "datapackage.json"


def test_web_edition_links_each_tables_csv(built_brief: Path):
    html = (built_brief / f"{SLUG}.html").read_text(encoding="utf-8")
    reader = PdfReader(built_brief / f"{SLUG}.pdf")
    folder = built_brief / f"{SLUG}-data"
    tables = load(CONTENT).tables
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{key}.csv" for key in tables] + ["datapackage.json"])
    for key, table in tables.items():
        assert (folder / f"{key}.csv").read_bytes() == reader.attachments[f"{key}.csv"][0] == table_csv(table)
        link = re.search(rf'<div class="table-block" id="table-{key}">.*?<a href="([^"]+)" download', html, re.S)
        assert link and link.group(1) == f"{SLUG}-data/{key}.csv"
    printed = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert ("Each table’s data is attached to this PDF as a CSV file: Table 1, staffing.csv; Table 2, "
            "trade-2011.csv; Table 3, us-exports-h1.csv; Table 4, opinion.csv. Their columns (type, currency, scale, "
            "unit) and sources are described in datapackage.json, a Frictionless Data Package.") in printed


def test_the_data_package_describes_every_csv_file_and_validates(built_brief: Path):
    import json

    frictionless = __import__("pytest").importorskip("frictionless")
    folder = built_brief / f"{SLUG}-data"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert sorted(resources) == sorted(load(CONTENT).tables)
    exports = {field["name"]: field for field in resources["us-exports-h1"]["schema"]["fields"]}["exports"]
    assert (exports["type"], exports["currency"], exports["scale"]) == ("number", "USD", "million")
    assert resources["staffing"]["schema"]["primaryKey"] == ["id"] and resources["staffing"]["sources"]
    attached = PdfReader(built_brief / f"{SLUG}.pdf").attachments["datapackage.json"][0]
    assert attached == (folder / "datapackage.json").read_bytes()


def _svgs(html: str) -> list[str]:
    """The charts of the web edition: inline SVG, or SVG images."""
    return re.findall(r"<svg role=\"img\".*?</svg>", html, re.S) + [
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)]


def test_one_number_changed_once_changes_everywhere(content_copy: Path, tmp_path: Path):
    path = content_copy / "tables" / "staffing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("staff: 16298", "staff: 17345"), encoding="utf-8")
    out = tmp_path / "out"
    (out / f"{SLUG}-data").mkdir(parents=True)
    (out / f"{SLUG}-data" / "old-table.csv").write_text("a\n1\n")  # from a build before a table was removed
    result = run_cli("--content", content_copy, "--out", out)
    assert result.status == 0, result.stderr
    # The data folder is replaced as a whole: it holds exactly this build's tables.
    assert sorted(p.name for p in (out / f"{SLUG}-data").iterdir()) == [
        "datapackage.json", "opinion.csv", "staffing.csv", "trade-2011.csv", "us-exports-h1.csv"]
    assert not list(out.glob(".staging-*"))
    reader = PdfReader(out / f"{SLUG}.pdf")
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    html = (out / f"{SLUG}.html").read_text(encoding="utf-8")
    chart = next(svg for svg in _svgs(html) if "Rightsizing" in svg and "Personnel" in svg)
    # The table, the prose (takeaways, summary, section, chronology) and the chart's own labels.
    assert re.search(r"2012 level 17,345 Planned by January 2014 6,320", text)
    assert "from 17,345 in 2012 to a planned 6,320" in text
    assert "Mission personnel in Iraq from 17,345 in 2012" in text
    assert "US Mission personnel stand at 17,345" in text
    assert ">17,345</text>" in chart
    assert "17,345 staff in 2012" in html  # the figure's alt text
    assert "staff: 17345" in chart  # the chart's accessible description of the bar
    attached = reader.attachments["staffing.csv"][0].decode()
    assert "level-2012,2012 level,17345" in attached
    assert (out / f"{SLUG}-data" / "staffing.csv").read_bytes().decode() == attached
    everything = [text, html, attached, *_svgs(html)]
    for old in ("16,298", "16298"):
        assert not any(old in part for part in everything), old
