"""A multi-year archive (showcase.yml `editions:`, converters/editions.py) built end to end.

Two editions (2024, 2025) from test-made inboxes, each converted into its kept archive
(archive/<year>/) and combined into one site by `showcase build`; built once per module, then
rebuilt from the cache, then (in copies of the project) given a third edition, a renamed experience,
a removed one and a frozen edition whose inbox is gone. The site is checked as files and in headless
Chromium, served over http and as the offline export from file://.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import browser
import submissions

from converters.cli import main
from site_stage import copy_project

REPO = Path(__file__).resolve().parents[2]
GROUP = "南京市质量协会"
EDITIONS = {
    2024: {"a": ("运用PDCA提升焊接一次合格率的实践", "焊接一班"), "b": ("推行6S管理提升装配现场质量的实践", "装配二班")},
    # a: the same team's experience, resubmitted with a slightly changed title
    2025: {"a": ("运用PDCA循环提升焊接一次合格率的实践", "焊接一班"), "c": ("运用QC七种工具降低返修率的实践", "机加工三班")},
    2026: {"d": ("运用精益管理缩短物料配送周期的实践", "物流配送班")},
}
ORDER_2024 = "order:\n  - 推行6S管理提升装配现场质量的实践\n  - 运用PDCA提升焊接一次合格率的实践\n"


def _inbox(project: Path, year: int, keys=None) -> None:
    for key, (title, team) in EDITIONS[year].items():
        if keys is None or key in keys:
            submissions.write_experience(project / f"in{year}" / GROUP / key / "附件1.docx", title, team)


def _config(project: Path, years: list[int], frozen: tuple[int, ...] = ()) -> None:
    lines = ["association: 示例质量协会", "site_title: 历届典型经验", "editions:"]
    for year in years:
        lines += [f"  - year: {year}", f"    inbox: in{year}"]
        if year == 2024:
            lines.append("    event: {name: 2024年交流会, date: 2024-09-20, place: 苏州, order_file: content/event-2024.yml}")
        if year in frozen:
            lines.append("    frozen: true")
    lines += ["event: {name: 本届交流会, date: 2025-08-20, place: 南京}"]
    (project / "showcase.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_project(root: Path) -> Path:
    project = copy_project(root)
    (project / "content" / "event-2024.yml").write_text(ORDER_2024, encoding="utf-8")
    _inbox(project, 2024)
    _inbox(project, 2025)
    _config(project, [2024, 2025])
    return project


def build(project: Path, *options: str) -> tuple[int, dict]:
    report = project / "build" / "report.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SHOWCASE_CONFIG", raising=False)
        code = main(["--config", str(project / "showcase.yml"), "build", "--report", str(report), *options])
    return code, (json.loads(report.read_text(encoding="utf-8")) if code == 0 else {})


def reused(report: dict) -> dict[str, str]:
    return {f["message"][:4]: f["message"] for f in report["findings"] if f["code"] == "EDITION_REUSED"}


def experience_pages(site: Path) -> dict[str, str]:
    return {p.parent.name: p.read_text(encoding="utf-8") for p in sorted((site / "experiences").glob("*/index.html"))}


@dataclass
class Archive:
    project: Path
    first: dict  # report.json of the first build
    rebuild: dict  # of the rebuild after one 2025 document changed
    urls_before: dict[str, str]  # experience page (slug) -> its HTML, after the first build

    @property
    def site(self) -> Path:
        return self.project / "site"

    def catalog(self) -> dict:
        return json.loads((self.project / "content" / "_generated" / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    project = make_project(tmp_path_factory.mktemp("editions"))
    code, first = build(project)
    assert code == 0
    before = experience_pages(project / "site")
    title, team = EDITIONS[2025]["c"]  # an edit in 2025 only: 2024 must come from the cache
    submissions.write_experience(project / "in2025" / GROUP / "c" / "附件1.docx", title, team, extra="补充一句。")
    code, rebuild = build(project)
    assert code == 0
    return Archive(project, first, rebuild, before)


def slugs_of(archive: Archive, year: int) -> list[str]:
    return sorted(e["slug"] for e in archive.catalog()["experiences"] if e["year"] == year)


# ---------------------------------------------------------------- the built archive


def test_both_years_are_published_under_their_year(archive):
    catalog = archive.catalog()
    assert [y["year"] for y in catalog["years"]] == [2025, 2024] and catalog["year"] == 2025
    assert [len(slugs_of(archive, y)) for y in (2024, 2025)] == [2, 2]
    assert all(e["slug"].startswith(f"{e['year']}-") for e in catalog["experiences"])
    assert archive.first["totals"]["experiences_published"] == 4
    sources = sorted(e["source"] for e in archive.first["experiences"])  # named relative to showcase.yml
    assert sources == sorted(f"in{y}/{GROUP}/{k}/附件1.docx" for y in (2024, 2025) for k in EDITIONS[y])
    assert len({f["source"] for f in archive.first["files"]}) == len(archive.first["files"]) == 4
    for year in (2024, 2025):  # each edition's kept archive: its pages and its catalog
        kept = archive.project / "archive" / str(year)
        assert sorted(p.name for p in (kept / "experiences").iterdir()) == slugs_of(archive, year)
        assert (kept / "_generated" / "catalog.json").is_file()


def test_a_page_per_year_with_its_event_order_statistics_and_experiences(archive):
    page = (archive.site / "years" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "2024 年典型经验" in page and "2024年交流会" in page and "2024年9月20日" in page and "苏州" in page
    order = page.index("交流会发表顺序")
    assert page.index("推行6S管理", order) < page.index("运用PDCA提升", order)  # the 2024 programme order
    assert "按行业统计" in page and "按质量方法统计" in page and "全部典型经验（2 项）" in page
    assert "运用QC七种工具" not in page
    current = (archive.site / "years" / "2025" / "index.html").read_text(encoding="utf-8")
    assert "本届交流会" in current and "（本届）" in current
    index = (archive.site / "years" / "index.html").read_text(encoding="utf-8")
    assert "历届典型经验" in index and index.index("2025 年（本届）") < index.index("2024 年")
    home = (archive.site / "index.html").read_text(encoding="utf-8")
    assert "本届交流会" in home  # the current year is the home page


def test_browse_pages_span_the_years_with_the_year_shown(archive):
    method = (archive.project / "content" / "methods" / "pdca.md").read_text(encoding="utf-8")
    assert "2024-" in method and "2025-" in method
    cards = [c for c in method.split('class="sc-card"') if "experiences/20" in c]
    assert cards and all(("experiences/2024-" in c) == ("2024年" in c) and ("experiences/2025-" in c) == ("2025年" in c)
                         for c in cards)  # each card names its year
    recommender = next((archive.site / "recommenders").glob("*/index.html")).read_text(encoding="utf-8")
    assert "2024年" in recommender and "2025年" in recommender
    page = archive.site / "experiences" / slugs_of(archive, 2024)[0] / "index.html"
    assert "2024年" in page.read_text(encoding="utf-8")  # the experience header links its year


def test_a_resubmitted_experience_is_linked_both_ways(archive):
    by_title = {e["title"]: e["slug"] for e in archive.catalog()["experiences"]}
    old, new = by_title[EDITIONS[2024]["a"][0]], by_title[EDITIONS[2025]["a"][0]]
    new_page = (archive.site / "experiences" / new / "index.html").read_text(encoding="utf-8")
    old_page = (archive.site / "experiences" / old / "index.html").read_text(encoding="utf-8")
    assert "往届经验" in new_page and f"../{old}/" in new_page
    assert "后续年度再次申报" in old_page and f"../{new}/" in old_page
    other = (archive.site / "experiences" / by_title[EDITIONS[2025]["c"][0]] / "index.html").read_text(encoding="utf-8")
    assert "往届经验" not in other


def test_statistics_compare_the_years(archive):
    stats = (archive.site / "stats" / "index.html").read_text(encoding="utf-8")
    assert "历届对比" in stats and "参与趋势" in stats and "各年度经验数：按行业" in stats
    assert "2024年" in stats and "2025年" in stats


def test_the_filter_and_search_data_carry_the_year(archive):
    script = (archive.site / "assets" / "javascripts" / "catalog.js").read_text(encoding="utf-8")
    catalog = json.loads(script.removeprefix("window.SHOWCASE_CATALOG = ").rstrip().rstrip(";"))
    assert sorted(y["year"] for y in catalog["years"]) == [2024, 2025]
    assert sorted({e["year"] for e in catalog["experiences"]}) == [2024, 2025]
    pages = "".join(p.read_text(encoding="utf-8") for p in sorted((archive.site / "search" / "d").glob("*.js")))
    assert '"year":"2024年"' in pages and '"year":"2025年"' in pages  # the sharded index's page entries


def test_the_rebuild_takes_the_first_edition_from_the_cache(archive):
    assert "取自转换缓存" in reused(archive.rebuild)["2024"]
    assert "2025" not in reused(archive.rebuild)  # its changed document was converted again
    assert archive.rebuild["totals"]["cache_misses"] == 1 and archive.rebuild["totals"]["cache_hits"] == 3
    assert reused(archive.first) == {}


def test_the_published_urls_are_kept_beside_the_archive(archive):
    state = json.loads((archive.project / "archive" / "published-urls.json").read_text(encoding="utf-8"))
    assert sorted(state["urls"]) == sorted(f"experiences/{s}/" for y in (2024, 2025) for s in slugs_of(archive, y))
    assert {r["status"] for r in state["urls"].values()} == {"published"}


# ---------------------------------------------------------------- later changes, in copies of the project


def _copy(archive: Archive, root: Path) -> Path:
    project = root / "project"
    shutil.copytree(archive.project, project, symlinks=True)
    return project


@pytest.fixture(scope="module")
def third(archive, tmp_path_factory) -> Path:
    project = _copy(archive, tmp_path_factory.mktemp("third"))
    _inbox(project, 2026)
    _config(project, [2024, 2025, 2026])
    code, report = build(project)
    assert code == 0
    assert set(reused(report)) == {"2024", "2025"}
    return project


def test_adding_a_third_edition_keeps_every_url(archive, third):
    after = experience_pages(third / "site")
    assert set(archive.urls_before) <= set(after)
    assert len(after) == len(archive.urls_before) + 1 and any(s.startswith("2026-") for s in after)
    for slug in archive.urls_before:
        assert "本经验已撤回" not in after[slug] and "已移至新网址" not in after[slug]
    years = (third / "site" / "years" / "index.html").read_text(encoding="utf-8")
    assert "2026 年（本届）" in years


def test_a_url_that_would_change_stops_the_build_until_confirmed(archive, tmp_path, capsys):
    project = _copy(archive, tmp_path)
    old = next(e for e in json.loads((project / "content" / "_generated" / "catalog.json").read_text(encoding="utf-8"))[
        "experiences"] if e["title"] == EDITIONS[2024]["b"][0])
    submissions.write_experience(project / "in2024" / GROUP / "b" / "附件1.docx", "推行6S管理提升装配现场质量水平的实践", "装配二班")
    code, _ = build(project)
    err = capsys.readouterr().err
    assert code == 1 and "已发布的网址将改变" in err and f"experiences/{old['slug']}/" in err and "--accept-url-changes" in err
    code, report = build(project, "--accept-url-changes")
    assert code == 0 and [f["code"] for f in report["findings"] if f["code"].startswith("URL_")] == ["URL_REDIRECTED"]
    moved = (project / "site" / "experiences" / old["slug"] / "index.html").read_text(encoding="utf-8")
    assert "本经验已移至新网址" in moved and "推行6S管理提升装配现场质量水平的实践" in moved
    code, _ = build(project)  # answered for good: no error again
    assert code == 0


def test_a_removed_experience_leaves_a_withdrawn_page_and_a_frozen_edition_needs_no_inbox(archive, tmp_path):
    project = _copy(archive, tmp_path)
    gone = next(e["slug"] for e in json.loads((project / "content" / "_generated" / "catalog.json").read_text(
        encoding="utf-8"))["experiences"] if e["title"] == EDITIONS[2025]["c"][0])
    shutil.rmtree(project / "in2025" / GROUP / "c")
    shutil.rmtree(project / "in2024")
    _config(project, [2024, 2025], frozen=(2024,))
    code, report = build(project)
    assert code == 0
    assert "已冻结，取自存档" in reused(report)["2024"]
    assert [f["code"] for f in report["findings"] if f["code"].startswith("URL_")] == ["URL_WITHDRAWN"]
    page = (project / "site" / "experiences" / gone / "index.html").read_text(encoding="utf-8")
    assert "本经验已撤回" in page
    assert len(slugs_of(Archive(project, {}, {}, {}), 2024)) == 2  # from archive/2024/ alone


def test_a_frozen_edition_without_its_archive_is_a_chinese_error(archive, tmp_path, capsys):
    project = _copy(archive, tmp_path)
    shutil.rmtree(project / "archive" / "2024")
    _config(project, [2024, 2025], frozen=(2024,))
    code, _ = build(project)
    assert code == 1 and "2024 届已冻结" in capsys.readouterr().err


# ---------------------------------------------------------------- in the browser: online and file://

needs_chromium = pytest.mark.skipif(not browser.chromium_available(), reason="需要 /usr/bin/chromium（Debian 的 chromium 包）")


def _output(archive: Archive, out: Path, command: str, *options: str) -> int:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SHOWCASE_CONFIG", raising=False)
        return main(["--config", str(archive.project / "showcase.yml"), command, "--report", str(out / "report.json"),
                     *options])


@pytest.fixture(scope="module")
def offline(archive, tmp_path_factory) -> Path:
    """The offline export of the whole archive (its site folder, as the ZIP holds it)."""
    out = tmp_path_factory.mktemp("offline")
    assert _output(archive, out, "export", "--all", "--out", str(out / "dist"), "--site", str(out / "site")) == 0
    assert [p.name for p in (out / "dist").iterdir()] == ["示例质量协会-2024-2025-典型经验-离线版.zip"]
    return out / "site"


def test_the_offline_zip_holds_one_year_by_default_the_current_one(archive, tmp_path):
    for options, year in (((), 2025), (("--year", "2024"), 2024)):
        out = tmp_path / str(year)
        assert _output(archive, out, "export", *options, "--out", str(out / "dist"), "--site", str(out / "site")) == 0
        assert [p.name for p in (out / "dist").iterdir()] == [f"示例质量协会-{year}-典型经验-离线版.zip"]
        assert sorted(p.name for p in (out / "site" / "experiences").iterdir()) == slugs_of(archive, year)
        home = (out / "site" / "index.html").read_text(encoding="utf-8")
        assert ("2024年交流会" in home) == (year == 2024) and f"© {year}" in home  # that year's event
    assert _output(archive, tmp_path, "export", "--year", "2019") == 2  # no such edition


@needs_chromium
def test_the_printed_book_holds_one_year_or_all(archive, tmp_path):
    for options, titles in ((("--year", "2024"), 2), (("--all",), 4)):
        pdf = tmp_path / f"{options[0]}.pdf"
        assert _output(archive, tmp_path, "pdf", *options, "--out", str(pdf)) == 0
        html = pdf.with_suffix(".html").read_text(encoding="utf-8")
        shown = [t for year in (2024, 2025) for t, _team in EDITIONS[year].values() if f">{t}<" in html]
        assert len(shown) == titles, shown
        assert "本经验已撤回" not in html


def _check_year_facet_and_search(page, home: str, filter_page: str, archive: Archive) -> None:
    page.goto(filter_page)
    page.wait_for_function("document.querySelectorAll('#sc-f-results > li').length === 4", timeout=15000)
    options = page.eval_on_selector_all("#sc-f-year option", "els => els.map(e => e.value)")
    assert {"2024", "2025"} <= set(options), options
    page.select_option("#sc-f-year", "2024")
    page.wait_for_function("document.querySelectorAll('#sc-f-results > li').length === 2", timeout=15000)
    shown = page.eval_on_selector_all("#sc-f-results > li a", "els => els.map(e => e.getAttribute('href'))")
    assert all("2024-" in href for href in shown), shown

    page.goto(home)
    results = browser.search(page, "焊接一次合格率")
    found = {slug for slug in slugs_of(archive, 2024) + slugs_of(archive, 2025) if any(slug in r for r in results)}
    assert len(found) == 2 and {s[:4] for s in found} == {"2024", "2025"}, results
    bylines = page.eval_on_selector_all(".sc-search-result__facts", "els => els.map(e => e.textContent)")
    assert any("2024年" in b for b in bylines) and any("2025年" in b for b in bylines), bylines
    browser.search(page, "2024年 焊接")  # the year as a term keeps that year's results
    links = ".md-search-result__item > a.md-search-result__link"
    # Experiences only: browse pages now name each card's year, so they match "2024年" too.
    page.wait_for_function(f"(e => e.length > 0 && e.every(a => a.href.includes('2024-')))([...document.querySelectorAll("
                           f"'{links}')].filter(a => a.href.includes('/experiences/')))", timeout=15000)  # new results shown
    results = [r for r in page.eval_on_selector_all(links, "els => els.map(e => e.href)") if "/experiences/" in r]
    assert results and all("2024-" in r for r in results), results


@needs_chromium
@pytest.mark.browser
def test_year_facet_and_search_across_years_online(archive, chromium):
    with browser.serve(archive.site) as base, browser.open_page(chromium) as (page, log):
        _check_year_facet_and_search(page, base, base + "filter/", archive)
        assert log.problems() == []


@needs_chromium
@pytest.mark.browser
def test_year_facet_and_search_across_years_from_file_url(archive, offline, chromium):
    with browser.offline_page(chromium) as (page, foreign, _errors):
        _check_year_facet_and_search(page, (offline / "index.html").as_uri(), (offline / "filter.html").as_uri(), archive)
    assert foreign == []
