"""The site's search in real headless Chromium: the engine (search.js) on a fixed index, then the
search box on the built samples site, a hostile stage, and an offline build opened from file://.

Chromium is Debian's /usr/bin/chromium (never `playwright install`); every page must load without
console errors, failed requests or requests to any other host.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import browser
from site_stage import HOSTILE_ORG, HOSTILE_TITLE

REPO = Path(__file__).resolve().parents[2]
SEARCH_JS = REPO / "content" / "assets" / "javascripts" / "search.js"
README = REPO / "samples" / "README.md"

pytestmark = browser.BROWSER_TESTS


# ---------------------------------------------------------------- the engine on a fixed index

FIXED_INDEX = {
    "v": 1,
    "docs": [
        {"u": "e/sigma/", "t": "运用六西格玛DMAIC降低焊接不良率的实践", "k": "e",
         "m": {"team": "SMT贴片二班", "org": "示例电子科技有限公司", "methods": "六西格玛"},
         "s": [["", "", "示例电子科技有限公司 · SMT贴片二班"],
               ["班组概况", "班组概况", "班组负责汽车零部件的贴片，推行ＰＤＣＡ循环，重视文化建设、文化建设。"]]},
        {"u": "e/poka/", "t": "推行防错技术提升装配合格率的实践", "k": "e",
         "m": {"team": "装配班", "org": "示例零部件有限公司"},
         "s": [["实施过程", "实施过程", "借鉴六西格玛、六西格玛、六西格玛的思路，装配班组织攻关。"],
               ["质量文化", "质量文化", "开展质量文化活动。"]]},
        {"u": "e/team/", "t": "装配班组长带班的经验", "k": "e", "m": {"team": "检修组", "org": "示例机械公司"},
         "s": [["营业背景", "营业背景", "装配。"]]},
        {"u": "e/heading/", "t": "提升服务满意度的探索", "k": "e", "m": {"team": "营业班", "org": "示例银行"},
         "s": [["文化建设", "质量文化建设", "略。"]]},
        {"u": "methods/six-sigma/", "t": "六西格玛", "k": "p", "s": [["", "", "运用六西格玛DMAIC降低焊接不良率的实践"]]},
    ],
}


@pytest.fixture(scope="module")
def engine(chromium):
    """A blank page with search.js loaded; call run(query) -> result URLs, best first."""
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    page.add_script_tag(path=str(SEARCH_JS))
    page.evaluate("raw => { window.__fixed = ShowcaseSearch.prepare(raw); }", FIXED_INDEX)

    def run(query: str) -> list[str]:
        return page.evaluate("q => ShowcaseSearch.search(window.__fixed, q).results.map(r => r.doc.url)", query)

    run.page = page
    yield run
    assert errors == []
    context.close()


def test_fragments_inside_words_are_found(engine):
    assert "e/sigma/" in engine("西格玛")  # inside 六西格玛
    assert set(engine("部件")) == {"e/sigma/", "e/poka/"}  # 零部件 in a body and in an organisation
    assert engine("负责汽车零部件的贴片") == ["e/sigma/"]


def test_every_term_must_occur(engine):
    assert engine("西格玛 攻关") == ["e/poka/"]
    assert engine("西格玛 不存在的词") == []


def test_title_beats_metadata_beats_heading_beats_body(engine):
    # 西格玛: in e/sigma's title, in e/poka's body 3 times; the method page after every experience.
    assert engine("西格玛") == ["e/sigma/", "e/poka/", "methods/six-sigma/"]
    # 营业: e/heading's team, e/team's heading.
    assert engine("营业") == ["e/heading/", "e/team/"]
    # 文化建设: e/heading's heading, e/sigma's text twice.
    assert engine("文化建设") == ["e/heading/", "e/sigma/"]


def test_experiences_come_before_other_pages(engine):
    # The method page is titled exactly so, yet it follows the experiences (issue 14).
    assert engine("六西格玛") == ["e/sigma/", "e/poka/", "methods/six-sigma/"]


def test_exact_title_or_team_comes_first(engine):
    assert engine("运用六西格玛DMAIC降低焊接不良率的实践")[0] == "e/sigma/"
    assert engine("运用六西格玛DMAIC 降低焊接不良率的实践")[0] == "e/sigma/"  # typed with a space
    assert engine("装配班")[0] == "e/poka/"  # its team, although e/team's title contains 装配班


def test_latin_letters_ignore_case_and_width(engine):
    assert engine("dmaic")[0] == "e/sigma/"
    assert engine("ＤＭＡＩＣ")[0] == "e/sigma/"
    assert engine("pdca循环") == ["e/sigma/"]  # the text says ＰＤＣＡ循环
    assert engine("smt贴片二班")[0] == "e/sigma/"


def test_blank_query_finds_nothing(engine):
    assert engine("") == [] and engine(" \u3000 ") == []


def test_highlight_ranges_merge_overlaps(engine):
    found = engine.page.evaluate("() => ShowcaseSearch.ranges('零部件部件', ['部件', '件部'])")
    assert found == [[1, 5]]


# ---------------------------------------------------------------- the search box on the samples site


def _catalog(site_dir: Path) -> dict:
    text = (site_dir / "assets/javascripts/catalog.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))


def readme_experiences() -> list[dict[str, str]]:
    """The table of samples/README.md: number, organisation / team, title, unique body term."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and re.fullmatch(r"\d\d", cells[0]):
            org, _sep, team = cells[2].partition(" / ")
            rows.append({"number": cells[0], "org": org, "team": team, "title": cells[3], "term": cells[6]})
    assert len(rows) == 12, "samples/README.md 的经验表格式变了"
    return rows


