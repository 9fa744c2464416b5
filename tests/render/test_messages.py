"""The message catalogues: complete in every language, in step with the templates, reworded per brief."""
from __future__ import annotations

import re
import shutil

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from briefpress import load, render_html
from briefpress.errors import TemplateError, display_path
from briefpress.render.messages import TEMPLATE_FILE, load_messages
from tests.conftest import PROJECT, edit, run_cli

CATALOGUES = TEMPLATE_FILE.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _ids(messages) -> set[str]:
    return {message if isinstance(message, str) else message[0] for message in messages}


def test_the_catalogue_lists_exactly_the_messages_the_templates_and_code_print():
    method_map = [("briefpress/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
    used = _ids(found[2] for found in extract_from_dir(PROJECT, method_map, options))
    listed = _ids(message.id for message in read_po(TEMPLATE_FILE.open(encoding="utf-8")) if message.id)
    assert used == listed, "templates/messages/messages.pot is out of date: see docs/languages.md"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_language_s_catalogue_is_complete(language):
    catalogue = read_po((CATALOGUES / f"{language}.po").open(encoding="utf-8"), locale=language)
    listed = _ids(message.id for message in read_po(TEMPLATE_FILE.open(encoding="utf-8")) if message.id)
    assert _ids(message.id for message in catalogue if message.id) == listed
    for message in catalogue:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == catalogue.num_plurals if message.pluralizable else len(forms) == 1
        assert all(form.strip() for form in forms), f"{language}: '{message.id}' is not translated"
        allowed = set(PLACEHOLDER.findall(" ".join(message.id) if message.pluralizable else message.id))
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= allowed, f"{language}: '{form}' uses a value it is not given"
            if not message.pluralizable:
                assert set(PLACEHOLDER.findall(form)) == allowed, f"{language}: '{form}' drops a value"


def test_a_brief_rewords_a_message_in_messages_yaml(minimal_copy):
    (minimal_copy / "messages.yaml").write_text('"Key takeaways": At a glance\n"Source:": ["Drawn from:", "Drawn from:"]\n',
                                                encoding="utf-8")
    html = render_html(load(minimal_copy), "web")
    assert '<h2 id="takeaways-title">At a glance</h2>' in html
    assert "Key takeaways" not in html and "Drawn from:" in html


def test_mistakes_in_messages_yaml_are_located(minimal_copy):
    (minimal_copy / "messages.yaml").write_text(
        '"Key takeaway": At a glance\n'
        '"Source:": Drawn from\n'
        '"Page %(page)s of %(pages)s": "Page %(page)s"\n', encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_messages(load(minimal_copy))
    where = display_path(minimal_copy / "messages.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        f"{where}:1:1: unknown message 'Key takeaway' (did you mean 'Key takeaways'?)",
        f"{where}:2:1: message 'Source:' has plural forms: give a list of the 2 forms this language has",
        f"{where}:3:1: message 'Page %(page)s of %(pages)s' must keep its placeholders (%(page)s, %(pages)s)",
    ]


def test_a_language_without_a_catalogue_is_an_error_not_english(minimal_copy, tmp_path):
    edit(minimal_copy / "brief.yaml", "slug: minimal", "slug: minimal\nlanguage: de")
    result = run_cli("check", "--content", minimal_copy)
    assert result.status == 1
    assert result.stderr.splitlines()[0] == (
        f"{display_path(minimal_copy / 'brief.yaml')}:2:1: language: no message catalogue for 'de' (there are ar, en, "
        "fr); a theme can add templates/messages/de.po")


def test_a_templates_folder_adds_a_language(minimal_copy):
    edit(minimal_copy / "brief.yaml", "slug: minimal", "slug: minimal\nlanguage: de")
    (minimal_copy / "templates" / "messages").mkdir(parents=True)
    shutil.copy(CATALOGUES / "en.po", minimal_copy / "templates" / "messages" / "de.po")
    german = (minimal_copy / "templates" / "messages" / "de.po").read_text(encoding="utf-8")
    german = german.replace('"Language: en\\n"', '"Language: de\\n"').replace(
        'msgid "Key takeaways"\nmsgstr ""', 'msgid "Key takeaways"\nmsgstr "Das Wichtigste"')
    (minimal_copy / "templates" / "messages" / "de.po").write_text(german, encoding="utf-8")
    result = run_cli("--content", minimal_copy, "--out", minimal_copy.parent / "out")
    assert result.status == 0, result.stderr
    html = (minimal_copy.parent / "out" / "minimal.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html and "Das Wichtigste" in html
