"""Issue 17 (附件4 half), done when: 统计表 made with python-docx (a contact line, checkboxes, 是（3）次,
units, a WPS/LibreOffice-like variant) sit in an inbox beside experiences; `showcase build` (the real
CLI in-process, a real MkDocs build) publishes a 推进活动 page with the figures, no contact string is
anywhere under content/ or site/, the report names the problems, and the page is clean in Chromium.
附件5 stays off the site unless showcase.yml's publish_work_summary turns its section on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from campaign_factory import CONTACT, write_campaign_word, write_campaign_wps, write_work_summary
from lxml import html
from submissions import write_experience, write_form

import browser
from converters.cli import main

REPO = Path(__file__).resolve().parents[2]
AXE = browser.AXE
SECRETS = (*CONTACT, "13811112222")
NANJING, SUZHOU, WUXI = "南京市质量协会", "苏州市质量协会", "无锡市质量协会"
EXPERIENCES = (
    (NANJING, "甲班", "运用PDCA循环提升装配合格率的实践", "装配一班"),
    (NANJING, "乙班", "运用QC方法降低焊接缺陷率的实践", "焊接二班"),
    (SUZHOU, "丙班", "推行精益管理缩短交付周期的经验", "计划三班"),
)


def make_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    for unit, folder, title, team in EXPERIENCES:
        write_experience(inbox / unit / folder / "典型经验.docx", title, team)
        write_form(inbox / unit / folder / "申报表.docx", title, team, recommender=unit)
    write_campaign_word(inbox / NANJING / "附件4.docx", NANJING, recommended=2)
    write_campaign_wps(inbox / SUZHOU / "推进活动统计表.docx", SUZHOU)  # 推荐 3, one experience submitted
    write_campaign_word(inbox / SUZHOU / "补报" / "附件4.docx", SUZHOU)  # a second 统计表 of the same unit
    write_work_summary(inbox / WUXI / "附件5.docx", WUXI)
    return inbox


def _files(report: dict) -> dict[str, dict]:
    return {f["source"]: f for f in report["files"]}


def _codes(entry: dict) -> list[str]:
    return [f["code"] for f in entry["findings"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("campaign")
    inbox = make_inbox(root)
    code = main(["--config", str(REPO / "showcase.yml"), "build", "--inbox", str(inbox), "--content", str(root / "content"),
                 "--site", str(root / "site"), "--report", str(root / "report.json"), "--no-cache", "--year", "2025"])
    return root, code, json.loads((root / "report.json").read_text(encoding="utf-8"))


def _page(root: Path):
    return html.fromstring((root / "site" / "campaign" / "index.html").read_text(encoding="utf-8"))


def _table(doc, caption: str) -> dict[str, str]:
    table = doc.xpath(f'//table[caption[starts-with(normalize-space(.), "{caption}")]]')[0]
    return {row.xpath("string(th)").strip(): row.xpath("string(td[2])").strip() for row in table.xpath(".//tbody/tr")}


def test_the_build_publishes_the_campaign_page_with_the_figures(built):
    root, code, _report = built
    assert code == 0
    doc = _page(root)
    totals = _table(doc, "全省合计（2 家推荐单位）")
    assert totals["本年度开展活动班组数"] == "540（2 家填报）"  # 420 + 120
    assert totals["推进活动投入费用"] == "20（2 家填报）"  # 12万元 + 80000元
    assert totals["《准则》宣贯培训"] == "2 家组织，共 5 次"  # 是（3）次 + 是（ 2 ）次
    assert totals["典型经验评审及交流形式"] == "发表评审 2 家、现场评审 1 家、与QC小组合开 1 家"
    nanjing = _table(doc, f"{NANJING}推进活动统计")
    assert nanjing["本年度参与活动员工数"] == "5,600" and nanjing["活动奖励费用"] == "5.5"
    assert nanjing["《准则》宣贯培训"] == "是（3 次）" and nanjing["班组长能力提升研修班"] == "否"
    suzhou = _table(doc, f"{SUZHOU}推进活动统计")
    assert suzhou["推进活动投入费用"] == "8" and suzhou["发表会参会人数"] == "未填写"
    assert len(doc.xpath('//svg[@class="showcase-chart"]')) == 4
    assert doc.xpath('//table[caption[contains(., "（数据）")]]')  # each chart's numbers as a table


def test_the_page_is_in_the_nav_and_on_the_home_page(built):
    root, _code, _report = built
    home = html.fromstring((root / "site" / "index.html").read_text(encoding="utf-8"))
    assert home.xpath('//nav//a[@href="campaign/"]')
    assert home.xpath('//main//a[@href="campaign/"]')


def test_no_contact_string_anywhere_under_content_or_site(built):
    root, _code, _report = built
    leaks = []
    for folder in ("content", "site"):
        for path in (root / folder).rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="replace")
                leaks += [f"{path.relative_to(root)}：{s}" for s in SECRETS if s in text]
    assert leaks == []


def test_the_report_accounts_for_every_table_and_names_the_problems(built):
    _root, _code, report = built
    files = _files(report)
    nanjing = files[f"{NANJING}/附件4.docx"]
    assert (nanjing["kind"], nanjing["status"], nanjing["findings"]) == ("campaign", "published", [])
    wps = files[f"{SUZHOU}/推进活动统计表.docx"]
    assert wps["status"] == "published"
    assert {"CAMPAIGN_COUNT_MISMATCH", "CAMPAIGN_FIGURE_CONFLICT", "CAMPAIGN_FIGURE_INVALID"} <= set(_codes(wps))
    mismatch = next(f for f in wps["findings"] if f["code"] == "CAMPAIGN_COUNT_MISMATCH")
    assert "推荐典型经验 3 项" in mismatch["message"] and "为 1 项" in mismatch["message"]
    again = files[f"{SUZHOU}/补报/附件4.docx"]
    assert again["status"] == "duplicate" and _codes(again) == ["CAMPAIGN_DUPLICATE"]
    summary = files[f"{WUXI}/附件5.docx"]
    assert (summary["kind"], summary["status"]) == ("work_summary", "skipped")
    assert _codes(summary) == ["DOCUMENT_IGNORED"] and "publish_work_summary" in summary["reason"]


def test_the_work_summary_is_not_published_by_default(built):
    root, _code, _report = built
    page = (root / "content" / "campaign" / "index.md").read_text(encoding="utf-8")
    assert "推进经验及做法" not in page and "以赛促建" not in page


@pytest.mark.browser
@pytest.mark.skipif(not browser.chromium_available() or not AXE.exists(), reason="需要 /usr/bin/chromium 与 npm 的 axe-core")
def test_the_page_in_chromium_has_no_console_errors_and_no_serious_accessibility_violation(built):
    root, _code, _report = built
    with browser.serve(root / "site") as url, browser.launch() as chromium:
        with browser.open_page(chromium, browser.PHONE) as (page, log):
            page.goto(url + "campaign/")
            page.wait_for_load_state("networkidle")
            assert page.locator("svg.showcase-chart").first.is_visible()
            violations = browser.axe_violations(page)
            assert violations == []
            assert browser.horizontal_overflow(page) == 0
            assert log.problems() == []


def test_publish_work_summary_puts_its_section_on_the_page_escaped_and_redacted(tmp_path):
    """A second run through `showcase convert` with the key on, twice with the cache: a remembered
    package still yields its 统计表 and 工作总结."""
    config = tmp_path / "showcase.yml"
    config.write_text((REPO / "showcase.yml").read_text(encoding="utf-8") + "\npublish_work_summary: true\n", encoding="utf-8")
    inbox = make_inbox(tmp_path)
    args = ["--config", str(config), "convert", str(inbox), "--out", str(tmp_path / "content"),
            "--report", str(tmp_path / "report.json"), "--year", "2025"]
    pages = []
    for _run in range(2):
        assert main(args) == 0
        pages.append((tmp_path / "content" / "campaign" / "index.md").read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    page = pages[1]
    section = page[page.index("## 推进经验及做法"):]
    assert f"### {WUXI}" in section and "坚持“以赛促建”" in section
    assert "&lt;b&gt;互评&lt;/b&gt;" in section and "<b>" not in section  # document text stays text
    assert "13811112222" not in page and "［联系方式已隐去］" in section
    assert re.search(r"\| 本年度开展活动班组数|本年度开展活动班组数</th><td>个</td><td>540", page)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    summary = _files(report)[f"{WUXI}/附件5.docx"]
    assert summary["status"] == "published"
    assert sorted(_codes(summary)) == ["PII_REDACTED", "WORK_SUMMARY_PUBLISHED"]
    assert report["totals"]["cache_hits"] > 0  # the second run took the packages, 统计表 and 工作总结 included, from the cache


def test_strict_mode_keeps_a_flagged_table_off_the_page(tmp_path):
    inbox = make_inbox(tmp_path)
    code = main(["--config", str(REPO / "showcase.yml"), "convert", str(inbox), "--out", str(tmp_path / "content"),
                 "--report", str(tmp_path / "report.json"), "--no-cache", "--strict", "--year", "2025"])
    assert code == 1
    page = (tmp_path / "content" / "campaign" / "index.md").read_text(encoding="utf-8")
    assert f"### {NANJING}" in page and f"### {SUZHOU}" not in page  # 苏州's table has rule findings
    files = _files(json.loads((tmp_path / "report.json").read_text(encoding="utf-8")))
    assert files[f"{SUZHOU}/推进活动统计表.docx"]["status"] == "rejected"


def test_publish_work_summary_must_be_true_or_false(tmp_path):
    from converters.config import read_settings

    config = tmp_path / "showcase.yml"
    config.write_text("publish_work_summary: 是\n", encoding="utf-8")
    settings, found = read_settings(config)
    assert settings.publish_work_summary is False
    assert [f.code for f in found] == ["CONFIG_INVALID"] and "publish_work_summary" in found[0].message


def test_showcase_check_reports_a_broken_campaign_data_file(tmp_path, capsys):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "converters" / "data", data)
    (data / "campaign.yml").write_text("version: 1\nitems: []\n", encoding="utf-8")
    assert main(["--config", str(REPO / "showcase.yml"), "check", "--data", str(data)]) != 0
    assert "campaign.yml" in capsys.readouterr().out


def _sample_campaign_contacts() -> list[str]:
    import yaml

    packages = yaml.safe_load((REPO / "samples" / "texts" / "packages.yml").read_text(encoding="utf-8"))["packages"]
    return [str(row[-1]) for p in packages if p.get("campaign") for row in p["campaign"]["contact"]]


def test_the_sample_site_has_the_campaign_page_without_its_contact_lines(built_site):
    doc = _page(built_site.root)
    totals = _table(doc, "全省合计（3 家推荐单位）")
    assert totals["本年度开展活动班组数"] == "1,293（3 家填报）"  # 515 + 460 + 318
    assert totals["本年度推荐典型经验数"] == "9（3 家填报）"  # as many as the three packages hold
    files = _files(built_site.report)
    assert sorted(f["source"] for f in files.values() if f["kind"] == "campaign" and f["status"] == "published") == [
        "南京市质量协会/附件4-推进活动统计表.docx", "无锡市质量协会/无锡市推进活动统计表.docx",
        "苏州市质量协会.zip/苏州市质量协会推荐材料/附件4.docx"]
    contacts = _sample_campaign_contacts()
    assert len(contacts) == 17
    leaks = [f"{p.name}：{s}" for folder in (built_site.content_dir, built_site.site_dir) for p in folder.rglob("*")
             if p.is_file() for s in contacts if s in p.read_bytes().decode("utf-8", errors="replace")]
    assert leaks == []
