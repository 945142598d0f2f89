"""`showcase export`: the offline ZIP, unzipped and opened from file:// in headless Chromium.

The export is built once per module from the session's converted samples (fixture `built_site`).
Every request the browser makes must stay on file: (or data:/blob:/about:).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import browser
from converters.outputs import export
from converters.config import load_settings
from converters.model import Severity

REPO = Path(__file__).resolve().parents[2]
EPOCH = 1755648000  # 2025-08-20T00:00:00Z
LOCAL_SCHEMES = browser.OFFLINE_SCHEMES


@pytest.fixture(scope="module")
def settings():
    value, _warnings = load_settings(REPO / "showcase.yml")
    return value


@pytest.fixture(scope="module")
def exported(built_site, settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    zip_path = root / "dist" / export.zip_name(settings.association, settings.year)
    findings = export.export_offline(
        REPO / "mkdocs.yml", built_site.content_dir, root / "site-offline", zip_path,
        title=settings.site_title, year=settings.year, epoch=EPOCH,
    )
    assert not [f for f in findings if f.severity is Severity.ERROR], findings
    unzipped = root / "unzipped"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(unzipped)
    return zip_path, unzipped / export.zip_top(settings.year)


def test_zip_is_named_after_the_association_and_year(exported, settings):
    zip_path, _root = exported
    assert zip_path.name == f"{settings.association}-{settings.year}-典型经验-离线版.zip"


def test_zip_members_are_ascii_sorted_and_in_one_top_folder(exported, settings):
    zip_path, _root = exported
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    top = export.zip_top(settings.year) + "/"
    assert all(n.startswith(top) for n in names), [n for n in names if not n.startswith(top)][:5]
    assert all(n.isascii() for n in names), [n for n in names if not n.isascii()][:5]
    assert names == sorted(names)
    for needed in ("index.html", "search/index.js", "assets/javascripts/iframe-worker-shim.js", "README.txt"):
        assert top + needed in names, f"离线包缺少 {needed}"


def test_zip_leaves_out_the_json_search_index_and_source_maps(exported):
    zip_path, _root = exported
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    assert not [n for n in names if n.endswith("search/search_index.json")]
    assert not [n for n in names if n.endswith(".map")]


def test_zip_members_have_the_fixed_date_and_plain_file_permissions(exported):
    zip_path, _root = exported
    with zipfile.ZipFile(zip_path) as zf:
        infos = zf.infolist()
    assert {i.date_time for i in infos} == {(2025, 8, 20, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert all(not i.extra for i in infos)


def test_offline_pages_use_html_links_and_no_external_script(exported):
    _zip, root = exported
    html = (root / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "fonts.googleapis.com" not in html
    assert 'href="filter.html"' in html and 'href="filter/"' not in html


def test_offline_plugin_is_appended_to_the_plugins_of_mkdocs_yml_as_written(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search:\n      jieba_dict_user: terms.txt\n  - tags\n", encoding="utf-8")
    assert export.offline_plugins(config) == [{"search": {"jieba_dict_user": "terms.txt"}}, "tags", "offline"]
    config.write_text("site_name: x\nplugins:\n  - search\n  - offline\n", encoding="utf-8")
    assert export.offline_plugins(config) == ["search", "offline"]


def test_zip_name_drops_characters_windows_forbids():
    assert export.zip_name('南京/市:质协?', 2025) == "南京市质协-2025-典型经验-离线版.zip"


def test_a_failed_build_becomes_an_error_finding_naming_the_config(tmp_path):
    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: x\ntheme: {name: no-such-theme}\n", encoding="utf-8")
    findings = export.build_site(broken, tmp_path / "docs", tmp_path / "site")
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert str(broken) in findings[0].message


def test_packing_the_same_tree_twice_gives_identical_bytes(tmp_path):
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "b" / "page.html").write_text("<p>二</p>", encoding="utf-8")
    (site / "a.html").write_text("<p>一</p>", encoding="utf-8")
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    assert export.pack_zip(site, first, "top", epoch=EPOCH) == []
    (site / "a.html").touch()  # a newer file time must not change the archive
    assert export.pack_zip(site, second, "top", epoch=EPOCH) == []
    assert first.read_bytes() == second.read_bytes()


# ---------------------------------------------------------------- in the browser, from file://

needs_chromium = pytest.mark.skipif(not browser.chromium_available(), reason="需要 /usr/bin/chromium（Debian 的 chromium 包）")


@pytest.fixture()
def offline_page(chromium):
    """A page whose every request is recorded; anything but file:/data:/blob: is aborted and listed."""
    with browser.offline_page(chromium) as opened:
        yield opened


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


@needs_chromium
@pytest.mark.browser
def test_navigation_reaches_an_experience_with_its_pictures_over_file_url(exported, offline_page):
    _zip, root = exported
    page, foreign, errors = offline_page
    _open(page, root / "index.html")
    page.locator(".md-tabs a, .md-nav a").filter(has_text="按行业").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.url.endswith("industries/index.html"), page.url
    page.locator(".md-content a[href$='.html']").first.click()
    page.wait_for_load_state("load")
    page.locator(".md-content a[href*='experiences/']").first.click()
    page.wait_for_load_state("load")
    assert "/experiences/" in page.url and page.url.endswith("/index.html"), page.url
    assert page.locator("h2", has_text="实施过程").count() == 1
    for img in page.locator(".md-content img").all():  # pictures load lazily, as a reader scrolls
        img.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('.md-content img')].every(e => e.complete)", timeout=10000)
    images = page.eval_on_selector_all(".md-content img", "els => els.map(e => [e.src, e.naturalWidth > 0])")
    assert images, "经验页面应有图片"
    assert all(ok for _src, ok in images), [src for src, ok in images if not ok]
    assert foreign == [] and errors == [], foreign + errors


@needs_chromium
@pytest.mark.browser
def test_chinese_search_works_from_file_url(exported, offline_page):
    _zip, root = exported
    page, foreign, errors = offline_page
    _open(page, root / "index.html")
    results = browser.search(page, "班组")
    assert results and all(r.startswith("file://") for r in results), results
    page.goto(results[0])
    page.wait_for_load_state("load")
    assert page.locator("mark").count() >= 1, "搜索结果页应高亮查询词"
    assert foreign == [] and errors == [], foreign + errors


@needs_chromium
@pytest.mark.browser
def test_filter_page_lists_every_experience_from_file_url(exported, offline_page, built_site):
    _zip, root = exported
    page, foreign, errors = offline_page
    published = built_site.report["totals"]["experiences_published"]
    _open(page, root / "filter.html")
    page.wait_for_function(f"document.querySelectorAll('#sc-f-results > li').length === {published}", timeout=15000)
    first = page.locator("#sc-f-results > li a").first.get_attribute("href")
    assert first and first.endswith(".html"), first
    assert foreign == [] and errors == [], foreign + errors


@needs_chromium
@pytest.mark.browser
def test_statistics_page_shows_the_totals_from_file_url(exported, offline_page, built_site):
    _zip, root = exported
    page, foreign, errors = offline_page
    published = built_site.report["totals"]["experiences_published"]
    _open(page, root / "stats.html")
    assert page.locator(".sc-stats").count() >= 1
    assert f"{published}" in page.locator(".sc-stats__total").inner_text()
    assert foreign == [] and errors == [], foreign + errors


@needs_chromium
@pytest.mark.browser
def test_sharded_search_in_the_zip_gives_the_whole_index_results_from_file_url(exported, offline_page):
    """The ZIP's shards, opened from file://, against the whole index rebuilt from its page files."""
    from converters.render.search_shards import read_whole_index

    _zip, root = exported
    page, foreign, errors = offline_page
    whole = read_whole_index(root / "search")
    assert whole["docs"] and all(d["u"].endswith(".html") for d in whole["docs"])
    queries = ["班组", "合格率", "西格玛", "质量 改进", "部件", "ｐｄｃａ", "不存在的词语"] + [d["t"] for d in whole["docs"][:12]]
    _open(page, root / "index.html")
    out = page.evaluate(
        """async ({queries, whole}) => {
            const sharded = await ShowcaseSearch.load();
            const reference = new ShowcaseSearch.WholeIndex(ShowcaseSearch.prepare(whole));
            const urls = async (index, q) => (await (await index.session(q)).take(Infinity)).map(r => r.doc.url + ' ' + r.score);
            const out = [];
            for (const q of queries) out.push([await urls(sharded, q), await urls(reference, q)]);
            return out;
        }""",
        {"queries": queries, "whole": whole},
    )
    assert [q for q, (a, b) in zip(queries, out) if a != b] == []
    assert sum(1 for a, _b in out if a) >= len(queries) - 1
    assert foreign == [] and errors == [], foreign + errors
