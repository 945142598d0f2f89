"""A multi-year archive: every edition of showcase.yml's ``editions`` into one docs dir.

Each edition is converted from its own inbox by the ordinary pipeline (``pipeline.convert``, with its
own year) into its kept archive, ``archive/<year>/`` beside showcase.yml: a docs dir of that year's
generated pages and catalog, meant to be committed. The conversion cache makes an unchanged edition
cheap; a ``frozen: true`` edition (or one whose inbox is gone) is never read from Word again and
comes from its archive alone. Then the experience pages of all editions are combined into the docs
dir with one set of index pages and one catalog, year pages and the 历届 index (render/years.py),
links between an experience and its resubmission in another year (往届经验), and the check that no
published URL changes or disappears silently (converters/urls.py).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import manifest, pipeline, urls
from .assemble.pairing import SIMILAR
from .cache import EXPERIENCE, CacheStats
from .config import Edition, Settings, edition_settings
from .model import Experience, Finding, info, warning
from .names import loose_key, name_key
from .render.campaign import PAGE as CAMPAIGN_PAGE
from .render.campaign import write_page as write_campaign_page
from .render import catalog, pages, years
from .render.report import Report

ARCHIVE_DIR = "archive"  # beside showcase.yml: archive/<year>/ and archive/published-urls.json
CONVERTED, CACHED, FROZEN, FROM_ARCHIVE = "converted", "cache", "frozen", "archive"
HOW_NAMES = {CONVERTED: "重新转换", CACHED: "取自转换缓存", FROZEN: "已冻结，取自存档", FROM_ARCHIVE: "收件箱不存在，取自存档"}


class EditionError(Exception):
    """An edition cannot be published as configured, or a published URL would change; Chinese, one
    problem a line. The CLI prints it and exits 1, nothing is installed."""


@dataclass
class EditionResult:
    edition: Edition
    how: str  # CONVERTED, CACHED, FROZEN, FROM_ARCHIVE
    folder: Path  # its archive: a docs dir of that year's generated pages
    experiences: list[Experience] = field(default_factory=list)


def archive_folder(settings: Settings, year: int) -> Path:
    return settings.path(ARCHIVE_DIR) / str(year)


def convert_editions(settings: Settings, content_dir: Path, opts: pipeline.Options,
                     progress: pipeline.Progress = pipeline.no_progress) -> pipeline.Outcome:
    """Every edition, then the combined docs dir; raises EditionError before installing anything."""
    report = Report(inbox="；".join(f"{e.year}：{e.inbox or '（存档）'}" for e in settings.editions))
    stats = CacheStats()
    results = [_edition(settings, e, opts, progress, report, stats) for e in settings.editions]
    report.findings += [_reuse_finding(r) for r in results if r.how != CONVERTED]
    with tempfile.TemporaryDirectory(prefix="showcase-editions-") as tmp:
        staging = Path(tmp)
        cat = _combine(settings, results, staging, content_dir, link=True)
        state_path = settings.path(ARCHIVE_DIR) / urls.STATE_FILE
        check = urls.compare(urls.load(state_path), cat.experiences, accept_changes=opts.accept_url_changes)
        if check.errors:
            raise EditionError("\n".join(check.errors))
        report.findings += check.findings
        years.write_gone_pages(staging, check.gone)
        report.findings += manifest.install(staging, content_dir, pages.GENERATED_DIRS, force=opts.force)
    urls.save(state_path, check.state)
    report.cache = {"hits": dict(stats.hits), "misses": dict(stats.misses)}
    return pipeline.Outcome(report, [exp for r in results for exp in r.experiences], stats if opts.cache_dir else None)


def _combine(settings: Settings, results: list[EditionResult], staging: Path, docs_dir: Path, *, link: bool) -> catalog.Catalog:
    """The experience pages of `results` with one set of index pages, the catalog and the year pages;
    `link`: the 往届经验 sections (only where every year is in the docs dir)."""
    combined = [exp for r in results for exp in r.experiences]
    _stage_pages(results, staging)
    if link:
        years.link_resubmissions(staging, resubmissions(combined))
    year = max((r.edition.year for r in results), default=settings.year)
    cat = catalog.write_indexes(combined, staging, year, pipeline.taxonomy())
    chosen = {r.edition.year for r in results}
    infos = [years.YearInfo.of(e, _order_path(settings, e, docs_dir)) for e in _with_events(settings) if e.year in chosen]
    years.write_year_pages(staging, cat, infos, current=settings.year)
    return cat


# ---------------------------------------------------------------- one year for the offline ZIP and the book

OUTPUT_DIR = "build/editions"  # per-year docs dirs for `export` and `pdf`, rebuilt each time


def output_docs(settings: Settings, content_dir: Path, year: int | None, all_years: bool) -> tuple[Settings, Path, str]:
    """What `export` and `pdf` make in a multi-year archive: one edition (`year`, default the current
    one) from its archive, in a docs dir of its own, or with `all_years` the whole docs dir. Returns
    the settings of that edition (its year and event), the docs dir and the label for file names."""
    if not settings.editions:
        return settings, content_dir, str(settings.year)
    if all_years:
        first, last = settings.editions[0].year, settings.editions[-1].year
        return settings, content_dir, f"{first}-{last}" if first != last else str(last)
    year = year or settings.year
    edition = next((e for e in settings.editions if e.year == year), None)
    if edition is None:
        raise EditionError(f"showcase.yml 的 editions 中没有 {year} 届（有：{'、'.join(str(e.year) for e in settings.editions)}）")
    dest = settings.path(OUTPUT_DIR) / str(year)
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(content_dir, dest, ignore=shutil.ignore_patterns(*pages.GENERATED_DIRS))
    folder = archive_folder(settings, year)
    _combine(settings, [EditionResult(edition, FROZEN, folder, read_archive(folder))], dest, dest, link=False)
    return edition_settings(settings, year), dest, str(year)


def _edition(settings: Settings, edition: Edition, opts: pipeline.Options, progress, report: Report,
             stats: CacheStats) -> EditionResult:
    folder = archive_folder(settings, edition.year)
    inbox = settings.path(edition.inbox) if edition.inbox else None
    if edition.frozen or inbox is None or not inbox.exists():
        how = FROZEN if edition.frozen else FROM_ARCHIVE
        if not (folder / "experiences").is_dir():
            where = "已冻结（frozen: true）" if edition.frozen else f"收件箱 {inbox} 不存在"
            raise EditionError(f"{edition.year} 届{where}，但没有它的存档 {folder}：无法发布该届经验。"
                               f"请恢复收件箱并去掉 frozen，转换一次后再冻结")
        return EditionResult(edition, how, folder, read_archive(folder))
    outcome = pipeline.convert(inbox, folder, dataclasses.replace(opts, year=edition.year), progress)
    _prefix_sources(outcome.report, edition.inbox.rstrip("/") + "/")
    _merge(report, outcome.report, stats, outcome.cache)
    cached = outcome.cache is not None and outcome.cache.misses.get(EXPERIENCE, 0) == 0 and outcome.published
    return EditionResult(edition, CACHED if cached else CONVERTED, folder, list(outcome.published))


def _merge(report: Report, part: Report, stats: CacheStats, cache: CacheStats | None) -> None:
    report.files += part.files
    report.experiences += part.experiences
    report.findings += part.findings
    for kind, counts in (("hits", cache.hits if cache else {}), ("misses", cache.misses if cache else {})):
        target = getattr(stats, kind)
        for key, n in counts.items():
            target[key] = target.get(key, 0) + n


def _prefix_sources(part: Report, prefix: str) -> None:
    """Input files are named relative to their inbox; in the combined report, relative to showcase.yml
    (in2024/南京/附件1.docx), so two editions' files of one name stay apart (changes, workbook)."""
    known = {f.source for f in part.files}

    def moved(findings: list[Finding]) -> list[Finding]:
        return [dataclasses.replace(f, file=prefix + f.file) if f.file in known else f for f in findings]

    for entry in part.files:
        entry.findings = moved(entry.findings)
    for entry in part.experiences:
        entry.findings = moved(entry.findings)
        for name in ("source", "form", "summary", "duplicate_of"):
            value = getattr(entry, name)
            if value.split("#")[0] in known:
                setattr(entry, name, prefix + value)
    for entry in part.files:
        entry.source = prefix + entry.source
    part.findings = moved(part.findings)


