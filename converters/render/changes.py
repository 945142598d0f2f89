"""What changed since the previous run: each experience of a new report marked against the old report.json.

An experience is matched to the previous run by its source file, else by 经验名称 + 班组名称 (a unit
that resubmits a corrected file often renames it: 附件1（修改稿）.docx). "Failing" means not published
for a reason the unit can fix: rejected, or carrying a finding of a blocking class (rule, privacy,
broken); notes never count. A previous report that is missing or unreadable is no error: every
experience is then new, and the note says why.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..check.classes import blocks
from ..model import Finding, Severity
from ..names import loose_key
from .report import REJECTED, ExperienceEntry, Report

NEW, FIXED, FAILING, REGRESSED, UNCHANGED, WITHDRAWN = "new", "fixed", "failing", "regressed", "unchanged", "withdrawn"
CHANGES = (NEW, FIXED, FAILING, REGRESSED, UNCHANGED, WITHDRAWN)
CHANGE_NAMES = {
    NEW: "新增",
    FIXED: "已改正",
    FAILING: "仍有问题",
    REGRESSED: "新出现问题",
    UNCHANGED: "无变化",
    WITHDRAWN: "已撤回",
}


def problems(findings: list[Finding]) -> list[Finding]:
    """The findings a unit is asked to fix: every class but notes."""
    return [f for f in findings if blocks(f)]


def failing(status: str, findings: list[Finding]) -> bool:
    return status == REJECTED or bool(problems(findings))


def _title_team(title: str, team: str) -> tuple[str, str]:
    return loose_key(title), loose_key(team)


def _previous_findings(entry: dict) -> list[Finding]:
    out = []
    for f in entry.get("findings") or []:
        try:
            out.append(Finding(str(f["code"]), Severity(f["severity"]), str(f.get("message", ""))))
        except (KeyError, TypeError, ValueError):
            continue  # a finding an older version wrote differently: it cannot count as a problem
    return out


def read_previous(path: Path) -> tuple[list[dict] | None, str]:
    """(experiences of the previous report, note); None when there is none to compare with."""
    if not path.exists():
        return None, f"没有上次的审核报告（{path}），本次全部经验记为新增"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["experiences"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ValueError
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None, f"上次的审核报告无法读取（{path}），本次全部经验记为新增"
    return entries, f"与上次的审核报告比较：{path}"


def mark_changes(report: Report, previous_path: Path) -> None:
    """Set `change` on every experience and `report.changes`; once per run (a build writes the
    report twice, and the second time the previous report is this run's own)."""
    if report.changes is not None:
        return
    previous, note = read_previous(previous_path)
    if previous is None:
        for e in report.experiences:
            e.change = NEW
        report.changes = {"note": note, "previous": str(previous_path), "compared": False, "withdrawn": [],
                          "was": [""] * len(report.experiences)}
        return
    by_source = {str(p.get("source", "")): i for i, p in enumerate(previous)}
    by_name = {}
    for i, p in enumerate(previous):
        by_name.setdefault(_title_team(str(p.get("title", "")), str(p.get("team", ""))), i)
    used: set[int] = set()
    was: list[str] = []  # each experience's status in the previous run, "" when new
    for e in report.experiences:
        i = _match(e, by_source, by_name, used)
        was.append("" if i is None else str(previous[i].get("status", "")))
        if i is None:
            e.change = NEW
            continue
        used.add(i)
        before = previous[i]
        was_failing = failing(str(before.get("status", "")), _previous_findings(before))
        now = failing(e.status, e.findings)
        e.change = {(True, False): FIXED, (True, True): FAILING, (False, True): REGRESSED}.get((was_failing, now), UNCHANGED)
    withdrawn = [_withdrawn(p) for i, p in enumerate(previous) if i not in used]
    report.changes = {"note": note, "previous": str(previous_path), "compared": True, "withdrawn": withdrawn,
                      "was": was}


def _match(e: ExperienceEntry, by_source: dict, by_name: dict, used: set[int]) -> int | None:
    i = by_source.get(e.source)
    if i is not None and i not in used:
        return i
    key = _title_team(e.title, e.team)
    i = by_name.get(key) if key[0] else None  # two untitled documents are not the same experience
    return i if i is not None and i not in used else None


def _withdrawn(previous: dict) -> dict:
    keep = ("title", "recommender", "organization", "team", "status", "source")
    return {**{k: str(previous.get(k, "")) for k in keep}, "change": WITHDRAWN}
