"""The brief as a citable work: ``<slug>.bib``, ``<slug>.ris`` and ``<slug>.json`` (CSL-JSON), written
beside the web edition, which links them ("Cite this brief"), so reference managers import it whole.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

from ..content.model import Brief
from ..errors import Location, RenderError
from ..support.pandoc import PandocError, run
from .citeproc import brief_item

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


def citation_files(brief: Brief, cache: Path | None = None) -> dict[str, bytes]:
    """The brief's own citation, by file name, in each format reference managers import."""
    slug, item = brief.stem, {**brief_item(brief), "id": brief.stem}
    csl = json.dumps([item], ensure_ascii=False, indent=2) + "\n"
    try:
        bib = run(["--from=csljson", "--to=biblatex"], csl, {}, cache=cache)
    except PandocError as error:
        raise RenderError.at(Location("brief.yaml"), f"the brief's BibTeX entry cannot be written: {error}") from None
    return {f"{slug}.bib": bib.encode(), f"{slug}.ris": _ris(brief).encode(), f"{slug}.json": csl.encode()}


def _ris(brief: Brief) -> str:
    import rispy

    class Plain(rispy.RisWriter):
        """Without rispy's own "1." line before the record, which other readers do not expect."""

        def set_header(self, count: int) -> str:
            return ""

    meta = brief.meta
    entry = {"type_of_reference": "RPRT", "title": meta.title, "authors": [a.name for a in meta.authors],
             "date": meta.date.strftime("%Y/%m/%d"), "year": str(meta.date.year), "edition": meta.version,
             "language": meta.language, "keywords": list(meta.keywords), "abstract": " ".join(meta.subject.split())}
    if meta.subtitle:
        entry["secondary_title"] = meta.subtitle
    if meta.organization:
        entry["publisher"] = meta.organization
    if meta.url:
        entry["urls"] = [meta.url]
    if meta.doi:
        entry["doi"] = meta.doi
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a field rispy does not know would be dropped: fail instead
        return rispy.dumps([entry], implementation=Plain)
