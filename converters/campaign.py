"""The 推进活动 stage of a conversion: every 附件4 统计表 and 附件5 工作总结 of the inbox into the
report (status, reason, findings under its file) and the 推进活动 page.

Checks across files live here: one 统计表 per recommending unit (CAMPAIGN_DUPLICATE), and its
推荐数 against the experiences that unit submitted (CAMPAIGN_COUNT_MISMATCH). Under --strict a
统计表 with a blocking finding stays off the page, as an experience would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .check.classes import blocks
from .intake import InputFile
from .model import CampaignReport, Finding, WorkSummary, info, warning
from .names import loose_key
from .read.campaign import read_campaign
from .read.work_summary import SECTION, read_work_summary
from .render import campaign as page
from .render.report import DUPLICATE, PUBLISHED, REJECTED, SKIPPED, ExperienceEntry, FileEntry

PUBLISH_KEY = "publish_work_summary"


@dataclass
class _Table:
    file: InputFile
    report: CampaignReport | None
    findings: list[Finding]


def publish(files: list[InputFile], entries: dict[str, FileEntry], experiences: list[ExperienceEntry],
            staging: Path, *, strict: bool = False, work_summary: bool = False) -> None:
    """Read the 统计表 and 工作总结 files, file what was found under each, write the page into staging."""
    tables = [_read_table(f) for f in files if f.kind == "campaign"]
    _mark_duplicates(tables)
    groups = {f.source: f.group for f in files}
    for table in tables:
        if table.report is not None and not _is_duplicate(table):
            table.findings += _count_check(table, experiences, groups)
    shown = [t.report for t in tables if _file_table(t, entries.get(t.file.source), strict)]
    summaries = [s for f in files if f.kind == "work_summary"
                 if (s := _work_summary(f, entries.get(f.source), work_summary, strict)) is not None]
    page.write_page(staging, shown, summaries)


def _read_table(f: InputFile) -> _Table:
    doc = f.read_document()
    if doc is None:
        return _Table(f, None, [])  # intake already said why
    report, findings = read_campaign(doc, f.source, f.group)
    return _Table(f, report, list(findings))


def _unit_key(report: CampaignReport) -> str:
    return loose_key(report.recommender)


def _is_duplicate(table: _Table) -> bool:
    return any(f.code == "CAMPAIGN_DUPLICATE" for f in table.findings)


def _mark_duplicates(tables: list[_Table]) -> None:
    """Two 统计表 of one unit: the first (inbox path order) counts, the other is reported."""
    first: dict[str, _Table] = {}
    for table in sorted((t for t in tables if t.report is not None), key=lambda t: t.file.source):
        kept = first.setdefault(_unit_key(table.report), table)
        if kept is not table:
            table.findings.append(warning(
                "CAMPAIGN_DUPLICATE",
                f"{table.file.source}：{table.report.recommender}已有一份推进活动统计表（{kept.file.source}），以该份为准，本份未使用",
                table.file.source))


def _submitted(report: CampaignReport, group: str, experiences: list[ExperienceEntry], groups: dict[str, str]) -> int:
    """Experiences of the same unit (its name, or the same inbox package), duplicates counted once."""
    key = _unit_key(report)
    return sum(1 for e in experiences if e.status != DUPLICATE
               and (loose_key(e.recommender) == key or (group and groups.get(e.source) == group)))


def _count_check(table: _Table, experiences: list[ExperienceEntry], groups: dict[str, str]) -> list[Finding]:
    stated = table.report.figure("recommended")
    if stated is None or stated.value is None:
        return []
    submitted = _submitted(table.report, table.file.group, experiences, groups)
    if int(stated.value) == submitted:
        return []
    return [warning(
        "CAMPAIGN_COUNT_MISMATCH",
        f"{table.file.source}：统计表填写本年度推荐典型经验 {int(stated.value)} 项，收件箱中{table.report.recommender}"
        f"报送的典型经验为 {submitted} 项，请核对",
        table.file.source)]


def _file_table(table: _Table, entry: FileEntry | None, strict: bool) -> bool:
    """Record the table's outcome in its report entry; whether it goes on the page."""
    shown = table.report is not None and not _is_duplicate(table) and not (strict and any(blocks(f) for f in table.findings))
    if entry is None:
        return shown
    entry.findings += table.findings
    if shown:
        entry.status, entry.reason = PUBLISHED, "推进活动统计表：已用于推进活动页面"
    elif table.report is not None and _is_duplicate(table):
        entry.status, entry.reason = DUPLICATE, "推进活动统计表：同一推荐单位的另一份为准，本份未使用"
    else:
        entry.status, entry.reason = REJECTED, "推进活动统计表：未用于推进活动页面，见错误与警告"
    return shown


def _work_summary(f: InputFile, entry: FileEntry | None, enabled: bool, strict: bool) -> WorkSummary | None:
    if not enabled:
        if entry is not None:
            entry.status = SKIPPED
            entry.reason = f"工作总结（附件5）：默认不公开；showcase.yml 中设 {PUBLISH_KEY}: true 可发布其“{SECTION}”一节"
        return None
    doc = f.read_document()
    summary, findings = read_work_summary(doc, f.source, f.group) if doc is not None else (None, [])
    if summary is not None:
        findings.append(info("WORK_SUMMARY_PUBLISHED", f"{f.source}：工作总结的“{SECTION}”一节已发布在推进活动页面（{PUBLISH_KEY}: true）",
                             f.source))
    shown = summary is not None and not (strict and any(blocks(x) for x in findings))
    if entry is not None:
        entry.findings = [x for x in entry.findings if x.code != "DOCUMENT_IGNORED"] + findings
        entry.status = PUBLISHED if shown else REJECTED
        entry.reason = f"工作总结：“{SECTION}”一节已发布在推进活动页面" if shown else "工作总结：未发布，见错误与警告"
    return summary if shown else None
