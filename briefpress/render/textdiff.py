"""What changed between two versions of a text, as a reader sees it: paragraphs, then sentences, then words.

Paragraphs are aligned first, so a paragraph added or removed shows whole; a paragraph that was edited
is compared sentence by sentence, so an inserted or deleted sentence shows as one; and a sentence that was
only touched (a number changed, a word replaced) shows the words that changed inside it.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "inserted", "deleted"]
# Sentences end at . ! ? (and the Arabic ؟) before a space; "U.S. Army" keeps together since no space follows the first dot.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?؟…])|(?<=[.!?؟…][\"”’)]))\s+")
_WORDS = re.compile(r"\s+|[^\s]+")
TOUCHED = 0.5  # a pair of sentences this alike is one sentence edited, not one deleted and another inserted


@dataclass(frozen=True)
class Segment:
    kind: Kind
    text: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the newer version (or a removed one of the older), its text in segments."""

    segments: tuple[Segment, ...]

    @property
    def kind(self) -> Kind:
        kinds = {segment.kind for segment in self.segments if segment.text.strip()}
        return kinds.pop() if len(kinds) == 1 else "same"

    @property
    def changed(self) -> bool:
        return any(segment.kind != "same" for segment in self.segments)


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, without the spaces between them."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]


def compare_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[Paragraph]:
    """Every paragraph of ``new`` in order, with those removed from ``old`` where they stood."""
    return [Paragraph(tuple(segments)) for segments in _aligned(old, new, compare_sentences)]


def compare_sentences(old: str, new: str) -> list[Segment]:
    """One paragraph's two versions, sentence by sentence; a touched sentence word by word."""
    parts = _aligned(sentences(old), sentences(new), compare_words)
    spaced = [segment for index, part in enumerate(parts)
              for segment in (part if index == 0 else [Segment("same", " "), *part])]
    return _merge(spaced)


def _aligned(old: Sequence[str], new: Sequence[str], touched: Callable[[str, str], list[Segment]]) -> list[list[Segment]]:
    """Two sequences of texts aligned: the same kept, the added and removed whole, and in a run of replaced
    ones each new text paired with the old one most like it (compared by ``touched``)."""
    result: list[list[Segment]] = []
    keys_old, keys_new = [text.strip() for text in old], [text.strip() for text in new]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes():
        if tag == "equal":
            result += [[Segment("same", text)] for text in new[j1:j2]]
            continue
        remaining = list(range(i1, i2))
        for text in new[j1:j2]:
            best = max(remaining, key=lambda i: _likeness(old[i], text), default=None)
            if best is None or _likeness(old[best], text) < TOUCHED:
                result.append([Segment("inserted", text)])
                continue
            result += [[Segment("deleted", old[i])] for i in remaining if i < best]
            remaining = [i for i in remaining if i > best]
            result.append(touched(old[best], text))
        result += [[Segment("deleted", old[i])] for i in remaining]
    return result


def compare_words(old: str, new: str) -> list[Segment]:
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(after[j1:j2])))
        else:
            segments += [Segment("deleted", "".join(before[i1:i2])), Segment("inserted", "".join(after[j1:j2]))]
    return segments


def _likeness(old: str, new: str) -> float:
    return SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def _merge(segments: Sequence[Segment]) -> list[Segment]:
    """Neighbouring segments of one kind joined, empty ones left out."""
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged
