"""convert: inbox -> intake -> pairing -> read/structure -> rules/classify -> write.

Orchestration only: the stages do the work (assemble.experience builds each Experience); this
module runs them in order, takes what it can from the conversion cache, converts the rest on every
core, and files the findings every stage returns as values under the input file or experience they
belong to, so the report accounts for everything.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import campaign, classify, manifest, ooxml
from .classify import organizations
from .check import rules
from .check.classes import blocks
from .cache import (EXPERIENCE, FACTS, PII, CacheStats, ConversionCache, PackageCache, StaleCache, bytes_digest,
                    experience_key, file_digest)
from .intake import InputFile, Limits, collect
from .model import Experience, Finding, error
from .notice import PARTS
from .assemble.experience import build_experience, rule_input
from .assemble.pairing import Facts, Submission, file_facts, pair
from .assemble import media
from .check.pii import scan_text, scan_tree
from .read.policy import load_policy
from .render import catalog, pages, pictures
from .render.report import (DUPLICATE, NOT_ACCEPTED, PUBLISHED, REJECTED, SKIPPED, ExperienceEntry, FileEntry,
                            Report)
from .assemble.structure import split_parts, with_form_title

Progress = Callable[[str, int, int], None]  # (what, done, total)

# Fewer of the four body parts than this and the document is not a 典型经验 we can publish.
MIN_BODY_PARTS = 2
# Below this many conversions, starting worker processes costs more than it saves.
PARALLEL_MIN_JOBS = 8


@dataclass(frozen=True, slots=True)
class Options:
    year: int
    strict: bool = False
    policy_path: Path | None = None
    overrides_path: Path | None = None
    accepted_path: Path | None = None
    cache_dir: Path | None = None  # conversion cache (build/cache); None converts everything afresh
    force: bool = False  # overwrite generated pages that were edited by hand
    accept_url_changes: bool = False  # editions: a published URL may move (the old one points to the new)
    work_summary: bool = False  # publish the 推进经验及做法 of each 附件5 工作总结 (showcase.yml publish_work_summary)
    media_max_mb: float = 500.0  # showcase.yml media.max_mb: larger videos and slides are not converted
    media_store: Path | None = None  # set by convert(): the cache's media folder


@dataclass
class Outcome:
    report: Report
    published: list[Experience] = field(default_factory=list)
    cache: CacheStats | None = None  # hits and misses per kind when a cache was used

    @property
    def flagged(self) -> bool:
        """A blocking finding (a rule of the notice, privacy, broken content) anywhere in the report."""
        return any(blocks(f) for f in self.report.all_findings())

    @property
    def rejected(self) -> bool:
        return any(e.status == REJECTED for e in self.report.experiences) or any(
            f.status == REJECTED for f in self.report.files
        )


def no_progress(_what: str, _done: int, _total: int) -> None:
    pass


# ---------------------------------------------------------------- stages


def _file_entries(files: list[InputFile]) -> dict[str, FileEntry]:
    entries = {}
    for f in files:
        status = REJECTED if f.kind == "broken" else SKIPPED
        reason = {
            "ignored": "系统或临时文件，已忽略",
            "unsupported": "不是可转换的 Word 文档（如 PDF、图片或未知格式），未发布",
            "broken": "文件损坏或无法读取",
            "archive": "压缩包，已解开处理其中文件",
            "video": "视频：未找到对应的典型经验，未发布",
            "slides": "演示文稿：未找到对应的典型经验，未发布",
        }.get(f.kind, "")
        entries[f.source] = FileEntry(f.source, f.kind, status, reason, findings=list(f.findings))
    return entries


@dataclass
class Converted:
    """One submission after reading, checking and building; `experience` is None when unusable.

    `page` is the experience page's Markdown. Taken from the cache, the experience comes without its
    body and picture bytes (the page has the body) and `pictures` names the cached pictures' digests.
    """

    sub: Submission
    rule_input: rules.RuleInput | None
    findings: list[Finding]
    status: str
    experience: Experience | None = None
    page: str = ""
    pictures: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256 in the cache's blobs
    media_findings: list[Finding] = field(default_factory=list)  # about its media files, filed under each


def convert(inbox: Path, content_dir: Path, opts: Options, progress: Progress = no_progress) -> Outcome:
    cache = ConversionCache.open(opts.cache_dir) if opts.cache_dir else None
    opts = dataclasses.replace(opts, media_store=cache.folder / "media" if cache else None)
    try:
        return _convert(inbox, content_dir, opts, progress, cache, recall=True)
    except StaleCache:
        # A remembered package points at a cache entry that is gone: take every package in afresh.
        cache.stats = CacheStats()
        return _convert(inbox, content_dir, opts, progress, cache, recall=False)


def _convert(inbox: Path, content_dir: Path, opts: Options, progress: Progress, cache: ConversionCache | None,
             recall: bool) -> Outcome:
    report = Report(inbox=str(inbox))
    with tempfile.TemporaryDirectory(prefix="showcase-") as tmp:
        work = Path(tmp)
        progress("收件", 0, 1)
        files = collect(inbox, work / "inbox", read=cache.cached_reader(ooxml.read_docx) if cache else None,
                        memo=PackageCache(cache, Limits(), recall) if cache else None,
                        digest=file_digest if cache else None)
        progress("收件", 1, 1)
        entries = _file_entries(files)
        submissions, pair_findings = pair(files, load_policy(opts.policy_path), accepted=opts.accepted_path,
                                          facts=_facts_reader(cache, opts), keep_all=True)
        _mark_paired_files(entries, submissions, pair_findings, report)
        overrides = classify.load_overrides(opts.overrides_path)
        report.findings += list(overrides.findings)
        converted = _convert_all(submissions, opts, overrides, work, cache, progress)
        dup = _duplicates(converted)
        # Text pages go to a fresh staging folder, then are installed without touching hand edits.
        staging = work / "generated"
        published, pictures = _publish(converted, dup, entries, report, staging, opts,
                                       cache or PictureSpill(work / "pictures"))
        campaign.publish(files, entries, report.experiences, staging, strict=opts.strict, work_summary=opts.work_summary)
        report.findings += manifest.install(staging, content_dir, pages.GENERATED_DIRS, force=opts.force,
                                            extra=pictures, stats_file=cache.installed_stats(content_dir) if cache else None)
    report.files = sorted(entries.values(), key=lambda e: e.source)
    if (content_dir / "experiences").exists():
        report.findings += scan_tree(content_dir / "experiences", scan=_pii_scanner(cache))
    if cache:
        cache.digests.save()
        cache.prune()
        media.prune_store(opts.media_store)
        report.cache = {"hits": dict(cache.stats.hits), "misses": dict(cache.stats.misses)}
    return Outcome(report, published, cache.stats if cache else None)


def _facts_reader(cache: ConversionCache | None, opts: Options):
    """pairing.file_facts through the cache: a remembered package's documents are not loaded for pairing."""
    if cache is None:
        return file_facts
    policy = file_digest(opts.policy_path)

    def read(f: InputFile, pol) -> Facts:
        if not f.digest:
            return file_facts(f, pol)

        def compute() -> Facts:
            if f.path is None and f.document is None and f.loader is None:
                raise StaleCache(f.source)  # a remembered 汇总表 whose facts the cache lost
            return file_facts(f, pol)

        return cache.memo(FACTS, (f.digest, f.source, f.kind, policy), compute)

    return read


def _pii_scanner(cache: ConversionCache | None):
    if cache is None:
        return scan_text
    return lambda text, file: cache.memo(PII, (bytes_digest(text.encode("utf-8", "surrogatepass")), file),
                                        lambda: scan_text(text, file))


def _mark_paired_files(entries: dict[str, FileEntry], submissions: list[Submission], findings, report: Report) -> None:
    for sub in submissions:
        if sub.form_file is not None and sub.form_file.source in entries:
            entries[sub.form_file.source].status = PUBLISHED
            entries[sub.form_file.source].reason = "申报表：公开字段已用于经验页面"
        if sub.summary is not None:
            src = sub.summary.source.split("#")[0]
            if src in entries:
                entries[src].status = PUBLISHED
                entries[src].reason = "汇总表：已用于配对与元数据"
    for f in findings:
        if f.file in entries:
            entries[f.file].findings.append(f)
        else:
            report.findings.append(f)


def _flagged(findings: list[Finding]) -> bool:
    """Whether --strict keeps these findings of one experience's own files off the site: notes never do."""
    return any(blocks(f) for f in findings)


def _cache_parts(sub: Submission, opts: Options) -> dict | None:
    """Everything one submission's conversion depends on besides the converter's code."""
    if not sub.experience.digest and sub.experience.path is None:
        return None

    def values(v):
        return None if v is None else {"source": v.source, "values": dict(v.values)}

    return {
        "document": sub.experience.digest or file_digest(sub.experience.path),
        "source": sub.experience.source,
        "form": values(sub.form),
        "form_file": sub.form_file.source if sub.form_file else "",
        "summary": values(sub.summary),
        "recommender": sub.recommender,
        "findings": [f.to_dict() for f in sub.findings],
        "year": opts.year,
        "strict": opts.strict,
        "policy": file_digest(opts.policy_path),
        "overrides": file_digest(opts.overrides_path),
        "media": [(m.source, m.kind, m.digest or file_digest(m.path)) for m in sub.media],
        "media_max_mb": opts.media_max_mb,
    }