@pytest.fixture(scope="module")
def samples(built_site):
    """(base URL, {title: experience URL}) of the built samples site, served on 127.0.0.1."""
    site_dir = Path(built_site.site_dir)
    urls = {e["title"]: e["url"] for e in _catalog(site_dir)["experiences"]}
    with browser.serve(site_dir) as url:
        yield url, urls


def open_search(page) -> None:
    toggle = page.locator("label.md-header__button[for='__search']")
    if toggle.is_visible():  # phones: the search opens from the header icon
        toggle.click()
    else:
        page.locator("input.md-search__input").click()


def ui_search(page, query: str) -> list[str]:
    """Type into the search box; wait until it reports; result hrefs relative to the site, in order."""
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill(query)
    page.wait_for_function(
        "q => document.getElementById('sc-search-list').getAttribute('data-query') === q", arg=query, timeout=30000
    )
    hrefs = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")
    return [unquote(urlsplit(h).path).lstrip("/") for h in hrefs]


def _page_of(url: str) -> str:
    return url.split("?")[0].split("#")[0]


def test_search_index_is_loaded_only_when_the_box_is_used(chromium, samples):
    base, _urls = samples
    with browser.open_page(chromium) as (page, log):
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(base)
        page.wait_for_load_state("networkidle")
        assert not [u for u in requested if "search/index.js" in u]
        assert page.evaluate("typeof window.ShowcaseSearch") == "object"
        ui_search(page, "班组")
        assert len([u for u in requested if u.endswith("search/index.js")]) == 1
        assert not [u for u in requested if "search_index" in u or "/workers/" in u]  # Material's search stays off
        assert log.problems() == []


@pytest.mark.parametrize(
    "query, number",
    [
        ("西格玛", "04"),  # inside 六西格玛
        ("部件", "01"),  # inside 零部件 (its organisation)
        ("浊度", "12"),  # 2 characters
        ("丝出口含水率", "09"),  # 6 characters, inside 烘丝出口含水率标准偏差
        ("城南供电所营业班", "08"),  # a team name
    ],
)
def test_fragments_find_the_experience_they_come_from(chromium, samples, query, number):
    base, urls = samples
    row = next(r for r in readme_experiences() if r["number"] == number)
    with browser.open_page(chromium) as (page, log):
        page.goto(base)
        results = [_page_of(h) for h in ui_search(page, query)]
        assert urls[row["title"]] in results, (query, results)
        if number == "08":  # an exact team name ranks its experience first
            assert results[0] == urls[row["title"]]
        assert log.problems() == []


def test_exact_title_ranks_that_experience_first(chromium, samples):
    base, urls = samples
    with browser.open_page(chromium) as (page, log):
        page.goto(base)
        for title, url in urls.items():
            page.locator("input.md-search__input").fill("")
            results = ui_search(page, title)
            assert results and _page_of(results[0]) == url, (title, results[:3])
        assert log.problems() == []


def test_unique_body_term_finds_exactly_its_experience(chromium, samples):
    """samples/README.md's 独有术语 occurs only in one experience's body (06 is not published)."""
    base, urls = samples
    rows = [r for r in readme_experiences() if not any(r["term"] in other["title"] for other in readme_experiences())]
    assert len(rows) >= 6
    with browser.open_page(chromium) as (page, log):
        page.goto(base)
        for row in rows:
            page.locator("input.md-search__input").fill("")
            results = [_page_of(h) for h in ui_search(page, row["term"])]
            if row["title"] in urls:
                assert results == [urls[row["title"]]], (row["term"], results)
            else:  # not selected for publication: nothing of it is on the site
                assert results == [], (row["term"], results)
                assert "没有找到" in page.inner_text("#sc-search-meta")
        assert log.problems() == []


def test_result_links_to_the_section_and_marks_the_words(chromium, samples):
    base, urls = samples
    row = next(r for r in readme_experiences() if r["number"] == "02")
    with browser.open_page(chromium) as (page, log):
        page.goto(base)
        results = ui_search(page, row["term"])
        item = page.locator(".md-search-result__item").first
        assert item.locator("mark").first.inner_text() == row["term"]
        assert "#" in page.locator(".md-search-result__link").first.get_attribute("href")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # Enter in the box opens the first result
        assert _page_of(urlsplit(page.url).path.lstrip("/")) in (urls[row["title"]], unquote(urls[row["title"]]))
        assert urlsplit(page.url).fragment, "结果应链接到所在小节"
        assert _page_of(results[0]) == urls[row["title"]]
        page.wait_for_selector("article mark.sc-search-hl")
        assert page.locator("article mark.sc-search-hl").first.inner_text() == row["term"]
        assert log.problems() == []