def _reuse_finding(result: EditionResult) -> Finding:
    year, n = result.edition.year, len(result.experiences)
    text = f"{year} 届：{HOW_NAMES[result.how]}（{n} 项经验，未重新读取 Word）"
    if result.how == FROM_ARCHIVE:
        return warning("EDITION_REUSED", text + f"；配置的收件箱 {result.edition.inbox} 不存在，若已不再需要，请设 frozen: true")
    return info("EDITION_REUSED", text)


def _with_events(settings: Settings) -> list[Edition]:
    """The editions, the latest with the site's event (its own, else showcase.yml's top-level one)."""
    *earlier, latest = settings.editions
    return [*earlier, dataclasses.replace(latest, event=settings.event)]


def _order_path(settings: Settings, edition: Edition, docs_dir: Path) -> Path | None:
    return dataclasses.replace(settings, event=edition.event).event_order_path(docs_dir)


# ---------------------------------------------------------------- the kept archive


def read_archive(folder: Path) -> list[Experience]:
    """The experiences of an archived edition, from its pages' front matter (body and pictures stay
    in the pages, as the conversion cache keeps them)."""
    found = []
    for page in sorted((folder / "experiences").glob("*/index.md")):
        meta = _front_matter(page.read_text(encoding="utf-8"))
        if meta.get("title") and isinstance(meta.get("year"), int):
            found.append(_experience(page.parent.name, meta))
    return found


