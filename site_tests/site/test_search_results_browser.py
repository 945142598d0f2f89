"""What a reader sees in the search results (issue 14), on a 375×812 touch phone and at 1280×800:
experiences first, browse pages after them under a heading and marked; each experience with its
team, organisation, industry, year and the matching snippet; an empty result that suggests what to
try. Screenshots go to test-artifacts/screenshots/; axe-core finds nothing serious.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import browser

REPO = Path(__file__).resolve().parents[2]
AXE = browser.AXE
SIZES = browser.SIZES

pytestmark = browser.BROWSER_TESTS


@pytest.fixture(scope="module")
def samples(built_site):
    site_dir = Path(built_site.site_dir)
    text = (site_dir / "assets/javascripts/catalog.js").read_text(encoding="utf-8")
    catalog = json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))
    with browser.serve(site_dir) as url:
        yield url, catalog


def search_for(page, query: str, size: str) -> None:
    if size == "phone":
        page.locator("label.md-header__button[for='__search']").tap()
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill(query)
    page.wait_for_function(
        "q => document.getElementById('sc-search-list').getAttribute('data-query') === q", arg=query, timeout=30000
    )
    page.wait_for_timeout(500)  # the opening transition


def items(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#sc-search-list > li",
        """els => els.map(e => ({group: e.classList.contains('sc-search-group'), text: e.innerText,
            href: (e.querySelector('a') || {}).href || '', kind: (e.querySelector('.sc-search-result__kind') || {}).textContent || '',
            facts: [...e.querySelectorAll('.sc-search-result__fact')].map(f => f.innerText),
            snippet: (e.querySelector('.sc-search-result__snippet') || {}).innerText || '',
            marks: e.querySelectorAll('.sc-search-result__snippet mark').length}))""",
    )


def shoot(page, artifacts_dir, name: str) -> None:
    shots = Path(artifacts_dir) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / name))


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_experiences_come_first_with_their_fields_then_marked_browse_pages(chromium, samples, size, artifacts_dir):
    base, catalog = samples
    six_sigma = [e for e in catalog["experiences"] if "六西格玛" in e.get("methods", []) or "六西格玛" in e["title"]]
    with browser.sized_page(chromium, size) as (page, log):
        page.goto(base)
        search_for(page, "六西格玛", size)  # also the exact title of the method's browse page
        found = items(page)
        results = [i for i in found if not i["group"]]
        assert results and "/experiences/" in results[0]["href"], results[:2]
        first_page = next(n for n, i in enumerate(found) if "/experiences/" not in i["href"])
        assert found[first_page]["group"] and "浏览页" in found[first_page]["text"]  # the heading before them
        assert all("/experiences/" not in i["href"] for i in found[first_page + 1 :])
        assert {i["kind"] for i in found[first_page + 1 :]} <= {"浏览页", "栏目页"}
        assert any("methods/six-sigma/" in i["href"] and i["kind"] == "浏览页" for i in found)
        experience = results[0]
        labels = [f.split("：")[0] for f in experience["facts"]]
        assert labels == ["班组", "单位", "行业", "年份"], experience
        assert experience["snippet"] and experience["kind"] == ""
        assert len(six_sigma) <= len([i for i in results if "/experiences/" in i["href"]])
        assert page.locator("#sc-search-list > li").first.is_visible()
        shoot(page, artifacts_dir, f"search-results-{size}.png")
        if AXE.exists():
            assert browser.axe_violations(page) == []
        assert log.problems() == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_each_experience_result_shows_its_catalogue_fields_and_snippet(chromium, samples, size):
    base, catalog = samples
    exp = catalog["experiences"][0]
    with browser.sized_page(chromium, size) as (page, log):
        page.goto(base)
        search_for(page, exp["team"], size)
        first = items(page)[0]
        assert first["href"].split("?")[0].endswith(exp["url"])
        facts = dict(f.split("：", 1) for f in first["facts"])
        assert facts["班组"] == exp["team"] and facts["单位"] == exp["organization"]
        assert facts["年份"] == f"{exp['year']}年" and facts["行业"]
        assert first["snippet"]
        assert log.problems() == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_an_empty_result_suggests_fewer_characters_methods_and_browse_pages(chromium, samples, size, artifacts_dir):
    base, _catalog = samples
    with browser.sized_page(chromium, size) as (page, log):
        page.goto(base)
        search_for(page, "合格率翻番奇迹", size)
        assert page.locator(".md-search-result__item").count() == 0
        assert "没有找到" in page.inner_text("#sc-search-meta")
        empty = page.locator("#sc-search-empty")
        assert empty.is_visible()
        shorter = page.locator("#sc-search-shorter button")
        assert shorter.is_visible() and shorter.inner_text() == "合格"
        methods = page.locator("#sc-search-empty button[data-sc-suggest]:not(#sc-search-shorter button)")
        assert methods.count() >= 3
        links = page.eval_on_selector_all("#sc-search-empty a", "els => els.map(e => e.getAttribute('href'))")
        assert any("industries/" in h for h in links) and any("methods/" in h for h in links)
        shoot(page, artifacts_dir, f"search-empty-{size}.png")
        if AXE.exists():
            assert browser.axe_violations(page) == []
        name = methods.first.inner_text()
        methods.first.tap() if size == "phone" else methods.first.click()
        page.wait_for_function(
            "q => document.getElementById('sc-search-list').getAttribute('data-query') === q", arg=name
        )
        assert page.locator(".md-search-result__item").count() > 0
        assert not empty.is_visible()
        assert log.problems() == []


def test_a_short_query_without_results_offers_no_shorter_one(chromium, samples):
    base, _catalog = samples
    with browser.sized_page(chromium, "desktop") as (page, log):
        page.goto(base)
        search_for(page, "鑫", "desktop")
        assert page.locator("#sc-search-empty").is_visible()
        assert not page.locator("#sc-search-shorter").is_visible()
        assert log.problems() == []
