"""Browsing the built samples site on a phone (375×812, touch, is_mobile) and a desktop (1280×800):
the folded filter panel with `共 N 项` and the first results in view after each choice, clear-all,
browse cards with breadcrumbs, the home page two taps from every experience, the footer, and the
Chinese 404 page under a sub-path (static host) and from file:// in the offline copy.

Screenshots of home, a browse index, a browse page, the filter page and 404 at both sizes go to
test-artifacts/screenshots/browse-*.png.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import browser
from converters.model import Severity
from converters.outputs import export
from test_subpath import PREFIX, pages_server

REPO = Path(__file__).resolve().parents[2]
AXE = browser.AXE
SIZES = browser.SIZES
COUNT = re.compile(r"共 (\d+) 项")

pytestmark = browser.BROWSER_TESTS


@pytest.fixture(scope="module")
def deployed(built_site, tmp_path_factory):
    """The samples built for http://127.0.0.1:PORT/showcase/2025/ and served like a static host."""
    www = tmp_path_factory.mktemp("www-browse")
    site = www / PREFIX.strip("/")
    with pages_server(www, site / "404.html") as origin:
        findings = export.build_site(REPO / "mkdocs.yml", built_site.content_dir, site, site_url=origin + PREFIX)
        assert not [f for f in findings if f.severity is Severity.ERROR], findings
        yield origin + PREFIX


def tap(page, selector: str, size: str) -> None:
    if size == "phone":
        page.tap(selector)
    else:
        page.click(selector)


def in_view(page, selector: str) -> bool:
    """The element's box lies (at least partly) between the sticky header and the bottom of the viewport."""
    return page.evaluate(
        """sel => {
            const el = document.querySelector(sel);
            if (!el) return false;
            const r = el.getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            return r.height > 0 && r.top >= header - 1 && r.top < window.innerHeight - 24;
        }""",
        selector,
    )


def shown_count(page) -> int:
    m = COUNT.search(page.inner_text("#sc-f-count"))
    assert m, page.inner_text("#sc-f-count")
    return int(m.group(1))


def cards(page) -> int:
    return page.locator("#sc-f-results > li.sc-card").count()


