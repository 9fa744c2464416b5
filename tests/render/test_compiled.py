"""Compiled templates kept between builds: an edited template is compiled again, a brief's stay in memory."""
from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefpress.render.compiled import CompiledTemplates


def environment(cache: CompiledTemplates, *folders: Path, trim: bool = True) -> jinja2.Environment:
    return ImmutableSandboxedEnvironment(loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(f) for f in folders]),
                                         trim_blocks=trim, bytecode_cache=cache)


def test_an_edited_template_is_compiled_again(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("one {{ x }}", encoding="utf-8")
    cache = CompiledTemplates(tmp_path / "cache", folder)
    assert environment(cache, folder).get_template("page.html").render(x=1) == "one 1"
    (folder / "page.html").write_text("two {{ x }}", encoding="utf-8")
    assert environment(cache, folder).get_template("page.html").render(x=2) == "two 2"


def test_built_in_templates_are_kept_on_disk_for_the_next_command_and_a_briefs_are_not(tmp_path: Path):
    builtin, own = tmp_path / "builtin", tmp_path / "brief"
    for folder, name in ((builtin, "base.html"), (own, "cover.html")):
        folder.mkdir()
        (folder / name).write_text(f"{name} {{{{ x }}}}", encoding="utf-8")
    cache = CompiledTemplates(tmp_path / "cache", builtin)
    env = environment(cache, own, builtin)
    env.get_template("base.html").render(x=1)
    env.get_template("cover.html").render(x=1)
    assert len(list((tmp_path / "cache").iterdir())) == 1 and len(cache.memory) == 2
    # A new process (an empty memory) takes the built-in template's code from the folder, as compiled.
    later = CompiledTemplates(tmp_path / "cache", builtin)
    assert environment(later, own, builtin).get_template("base.html").render(x=3) == "base.html 3"
    assert len(later.memory) == 0  # loaded, not compiled again


def test_code_compiled_with_other_options_is_not_reused(tmp_path: Path):
    (tmp_path / "page.html").write_text("{% if x %}\nyes{% endif %}", encoding="utf-8")
    cache = CompiledTemplates(None, tmp_path)
    assert environment(cache, tmp_path).get_template("page.html").render(x=1) == "yes"
    assert environment(cache, tmp_path, trim=False).get_template("page.html").render(x=1) == "\nyes"
