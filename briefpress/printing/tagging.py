"""The tagged PDF's language spans: a structure element made from an HTML element with its own ``lang``
(``[المملكة الأردنية الهاشمية]{lang=ar}`` in the content) carries that language as ``/Lang``, so a screen
reader switches voice for it (PDF/UA-1 7.2, ISO 32000-1 14.9.2).

WeasyPrint builds the structure tree from the boxes (``weasyprint.pdf.tags``) and writes the document's
language only. Its tree builder is wrapped, not copied: each element it makes for a box is given the box's
language when the box's HTML element names one of its own. The pinned WeasyPrint (requirements.lock) is
the version this is checked against (tests/pipeline/test_second_brief.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_installed = False


def install_language_tags() -> None:
    """Wrap WeasyPrint's structure-tree builder once per process."""
    global _installed
    if _installed:
        return
    import pydyf
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    build = tags._build_box_tree

    def with_language(box: Any, parent: Any, *rest: Any) -> Iterator[Any]:
        own = box._box if isinstance(box, AbsolutePlaceholder) else box
        element = getattr(own, "element", None)
        language = element.get("lang") if element is not None and own.element_tag not in ("html", "body") else None
        for made in build(box, parent, *rest):
            if language and isinstance(made, pydyf.Dictionary) and "Lang" not in made:
                made["Lang"] = pydyf.String(language)
            yield made

    tags._build_box_tree = with_language
    _installed = True