def _convert_all(submissions: list[Submission], opts: Options, overrides, work: Path,
                 cache: ConversionCache | None, progress: Progress) -> list[Converted]:
    """Cache hits first, then the misses, on every core when there are enough to pay for it.

    Picture transcoding dominates (≈0.3 s per experience), and each submission is independent.
    """
    total = len(submissions)
    results: list[Converted | None] = [None] * total
    misses: list[tuple[int, str | None]] = []
    for i, sub in enumerate(submissions):
        if not sub.accepted:  # listed in the report, never converted
            results[i] = Converted(sub, None, list(sub.findings), NOT_ACCEPTED)
            continue
        key = _cache_key(sub, opts, cache)
        hit = cache.load(EXPERIENCE, key) if key else None
        if (isinstance(hit, Converted) and all(cache.has_blob(d) for d in hit.pictures.values())
                and media.files_present(hit.experience)):
            results[i] = dataclasses.replace(hit, sub=sub, findings=list(hit.findings))
        else:
            misses.append((i, key))
    done = total - len(misses)
    progress("转换", done, total)
    jobs = [(submissions[i], opts, overrides, work / f"x{i}") for i, _key in misses]
    # Pictures go to the cache's blobs (or a spill folder) as each result arrives: the run holds one
    # experience's pictures at a time, not the whole inbox's.
    pictures = cache or PictureSpill(work / "pictures")
    for (i, key), result in zip(misses, _run_jobs(jobs)):
        light = _for_cache(result, pictures)
        results[i] = dataclasses.replace(light, sub=result.sub, findings=result.findings)
        if key:
            cache.store(EXPERIENCE, key, light)
        done += 1
        progress("转换", done, total)
    return [r for r in results if r is not None]