def test_keyboard_moves_through_results_and_escape_closes(chromium, samples):
    base, _urls = samples
    with browser.open_page(chromium) as (page, log):
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")  # the shortcut focuses the box
        assert page.evaluate("document.activeElement.id") == "sc-search-input"
        page.keyboard.insert_text("合格率")
        page.wait_for_selector(".md-search-result__item")
        hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")
        assert len(hrefs) >= 2
        focused = "() => document.activeElement.getAttribute('href')"
        page.keyboard.press("ArrowDown")
        assert page.evaluate(focused) == hrefs[0]
        page.keyboard.press("ArrowDown")
        assert page.evaluate(focused) == hrefs[1]
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.id") == "sc-search-input"
        page.keyboard.press("Escape")
        assert page.evaluate("document.getElementById('__search').checked") is False
        assert page.evaluate("document.activeElement.id") != "sc-search-input"
        assert log.problems() == []


def test_markup_typed_in_the_box_stays_text(chromium, samples):
    base, _urls = samples
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    with browser.open_page(chromium) as (page, log):
        page.goto(base)
        assert ui_search(page, hostile) == []
        assert hostile in page.inner_text("#sc-search-meta")
        assert page.locator(".md-search img, .md-search script").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert log.problems() == []


def test_search_on_a_phone_opens_from_the_header_and_fits(chromium, samples, artifacts_dir):
    base, urls = samples
    with browser.open_page(chromium, browser.PHONE) as (page, log):
        page.goto(base)
        page.wait_for_load_state("networkidle")
        results = ui_search(page, "客户之声")
        assert results
        first = page.locator(".md-search-result__item").first
        first.wait_for(state="visible")
        page.wait_for_timeout(600)  # Material slides the search in (0.15 s after 0.15 s)
        width = browser.PHONE["width"]
        for selector in (".md-search__inner", ".md-search__output", ".md-search-result__item"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
        # Not document-wide overflow: Material's overlay is a circle scaled 45x while search is open
        # (same with Material's own search); nothing readable sticks out.
        assert page.evaluate(
            "w => [...document.querySelectorAll('.md-search-result *')].every(e => e.getBoundingClientRect().right <= w)",
            width,
        )
        shots = Path(artifacts_dir) / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "search-phone.png"))
        assert log.problems() == []


# ---------------------------------------------------------------- hostile page text


def test_markup_in_page_text_is_shown_escaped_in_results(chromium, hostile_site_url):
    with browser.open_page(chromium) as (page, log):
        page.goto(hostile_site_url)
        assert ui_search(page, "氦检漏")
        title = page.locator(".md-search-result__item h1").first
        assert title.inner_text() == HOSTILE_TITLE
        assert HOSTILE_ORG in page.locator(".md-search-result__item").first.inner_text()
        page.locator("input.md-search__input").fill("")
        ui_search(page, "window.__pwned=3")
        assert "<script>window.__pwned=3</script>" in page.locator(".md-search-result__item").first.inner_text()
        assert page.locator(".md-search-result img, .md-search-result b, .md-search-result script").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert log.problems() == []


# ---------------------------------------------------------------- offline build over file://


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """A small stage built as the offline export builds it (Material's offline plugin added)."""
    from converters.outputs.export import offline_plugins
    from site_stage import build, make_stage

    stage = make_stage(
        tmp_path_factory.mktemp("search-offline"), 3, extra_bodies={3: "离线包里也能搜到的零部件检具。"}
    )
    build(stage, config_overrides={"plugins": offline_plugins(REPO / "mkdocs.yml")})
    return stage.site_dir


def test_search_works_from_file_url_with_no_other_request(chromium, offline_site):
    with browser.open_page(chromium) as (page, log):
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto((offline_site / "index.html").as_uri())
        page.wait_for_load_state("load")
        open_search(page)
        page.locator("input.md-search__input").fill("部件检")
        page.wait_for_selector(".md-search-result__item")
        hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        assert len(hrefs) == 1 and hrefs[0].startswith("file://")
        assert "/experiences/2025-003/index.html" in hrefs[0]
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and "experiences/2025-003/index.html" in page.url
        page.wait_for_selector("article mark.sc-search-hl")
        assert all(u.startswith(("file:", "data:", "blob:")) for u in requested), [
            u for u in requested if not u.startswith(("file:", "data:", "blob:"))
        ]
        assert any(u.endswith("search/index.js") for u in requested)
        assert log.problems() == []


AXE = browser.AXE


@pytest.mark.skipif(not AXE.exists(), reason="需要 npm 的 axe-core（在仓库根目录运行 npm ci）")
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_open_search_with_results_has_no_serious_accessibility_violations(chromium, samples, viewport):
    base, _urls = samples
    size = browser.PHONE if viewport == "phone" else browser.DESKTOP
    with browser.open_page(chromium, size) as (page, log):
        page.goto(base)
        page.wait_for_load_state("networkidle")
        assert ui_search(page, "合格率")
        page.wait_for_timeout(600)  # let the opening transition end
        violations = browser.axe_violations(page)
        assert violations == []
        assert log.problems() == []
