"""组织类型 / 组织规模 / 央企 on the filter page, end to end: a tiny inbox (典型经验 + 申报表 built with
python-docx) -> converters.pipeline.convert -> mkdocs build -> headless Chromium (Debian's /usr/bin/chromium).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

import browser
import submissions
from converters import pipeline
from converters.cli import stage_hand_written
from converters.outputs.export import build_site
from converters.model import Severity

REPO = Path(__file__).resolve().parents[2]
GROUP = "南京市质量协会"
# key: (经验名称, 班组名称, 组织名称, 组织类型, 组织规模, 是否属于央企, 所属央企集团全称), as applicants write them
TEAMS = {
    "a": ("运用PDCA提升焊接一次合格率的实践", "焊接一班", "示例重工有限公司", "国有控股企业", "大型企业", "是", "中国示例集团有限公司"),
    "b": ("推行6S管理提升装配现场质量的实践", "装配二班", "示例精工股份有限公司", "民营", "中型", "否", ""),
    "c": ("运用QC七种工具降低返修率的实践", "机加工三班", "示例水务有限公司", "国有独资公司", "小型", "□是 ☑否", "/"),
}
STATE_OWNED = {"a", "c"}

pytestmark = pytest.mark.skipif(not browser.chromium_available(), reason="需要 /usr/bin/chromium（Debian 的 chromium 包）")


def write_form(folder: Path, title: str, team: str, organization: str, kind: str, scale: str, soe: str,
               group: str) -> None:
    """The 申报表 rows that matter here, laid out label | value | label | value as in 附件2."""
    doc = Document()
    doc.add_paragraph("附件2")
    doc.add_paragraph("质量信得过班组建设典型经验申报表")
    doc.add_paragraph(f"推荐地市、行业质协：{GROUP}（盖章）")
    rows = [
        ("组织名称（盖章）", organization, "班组名称", team),
        ("经验名称", title, "所属行业", "制造业"),
        ("组织类型", kind, "组织规模", scale),
        ("是否属于央企", soe, "所属央企集团全称", group),
        ("班组人数", "12", "产品/服务满意度（%）", "98"),
    ]
    submissions.add_table(doc, rows)
    doc.save(folder / "附件2.docx")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("orgfacets")
    for key, (title, team, org, kind, scale, soe, group) in TEAMS.items():
        folder = root / "inbox" / GROUP / key
        folder.mkdir(parents=True)
        submissions.write_experience(folder / "附件1.docx", title, team, org)
        write_form(folder, title, team, org, kind, scale, soe, group)
    content, site_dir = root / "content", root / "site"
    stage_hand_written(REPO / "content", content)
    outcome = pipeline.convert(root / "inbox", content, pipeline.Options(year=2025))
    assert len(outcome.published) == len(TEAMS), [f.message for f in outcome.report.all_findings()]
    errors = [f.message for f in build_site(REPO / "mkdocs.yml", content, site_dir) if f.severity is Severity.ERROR]
    assert errors == []
    catalog = json.loads((content / "_generated" / "catalog.json").read_text(encoding="utf-8"))
    return site_dir, catalog


def test_catalog_carries_normalised_values_and_keeps_the_raw_text(site):
    _site_dir, catalog = site
    by_team = {e["team"]: e for e in catalog["experiences"]}
    facets = {key: (by_team[t[1]]["organization_type"], by_team[t[1]]["organization_scale"], by_team[t[1]]["central_soe"])
              for key, t in TEAMS.items()}
    assert facets == {"a": ("国有企业", "大型", True), "b": ("民营企业", "中型", False), "c": ("国有企业", "小型", False)}
    assert by_team["焊接一班"]["metrics"]["organization_type"] == "国有控股企业"  # as written, for the page
    assert catalog["organization_types"] == [{"name": "国有企业", "count": 2}, {"name": "民营企业", "count": 1}]
    assert [s["name"] for s in catalog["organization_scales"]] == ["大型", "中型", "小型"]


def cards(page) -> list[str]:
    return page.eval_on_selector_all("#sc-f-results .sc-card .sc-card__link", "els => els.map(e => e.textContent)")


@pytest.mark.browser
def test_choosing_an_organisation_type_keeps_only_matching_cards_and_survives_reload(site, chromium):
    site_dir, _catalog = site
    state_owned = sorted(TEAMS[k][0] for k in STATE_OWNED)
    with browser.serve(site_dir) as url, browser.open_page(chromium, browser.PHONE) as (page, log):
        page.goto(url + "filter/")
        page.wait_for_selector("#sc-f-results .sc-card")
        assert len(cards(page)) == len(TEAMS)
        page.click("#sc-f-toggle")  # on a phone the selects start folded
        options = page.eval_on_selector_all("#sc-f-type option", "os => os.map(o => [o.value, o.textContent])")
        assert options == [["", "全部组织类型"], ["国有企业", "国有企业（2）"], ["民营企业", "民营企业（1）"]]
        page.select_option("#sc-f-type", "国有企业")
        page.wait_for_function(f"document.querySelectorAll('#sc-f-results .sc-card').length === {len(STATE_OWNED)}")
        assert sorted(cards(page)) == state_owned
        assert "type=" in page.url
        # Other selects count within the choice: only the state-owned scales remain.
        scales = page.eval_on_selector_all("#sc-f-scale option", "os => os.filter(o => o.value).map(o => o.value)")
        assert scales == ["大型", "小型"]
        page.reload()
        page.wait_for_selector("#sc-f-results .sc-card")
        assert page.locator("#sc-f-type").input_value() == "国有企业"
        page.click("#sc-f-toggle")  # folded again after the reload
        assert sorted(cards(page)) == state_owned
        page.select_option("#sc-f-soe", "yes")
        page.wait_for_function("document.querySelectorAll('#sc-f-results .sc-card').length === 1")
        assert cards(page) == [TEAMS["a"][0]]
        page.click("#sc-f-reset")
        page.wait_for_function(f"document.querySelectorAll('#sc-f-results .sc-card').length === {len(TEAMS)}")
        assert log.problems() == []


@pytest.mark.browser
def test_the_hash_restores_the_choice_from_a_file_url(site, chromium):
    site_dir, _catalog = site
    with browser.open_page(chromium) as (page, log):
        page.goto((site_dir / "filter" / "index.html").as_uri() + "#scale=%E4%B8%AD%E5%9E%8B")  # 中型
        page.wait_for_selector("#sc-f-results .sc-card")
        assert page.locator("#sc-f-scale").input_value() == "中型"
        assert cards(page) == [TEAMS["b"][0]]
        assert log.problems() == []


@pytest.mark.browser
def test_selects_without_values_are_hidden_and_stale_conditions_ignored(tmp_path, chromium):
    """A catalog from before these facets (no values): the three selects are hidden, the rest works."""
    from site_stage import build, make_stage

    stage = make_stage(tmp_path, 3)
    build(stage)
    with browser.serve(stage.site_dir) as url, browser.open_page(chromium) as (page, log):
        page.goto(url + "filter/#type=%E5%9B%BD%E6%9C%89%E4%BC%81%E4%B8%9A&soe=yes")
        page.wait_for_selector("#sc-f-results .sc-card")
        for select in ("#sc-f-type", "#sc-f-scale", "#sc-f-soe"):
            assert page.locator(select).count() == 1 and not page.locator(select).is_visible(), select
        assert page.locator("#sc-f-industry").is_visible()
        assert len(cards(page)) == 3
        assert log.problems() == []