class PictureSpill:
    """Without a conversion cache, the converted pictures wait in a folder of the run (by SHA-256)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def blob_path(self, digest: str) -> Path:
        return self.folder / digest

    def put_blob(self, data: bytes) -> str:
        digest = bytes_digest(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.blob_path(digest).write_bytes(data)
        return digest


def _for_cache(result: Converted, cache: "ConversionCache | PictureSpill") -> Converted:
    """What the cache keeps: the rendered page instead of the body, pictures as blob digests."""
    exp = result.experience
    if exp is None:
        return dataclasses.replace(result, sub=None)
    pictures = {a.name: cache.put_blob(a.data) for a in exp.assets.values()}
    light = dataclasses.replace(exp, parts={}, notes={}, assets={})
    return dataclasses.replace(result, sub=None, experience=light, pictures=pictures)


def _run_jobs(jobs: list[tuple]) -> Iterator[Converted]:
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < PARALLEL_MIN_JOBS:
        for job in jobs:
            yield _convert_job(job)
        return
    # fork, not spawn: spawn re-imports the caller's main module, which breaks any script that calls
    # convert() without a __main__ guard. The children only run conversion code, never the console
    # or logging locks a parent thread (the progress bar) might hold at fork time.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_convert_job, jobs, chunksize=1)


def _convert_job(job: tuple) -> Converted:
    """One submission; a bug it trips over rejects that submission only, never the whole run."""
    sub = job[0]
    try:
        return _convert_one(*job)
    except StaleCache:
        raise
    except Exception as exc:  # noqa: BLE001 - the report names the file; the other documents go on
        message = f"转换时出现内部错误（{type(exc).__name__}：{exc}），该经验未发布；请把此文件反馈给维护者"
        return Converted(sub, None, [error("CONVERT_FAILED", message, file=sub.experience.source)], REJECTED)


def _cache_key(sub: Submission, opts: Options, cache: ConversionCache | None) -> str | None:
    parts = _cache_parts(sub, opts) if cache else None
    return experience_key(cache, parts) if parts is not None else None


def _convert_one(sub: Submission, opts: Options, overrides: dict, workdir: Path) -> Converted:
    source = sub.experience.source
    findings: list[Finding] = list(sub.findings)
    doc = sub.experience.read_document()
    if doc is None:
        why = next((f.message for f in sub.experience.findings), "")
        message = (f"典型经验文档无法读取（{why}），该经验未发布；请推荐单位重新提交能用 Word 打开的文件" if why
                   else "无法读取典型经验文档，该经验未发布")
        findings.append(error("DOCX_UNREADABLE", message, file=source))
        return Converted(sub, None, findings, REJECTED)
    # What the reader noticed (revisions, comments, pictures or charts it could not keep) is the staff's to see.
    findings += [f if f.file else Finding(f.code, f.severity, f.message, source, f.location) for f in doc.findings]
    st = with_form_title(split_parts(doc, source), sub.form.values.get("title", "") if sub.form else "")
    findings += list(st.findings)
    checked = rule_input(sub, st)
    findings += rules.check(checked)
    body_parts = [k for k, _t, _l in PARTS[1:] if st.parts.get(k)]
    if len(body_parts) < MIN_BODY_PARTS:
        findings.append(error("TOO_FEW_PARTS", f"只找到 {len(body_parts)} 个部分，无法作为典型经验发布", file=source))
        return Converted(sub, checked, findings, REJECTED)
    workdir.mkdir(parents=True, exist_ok=True)
    exp, more = build_experience(sub, doc, st, year=opts.year, overrides=overrides, workdir=workdir)
    exp = pictures.with_pictures(exp)  # phone copies and the share image, cached with the page
    findings += more
    exp, media_findings = media.attach(exp, list(sub.media), media.MediaOptions(int(opts.media_max_mb * (1 << 20)),
                                                                              opts.media_store), workdir)
    status = REJECTED if opts.strict and _flagged(findings) else PUBLISHED
    return Converted(sub, checked, findings, status, exp, pages.render_experience(exp), media_findings=media_findings)


def _duplicates(converted: list[Converted]) -> rules.Duplicates:
    """One experience submitted twice: the copy kept is one that converted, then the fullest
    submission (rules.completeness: with a 申报表, with a 汇总表 row, most parts, earliest path)."""
    usable = {c.rule_input.source for c in converted if c.rule_input is not None and c.experience is not None}
    items = [c.rule_input for c in converted if c.rule_input is not None]
    return rules.duplicates(items, rank=lambda r: (r.source not in usable, *rules.completeness(r)))


_REASONS = {
    PUBLISHED: "已发布为经验页面",
    REJECTED: "未发布：见错误与警告",
    NOT_ACCEPTED: "未入选：不发布",
}


def _publish(converted: list[Converted], dup: rules.Duplicates, entries, report: Report, staging: Path, opts: Options,
             store: "ConversionCache | PictureSpill") -> tuple[list[Experience], dict[str, manifest.Generated]]:
    """Write the text pages of what is published into staging (an empty folder); return the
    experiences and their pictures (docs-dir path -> bytes or cached blob)."""
    by_source: dict[str, list[Finding]] = {}
    for f in dup.findings:
        by_source.setdefault(f.file, []).append(f)
    published: list[Experience] = []
    pictures: dict[str, manifest.Generated] = {}
    for item in converted:
        source = item.sub.experience.source
        item.findings += by_source.get(source, [])
        duplicate_of = dup.canonical_of.get(source, "")
        if duplicate_of:
            item.status = DUPLICATE
        elif opts.strict and item.status == PUBLISHED and _flagged(by_source.get(source, [])):
            item.status = REJECTED
        exp = item.experience
        reason = f"重复申报：与 {duplicate_of} 为同一经验，以该份为准，本份未发布" if duplicate_of else _REASONS[item.status]
        for src in (source, item.sub.form_file.source if item.sub.form_file else ""):
            entry = entries.get(src)
            if entry is not None and (src == source or item.status != PUBLISHED):
                entry.status = item.status
                entry.reason = reason if src == source else f"申报表：{reason}"
                entry.experience = exp.slug if exp else ""
        page = ""
        if exp is not None and item.status == PUBLISHED:
            page = f"experiences/{exp.slug}/"
            _write_text(staging / page / "index.md", item.page)
            pictures.update(_pictures(item, page, store))
            pictures.update({k: manifest.Generated(d, source=p) for k, (d, p) in media.published_files(exp, page).items()})
            published.append(exp)
        for src, (shown, why, found) in media.accounting(exp, item.sub.media, bool(page), item.media_findings).items():
            entries[src].status, entries[src].reason = PUBLISHED if shown else REJECTED if page else item.status, why
            entries[src].experience, entries[src].findings = (exp.slug if exp else ""), entries[src].findings + found
        named = _names(item)
        report.experiences.append(
            ExperienceEntry(
                slug=exp.slug if exp else "",
                title=named["title"],
                recommender=item.sub.recommender,
                organization=named["organization"],
                team=named["team"],
                status=item.status,
                source=source,
                form=item.sub.form.source if item.sub.form else "",
                summary=item.sub.summary.source if item.sub.summary else "",
                industry=exp.industry_name if exp else "",
                methods=list(exp.methods) if exp else [],
                page=page,
                findings=item.findings,
                duplicate_of=duplicate_of,
            )
        )
    catalog.write_indexes(published, staging, opts.year, taxonomy())
    return published, pictures


def _names(item: Converted) -> dict[str, str]:
    """经验名称, 组织名称, 班组名称 for the report: the experience's, else what was checked, else the
    申报表 / 汇总表 row's, so a broken or not accepted submission is still recognisable."""
    exp, checked = item.experience, item.rule_input
    stated = {}
    for values in (item.sub.summary, item.sub.form):
        if values is not None:
            stated.update({k: v.strip() for k, v in values.values.items() if isinstance(v, str) and v.strip()})
    out = {}
    for key in ("title", "organization", "team"):
        out[key] = (getattr(exp, key) if exp else "") or (getattr(checked, key) if checked else "") or stated.get(key, "")
    out["title"] = out["title"] or item.sub.experience.source
    return out


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _pictures(item: Converted, folder: str, store: "ConversionCache | PictureSpill") -> dict[str, manifest.Generated]:
    return {folder + name: manifest.Generated(digest, source=store.blob_path(digest))
            for name, digest in item.pictures.items()}


def taxonomy() -> catalog.Taxonomy:
    """What the index pages list from classification (render never reads classify's data files)."""
    return catalog.Taxonomy(
        industries=tuple(pages.Facet(code, name) for code, name in classify.industry_sections()),
        methods=tuple(pages.Facet(f.id, f.name, f.description) for f in classify.method_families()),
        organization_types=organizations.organization_types(),
        organization_scales=organizations.organization_scales(),
        organization_type=organizations.organization_type,
        organization_scale=organizations.organization_scale,
        central_soe=organizations.central_soe,
    )
