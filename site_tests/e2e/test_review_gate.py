"""The review gate (issue 12) through the real CLI: what --strict publishes, what it rejects, and
that the report's statuses and totals agree with the pages written to content/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import submissions
from converters.cli import main

GROUP = "南京市质量协会"
ORG = "示例精密机械有限公司"
# (folder, 经验名称, 班组名称, lines between the title and 班组概况, main title when it is a slogan)
TEAMS = [
    ("焊接二班", "运用QC七种工具提升焊缝一次合格率的实践", "装配车间焊接二班",
     ("{organization}　{team}", "2025年3月", "执笔人：王某某"), "以“零缺陷”为目标 打造焊接精品工程"),
    ("机加一班", "推行标准化作业提升零件加工合格率的实践", "机加工车间机加一班",
     ("单位：{organization}", "班组：{team}", "——以标准作业守住每一道工序", "撰稿：李某", "2025.03.15"), ""),
    ("质检组", "运用PDCA循环降低外观缺陷率的经验", "质量部成品质检组",
     ("推荐单位：南京市质量协会", "二〇二五年三月", "作者：张某"), ""),
    ("装配三班", "实施看板管理缩短装配交付周期的探索", "总装车间装配三班",
     ("{organization} {team}", "--运用看板缩短周期"), ""),
]


def build_inbox(root: Path, toc_in: str = "质检组") -> Path:
    inbox = root / "inbox"
    for folder, title, team, lines, slogan in TEAMS:
        where = inbox / GROUP / folder
        submissions.write_preamble_experience(where / "附件1.docx", slogan or title, team, ORG,
                                              lines=(f"——{title}",) * bool(slogan) + lines,
                                              toc=folder == toc_in, before=("附件1",))
        submissions.write_form(where / "附件2.docx", title, team, ORG, GROUP)
    return inbox


def convert(root: Path, inbox: Path, *extra: str) -> tuple[int, dict, list[Path]]:
    config = root / "showcase.yml"
    config.write_text("association: 示例协会\nyear: 2025\n", encoding="utf-8")
    content = root / "content"
    code = main(["--config", str(config), "convert", str(inbox), "--out", str(content),
                 "--report", str(root / "report.json"), "--no-cache", *extra])
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    pages = sorted((content / "experiences").glob("*/index.md")) if (content / "experiences").exists() else []
    return code, report, pages


def by_status(report: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in report["experiences"]:
        out.setdefault(e["status"], []).append(e["source"])
    return out


def test_strict_publishes_an_inbox_that_follows_the_notice_despite_its_preambles(tmp_path, capsys):
    code, report, pages = convert(tmp_path, build_inbox(tmp_path), "--strict")
    assert code == 0, [(e["source"], [f["code"] for f in e["findings"]]) for e in report["experiences"]]
    assert {e["status"] for e in report["experiences"]} == {"published"}
    assert report["totals"]["experiences_published"] == len(pages) == len(TEAMS)
    codes = {f["code"] for e in report["experiences"] for f in e["findings"]}
    assert "PREAMBLE_RECOGNISED" in codes and "PREAMBLE_CONTENT" not in codes
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    bodies = "\n".join(p.read_text(encoding="utf-8").split("\n---\n", 1)[1] for p in pages)
    for name in ("王某某", "李某", "张某", "执笔人", "撰稿", "作者"):
        assert name not in text
    for furniture in ("目  录", "附件1", "2025.03.15", "推荐单位"):
        assert furniture not in bodies
    welding = next(p.read_text(encoding="utf-8") for p in pages if "焊缝" in p.read_text(encoding="utf-8"))
    assert "title: 运用QC七种工具提升焊缝一次合格率的实践" in welding
    assert "subtitle: 以“零缺陷”为目标 打造焊接精品工程" in welding and "team: 装配车间焊接二班" in welding
    assert "written: 2025年3月" in welding


def test_strict_rejects_only_the_experience_that_breaks_a_rule_and_names_the_rule(tmp_path, capsys):
    inbox = build_inbox(tmp_path)
    long_part = tmp_path / "long.docx"
    submissions.write_experience(long_part, "运用QC七种工具提升焊缝一次合格率的实践", "装配车间焊接二班", ORG,
                                 extra="焊接参数" * 1300)
    shutil.copy(long_part, inbox / GROUP / "焊接二班" / "附件1.docx")
    code, report, pages = convert(tmp_path, inbox, "--strict")
    assert code == 1
    statuses = by_status(report)
    assert statuses["rejected"] == [f"{GROUP}/焊接二班/附件1.docx"]
    assert len(statuses["published"]) == len(pages) == len(TEAMS) - 1
    rejected = next(e for e in report["experiences"] if e["status"] == "rejected")
    too_long = [f["message"] for f in rejected["findings"] if f["code"] == "PART_TOO_LONG"]
    assert any(m.startswith("实施过程") and "超过 5000 字上限" in m for m in too_long)
    assert report["totals"]["experiences_rejected"] == 1


def test_one_experience_in_two_folders_is_published_once_and_the_copy_is_a_duplicate(tmp_path, capsys):
    inbox = build_inbox(tmp_path)
    shutil.copytree(inbox / GROUP / "装配三班", inbox / GROUP / "装配三班（重报）")
    (inbox / GROUP / "装配三班" / "附件2.docx").unlink()  # the first copy came without its 申报表
    code, report, pages = convert(tmp_path, inbox)
    assert code == 0
    statuses = by_status(report)
    assert statuses["duplicate"] == [f"{GROUP}/装配三班/附件1.docx"]
    assert report["totals"]["experiences_published"] == len(statuses["published"]) == len(pages) == len(TEAMS)
    copy = next(e for e in report["experiences"] if e["status"] == "duplicate")
    assert copy["duplicate_of"] == f"{GROUP}/装配三班（重报）/附件1.docx" and copy["page"] == ""
    assert "DUPLICATE_SUBMISSION" in [f["code"] for f in copy["findings"]]
    kept = next(e for e in report["experiences"] if e["source"] == copy["duplicate_of"])
    assert kept["status"] == "published" and "DUPLICATE_KEPT" in [f["code"] for f in kept["findings"]]
    files = {f["source"]: f["status"] for f in report["files"]}
    assert files[copy["source"]] == "duplicate"


def test_the_same_files_in_two_folders_are_one_experience_kept_in_the_first_folder(tmp_path, capsys):
    inbox = build_inbox(tmp_path)
    shutil.copytree(inbox / GROUP / "质检组", inbox / "会员单位直报" / "质检组")
    code, report, pages = convert(tmp_path, inbox, "--strict")
    statuses = by_status(report)
    assert statuses["duplicate"] == [f"{GROUP}/质检组/附件1.docx"]  # "会员单位直报" sorts first
    assert len(statuses["published"]) == len(pages) == len(TEAMS)
    assert code == 1  # a duplicate submission breaks the notice: staff must see it


def test_a_broken_experience_with_a_good_form_stays_listed_under_its_recommender(tmp_path, capsys):
    inbox = build_inbox(tmp_path)
    (inbox / GROUP / "机加一班" / "附件1.docx").write_bytes(b"PK\x03\x04 not really a zip")
    code, report, pages = convert(tmp_path, inbox)
    entry = next(e for e in report["experiences"] if e["source"] == f"{GROUP}/机加一班/附件1.docx")
    assert entry["status"] == "rejected" and entry["recommender"] == GROUP
    assert entry["title"] == "推行标准化作业提升零件加工合格率的实践" and entry["team"] == "机加工车间机加一班"
    assert entry["form"] == f"{GROUP}/机加一班/附件2.docx"
    reason = next(f for f in entry["findings"] if f["code"] == "DOCX_UNREADABLE")
    assert "重新提交" in reason["message"]
    assert report["totals"]["experiences_rejected"] == 1 and len(pages) == len(TEAMS) - 1
    assert "FORM_UNPAIRED" not in json.dumps(report, ensure_ascii=False)


def test_an_experience_not_accepted_is_listed_as_not_accepted(tmp_path, capsys):
    inbox = build_inbox(tmp_path)
    accepted = tmp_path / "入选名单.csv"
    accepted.write_text("经验名称\n" + "\n".join(t for _f, t, *_ in TEAMS[1:]) + "\n", encoding="utf-8")
    code, report, pages = convert(tmp_path, inbox, "--strict", "--accepted", str(accepted))
    assert code == 0
    statuses = by_status(report)
    assert statuses["not_accepted"] == [f"{GROUP}/焊接二班/附件1.docx"]
    entry = next(e for e in report["experiences"] if e["status"] == "not_accepted")
    assert entry["title"] == TEAMS[0][1] and "NOT_ACCEPTED" in [f["code"] for f in entry["findings"]]
    assert len(statuses["published"]) == len(pages) == len(TEAMS) - 1