def catalog(site_dir: Path) -> dict:
    text = (site_dir / "assets/javascripts/catalog.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))


# ---------------------------------------------------------------- filter page


def test_on_a_phone_the_facets_are_folded_and_the_results_are_on_the_first_screen(chromium, site_url):
    with browser.sized_page(chromium, "phone", scale=2) as (page, log):
        page.goto(site_url + "filter/")
        page.wait_for_selector("#sc-f-results > li.sc-card")
        assert not page.locator("#sc-f-industry").is_visible()
        assert page.get_attribute("#sc-f-toggle", "aria-expanded") == "false"
        assert in_view(page, "#sc-f-count") and in_view(page, "#sc-f-results > li:first-child")
        assert shown_count(page) == cards(page)
        assert not page.locator("#sc-f-reset").is_visible()  # nothing to clear yet
        assert log.problems() == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_each_choice_shows_the_count_and_the_first_results_in_view_and_clear_all_undoes_it(
    chromium, site_url, built_site, screenshots, size
):
    total = len(catalog(Path(built_site.site_dir))["experiences"])
    with browser.sized_page(chromium, size, scale=2) as (page, log):
        page.goto(site_url + "filter/")
        page.wait_for_selector("#sc-f-results > li.sc-card")
        assert shown_count(page) == total == cards(page)
        if size == "phone":
            tap(page, "#sc-f-toggle", size)
        assert page.locator("#sc-f-method").is_visible()  # open by itself on a desktop
        assert page.get_attribute("#sc-f-toggle", "aria-expanded") == "true"

        # The method with the fewest experiences, then an industry among what is left.
        options = page.eval_on_selector_all("#sc-f-method option", "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")
        value, label = min(options, key=lambda o: int(re.search(r"（(\d+)）", o[1]).group(1)))
        expected = int(re.search(r"（(\d+)）", label).group(1))
        assert expected < total
        page.select_option("#sc-f-method", value)
        page.wait_for_function(f"document.querySelectorAll('#sc-f-results > li.sc-card').length === {expected}")
        assert shown_count(page) == expected
        assert f"全部 {total} 项" in page.inner_text("#sc-f-count")
        assert in_view(page, "#sc-f-count") and in_view(page, "#sc-f-results > li:first-child"), "选择后结果应在视野内"
        assert "（已选 1 项）" in page.inner_text("#sc-f-toggle")
        chips = page.eval_on_selector_all("#sc-f-chosen button", "els => els.map(e => e.textContent)")
        assert chips == [f"质量方法：{label[: label.index('（')]} ×"]

        industries = page.eval_on_selector_all("#sc-f-industry option", "os => os.filter(o => o.value).map(o => o.value)")
        page.select_option("#sc-f-industry", industries[0])
        page.wait_for_function("document.querySelector('#sc-f-chosen').children.length === 2")
        assert shown_count(page) == cards(page) >= 1
        assert in_view(page, "#sc-f-results > li:first-child")
        page.screenshot(path=str(screenshots / f"browse-filter-chosen-{size}.png"))

        tap(page, "#sc-f-reset", size)
        page.wait_for_function(f"document.querySelectorAll('#sc-f-results > li.sc-card').length === {total}")
        assert shown_count(page) == total
        assert page.locator("#sc-f-method").input_value() == page.locator("#sc-f-industry").input_value() == ""
        assert "#" not in page.url and page.locator("#sc-f-chosen > li").count() == 0
        assert not page.locator("#sc-f-reset").is_visible()
        assert log.problems() == []


def test_a_chip_removes_its_own_condition_only(chromium, site_url):
    with browser.sized_page(chromium, "phone", scale=2) as (page, log):
        page.goto(site_url + "filter/#year=2025")
        page.wait_for_selector("#sc-f-results > li.sc-card")
        # A link with conditions: the panel stays folded on a phone, chips show the condition, results in view.
        assert page.get_attribute("#sc-f-toggle", "aria-expanded") == "false"
        assert page.locator("#sc-f-chosen button").inner_text() == "年度：2025年 ×"
        assert in_view(page, "#sc-f-results > li:first-child")
        page.fill("#sc-f-q", "班")
        page.wait_for_function("document.querySelector('#sc-f-chosen').children.length === 2")
        page.tap("#sc-f-chosen li:first-child button")  # 年度
        page.wait_for_function("document.querySelector('#sc-f-chosen').children.length === 1")
        assert page.locator("#sc-f-year").input_value() == ""
        assert page.locator("#sc-f-q").input_value() == "班"
        assert log.problems() == []


# ---------------------------------------------------------------- browse cards, breadcrumbs, two taps


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_browse_pages_are_cards_with_breadcrumbs(chromium, site_url, screenshots, size):
    with browser.sized_page(chromium, size, scale=2) as (page, log):
        for index in ("industries/", "methods/", "recommenders/", "years/"):
            page.goto(site_url + index)
            cards_ = page.locator("li.sc-bcard")
            assert cards_.count() >= 1, index
            first = cards_.first
            assert re.fullmatch(r"\d+ 项", first.locator(".sc-bcard__count").inner_text())
            assert first.locator(".sc-bcard__latest li a").count() >= 1
            assert page.locator(".sc-crumbs a").first.inner_text() == "首页"
        page.goto(site_url + "industries/")
        assert "常用方法：" in page.locator(".sc-bcard__top").first.inner_text()
        assert browser.horizontal_overflow(page) == 0
        page.screenshot(path=str(screenshots / f"browse-industries-{size}.png"), full_page=True)

        with page.expect_navigation():
            tap(page, "li.sc-bcard a.sc-bcard__title >> nth=0", size)
        page.wait_for_selector(".md-content li.sc-card")
        crumbs = page.eval_on_selector_all(".sc-crumbs a, .sc-crumbs [aria-current]", "els => els.map(e => e.textContent)")
        assert crumbs[:2] == ["首页", "按行业浏览"] and len(crumbs) == 3
        n = page.locator(".md-content li.sc-card").count()
        assert f"共 {n} 项典型经验" in page.inner_text(".md-content")
        assert page.locator(".md-content li.sc-card .sc-card__meta").count() == n
        assert browser.horizontal_overflow(page) == 0
        page.screenshot(path=str(screenshots / f"browse-facet-{size}.png"), full_page=True)
        with page.expect_navigation():
            tap(page, ".sc-crumbs a >> nth=1", size)
        page.wait_for_selector("li.sc-bcard")
        assert urlsplit(page.url).path.endswith("/industries/")
        assert log.problems() == []


def test_every_experience_is_two_taps_from_the_home_page(chromium, site_url, built_site, screenshots):
    wanted = {site_url + e["url"] for e in catalog(Path(built_site.site_dir))["experiences"]}
    reached: set[str] = set()
    with browser.sized_page(chromium, "phone", scale=2) as (page, log):
        page.goto(site_url)
        links = page.eval_on_selector_all(".md-content a[href]", "els => els.map(a => a.href.split('#')[0])")
        page.screenshot(path=str(screenshots / "browse-home-phone.png"), full_page=True)
        reached |= set(links)
        for link in sorted({u for u in links if u.startswith(site_url) and u not in wanted}):
            page.goto(link)
            reached |= set(page.eval_on_selector_all(".md-content a[href]", "els => els.map(a => a.href.split('#')[0])"))
        assert wanted - reached == set(), "首页点两下到不了这些经验"
        assert log.problems() == []
    with browser.sized_page(chromium, "desktop", scale=2) as (page, _log):
        page.goto(site_url)
        page.screenshot(path=str(screenshots / "browse-home-desktop.png"), full_page=True)


# ---------------------------------------------------------------- footer


def test_the_footer_names_the_association_and_links_the_contact_page(chromium, site_url):
    with browser.sized_page(chromium, "phone", scale=2) as (page, log):
        page.goto(site_url)
        footer = page.locator("footer.sc-footer")
        text = footer.inner_text()
        assert "江苏省质量管理协会" in text and "主办单位：江苏省质量管理协会" in text
        assert re.search(r"© 2025 江苏省质量管理协会", text)
        assert "备案" not in text  # showcase.yml has neither number
        with page.expect_navigation():
            footer.get_by_role("link", name="联系我们").tap()
        assert page.locator("h1").inner_text().startswith("联系我们")
        assert urlsplit(page.url).path.endswith("/contact/")
        assert log.problems() == []


# ---------------------------------------------------------------- 404


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_404_page_is_chinese_and_its_links_work_under_a_sub_path(chromium, deployed, screenshots, size):
    with browser.sized_page(chromium, size, scale=2) as (page, log):
        response = page.goto(deployed + "no/such/page/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "没有找到这个页面"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        page.screenshot(path=str(screenshots / f"browse-404-{size}.png"), full_page=True)
        targets = {"home": "", "industries": "industries/", "methods": "methods/", "filter": "filter/"}
        hrefs = {k: page.get_attribute(f"[data-sc-404={k}]", "href") for k in targets}
        assert all(h.startswith(PREFIX) for h in hrefs.values()), hrefs
        tap(page, "[data-sc-404=search]", size)
        page.wait_for_selector("#sc-search-input", state="visible")
        for key, path in targets.items():
            page.goto(deployed + "no/such/page/")
            with page.expect_navigation():
                tap(page, f"[data-sc-404={key}]", size)
            assert page.url.split("#")[0] in (deployed + path, deployed + path + "index.html"), (key, page.url)
            assert page.locator("h1").count() >= 1
        assert [p for p in log.problems() if "404" not in p] == []


def test_the_404_page_of_the_offline_copy_works_from_a_file_url(chromium, offline_site):
    not_found = offline_site / "404.html"
    with browser.sized_page(chromium, "phone", scale=2) as (page, log):
        page.goto(not_found.as_uri())
        assert page.locator("h1").inner_text() == "没有找到这个页面"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        for key, target in {"home": "index.html", "industries": "industries/index.html",
                            "methods": "methods/index.html", "filter": "filter.html"}.items():
            page.goto(not_found.as_uri())
            with page.expect_navigation():
                page.tap(f"[data-sc-404={key}]")
            assert page.url == (offline_site / target).as_uri(), (key, page.url)
        page.goto(not_found.as_uri())
        page.tap("[data-sc-404=search]")
        page.wait_for_selector("#sc-search-input", state="visible")
        assert log.problems() == []


# ---------------------------------------------------------------- accessibility


@pytest.mark.skipif(not AXE.exists(), reason="需要 npm 的 axe-core（在仓库根目录运行 npm ci）")
@pytest.mark.parametrize("name", ["404", "filter-open", "facet", "contact"])
def test_the_new_pages_have_no_serious_accessibility_violations(chromium, site_url, deployed, name):
    with browser.sized_page(chromium, "phone", scale=2) as (page, log):
        if name == "404":
            page.goto(deployed + "no/such/page/")
        elif name == "filter-open":
            page.goto(site_url + "filter/#year=2025")
            page.wait_for_selector("#sc-f-chosen button")
            page.tap("#sc-f-toggle")
            page.wait_for_selector("#sc-f-year", state="visible")
        elif name == "facet":
            page.goto(site_url + "industries/")
            with page.expect_navigation():
                page.click("li.sc-bcard a.sc-bcard__title >> nth=0")
        else:
            page.goto(site_url + "contact/")
        page.wait_for_load_state("networkidle")
        assert browser.axe_violations(page) == []
        assert [p for p in log.problems() if "404" not in p] == []