def _front_matter(text: str) -> dict:
    if not text.startswith("---\n"):
        return {}
    head, _sep, _rest = text[4:].partition("\n---")
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _experience(slug: str, meta: dict) -> Experience:
    def text(key: str) -> str:
        value = meta.get(key)
        return "" if value is None else str(value)

    def texts(key: str) -> tuple[str, ...]:
        value = meta.get(key)
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def rows(key: str) -> tuple[dict, ...]:
        value = meta.get(key)
        return tuple(dict(r) for r in value if isinstance(r, dict)) if isinstance(value, list) else ()

    return Experience(
        slug=slug, year=meta["year"], title=text("title"), organization=text("organization"), team=text("team"),
        recommender=text("recommender"), industry_code=text("industry_code"), industry_name=text("industry"),
        industry_raw=text("industry_raw"), methods=texts("methods"), method_ids=texts("method_ids"),
        method_details=texts("method_details"), parts={}, notes={}, assets={}, metrics=rows("metrics"),
        facts=rows("facts"), source=text("source"), description=text("description"), subtitle=text("subtitle"),
        written=text("written"),
    )


def _stage_pages(results: list[EditionResult], staging: Path) -> None:
    """Each published experience's folder (page and pictures) from its edition's archive, and the
    推进活动 page of the latest edition that has one (the 统计表 are a year's figures)."""
    for result in results:
        for exp in result.experiences:
            src = result.folder / "experiences" / exp.slug
            if src.is_dir():
                shutil.copytree(src, staging / "experiences" / exp.slug, dirs_exist_ok=True, copy_function=_link_picture)
    campaign = CAMPAIGN_PAGE.split("/")[0]
    for result in sorted(results, key=lambda r: r.edition.year, reverse=True):
        if (result.folder / CAMPAIGN_PAGE).is_file():
            shutil.copytree(result.folder / campaign, staging / campaign, dirs_exist_ok=True)
            return
    write_campaign_page(staging, [], [])  # archives older than the page: it says none has arrived


def _link_picture(src: str, dest: str) -> None:
    """Pictures are hard-linked (an archive of many years is mostly pictures); pages are copied,
    since the 往届经验 links are added to the copy, never to the archive."""
    if not src.endswith(".md"):
        try:
            os.link(src, dest)
            return
        except OSError:
            pass  # another file system: copy
    shutil.copy2(src, dest)


# ---------------------------------------------------------------- the same experience in two years


def resubmissions(experiences: list[Experience]) -> dict[str, list[Experience]]:
    """slug -> the same experience published in other years (same team and organisation, a title as
    similar as pairing asks): linked both ways."""
    links: dict[str, list[Experience]] = {}
    by_team: dict[str, list[Experience]] = {}
    for exp in experiences:
        by_team.setdefault(name_key(exp.team), []).append(exp)
    for team, group in by_team.items():
        if not team:
            continue
        for a in group:
            for b in group:
                if a.year != b.year and _same_experience(a, b):
                    links.setdefault(a.slug, []).append(b)
    return {slug: sorted(found, key=lambda e: e.year) for slug, found in links.items()}


def _same_experience(a: Experience, b: Experience) -> bool:
    org_a, org_b = name_key(a.organization), name_key(b.organization)
    if org_a and org_b and org_a != org_b:
        return False
    return difflib.SequenceMatcher(None, loose_key(a.title), loose_key(b.title)).ratio() >= SIMILAR
