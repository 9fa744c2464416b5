"""A translation of the real brief (content/translations/ar) is checked against the original: each
mistake a translator can make is a located error, every one reported at once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefpress.content.faithful import numbers
from briefpress.content.translation import translations
from briefpress.content.validate import validate
from briefpress.errors import BriefError
from tests.conftest import CONTENT, edit, line_of


@pytest.fixture(scope="module")
def arabic():
    return validate(CONTENT, language="ar")


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    """A private copy of the real brief with its translation, to break."""
    shutil.copytree(CONTENT, tmp_path / "content")
    return tmp_path / "content"


def problems(root: Path, language: str = "ar") -> list[str]:
    with pytest.raises(BriefError) as raised:
        validate(root, language=language)
    return [str(problem) for problem in raised.value.problems]


def test_the_real_brief_has_an_arabic_translation():
    assert translations(CONTENT) == ["ar"]


def test_the_translation_takes_its_words_from_the_translator_and_its_numbers_from_the_original(arabic):
    original = validate(CONTENT)
    assert arabic.translation == "ar" and arabic.stem == "iraq-us-relations.ar"
    assert arabic.meta.language == "ar" and arabic.original_language == "en" and arabic.meta.digits == "latn"
    assert arabic.meta.title == "العلاقات العراقية الأمريكية"
    assert (arabic.meta.slug, arabic.meta.date, arabic.meta.version) == (original.meta.slug, original.meta.date,
                                                                         original.meta.version)
    assert [s.id for s in arabic.sections] == [s.id for s in original.sections]
    assert arabic.sections[1].title == "السفارة وخفض عدد الموظفين"
    assert arabic.sections[1].body_location.path.endswith("translations/ar/sections/02-embassy.md")
    staffing = arabic.tables["staffing"]
    assert [row["staff"] for row in staffing.rows] == [row["staff"] for row in original.tables["staffing"].rows]
    assert staffing.rows[0]["milestone"] == "مستوى عام 2012"
    assert [c.label for c in staffing.spec.columns] == ["المرحلة", "عدد الأفراد"]
    # The chart's categories are the cells' translated words, its titles the figure's strings.
    x = arabic.figures["staffing-levels"].chart["encoding"]["x"]
    assert x["sort"][0] == "مستوى عام 2012" and x["axis"]["title"] == "المرحلة"
    assert [(e.id, e.date) for e in arabic.events] == [(e.id, e.date) for e in original.events]
    assert arabic.events[-1].title == "البرلمان يصوّت على إخراج القوات الأجنبية"
    assert arabic.acronyms[0].term == "BEC" and arabic.acronyms[0].expansion == "مجمع السفارة في بغداد"
    assert arabic.source_notes["abadi-2015"].startswith("نُشر في 3 ديسمبر 2015.")
    assert arabic.meta.revisions[0].summary.startswith("الطبعة الأولى")


def test_every_missing_or_unfaithful_part_is_reported_where_the_translator_wrote_it(translated):
    ar = translated / "translations" / "ar"
    edit(ar / "sections" / "01-framework.md", " {cite:sfa}", "")
    edit(ar / "sections" / "02-embassy.md", "قرابة 20,000", "قرابة 21,000")
    edit(ar / "sections" / "04-trade.md", "({table:trade-2011})", "({table:trade-2011}؛ {table:trade-2011})")
    (ar / "sections" / "07-reconstruction.md").unlink()
    edit(ar / "chronology.yaml", "  surveys-begin:\n", "  surveys-began:\n")
    edit(ar / "tables.yaml", "    Kurds: الكرد\n", "")
    edit(ar / "tables.yaml", "    staff: عدد الأفراد\n", "")
    edit(ar / "figures.yaml", "    Milestone: المرحلة\n", "    Milestones: المراحل\n")
    edit(ar / "brief.yaml", "digits: latn\n", "digits: latn\ndate: \"2026-12-01\"\n")
    edit(ar / "acronyms.yaml", "  WTO: منظمة التجارة العالمية\n", "")
    (ar / "chronolgy.yaml").write_text("events: {}\n", encoding="utf-8")
    found = problems(translated)
    where = f"{translated}/translations/ar"
    chronology_at = line_of(ar / "chronology.yaml", "events:")
    expected = [
        f"{where}/acronyms.yaml:2:1: acronyms.yaml: 'WTO' is missing ({translated}/acronyms.yaml:30:5)",
        f"{where}/brief.yaml:{line_of(ar / 'brief.yaml', 'date:')}:1: brief.yaml: 'date' is not translated: the "
        f"original decides it ({translated}/brief.yaml:{line_of(translated / 'brief.yaml', 'date:')}:1)",
        f"{where}/chronology.yaml:{chronology_at}:1: chronology.yaml: event 'surveys-begin' is missing "
        f"({translated}/chronology.yaml:2:5)",
        f"{where}/chronology.yaml:{chronology_at + 1}:3: chronology.yaml: the original has no event 'surveys-began'",
        f"{where}/figures.yaml:{line_of(ar / 'figures.yaml', 'Milestones:')}:5: figures.yaml: figure 'staffing-levels': "
        "the chart prints no 'Milestones'",
        f"{where}/figures.yaml:{line_of(ar / 'figures.yaml', 'staffing-levels:')}:1: figures.yaml: figure "
        f"'staffing-levels': the chart's title 'Milestone' is not translated: add it under 'strings:' "
        f"({translated}/figures/staffing-levels.yaml:19:14)",
        f"{where}/sections/01-framework.md:4: {{cite:sfa}} is missing: the original has it "
        f"({translated}/sections/01-framework.md:5)",
        f"{where}/sections/02-embassy.md:4:216: the number '21,000' is not in the original's text "
        f"({translated}/sections/02-embassy.md:5): numbers come from the original, as written there or quoted "
        "with {value:...}",
        f"{where}/sections/07-reconstruction.md: file not found: section '07-reconstruction' is not translated",
        f"{where}/chronolgy.yaml: not a file of a translation (those are brief.yaml, tables.yaml, figures.yaml, "
        "chronology.yaml, sources.yaml, acronyms.yaml, messages.yaml and sections/)",
        f"{where}/tables.yaml:{line_of(ar / 'tables.yaml', 'opinion:')}:1: tables.yaml: table 'opinion': the cell "
        "'Kurds' (column 'group') is not translated: add it under 'text:'",
        f"{where}/tables.yaml:{line_of(ar / 'tables.yaml', '  columns:')}:3: tables.yaml: table 'staffing': the "
        f"label of column 'staff' is missing ({translated}/tables/staffing.yaml:13:5)",
    ]
    for line in expected:
        assert line in found, f"{line}\n not in\n" + "\n".join(found)
    assert any("{table:trade-2011} is written 2 times, 1 in the original" in line for line in found)


def test_a_translation_changes_no_number_and_quotes_every_value_as_often():
    text = "من ١٦٬٢٩٨ إلى 6,320 في {value:staffing/level-2012/staff} [^n2] F-16"
    assert numbers(text) == [(3, "١٦٬٢٩٨", "16298"), (14, "6,320", "6320"), (text.index("16"), "16", "16")]


def test_an_unknown_or_missing_translation_is_a_located_error(translated):
    assert problems(translated, "fr") == [f"{translated}/translations/fr: no translation into 'fr': the folder "
                                          "is missing"]
    assert problems(translated, "xx-notalanguage") == [
        f"{translated}/translations/xx-notalanguage: translations: unknown language 'xx-notalanguage': give a BCP 47 "
        "tag that CLDR knows, such as en, fr, ar or pt-BR"]


def test_the_original_language_is_the_original(arabic):
    assert validate(CONTENT, language="en").translation is None


def test_each_edition_rewords_messages_in_its_own_messages_yaml(translated):
    from briefpress.render.messages import load_messages

    (translated / "messages.yaml").write_text('"Key takeaways": At a glance\n', encoding="utf-8")
    assert load_messages(validate(translated, language="ar")).gettext("Key takeaways") == "أبرز الاستنتاجات"
    (translated / "translations" / "ar" / "messages.yaml").write_text('"Key takeaways": باختصار\n', encoding="utf-8")
    assert load_messages(validate(translated, language="ar")).gettext("Key takeaways") == "باختصار"
    assert load_messages(validate(translated)).gettext("Key takeaways") == "At a glance"
