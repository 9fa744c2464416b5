"""Comparing two versions of a text: paragraphs, then sentences, then the words of a touched sentence."""
from __future__ import annotations

from briefpress.render.textdiff import Segment, compare_paragraphs, compare_sentences, sentences


def test_sentences_end_at_their_stop_and_keep_their_closing_quote():
    assert sentences("He said “no.” Then it ended. Did it?  Yes") == ["He said “no.”", "Then it ended.", "Did it?", "Yes"]
    assert sentences("قال لا. ثم انتهى؟ نعم") == ["قال لا.", "ثم انتهى؟", "نعم"]


def test_a_changed_number_shows_as_words_inside_its_sentence():
    assert compare_sentences("Staff fell from 16,298 in 2012. It was cut.", "Staff fell from 16,300 in 2012. It was cut.") == [
        Segment("same", "Staff fell from "), Segment("deleted", "16,298"), Segment("inserted", "16,300"),
        Segment("same", " in 2012. It was cut.")]


def test_a_deleted_and_an_inserted_sentence_show_whole():
    assert compare_sentences("One. Two is here. Three.", "One. Three. Four is new.") == [
        Segment("same", "One. "), Segment("deleted", "Two is here."), Segment("same", " Three. "),
        Segment("inserted", "Four is new.")]


def test_paragraphs_added_removed_and_edited():
    compared = compare_paragraphs(["Kept.", "Gone for good.", "Edited a bit here."], ["Kept.", "Edited a lot here.", "New."])
    assert [(paragraph.kind, paragraph.changed) for paragraph in compared] == [
        ("same", False), ("deleted", True), ("same", True), ("inserted", True)]
    assert compared[2].segments == (Segment("same", "Edited a "), Segment("deleted", "bit"), Segment("inserted", "lot"),
                                    Segment("same", " here."))


def test_the_same_text_has_no_change():
    assert not any(paragraph.changed for paragraph in compare_paragraphs(["A. B.", "C."], ["A. B.", "C."]))
