"""What changed since the previous run: render.changes.mark_changes against a real previous report.json."""

from __future__ import annotations

from pathlib import Path

from converters.model import info, warning
from converters.render.changes import FAILING, FIXED, NEW, REGRESSED, UNCHANGED, WITHDRAWN, mark_changes
from converters.render.report import PUBLISHED, REJECTED, ExperienceEntry, Report

TOO_LONG = warning("PART_TOO_LONG", "实施过程 6,000 字，超过 5000 字上限", "南京/a/附件1.docx", "实施过程")
NOTE = info("SUMMARY_MISSING", "推荐单位没有提交汇总表")


def entry(key: str, status: str = PUBLISHED, findings=(), source: str = "", title: str = "") -> ExperienceEntry:
    return ExperienceEntry(slug=f"2025-{key}", title=title or f"运用PDCA提升{key}合格率的实践", recommender="南京市质量协会",
                           organization="示例机械有限公司", team=f"{key}班", status=status,
                           source=source or f"南京市质量协会/{key}/附件1.docx", findings=list(findings))


def previous_report(tmp_path: Path, *entries: ExperienceEntry) -> Path:
    path = tmp_path / "build" / "report.json"
    Report("inbox", experiences=list(entries)).write(path)
    return path


def test_each_experience_is_marked_against_the_previous_run(tmp_path):
    path = previous_report(
        tmp_path,
        entry("fixed", REJECTED, [TOO_LONG]),
        entry("failing", REJECTED, [TOO_LONG]),
        entry("ok", PUBLISHED, [NOTE]),
        entry("regressed"),
        entry("gone"),
    )
    now = Report("inbox", experiences=[
        entry("fixed", PUBLISHED, [NOTE]),
        entry("failing", REJECTED, [TOO_LONG]),
        entry("ok", PUBLISHED, [NOTE]),  # a note is never a problem: still unchanged
        entry("regressed", PUBLISHED, [TOO_LONG]),
        entry("new"),
    ])
    mark_changes(now, path)
    assert [e.change for e in now.experiences] == [FIXED, FAILING, UNCHANGED, REGRESSED, NEW]
    assert [w["title"] for w in now.changes["withdrawn"]] == ["运用PDCA提升gone合格率的实践"]
    assert now.changes["withdrawn"][0]["change"] == WITHDRAWN
    assert now.changes["was"] == [REJECTED, REJECTED, PUBLISHED, PUBLISHED, ""]
    assert now.to_dict()["experiences"][0]["change"] == FIXED
    assert now.to_dict()["changes"]["compared"] is True


def test_a_resubmission_under_another_file_name_is_matched_by_title_and_team(tmp_path):
    path = previous_report(tmp_path, entry("a", REJECTED, [TOO_LONG]))
    now = Report("inbox", experiences=[
        entry("a", PUBLISHED, source="南京市质量协会/a/附件1（修改稿）.docx", title="运用PDCA提升a合格率的实践 "),
    ])
    mark_changes(now, path)
    assert now.experiences[0].change == FIXED
    assert now.changes["withdrawn"] == []


def test_a_missing_or_unreadable_previous_report_is_one_note_not_an_error(tmp_path):
    missing = Report("inbox", experiences=[entry("a")])
    mark_changes(missing, tmp_path / "report.json")
    assert missing.experiences[0].change == NEW
    assert "没有上次的审核报告" in missing.changes["note"]

    broken = tmp_path / "broken.json"
    broken.write_text("{\"experiences\": [1, 2", encoding="utf-8")
    unreadable = Report("inbox", experiences=[entry("a")])
    mark_changes(unreadable, broken)
    assert unreadable.experiences[0].change == NEW
    assert "无法读取" in unreadable.changes["note"] and str(broken) in unreadable.changes["note"]


def test_marking_happens_once_per_run(tmp_path):
    """A build writes the report twice; the second time report.json is this run's own."""
    path = previous_report(tmp_path, entry("a", REJECTED, [TOO_LONG]))
    now = Report("inbox", experiences=[entry("a")])
    mark_changes(now, path)
    now.write(path)
    mark_changes(now, path)
    assert now.experiences[0].change == FIXED
