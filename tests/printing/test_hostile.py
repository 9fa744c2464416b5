"""The corpus: broken and hostile briefs, one mistake each, each refused cleanly.

Every case exits 1 with its exact located message, prints no traceback, writes nothing, leaves
the previous output untouched and sends no request to the local HTTP server.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from hostile import (
    BILLION_LAUGHS,
    Change,
    Env,
    append,
    chain,
    data_png,
    deep_yaml,
    edit,
    fifo,
    huge_table,
    jpeg,
    link,
    outside_file,
    png_bomb,
    prose,
    put,
    svg,
    template,
    truncate,
    use_bomb,
)

from briefpress.errors import display_path

SECTION = "sections/01-staffing.md"
OUT_OF_BRIEF = "is outside the brief, templates and styles"
NO_NETWORK = "is not allowed: the build reads no network resource"
SVG_REFERENCES = "SVG images may refer only to #fragments and data: URIs"

CHART = """caption: Staff
alt: Bars of staff.
sources: [globalsecurity]
chart:
  data: {table: staffing}
  encoding:
    x: {field: milestone, type: nominal}
    y: {field: staff, type: quantitative}
  layer:
    - mark: bar
"""


def chart_with(extra: str) -> Change:
    """A chart figure, cited in the section, with ``extra`` lines added to its first layer."""
    return chain(put("figures/chart.yaml", CHART + extra), prose("See {figure:chart}."))


# (id, change, expected lines: {root} is the brief's folder, {port} the server's, {outside} a folder beside it)
CASES = [
    ("yaml-syntax", edit("brief.yaml", 'version: "1.0"', "version: [1.0"),
     ["{root}/brief.yaml:5:7: YAML: expected ',' or ']', but got ':'"]),
    ("duplicate-key", edit("brief.yaml", "status: draft", "status: draft\nstatus: final"),
     ["{root}/brief.yaml:6:1: duplicate key 'status'"]),
    ("alias-bomb", put("acronyms.yaml", "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nacronyms: [*b, *b, *b]\n"),
     ["{root}/acronyms.yaml:1:4: anchors are not allowed ('&a')"]),
    ("yaml-tag", edit("brief.yaml", 'version: "1.0"', 'version: !!python/object/apply:os.system ["id"]'),
     ["{root}/brief.yaml:4:10: tags are not allowed ('tag:yaml.org,2002:python/object/apply:os.system')"]),
    ("wrong-type", edit("brief.yaml", "  - name: Research Staff", "  - name: [Research, Staff]"),
     ["{root}/brief.yaml:8:5: authors[0].name: expected text"]),
    ("unknown-field", edit("brief.yaml", "status: draft", "status: draft\ncolour: blue"),
     ["{root}/brief.yaml:6:1: unknown field 'colour'"]),
    ("missing-field", edit("brief.yaml", "title: Minimal Brief\n", ""),
     ["{root}/brief.yaml:1:1: missing field 'title'"]),
    ("impossible-date", edit("chronology.yaml", 'date: "2014-01"', 'date: "2014-02-30"'),
     ["{root}/chronology.yaml:3:5: events[0].date: impossible date '2014-02-30' (day is out of range for month)"]),
    ("date-in-words", edit("brief.yaml", 'date: "2026-11-27"', "date: 27 November 2026"),
     ["{root}/brief.yaml:3:1: date: expected a date as YYYY-MM-DD, got '27 November 2026'"]),
    ("duplicate-id", append("chronology.yaml", "  - id: staffing-target\n    date: \"2014\"\n    title: Again\n"
                                                "    text: Again.\n    sources: [globalsecurity]\n"),
     ["{root}/chronology.yaml:7:5: duplicate event id 'staffing-target' (first defined at {root}/chronology.yaml:2:5)"]),
    ("unknown-reference", prose("See {table:stafing}."),
     ["{root}/sections/01-staffing.md:12:5: unknown table 'stafing'"]),
    ("unknown-citation", prose("As reported {cite:nobody}."),
     ["{root}/sections/01-staffing.md:12:13: unknown cite 'nobody'"]),
    ("unknown-source", edit("tables/staffing.yaml", "sources: [globalsecurity]", "sources: [nobody]"),
     ["{root}/tables/staffing.yaml:3:11: sources: unknown source 'nobody'"]),
    ("unlisted-section", put("sections/02-extra.md", "---\nid: extra\ntitle: Extra\n---\nText.\n"),
     ["{root}/sections/02-extra.md: section file is not listed in brief.yaml 'sections'"]),
    ("missing-figure", edit("figures/plan.yaml", "file: plan.png", "file: missing.png"),
     ["{root}/figures/plan.yaml:4:1: file: 'missing.png' not found"]),
    ("figure-outside", edit("figures/plan.yaml", "file: plan.png", "file: ../../../../etc/passwd"),
     ["{root}/figures/plan.yaml:4:1: file: '../../../../etc/passwd' is outside the brief"]),
    ("file-url-image", prose("![Staff](file:///etc/passwd)"),
     ["{root}/sections/01-staffing.md:12:10: image 'file:///etc/passwd' is outside the brief"]),
    ("dotdot-image", prose("![Staff](../../../etc/hosts.png)"),
     ["{root}/sections/01-staffing.md:12:10: image '../../../etc/hosts.png' is outside the brief"]),
    ("absolute-image", prose("![Staff](/etc/passwd)"),
     ["{root}/sections/01-staffing.md:12:10: image '/etc/passwd' is outside the brief"]),
    ("symlink-image", chain(link("images/bars.svg", "/etc/passwd")),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' is outside the brief"]),
    ("symlink-section", chain(outside_file("section.md", "---\nid: staffing\ntitle: Stolen\n---\nText.\n"),
                              link(SECTION, "{outside}/section.md")),
     ["{root}/sections/01-staffing.md: file is a link to '{outside}/section.md', outside the brief"]),
    ("symlink-table", chain(outside_file("table.yaml", "caption: x\n"), link("tables/staffing.yaml", "{outside}/table.yaml")),
     ["{root}/tables/staffing.yaml: file is a link to '{outside}/table.yaml', outside the brief"]),
    ("fifo-image", chain(fifo("images/pipe.png"), prose("![Staff](images/pipe.png)")),
     ["{root}/sections/01-staffing.md:12:10: image 'images/pipe.png' is not a regular file"]),
    ("no-alt-text", prose("![](images/bars.svg)"),
     ["{root}/sections/01-staffing.md:12:5: image 'images/bars.svg' has no alt text"]),
    ("remote-image", prose("![Staff](http://127.0.0.1:{port}/x.png)"),
     ["{root}/sections/01-staffing.md:12:10: image 'http://127.0.0.1:{port}/x.png' is outside the brief"]),
    ("style-links-outside", chain(outside_file("leak.css", "body { color: red; }\n"), put("styles/keep.txt", ""),
                                  link("styles/leak.css", "{outside}/leak.css")),
     ["{root}/styles/leak.css: file is a link to '{outside}/leak.css', outside the brief"]),
    ("style-links-to-dev-zero", chain(put("styles/keep.txt", ""), link("styles/zero.css", "/dev/zero")),
     ["{root}/styles/zero.css: file is a link to '/dev/zero', outside the brief"]),
    ("style-is-a-pipe", chain(put("styles/keep.txt", ""), fifo("styles/pipe.css")),
     ["{root}/styles/pipe.css: is not a regular file (a device, a pipe or a folder)"]),
    ("style-too-large", put("styles/huge.css", lambda: b"/*" + b" " * (8 * 1024 * 1024) + b"*/"),
     ["{root}/styles/huge.css: file is 8,388,612 bytes, over the limit of 8,388,608"]),
    ("template-links-outside", chain(outside_file("summary.html", "<section>secret</section>\n"),
                                     put("templates/partials/keep.txt", ""),
                                     link("templates/partials/summary.html", "{outside}/summary.html")),
     ["{root}/templates/partials/summary.html: file is a link to '{outside}/summary.html', outside the brief"]),
    ("template-folder-links-outside", link("templates", "{outside}"),
     ["{root}/templates: file is a link to '{outside}', outside the brief"]),
    ("brand-file-outside", append("brief.yaml", "brand: ../../../../../../proc/self/environ\n"),
     ["{root}/brief.yaml:18:1: brand: theme file '../../../../../../proc/self/environ' is outside the brief"]),
    ("style-closes-its-element", put("styles/brief.css", "h1 { color: red; }\n/* </style><script>alert(1)</script> */\n"),
     ["{root}/styles/brief.css:2:4: '</style' may not appear in a stylesheet, not even in a comment: "
      "it would end the web edition's style element"]),
    ("truncated-png", truncate("figures/plan.png", 40),
     ["{root}/figures/plan.yaml:4:1: file: 'plan.png' is a truncated or damaged PNG image"]),
    ("cite-comma", prose("Cited {cite:globalsecurity, other}."),
     ["{root}/sections/01-staffing.md:12:7: reference '{cite:globalsecurity, other}' separates its ids with ',': "
      "did you mean {cite:globalsecurity; other}?"]),
    ("cite-typo", prose("Cited {cit:globalsecurity}."),
     ["{root}/sections/01-staffing.md:12:7: unknown reference kind 'cit' in '{cit:globalsecurity}' "
      "(known: table, figure, event, section, cite, citet, value): did you mean {cite:globalsecurity}?"]),
    ("reference-trailing-space", prose("See {table:staffing }."),
     ["{root}/sections/01-staffing.md:12:5: reference '{table:staffing }' has stray spaces: did you mean {table:staffing}?"]),
    ("reference-leading-space", prose("Cited { cite:globalsecurity }."),
     ["{root}/sections/01-staffing.md:12:7: reference '{ cite:globalsecurity }' has stray spaces: "
      "did you mean {cite:globalsecurity}?"]),
    ("cite-several-unknown", prose("Cited {cite:globalsecurity; nobody}."),
     ["{root}/sections/01-staffing.md:12:7: unknown cite 'nobody'"]),
    ("table-several", prose("See {table:staffing; staffing}."),
     ["{root}/sections/01-staffing.md:12:5: reference '{table:staffing; staffing}' names several ids: "
      "only {cite:...} takes several, separated by ';'"]),
    ("footnote-label-typo", prose("Staff were cut.[^about]\n\n[^abuot]: The plan's own words."),
     ["{root}/sections/01-staffing.md:12:16: footnote [^about] has no definition: did you mean [^abuot]?",
      "{root}/sections/01-staffing.md:14:1: footnote [^abuot] is defined but never called in the text"]),
    ("footnote-in-a-table-note", append("tables/staffing.yaml", "note: Planned levels.[^plan]\n"),
     ["{root}/tables/staffing.yaml:15:16: footnote [^plan] has no definition: add a line '[^plan]: ...' below"]),
    ("bidi-override-in-a-title", edit("chronology.yaml", "title: Target date", "title: \u202eTarget date"),
     ["{root}/chronology.yaml:4:5: events[0].title: contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible control "
      "character: remove it"]),
    ("bidi-override-in-prose", prose("Staff were \u202ecut\u202c."),
     ["{root}/sections/01-staffing.md:12:12: contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible control character: "
      "remove it (or, if the text needs it, put it in a right-to-left language span: [text]{lang=ar})"]),
    ("bidi-mark-in-a-left-to-right-span", prose("The [\u200fsigle]{lang=fr} stood."),
     ["{root}/sections/01-staffing.md:12:6: contains U+200F RIGHT-TO-LEFT MARK, an invisible control character: "
      "remove it (or, if the text needs it, put it in a right-to-left language span: [text]{lang=ar})"]),
    ("span-with-a-handler", prose("The [name]{lang=ar onclick=alert} and [other]{.big} and [none]{} and "
                                  "[last]{lang=ar onclick=alert(1)}."),
     ["{root}/sections/01-staffing.md:12:11: a span takes only a language ({lang=ar}), not 'onclick'",
      "{root}/sections/01-staffing.md:12:46: a span takes only a language ({lang=ar}), not 'class'",
      "{root}/sections/01-staffing.md:12:63: a span names no language: write [text]{lang=ar}",
      "{root}/sections/01-staffing.md:12:76: the span's attributes '{lang=ar onclick=alert(1)}' cannot be read: a "
      "span takes only a language ({lang=ar})"]),
    ("attributes-after-a-link", prose("See [the plan](https://example.org/plan){lang=en}."),
     ["{root}/sections/01-staffing.md:12:41: attributes '{lang=en}' apply only to a language span: write "
      "[text]{lang=fr}"]),
    ("zero-width-space-in-prose", prose("Staff were\u200b cut."),
     ["{root}/sections/01-staffing.md:12:11: contains U+200B ZERO WIDTH SPACE, an invisible control character: "
      "remove it"]),
    ("csv-formula-cell", edit("tables/staffing.yaml", "milestone: 2012 level",
                              'milestone: "=HYPERLINK(\\"http://127.0.0.1/\\",\\"2012\\")"'),
     ["{root}/tables/staffing.yaml:11:5: rows[0].milestone: text starting with '=' runs as a formula when the "
      "brief's data file is opened in a spreadsheet: reword it, or leave the cell empty (null)"]),
    ("markup-left-in-a-page", template("<section>\n<p>Cited {{ '{cite:' ~ 'nobody}' }} and **{{ 'bold' }}**</p>\n</section>\n"),
     ["{root}/brief.yaml: '{cite:nobody}' would be published as text in the print edition: it is markup that did not resolve",
      "{root}/brief.yaml: '{cite:nobody}' would be published as text in the web edition: it is markup that did not resolve",
      "{root}/templates/partials/summary.html:2:41: '**' would be published as text in the print edition: it is markup "
      "that did not resolve",
      "{root}/templates/partials/summary.html:2:41: '**' would be published as text in the web edition: it is markup "
      "that did not resolve"]),
    ("number-with-a-huge-exponent", edit("tables/staffing.yaml", "staff: 16298", "staff: 1e999999999"),
     ["{root}/tables/staffing.yaml:12:5: rows[0].staff: '1e999999999' is out of range: numbers have at most 21 "
      "digits before the decimal point and 12 after it"]),
    ("number-with-a-tiny-exponent", edit("tables/staffing.yaml", "staff: 16298", "staff: 1e-999999999"),
     ["{root}/tables/staffing.yaml:12:5: rows[0].staff: '1e-999999999' is out of range: numbers have at most 21 "
      "digits before the decimal point and 12 after it"]),
    ("font-face-outside", put("styles/fonts.css", "@font-face { font-family: X; src: url(/etc/passwd) }\n"),
     ["{root}/styles/fonts.css:1:35: url '/etc/passwd' " + OUT_OF_BRIEF]),
    ("event-in-year-zero", edit("chronology.yaml", 'date: "2014-01"', 'date: "0000-05"'),
     ["{root}/chronology.yaml:3:5: events[0].date: impossible date '0000-05' (the first year is 0001)"]),
    ("deeply-nested-stylesheet", put("styles/deep.css", "a " + "{" * 3000 + "}" * 3000 + "\n"),
     ["{root}/styles/deep.css: stylesheet refused: blocks nested more than 64 levels deep"]),
    ("chart-layer-fetches-data", chart_with("      data: {url: 'http://127.0.0.1:{port}/rows.csv'}\n"),
     ["{root}/figures/chart.yaml:11:7: chart: a layer may not bring data of its own: the chart draws its table's rows"]),
    ("chart-generates-rows", chart_with("    - mark: rule\n      data: {sequence: {start: 0, stop: 100000000}}\n"),
     ["{root}/figures/chart.yaml:12:7: chart: a layer may not bring data of its own: the chart draws its table's rows"]),
    ("chart-image-mark", chart_with("    - mark: image\n"),
     ["{root}/figures/chart.yaml:11:7: chart: image marks are not allowed in a chart"]),
    ("table-too-long", edit("tables/staffing.yaml", "  - milestone: 2012 level\n", "".join(
        f"  - milestone: row {n}\n    staff: {n}\n" for n in range(2001)) + "  - milestone: 2012 level\n"),
     ["{root}/tables/staffing.yaml:10:1: the table has 2,003 rows, over the limit of 2,000: print a summary and "
      "publish the full data beside the brief"]),
    # A layout fault is reported in the file of the part that caused it, not in brief.yaml.
    ("figure-taller-than-the-page", put("styles/tall.css", "#figure-plan img { height: 400mm; width: auto; }\n"),
     ["{root}/figures/plan.yaml:1:1: page 5: the img in figure 'plan' is 147.0 mm taller than the page's text "
      "area"]),
    ("brief-folder-too-large", put("images/scan.bin", lambda: bytes(65 * 1024 * 1024)),
     ["{root}: the brief folder holds 65.0 MiB, over the limit of 64 MiB: keep large data beside the brief, not in it"]),
    ("brief-folder-too-many-files", lambda root, env: [(root / "images" / f"{n}.txt").write_bytes(b"")
                                                       for n in range(2001)],
     ["{root}: the brief folder holds more than the limit of 2,000 files"]),
    ("csl-style-with-entities", lambda root, env: [
        put("styles/evil.csl", '<?xml version="1.0"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                               '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text"><info><title>&x;</title>'
                               '</info></style>\n')(root, env),
        append("brief.yaml", "citation_style: styles/evil.csl\n")(root, env)],
     ["{root}/styles/evil.csl: style refused: it declares a DTD or entities, which could read other files"]),
    ("bibtex-inputs-a-file", put("references.bib", "@misc{other,\n  title = {\\input{/etc/passwd}},\n}\n"),
     ['{root}/references.bib:1:1: @{other}: has no "title"']),
    ("csl-json-script-address", put("references.json", '[{"id": "other", "type": "webpage", "title": "T", '
                                                       '"URL": "javascript:alert(1)"}]'),
     ["{root}/references.json:1:3: item 1 ('other'): \"URL\" must be an http(s) address, not 'javascript:alert(1)'"]),
    ("chronology-too-long", edit("chronology.yaml", "events:\n", "events:\n" + "".join(
        f"  - {{id: e{n}, date: '2000', title: Event {n}, text: Text.}}\n" for n in range(1001))),
     ["{root}/chronology.yaml:1002:5: the chronology has 1,002 events, over the limit of 1,000: keep the events "
      "the brief discusses"]),
    ("too-many-footnotes", prose("".join(f"Point {n}.[^n{n}]" for n in range(501))
                                  + "\n\n" + "".join(f"[^n{n}]: Note {n}.\n" for n in range(501))),
     ["{root}/sections/01-staffing.md:12:8291: the brief has 501 footnotes, over the limit of 500: make some of them "
      "text"]),
    ("template-runs-a-program", template("<section>\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n</section>\n"),
     ["{root}/templates/partials/summary.html:2: template refused: '__init__' is not available to templates"]),
    ("template-reads-a-file", template("<section>{{ self._TemplateReference__context.parent }}</section>\n"),
     ["{root}/templates/partials/summary.html:1: template refused: '_TemplateReference__context' is not available "
      "to templates"]),
    ("template-mutates-its-data", template("<section>{{ meta.keywords.append('x') }}</section>\n"),
     ["{root}/templates/partials/summary.html:1: template refused: 'append' is not available to templates"]),
    ("remote-image-template", template('<section>\n<img src="http://127.0.0.1:{port}/x.png" alt="x">\n</section>\n'),
     ["{root}/templates/partials/summary.html:2:11: image 'http://127.0.0.1:{port}/x.png' " + NO_NETWORK]),
    ("link-attachment", template('<section>\n<link rel="attachment" href="file:///etc/passwd">\n</section>\n'),
     ["{root}/templates/partials/summary.html:2:30: attachment 'file:///etc/passwd' " + OUT_OF_BRIEF]),
    ("a-attachment", template('<section><a rel="attachment" href="../../../../../etc/hosts">x</a></section>\n'),
     ["{root}/templates/partials/summary.html:1:36: attachment '../../../../../etc/hosts' " + OUT_OF_BRIEF]),
    ("object-data", template('<section><object data="/etc/passwd"></object></section>\n'),
     ["{root}/templates/partials/summary.html:1:24: object '/etc/passwd' " + OUT_OF_BRIEF]),
    ("base-href", template('<section><base href="file:///etc/"></section>\n'),
     ["{root}/templates/partials/summary.html:1:22: base 'file:///etc/' is not allowed: "
      "the build sets where the document's files are"]),
    ("style-attribute-url", template('<section style="background: url(/etc/passwd)"></section>\n'),
     ["{root}/templates/partials/summary.html:1:33: url '/etc/passwd' " + OUT_OF_BRIEF]),
    ("brief-css-url", put("styles/evil.css", ":root { --accent: #8a1c1c; }\nbody { background: url(\"/etc/passwd\"); }\n"),
     ["{root}/styles/evil.css:2:24: url '/etc/passwd' " + OUT_OF_BRIEF]),
    ("brief-css-import", put("styles/evil.css", "@import url(http://127.0.0.1:{port}/x.css);\n"),
     ["{root}/styles/evil.css:1:9: url 'http://127.0.0.1:{port}/x.css' " + NO_NETWORK]),
    ("brief-css-font", put("styles/evil.css", "@font-face { font-family: X; src: url(/dev/zero); }\n"),
     ["{root}/styles/evil.css:1:35: url '/dev/zero' " + OUT_OF_BRIEF]),
    ("css-image-bomb", chain(put("images/big.png", png_bomb), put("styles/evil.css", "body { background: url(../images/big.png); }\n")),
     ["{root}/styles/evil.css:1:20: url '../images/big.png' is 20,000 × 20,000 pixels, over the limit of 40,000,000 pixels"]),
    ("template-svg-laughs", chain(put("images/laughs.svg", BILLION_LAUGHS),
                                  template('<section><img src="images/laughs.svg" alt="x"></section>\n')),
     ["{root}/templates/partials/summary.html:1:20: image 'images/laughs.svg' has a DOCTYPE or entities, "
      "which SVG images may not use"]),
    ("style-flag-url", outside_file("house.css", "h1 { color: red; }\n\nbody { background: url(file:///etc/passwd) }\n"),
     ["{outside}/house.css:3:20: url 'file:///etc/passwd' " + OUT_OF_BRIEF]),
    # A --style file's own folder is readable (its fonts load); a step out of it is not.
    ("style-flag-relative", outside_file("house.css", "body { background: url(../secret.png) }\n"),
     ["{outside}/house.css:1:20: url '../secret.png' " + OUT_OF_BRIEF]),
    ("raw-script", prose("<script>alert(1)</script>"),
     ["{root}/sections/01-staffing.md:12:1: raw HTML is not allowed ('<script>alert(1)</script>'): write Markdown"]),
    ("raw-inline-html", prose('Staff <img src="/etc/passwd" alt=""> cut.'),
     ["{root}/sections/01-staffing.md:12:7: raw HTML is not allowed ('<img src=\"/etc/passwd\" alt=\"\">'): write Markdown"]),
    ("javascript-link", prose("[click](javascript:alert(1))"),
     ["{root}/sections/01-staffing.md:12:9: link 'javascript:alert(1)' is not allowed: "
      "use http, https or mailto links, or {section:id} references"]),
    ("file-link", prose("[passwords](file:///etc/passwd)"),
     ["{root}/sections/01-staffing.md:12:13: link 'file:///etc/passwd' is not allowed: "
      "use http, https or mailto links, or {section:id} references"]),
    ("decompression-bomb", put("figures/plan.png", png_bomb),
     ["{root}/figures/plan.yaml:4:1: file: 'plan.png' is 20,000 × 20,000 pixels, over the limit of 40,000,000 pixels"]),
    ("not-an-image", put("figures/plan.png", b"GIF89a? no, just text"),
     ["{root}/figures/plan.yaml:4:1: file: 'plan.png' is not a readable PNG image"]),
    ("jpeg-named-png", put("figures/plan.png", jpeg),
     ["{root}/figures/plan.yaml:4:1: file: 'plan.png' is a JPEG image, not PNG"]),
    ("billion-laughs-svg", put("images/bars.svg", BILLION_LAUGHS),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' has a DOCTYPE or entities, which SVG images may not use"]),
    ("use-bomb-svg", put("images/bars.svg", use_bomb()),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' expands through <use> to more than 20,000 elements"]),
    ("use-cycle-svg", put("images/bars.svg", svg('<g id="a"><use href="#a"/></g>')),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' has a <use> element that refers to itself"]),
    ("svg-file-reference", put("images/bars.svg", svg('<image xlink:href="file:///etc/passwd"/>')),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' refers to 'file:///etc/passwd': " + SVG_REFERENCES]),
    ("svg-remote-reference", put("images/bars.svg", svg('<image href="http://127.0.0.1:{port}/x.png"/>')),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' refers to 'http://127.0.0.1:{port}/x.png': "
      + SVG_REFERENCES]),
    ("svg-css-url", put("images/bars.svg", svg('<rect style="fill: url(/etc/passwd#x)"/>')),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' refers to '/etc/passwd#x': " + SVG_REFERENCES]),
    ("svg-script", put("images/bars.svg", svg("<script>alert(1)</script>")),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' contains a <script> element, "
      "which SVG images may not use"]),
    ("svg-nested-bomb", put("images/bars.svg", lambda: svg(f'<image href="{data_png(png_bomb())}"/>').encode()),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' contains a data: image that "
      "is 20,000 × 20,000 pixels, over the limit of 40,000,000 pixels"]),
    ("svg-not-xml", put("images/bars.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>"),
     ["{root}/sections/01-staffing.md:8:28: image 'images/bars.svg' is not well-formed XML "
      "(mismatched tag: line 1, column 48)"]),
    ("huge-table", put("tables/staffing.yaml", huge_table()),
     ["{root}/tables/staffing.yaml:9:1: rows: has more than 5000 items"]),
    ("deep-nesting", edit("brief.yaml", "subject:", deep_yaml() + "subject:"),
     ["{root}/brief.yaml:9:42: nesting deeper than 32 levels"]),
    ("non-utf8", put(SECTION, b"---\nid: staffing\ntitle: Staffing\n---\nCaf\xe9 staff.\n"),
     ["{root}/sections/01-staffing.md:5:4: not valid UTF-8 (byte 0xe9)"]),
    ("oversized-file", put("acronyms.yaml", "acronyms:\n" + "  - {term: DOS, expansion: Department of State}\n" * 50_000),
     ["{root}/acronyms.yaml: file is 2,400,010 bytes, over the limit of 2,097,152"]),
]


# Cases that pass a stylesheet with --style from the folder beside the brief.
STYLE_FLAG = {"style-flag-url", "style-flag-relative"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name, change, expected", CASES, ids=[case[0] for case in CASES])
def test_hostile_brief_is_refused(name, change, expected, minimal_copy: Path, tmp_path: Path, http_recorder):
    outside = tmp_path / "outside"
    outside.mkdir()
    env = Env(http_recorder.port, outside)
    change(minimal_copy, env)
    out = tmp_path / "dist"
    out.mkdir()
    (out / "minimal.pdf").write_bytes(b"%PDF-1.7 previous build\n")
    (out / "minimal.html").write_text("<!DOCTYPE html><p>previous build</p>\n")
    before = snapshot(out)
    requests_before = len(http_recorder.requests)

    style = ["--style", outside / "house.css"] if name in STYLE_FLAG else []
    result = run_cli("--content", minimal_copy, "--out", out, *style)

    root = display_path(minimal_copy)
    wanted = [line.replace("{root}", root).replace("{port}", str(env.port)).replace("{outside}", str(outside))
              for line in expected]
    assert result.stderr.splitlines() == wanted
    assert result.status == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(out) == before
    assert len(http_recorder.requests) == requests_before


def test_corpus_is_large_and_distinct():
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)
