"""No short word alone on the last line of a paragraph, list item or caption."""
from __future__ import annotations

from briefpress.content.prose import no_runts


def test_the_last_short_word_is_bound_to_the_one_before():
    assert no_runts("<p>It was a long day for all.</p>") == "<p>It was a long day for\u00a0all.</p>"
    assert no_runts('<li>as <a href="#t">Table 1</a></li>') == '<li>as <a href="#t">Table\u00a01</a></li>'
    assert no_runts("<p>the reduction of 61 percent.”</p>") == "<p>the reduction of 61\u00a0percent.”</p>"


def test_long_last_words_attributes_and_markup_are_left_alone():
    assert no_runts("<p>a sentence ending in reconstruction.</p>") == "<p>a sentence ending in reconstruction.</p>"
    assert no_runts('<p>word <span class="a b">x</span></p>') == '<p>word <span class="a b">x</span></p>'
    assert no_runts("<h2>A heading ends it</h2>") == "<h2>A heading ends it</h2>"
