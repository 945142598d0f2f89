"""What the association's staff get from `showcase convert`, end to end: an inbox made with python-docx
-> converters.cli.main -> report.xlsx (openpyxl), feedback/*.docx (python-docx), report.html in headless
Chromium (Debian's /usr/bin/chromium); then a unit resubmits a corrected file and another withdraws."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from docx import Document
from openpyxl import load_workbook

import browser
import submissions
from converters.cli import main

NANJING, SUZHOU = "南京市质量协会", "苏州市质量协会"
GOOD = ("运用PDCA提升焊接一次合格率的实践", "焊接一班")
LONG = ("推行6S管理提升装配现场质量的实践", "装配二班")
OTHER = ("运用QC七种工具降低返修率的实践", "机加工三班")
TOO_MUCH = "班组持续开展现场改善。" * 600  # 实施过程 over the notice's 5000 字


def submit(inbox: Path, unit: str, key: str, title_team: tuple[str, str], extra: str = "",
           name: str = "附件1.docx") -> None:
    title, team = title_team
    folder = inbox / unit / key
    submissions.write_experience(folder / name, title, team, extra=extra)
    submissions.write_form(folder / "附件2.docx", title, team, recommender=unit)


def convert(root: Path, *extra: str) -> int:
    return main(["--config", str(root / "showcase.yml"), "convert", str(root / "inbox"), "--out", str(root / "content"),
                 "--report", str(root / "build" / "report.json"), *extra])


def sheet_rows(path: Path, name: str) -> list[dict]:
    values = list(load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:] if any(row) and row[1] is not None]


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("review")
    (root / "showcase.yml").write_text(
        "association: 江苏省质量协会\nyear: 2025\nsite_url: https://example.org/showcase/2025/\n"
        "event: {name: 第十届质量信得过班组建设经验交流会}\n", encoding="utf-8")
    inbox = root / "inbox"
    submit(inbox, NANJING, "a", GOOD)
    submit(inbox, NANJING, "b", LONG, extra=TOO_MUCH)
    submit(inbox, SUZHOU, "c", OTHER)
    assert convert(root) == 0
    return root


def test_workbook_lists_every_submission_with_its_problems(first_run):
    book = first_run / "build" / "report.xlsx"
    rows = {r["经验名称"]: r for r in sheet_rows(book, "经验")}
    assert set(rows) == {GOOD[0], LONG[0], OTHER[0]}
    assert {r["状态"] for r in rows.values()} == {"已发布"}
    assert {r["变化"] for r in rows.values()} == {"新增"}
    assert rows[LONG[0]]["推荐单位"] == NANJING and rows[OTHER[0]]["推荐单位"] == SUZHOU
    assert "PART_TOO_LONG·通知规定" in rows[LONG[0]]["问题"] and "实施过程" in rows[LONG[0]]["问题"]
    assert "PART_TOO_LONG" not in rows[GOOD[0]]["问题"]
    report = json.loads((first_run / "build" / "report.json").read_text(encoding="utf-8"))
    page = next(e["page"] for e in report["experiences"] if e["title"] == GOOD[0])
    assert rows[GOOD[0]]["页面地址"] == f"{page}\nhttps://example.org/showcase/2025/{page}"
    assert rows[GOOD[0]]["所属行业"] == "制造业"
    files = sheet_rows(book, "文件")
    assert {f["文件"] for f in files} >= {f"{NANJING}/b/附件1.docx", f"{NANJING}/b/附件2.docx"}
    assert {f["种类"] for f in files} == {"典型经验", "申报表"}


def test_only_the_unit_with_problems_gets_a_letter_naming_the_rule(first_run):
    feedback = first_run / "build" / "feedback"
    assert [p.name for p in feedback.iterdir()] == [f"{NANJING}.docx"]
    text = "\n".join(p.text for p in Document(str(feedback / f"{NANJING}.docx")).paragraphs)
    assert f"《{LONG[0]}》" in text and GOOD[0] not in text
    assert "江苏省质量协会" in text and "第十届质量信得过班组建设经验交流会" in text
    assert "超过 5000 字上限" in text and "实施过程 5000 字" in text


needs_chromium = pytest.mark.skipif(not browser.chromium_available(), reason="需要 /usr/bin/chromium")


@needs_chromium
def test_review_page_filters_by_class_and_links_to_the_pages(first_run):
    build = first_run / "build"
    with browser.serve(first_run) as base, browser.launch() as chromium, browser.open_page(chromium) as (page, log):
        page.goto(base + "build/report.html")
        visible = "() => [...document.querySelectorAll('tr.experience')].filter(r => !r.hidden).length"
        units = "() => [...document.querySelectorAll('section.unit')].filter(s => !s.hidden).map(s => s.querySelector('h2').textContent)"
        assert page.evaluate(visible) == 3
        assert page.inner_text("#count-published") == "3"
        page.select_option("#class-filter", "rule")
        assert page.evaluate(visible) == 1
        assert page.evaluate(units) == [f"{NANJING}（2 项）"]
        assert LONG[0] in page.inner_text("section.unit:not([hidden]) tr.experience:not([hidden])")
        page.select_option("#class-filter", "note")
        assert page.evaluate(visible) == 3
        page.select_option("#class-filter", "privacy")
        assert page.evaluate(visible) == 0 and page.inner_text("#shown") == "显示 0 项"
        page.select_option("#class-filter", "")
        assert page.evaluate(visible) == 3
        hrefs = page.eval_on_selector_all("a.page-link", "els => els.map(e => e.getAttribute('href'))")
        assert log.problems() == []
    assert len(hrefs) == 3
    for href in hrefs:
        assert (build / unquote(href)).resolve().is_file(), href


def test_a_resubmission_shows_as_fixed_and_a_withdrawal_as_withdrawn(first_run, tmp_path):
    root = tmp_path / "again"
    shutil.copytree(first_run, root, ignore=shutil.ignore_patterns("cache"))
    (root / "inbox" / NANJING / "b" / "附件1.docx").unlink()
    submit(root / "inbox", NANJING, "b", LONG, name="附件1（修改稿）.docx")
    shutil.rmtree(root / "inbox" / SUZHOU)
    assert convert(root, "--no-cache") == 0
    book = root / "build" / "report.xlsx"
    rows = {r["经验名称"]: r for r in sheet_rows(book, "经验")}
    assert (rows[LONG[0]]["变化"], rows[GOOD[0]]["变化"]) == ("已改正", "无变化")
    changes = {r["经验名称"]: r for r in sheet_rows(book, "变化")}
    assert changes[OTHER[0]]["变化"] == "已撤回" and changes[OTHER[0]]["上次状态"] == "已发布"
    report = json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))
    assert {e["title"]: e["change"] for e in report["experiences"]} == {GOOD[0]: "unchanged", LONG[0]: "fixed"}
    assert [w["title"] for w in report["changes"]["withdrawn"]] == [OTHER[0]]
    html = (root / "build" / "report.html").read_text(encoding="utf-8")
    assert "已改正" in html and "已撤回" in html and OTHER[0] in html
    assert list((root / "build" / "feedback").iterdir()) == []  # nothing left to ask of 南京


def test_an_output_path_that_cannot_be_written_is_a_chinese_message_and_exit_2(first_run, tmp_path, capsys):
    blocker = tmp_path / "occupied"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    report = blocker / "report.json"
    code = main(["--config", str(first_run / "showcase.yml"), "convert", str(first_run / "inbox"),
                 "--out", str(tmp_path / "content"), "--report", str(report), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    # stopped before converting anything: the report's folder would be a regular file
    assert f"审核报告所在目录无法创建：{blocker} 是一个文件，不是文件夹" in err and "Traceback" not in err
    assert not (tmp_path / "content" / "experiences").exists()


def test_a_workbook_path_taken_by_a_folder_is_named(first_run, tmp_path, capsys):
    build = tmp_path / "build"
    (build / "report.xlsx").mkdir(parents=True)
    code = main(["--config", str(first_run / "showcase.yml"), "convert", str(first_run / "inbox"),
                 "--out", str(tmp_path / "content"), "--report", str(build / "report.json"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2 and f"无法写入审核表：{build / 'report.xlsx'}" in err
