"""``briefpress site SERIES.yaml --out site/``: every brief of a series built, then one static site.

    index.html, topics/<topic>.html       the series' pages (series.pages)
    <slug>/index.html                     the brief's current web edition, with the PDF, data and citation
                                          files beside it and links to its topics and versions
    <slug>/v<version>/                    each published version's files, kept at a stable address; a version
                                          after the first also has <slug>.redline.html and .pdf
    <slug>/.source/v<version>/            the content each version was built from, for the next redline
    feed.xml, sitemap.xml, site.json      Atom feed, sitemap, the catalogue (series.catalogue)
    pagefind/, search.js                  the search index and the search box (series.search)

Briefs are built in memory by the same stages as ``build`` (a pool of processes, or a Dask cluster), and the
site is published at once. A brief that fails is reported with its problems; its earlier pages and listing
stay as they were, and the rest of the site is built.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..content.model import BriefMeta
from ..content.reader import load_yaml
from ..errors import BriefError, Location, Problem
from ..pipeline.batch import BriefOutcome, build_in_memory, run_all, slug_of
from ..pipeline.builder import Builder
from ..pipeline.options import Options
from ..pipeline.parts import check_destination
from ..pipeline.redline import make_redline, redline_names
from ..publish.output import publish
from ..render.changes import read_text
from ..render.navigation import SiteLinks, VersionLink
from ..render.theme import TEMPLATES
from .catalogue import CATALOGUE, Catalogue, Listing, Published, topic_slug, topics_of
from .config import Series, SeriesBrief, load_series
from .feed import atom_feed, sitemap
from .pages import site_pages
from .search import search_index

SOURCE = ".source"


@dataclass
class SiteResult:
    catalogue: Catalogue
    failed: list[BriefOutcome] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _Planned:
    entry: SeriesBrief
    meta: BriefMeta | None  # read ahead, for the links the web edition prints; None when unreadable
    options: Options


def build_site(series_file: Path, out: Path, jobs: int | None = None, scheduler: str | None = None) -> SiteResult:
    """Build every brief of the series and publish the site into ``out``; BriefError if the series file itself
    or the output folder is at fault (a brief's own problems are in ``SiteResult.failed``)."""
    series = load_series(series_file)
    previous = Catalogue.from_bytes((out / CATALOGUE).read_bytes()) if (out / CATALOGUE).is_file() else Catalogue()
    metas = read_ahead(series)
    planned = [plan_brief(series, entry, out, metas) for entry in series.briefs]
    for plan in planned:
        check_destination(plan.options)
    refused = _same_slugs(planned)
    todo = [plan.options for index, plan in enumerate(planned) if index not in refused]
    if scheduler:
        from .cluster import build_on_cluster

        built = iter(build_on_cluster(todo, scheduler))
    else:
        built = iter(run_all(build_in_memory, todo, jobs))
    outcomes = [refused[index] if index in refused else next(built) for index in range(len(planned))]
    result = SiteResult(Catalogue())
    files: dict[str, bytes] = {}
    current_pages: dict[str, bytes] = {}
    with Builder(planned[0].options) as builder:
        for index, (plan, outcome) in enumerate(zip(planned, outcomes)):
            if index in refused:  # the slug's owner is listed, not this one
                result.failed.append(outcome)
                continue
            if outcome.problems or outcome.brief is None:
                result.failed.append(outcome)
                slug = plan.meta.slug if plan.meta else slug_of(plan.entry.content)[0]
                kept = previous.find(slug) if slug else None
                if slug and kept is not None and (out / slug / "index.html").is_file():
                    result.catalogue.briefs.append(kept)
                    current_pages[f"{slug}/index.html"] = (out / slug / "index.html").read_bytes()
                continue
            listing, brief_files = _published(series, plan, outcome, out, builder)
            result.catalogue.briefs.append(listing)
            files.update(brief_files)
            current_pages[f"{listing.slug}/index.html"] = brief_files[f"{listing.slug}/index.html"]
    pages = site_pages(series, result.catalogue)
    files.update(pages)
    files["feed.xml"] = atom_feed(series, result.catalogue)
    files["sitemap.xml"] = sitemap(series, result.catalogue, list(pages))
    files[CATALOGUE] = result.catalogue.to_bytes()
    files["search.js"] = (TEMPLATES / "site" / "search.js").read_bytes()
    files.update(search_index(current_pages, Location.of(series.path)))  # the briefs, not the lists of them
    keep = [series.path, *(entry.content for entry in series.briefs)]
    result.written = publish(out, files, keep=keep)
    return result


def _same_slugs(planned: list[_Planned]) -> dict[int, BriefOutcome]:
    """Briefs whose slug an earlier brief of the series has: their pages would replace its own."""
    owners: dict[str, int] = {}
    refused = {}
    for index, plan in enumerate(planned):
        if plan.meta is None:
            continue
        first = owners.setdefault(plan.meta.slug, index)
        if first != index:
            message = (f"briefs[{index}]: slug '{plan.meta.slug}' is also the slug of briefs[{first}] "
                       f"({planned[first].entry.content}): give each brief its own slug")
            refused[index] = BriefOutcome(plan.entry.content, problems=[Problem(plan.entry.location, message)])
    return refused


def read_meta(content: Path) -> BriefMeta | None:
    """brief.yaml read ahead of the build, for the site's links; the build itself reports its problems."""
    try:
        document = load_yaml(content / "brief.yaml")
        return BriefMeta.model_validate(document.data)
    except (BriefError, ValueError, TypeError):
        return None


def read_ahead(series: Series) -> dict[SeriesBrief, BriefMeta | None]:
    """Each brief's metadata, read once: the links of every brief's page name the others."""
    return {entry: read_meta(entry.content) for entry in series.briefs}


def plan_brief(series: Series, entry: SeriesBrief, out: Path,
               metas: Mapping[SeriesBrief, BriefMeta | None] | None = None) -> _Planned:
    """The options that build ``entry`` for the site, with the links its web edition prints."""
    metas = read_ahead(series) if metas is None else metas
    meta = metas[entry]
    options = Options(content=entry.content, out=out / (meta.slug if meta else entry.content.name))
    if meta is None:
        return _Planned(entry, None, options)
    url = series.spec.url
    topics = topics_of(meta.keywords, entry.topics, series.spec.topics)
    versions = tuple(VersionLink(v.version, v.date, v.summary,
                                 None if v.version == meta.version else url + f"{meta.slug}/v{v.version}/",
                                 _redline_href(series, meta, v.version, out))
                     for v in meta.revisions if v.version == meta.version or (out / meta.slug / f"v{v.version}").is_dir())
    links = SiteLinks(series.spec.title, url + "index.html",
                      tuple((topic, url + f"topics/{topic_slug(topic)}.html") for topic in topics),
                      versions, _languages(url, meta, entry, metas))
    return _Planned(entry, meta, dataclasses.replace(options, site=links))


def _redline_href(series: Series, meta: BriefMeta, version: str, out: Path) -> str | None:
    folder = f"{meta.slug}/v{version}/"
    web, _ = redline_names(meta.slug)
    if version == meta.version:
        return series.spec.url + folder + web if _previous_source(meta, out) is not None else None
    return series.spec.url + folder + web if (out / folder / web).is_file() else None


def _previous_source(meta: BriefMeta, out: Path) -> Path | None:
    """The content of the version before this one, as the site kept it when that version was published."""
    earlier = [revision.version for revision in meta.revisions if revision.version != meta.version]
    if not earlier:
        return None
    folder = out / meta.slug / SOURCE / f"v{earlier[-1]}"
    return folder if (folder / "brief.yaml").is_file() else None


def _languages(url: str, meta: BriefMeta, entry: SeriesBrief,
               metas: Mapping[SeriesBrief, BriefMeta | None]) -> tuple[tuple[str, str, str], ...]:
    """The other editions of this brief in the series: those it is an edition of, or that are editions of it."""
    from babel import Locale

    original = entry.edition_of or meta.slug
    found = []
    for other, other_meta in metas.items():
        if other is entry or other_meta is None:
            continue
        if other_meta.slug == original or other.edition_of == original:
            name = Locale.parse(other_meta.language, sep="-").get_display_name(other_meta.language) or other_meta.language
            found.append((other_meta.language, name, url + f"{other_meta.slug}/"))
    return tuple(found)


def _published(series: Series, plan: _Planned, outcome: BriefOutcome, out: Path,
               builder: Builder) -> tuple[Listing, dict[str, bytes]]:
    """A built brief's files in its folder on the site, its earlier versions carried over, and its listing."""
    brief = outcome.brief
    assert brief is not None
    meta, slug = brief.meta, brief.meta.slug
    folder, version_folder = f"{slug}/", f"{slug}/v{meta.version}/"
    # The web edition is the folder's page: one address per page, the one the sitemap and feed give.
    built = {("index.html" if name == f"{slug}.html" else name): data for name, data in outcome.files.items()}
    files = {f"{folder}{name}": data for name, data in built.items()}
    files |= {f"{version_folder}{name}": data for name, data in built.items()}
    files |= _carried(out / slug, folder, keep_out=(f"v{meta.version}", f"{SOURCE}/v{meta.version}"))
    files |= _snapshot(plan.entry.content, f"{folder}{SOURCE}/v{meta.version}/")
    redline = None
    if (source := _previous_source(meta, out)) is not None:
        try:
            earlier = source.name.removeprefix("v")
            pages = (series.spec.url + f"{slug}/v{earlier}/", series.spec.url + version_folder)
            made = make_redline(builder, Options(content=source, out=out), dataclasses.replace(plan.options, site=None),
                                versions=pages)
        except BriefError as error:  # the kept version no longer builds (a template changed): no redline, said so
            outcome.problems.extend(Problem(p.location, f"redline not made: {p.message}") for p in error.problems)
        else:
            files |= {f"{version_folder}{name}": data for name, data in made.files.items()}
            redline = f"{version_folder}{redline_names(slug)[0]}"
    return _listing(series, plan, outcome, redline, files), files


def _carried(folder: Path, prefix: str, keep_out: tuple[str, ...]) -> dict[str, bytes]:
    """The earlier versions' folders and sources, as the site has them: the brief's folder is written anew."""
    kept: dict[str, bytes] = {}
    if not folder.is_dir():
        return kept
    roots = [path for path in folder.iterdir() if path.is_dir() and not path.is_symlink() and path.name.startswith("v")]
    roots += list((folder / SOURCE).iterdir()) if (folder / SOURCE).is_dir() else []
    for root in roots:
        if str(root.relative_to(folder)) in keep_out:
            continue
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                kept[prefix + str(path.relative_to(folder))] = path.read_bytes()
    return kept


def _snapshot(content: Path, prefix: str) -> dict[str, bytes]:
    return {prefix + str(path.relative_to(content)): path.read_bytes()
            for path in sorted(content.rglob("*")) if path.is_file() and not path.is_symlink()}


def _listing(series: Series, plan: _Planned, outcome: BriefOutcome, redline: str | None,
             files: dict[str, bytes]) -> Listing:
    brief = outcome.brief
    assert brief is not None
    meta, slug = brief.meta, brief.meta.slug
    summary = read_text(files[f"{slug}/index.html"].decode("utf-8")).parts.get("summary", ("", [""]))[1]
    kinds: list[tuple[str, Callable[[str], str]]] = [
        ("pdf", lambda s: f"{s}.pdf"), ("data", lambda s: f"{s}-data/datapackage.json"),
        ("bib", lambda s: f"{s}.bib"), ("ris", lambda s: f"{s}.ris"), ("json", lambda s: f"{s}.json")]
    formats = [("html", f"{slug}/")] + [(kind, f"{slug}/{name(slug)}") for kind, name in kinds
                                         if f"{slug}/{name(slug)}" in files]
    if redline:
        formats.append(("redline", redline))
    versions = tuple(Published(v.version, v.date, v.summary, f"{slug}/v{v.version}/"
                               if f"{slug}/v{v.version}/index.html" in files else None,
                               f"{slug}/v{v.version}/{redline_names(slug)[0]}"
                               if f"{slug}/v{v.version}/{redline_names(slug)[0]}" in files else None)
                     for v in meta.revisions)
    if not versions:
        versions = (Published(meta.version, meta.date, "", f"{slug}/v{meta.version}/"),)
    return Listing(slug, meta.title, meta.subtitle, meta.date, meta.version, meta.status, meta.language,
                   summary[0] if summary else "", topics_of(meta.keywords, plan.entry.topics, series.spec.topics),
                   tuple(formats), versions, plan.entry.edition_of, tuple(author.name for author in meta.authors))
