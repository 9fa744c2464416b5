"""Citations as written in prose: ``{cite:a}``, ``{cite:a; b}``, ``{cite:see a, p. 12}``, and
``{citet:a}`` for the author named in the sentence ("Moaddel (2014)").

A cluster is one or more items separated by ';'; an item is an optional prefix (words), a source id,
and an optional locator after a comma (``p. 12``, ``pp. 3–5``, ``chap. 2``, ``sec. 4.1``). The style
formats them (see render.citeproc); here they are only read and checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CITATION_KINDS = ("cite", "citet")
# The locator labels CSL knows, as writers abbreviate them; a bare number is a page.
LOCATOR_LABELS = ("p.", "pp.", "chap.", "chaps.", "sec.", "secs.", "§", "§§", "para.", "paras.", "fig.", "figs.",
                  "n.", "nn.", "vol.", "vols.", "no.", "nos.", "art.", "arts.", "l.", "ll.", "col.", "cols.", "fol.",
                  "fols.", "op.", "pt.", "pts.", "bk.", "bks.", "tab.", "app.")
_LOCATOR_VALUE = re.compile(r"[\dIVXLCDMivxlcdm]+(?:\.\d+)*(?:\s*[–-]\s*[\dIVXLCDMivxlcdm]+(?:\.\d+)*)?"
                            r"(?:,\s*[\dIVXLCDMivxlcdm]+(?:\.\d+)*(?:\s*[–-]\s*[\dIVXLCDMivxlcdm]+)?)*")
_PREFIX = re.compile(r"[A-Za-z][A-Za-z.’']*(?: [A-Za-z][A-Za-z.’']*)*")
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*(?<![:.#$%&+?<>~/-])")


@dataclass(frozen=True)
class CiteItem:
    id: str
    prefix: str = ""
    locator: str = ""

    def written(self) -> str:
        text = f"{self.prefix} {self.id}" if self.prefix else self.id
        return f"{text}, {self.locator}" if self.locator else text


def read_locator(text: str) -> bool:
    """Whether ``text`` is a locator: a label and a number or range, or a bare page number."""
    for label in sorted(LOCATOR_LABELS, key=len, reverse=True):
        if text.startswith(label):
            return bool(_LOCATOR_VALUE.fullmatch(text[len(label):].strip()))
    return bool(_LOCATOR_VALUE.fullmatch(text))


def read_cluster(kind: str, body: str) -> list[CiteItem] | str:
    """The items of a citation cluster, or why it cannot be read (with what was probably meant)."""
    written = f"{{{kind}:{body}}}"
    parts = [part.strip() for part in body.split(";")]
    if not any(parts):
        return f"reference '{written}' names no id"
    if not all(parts):
        return f"reference '{written}' has an empty id"
    items: list[CiteItem] = []
    for part in parts:
        head, _, locator = (piece.strip() for piece in part.partition(","))
        if locator and not read_locator(locator):
            if _KEY.fullmatch(locator.split()[-1]) and " " not in locator:  # '{cite:a, b}': two ids
                meant = "; ".join(p.strip() for p in body.replace(";", ",").split(",") if p.strip())
                return f"reference '{written}' separates its ids with ',': did you mean {{{kind}:{meant}}}?"
            return (f"reference '{written}' has a locator '{locator}' that is not a page or a labelled part: "
                    f"write, say, 'p. 12', 'pp. 3–5' or 'chap. 2'")
        words = head.split()
        if not words:
            return f"reference '{written}' has an empty id"
        key, prefix = words[-1], " ".join(words[:-1])
        if not _KEY.fullmatch(key):
            return f"reference '{written}' has an id with a space or a brace in it ('{key}')"
        if prefix and not _PREFIX.fullmatch(prefix):
            return f"reference '{written}' has a prefix '{prefix}' that is not words: write, say, 'see' or 'see also'"
        items.append(CiteItem(key, prefix, locator))
    meant = "{" + kind + ":" + "; ".join(item.written() for item in items) + "}"
    if written not in (meant, meant.replace("; ", ";")):
        return f"reference '{written}' has stray spaces: did you mean {meant}?"
    return items
