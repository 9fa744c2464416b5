"""series.yaml: located problems, topics, a brief's other editions, and briefs sharing a slug."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, run_cli

from briefpress.errors import ContentError, display_path
from briefpress.series.catalogue import topic_slug, topics_of
from briefpress.series.config import load_series
from briefpress.series.site import plan_brief

FIXTURES = PROJECT / "tests" / "fixtures"
HEAD = "title: T\ndescription: D\nurl: https://example.org/briefs\norganization: O\n"


def _series(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "series.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_every_mistake_of_the_series_file_at_once(tmp_path):
    path = _series(tmp_path, f"briefs:\n  - {FIXTURES / 'norland'}\n  - nowhere\n  - {FIXTURES / 'norland'}\n")
    with pytest.raises(ContentError) as caught:
        load_series(path)
    where = display_path(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{where}:7:5: briefs[1]: 'nowhere' is not a content folder (no brief.yaml in it)",
        f"{where}:8:5: briefs[2]: '{FIXTURES / 'norland'}' is listed twice (first at briefs[0])"]


def test_the_base_url_ends_with_a_slash(tmp_path):
    assert load_series(_series(tmp_path, f"briefs: [{FIXTURES / 'norland'}]\n")).spec.url == "https://example.org/briefs/"


def test_topics_come_from_keywords_or_the_series_list():
    assert topics_of(["Iraq", "trade"], None, []) == ("Iraq", "trade")
    assert topics_of(["Iraq", "trade"], None, ["Trade", "aid"]) == ("Trade",)
    assert topics_of(["Iraq"], ("aid",), ["Trade"]) == ("aid",)
    assert [topic_slug(t) for t in ("Security cooperation", "Irak–États-Unis", "المساعدات")] == [
        "security-cooperation", "irak-etats-unis", "المساعدات"]


def test_each_edition_links_the_other_languages(tmp_path):
    path = _series(tmp_path, f"briefs:\n  - {FIXTURES / 'valdorie-fr'}\n"
                             f"  - content: {FIXTURES / 'valdorie-ar'}\n    edition_of: valdorie-aide\n")
    series = load_series(path)
    french, arabic = (plan_brief(series, entry, tmp_path / "site").options.site for entry in series.briefs)
    assert french is not None and arabic is not None
    assert french.languages == (("ar", "العربية", "https://example.org/briefs/valdorie-ar/"),)
    assert arabic.languages == (("fr", "français", "https://example.org/briefs/valdorie-aide/"),)


def test_a_brief_whose_slug_another_has_is_not_built(tmp_path):
    copy = tmp_path / "norland-again"
    shutil.copytree(FIXTURES / "norland", copy)
    path = _series(tmp_path, f"briefs:\n  - {FIXTURES / 'norland'}\n  - {copy}\n")
    result = run_cli("site", path, "--out", tmp_path / "site", "--jobs", "1")
    assert result.status == 1
    assert result.stderr.splitlines() == [f"{display_path(path)}:7:5: briefs[1]: slug 'norland-aid' is also the slug of "
                                          f"briefs[0] ({FIXTURES / 'norland'}): give each brief its own slug"]
    assert result.stdout.splitlines()[0] == f"{tmp_path / 'site'}/norland-aid/  Aid to Norland, version 2.1"
