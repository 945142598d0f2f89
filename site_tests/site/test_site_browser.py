"""The built samples site in real headless Chromium (Debian's /usr/bin/chromium, never `playwright install`).

Every page visited must load without console errors, failed requests or requests to any host other
than 127.0.0.1. Screenshots (375×812 and 1280×800) go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import browser

AXE = browser.AXE
pytestmark = browser.BROWSER_TESTS


def _catalog(site_dir: Path) -> dict:
    text = (site_dir / "assets/javascripts/catalog.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))


def first_experience_url(site_dir: Path) -> str:
    return _catalog(site_dir)["experiences"][0]["url"]


def unique_search_term(site_dir: Path, length: int = 4) -> tuple[str, str]:
    """A Chinese string found in exactly one page of the search index, in an experience's body.

    Read from the built index (search/d/, every page's entry as plain text), so it follows whatever
    samples exist: the first `length`-character Han substring of an experience's part text that
    occurs nowhere else in the index (no other page, and not in that page's title or byline).
    """
    from converters.render.search_shards import read_whole_index

    index = read_whole_index(site_dir / "search")

    def everything(doc: dict) -> str:
        parts = [doc["t"], *doc.get("m", {}).values()] + [s[1] + "\n" + s[2] for s in doc["s"]]
        return "\n".join(parts)

    texts = {doc["u"]: everything(doc) for doc in index["docs"]}
    for doc in index["docs"]:
        if not doc["u"].startswith("experiences/"):
            continue
        header = doc["t"] + "\n".join(doc.get("m", {}).values())
        for _anchor, _heading, body in (s for s in doc["s"] if s[0]):
            for run in re.findall(r"[\u4e00-\u9fff]{%d,}" % length, body):
                for i in range(len(run) - length + 1):
                    word = run[i : i + length]
                    if word in header or texts[doc["u"]].count(word) != 1:
                        continue
                    if not any(word in t for u, t in texts.items() if u != doc["u"]):
                        return word, doc["u"]
    raise AssertionError("样例中没有只出现在一项经验里的词，无法测试搜索")


def visit(chromium, url: str, viewport=browser.DESKTOP, shot: Path | None = None):
    """Open url, wait until the network is idle; returns (problems, horizontal overflow)."""
    with browser.open_page(chromium, viewport) as (page, log):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if shot is not None:
            page.screenshot(path=str(shot), full_page=True)
        return log.problems(), browser.horizontal_overflow(page), page.title()


def test_home_page_loads_with_the_event_and_numbers(chromium, site_url):
    with browser.open_page(chromium) as (page, log):
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        assert page.locator(".sc-hero__title").inner_text().strip()
        numbers = page.locator(".sc-number__value").all_inner_texts()
        assert len(numbers) == 4 and int(numbers[0]) > 0
        ordered = page.locator("a.sc-order__title")
        if ordered.count():  # the presentation order links to the experiences
            with page.expect_navigation():
                ordered.first.click()
            assert "/experiences/" in page.url
        assert log.problems() == []


@pytest.mark.parametrize("name", ["home", "experience", "filter", "industries", "methods", "stats", "about"])
def test_pages_load_cleanly_and_fit_a_phone(chromium, site_url, built_site, screenshots, name):
    paths = {
        "home": "",
        "experience": first_experience_url(Path(built_site.site_dir)),
        "filter": "filter/",
        "industries": "industries/",
        "methods": "methods/",
        "stats": "stats/",
        "about": "about/",
    }
    for label, viewport in (("phone", browser.PHONE), ("desktop", browser.DESKTOP)):
        shot = screenshots / f"{name}-{label}.png" if name in ("home", "experience", "filter") else None
        problems, overflow, title = visit(chromium, site_url + paths[name], viewport, shot)
        assert problems == [], f"{name} ({label})"
        assert title.strip()
        if label == "phone":
            assert overflow <= 0, f"{name} 在 375px 宽的手机上横向溢出 {overflow}px"


def test_search_finds_the_only_experience_containing_a_word(chromium, site_url, built_site):
    word, location = unique_search_term(Path(built_site.site_dir))
    with browser.open_page(chromium) as (page, log):
        page.goto(site_url)
        page.wait_for_load_state("networkidle")
        hrefs = browser.search(page, word)
        assert hrefs, f"搜索“{word}”没有结果"
        assert [urlsplit(h).path.lstrip("/") for h in hrefs] == [location], (word, hrefs)
        assert log.problems() == []


def test_filter_narrows_results_and_keeps_them_after_reload(chromium, site_url):
    with browser.open_page(chromium, browser.PHONE) as (page, log):
        page.goto(site_url + "filter/")
        page.wait_for_selector("#sc-f-results .sc-card")
        total = page.locator("#sc-f-results .sc-card").count()
        assert page.locator("#sc-f-count").get_attribute("data-count") == str(total)
        page.click("#sc-f-toggle")  # on a phone the selects start folded
        # The industry holding the fewest experiences (but at least one) narrows the list.
        options = page.eval_on_selector_all(
            "#sc-f-industry option", "os => os.filter(o => o.value).map(o => [o.value, o.textContent])"
        )
        assert options, "行业下拉框没有选项"
        value, label = min(options, key=lambda o: int(re.search(r"（(\d+)）", o[1]).group(1)))
        expected = int(re.search(r"（(\d+)）", label).group(1))
        page.select_option("#sc-f-industry", value)
        page.wait_for_function(f"document.querySelectorAll('#sc-f-results .sc-card').length === {expected}")
        assert f"industry={value}" in page.url
        name = label[: label.index("（")]
        chips = page.eval_on_selector_all(
            "#sc-f-results .sc-card .sc-chip--industry", "els => els.map(e => e.textContent)"
        )
        assert chips == [name] * expected
        if len(options) > 1:
            assert expected < total
        page.reload()
        page.wait_for_selector("#sc-f-results .sc-card")
        assert page.locator("#sc-f-industry").input_value() == value
        assert page.locator("#sc-f-results .sc-card").count() == expected
        # Clearing the conditions shows everything again.
        page.click("#sc-f-reset")
        page.wait_for_function(f"document.querySelectorAll('#sc-f-results .sc-card').length === {total}")
        assert log.problems() == []


def test_experience_chips_lead_to_the_industry_page(chromium, site_url, built_site):
    with browser.open_page(chromium) as (page, log):
        page.goto(site_url + first_experience_url(Path(built_site.site_dir)))
        chip = page.locator("a.sc-chip--industry")
        if chip.count() == 0:
            pytest.skip("第一项经验的行业待定，没有行业链接")
        with page.expect_navigation():
            chip.first.click()
        page.wait_for_load_state("networkidle")
        assert "/industries/" in page.url
        assert log.problems() == []


def test_markup_in_document_text_stays_text_everywhere(chromium, hostile_site_url):
    with browser.open_page(chromium) as (page, log):
        for path in ("", "experiences/2025-002/", "experiences/2025-001/", "filter/"):
            page.goto(hostile_site_url + path)
            page.wait_for_load_state("networkidle")
            assert page.locator("img[src='x'], b:text-is('粗体')").count() == 0, path
        assert "<img src=x" in page.locator("#sc-f-results").inner_text()  # shown, as text
        page.goto(hostile_site_url)
        page.wait_for_load_state("networkidle")
        browser.search(page, "氦")
        assert page.locator(".md-search-result img[src='x']").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert log.problems() == []


@pytest.mark.skipif(not AXE.exists(), reason="需要 npm 的 axe-core（在仓库根目录运行 npm ci）")
@pytest.mark.parametrize("name", ["home", "experience", "filter", "stats", "industries"])
def test_pages_have_no_serious_accessibility_violations(chromium, site_url, built_site, name):
    """axe-core (WCAG 2.1 A/AA rules), injected from node_modules: nothing serious or critical."""
    path = {
        "home": "",
        "experience": first_experience_url(Path(built_site.site_dir)),
        "filter": "filter/",
        "stats": "stats/",
        "industries": "industries/",
    }[name]
    with browser.open_page(chromium, browser.PHONE) as (page, log):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        violations = browser.axe_violations(page)
        assert violations == []
        assert log.problems() == []
