"""Running heads name the section each page is in, its first page included, in both papers."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

SLUG = "iraq-us-relations"
SHORT_TITLE = "Iraq–US Relations"


def _heads(pdf: Path) -> dict[int, str]:
    """Each page's running head (after the short title), from the page's first line of text."""
    heads = {}
    for number in range(2, len(PdfReader(pdf).pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        first = next(line for line in text.splitlines() if line.strip())
        assert first.strip().startswith(SHORT_TITLE), (number, first)
        heads[number] = " ".join(first.strip().removeprefix(SHORT_TITLE).split())
    return heads


def _section_pages(pdf: Path) -> list[tuple[str, int]]:
    reader = PdfReader(pdf)
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline[1]
            if not isinstance(item, list)]


@pytest.fixture(scope="module")
def letter(built_letter: Path) -> Path:
    return built_letter


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_page_names_the_section_it_is_in(paper, built_brief, letter):
    pdf = built_brief / f"{SLUG}.pdf" if paper == "a4" else letter
    heads, sections = _heads(pdf), _section_pages(pdf)
    titles = [title for title, _ in sections]
    assert heads[2] == "Summary"
    for page, head in heads.items():
        if head == "Contents":  # not a bookmark of its own: it sits between the summary and the body
            assert page == 3
            continue
        # The section the page begins in: the last to start on an earlier page, or the one that opens it.
        earlier = [title for title, first in sections if first < page][-1:]
        assert head in titles and head in earlier + [title for title, first in sections if first == page][:1], \
            (page, head)
    # A section that opens its page is named on it (the old heads left those pages blank).
    opening = [(title, first) for title, first in sections if heads.get(first) == title]
    chronology = dict(sections)["Appendix: Chronology"]
    assert ("The Strategic Framework Agreement", 4) in opening and ("Appendix: Chronology", chronology) in opening
    assert paper != "a4" or chronology == 13
