"""Reading the built samples site on a 375×812 touch phone and a 1280×800 desktop, in Debian's
Chromium: tables measured in the DOM, the 本页目录 control, the first screen, previous/next, share
and print, responsive pictures, chart labels, typography and the link-card <head>.

Screenshots of the experience page (the one with the widest table) and the statistics page at both
sizes go to test-artifacts/screenshots/reading-*.png.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image as PILImage

import browser

REPO = Path(__file__).resolve().parents[2]
AXE = browser.AXE
PHONE = dict(viewport=browser.PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
DESKTOP = dict(viewport=browser.DESKTOP)
pytestmark = browser.BROWSER_TESTS


@contextlib.contextmanager
def opened(chromium, url: str, device: dict, **context_options):
    """A page of `url` on `device` (local requests only), with its PageLog."""
    context = chromium.new_context(locale="zh-CN", bypass_csp=True, **device, **context_options)
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    page = context.new_page()
    log = browser.watch(page)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        yield page, log
    finally:
        context.close()


def _catalog(site_dir: Path) -> dict:
    text = (site_dir / "assets/javascripts/catalog.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))


def widest_table_page(site_dir: Path) -> str:
    """The experience URL whose page holds the table with the most columns (the 5W1H 对策表)."""
    best = (0, "")
    for html in sorted((site_dir / "experiences").glob("*/index.html")):
        columns = [int(n) for n in re.findall(r'data-columns="(\d+)"', html.read_text(encoding="utf-8"))]
        best = max(best, (max(columns, default=0), f"experiences/{html.parent.name}/"))
    assert best[0] > 4, "样例中没有超过 4 列的表格"
    return best[1]


def event_sequence(site_dir: Path) -> list[str]:
    """Experience URLs in presentation order (content/event.yml), as the catalog names them."""
    order = yaml.safe_load((REPO / "content" / "event.yml").read_text(encoding="utf-8"))["order"]
    by_title = {e["title"]: e["url"] for e in _catalog(site_dir)["experiences"]}
    return [by_title[item["title"]] for item in order if item["title"] in by_title]


TABLES_JS = """() => [...document.querySelectorAll('.sc-table')].map(box => {
    const frame = box.querySelector('.sc-table__frame'), table = frame.querySelector('table');
    const hint = box.querySelector('.sc-table__hint');
    return {columns: +box.dataset.columns, narrow: box.classList.contains('sc-table--narrow'),
            sticky: box.classList.contains('sc-table--sticky'), table: table.getBoundingClientRect().width,
            frame: frame.clientWidth, scroll: frame.scrollWidth, overflow: getComputedStyle(frame).overflowX,
            hint: hint.getBoundingClientRect().height > 0 && getComputedStyle(hint).display !== 'none',
            hintText: hint.innerText, right: frame.getBoundingClientRect().right};
})"""


# ---------------------------------------------------------------- tables


def test_narrow_tables_fit_the_phone_and_wide_ones_scroll_in_their_frame_with_a_hint(chromium, site_url, built_site):
    path = widest_table_page(Path(built_site.site_dir))
    with opened(chromium, site_url + path, PHONE) as (page, log):
        tables = page.evaluate(TABLES_JS)
        assert browser.horizontal_overflow(page) <= 0
        for t in tables:
            if t["narrow"]:
                assert t["columns"] <= 4 and t["table"] <= 343.5 and t["scroll"] <= t["frame"] + 1, t
            else:
                assert t["frame"] <= 343.5 and t["overflow"] == "auto", t
                if t["scroll"] > t["frame"] + 1:
                    assert t["hint"] and "左右滑动查看" in t["hintText"], t
        assert any(t["narrow"] for t in tables) and any(not t["narrow"] for t in tables)
        # The first column of a wide table stays put while the rest scrolls by.
        box = page.locator(".sc-table--sticky").first
        frame = box.locator(".sc-table__frame")
        first = box.locator("tbody tr:first-child > :first-child")
        second = box.locator("tbody tr:first-child > :nth-child(2)")
        before = first.bounding_box()["x"], second.bounding_box()["x"]
        frame.evaluate("f => { f.scrollLeft = 160; }")
        page.wait_for_function("() => document.querySelector('.sc-table--sticky .sc-table__frame').scrollLeft > 0")
        after = first.bounding_box()["x"], second.bounding_box()["x"]
        assert abs(after[0] - before[0]) <= 2 and after[1] < before[1] - 100
        assert log.problems() == []


def test_no_table_is_clipped_on_a_desktop(chromium, site_url, built_site):
    path = widest_table_page(Path(built_site.site_dir))
    with opened(chromium, site_url + path, DESKTOP) as (page, log):
        content_right = page.evaluate("() => document.querySelector('.md-content__inner').getBoundingClientRect().right")
        for t in page.evaluate(TABLES_JS):
            assert t["right"] <= content_right + 1, t
            fits = t["scroll"] <= t["frame"] + 1
            assert fits or (t["overflow"] == "auto" and t["hint"]), t
        assert browser.horizontal_overflow(page) <= 0
        assert log.problems() == []


# ---------------------------------------------------------------- 本页目录


def test_the_phone_has_a_visible_contents_control_and_headings_land_below_the_header(chromium, site_url, built_site):
    path = widest_table_page(Path(built_site.site_dir))
    with opened(chromium, site_url + path, PHONE) as (page, log):
        summary = page.locator(".sc-toc summary")
        assert summary.is_visible() and summary.inner_text().strip() == "本页目录"
        assert summary.bounding_box()["y"] < 812
        summary.tap()
        entries = page.locator(".sc-toc__list > li > a")
        assert entries.first.is_visible()
        assert entries.all_inner_texts() == ["班组概况", "实施背景", "实施过程", "实施效果"]
        assert page.locator(".sc-toc__list li li a").count() >= 1  # the sub-headings of 实施过程
        page.locator(".sc-toc__list li li a").first.tap()
        target = page.evaluate("() => decodeURIComponent(location.hash.slice(1))")
        page.wait_for_function("() => !document.querySelector('.sc-toc details').open")
        page.wait_for_timeout(300)
        heading_top = page.evaluate(f"() => document.getElementById({json.dumps(target)}).getBoundingClientRect().top")
        header_bottom = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert header_bottom - 1 <= heading_top < 300
        box = summary.bounding_box()  # still at hand after the jump
        assert summary.is_visible() and header_bottom <= box["y"] and box["y"] + box["height"] <= 812
        assert log.problems() == []


def test_the_desktop_keeps_materials_contents_beside_the_page(chromium, site_url, built_site):
    path = widest_table_page(Path(built_site.site_dir))
    with opened(chromium, site_url + path, DESKTOP) as (page, log):
        assert not page.locator(".sc-toc").is_visible()
        assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
        assert log.problems() == []


# ---------------------------------------------------------------- first screen, sequence, share, print


def test_the_first_screen_shows_who_what_how_and_the_real_results(chromium, site_url, built_site):
    path = event_sequence(Path(built_site.site_dir))[0]
    with opened(chromium, site_url + path, PHONE) as (page, log):
        for selector in (".sc-exp-title", ".sc-exp-team", ".sc-exp-org", ".sc-chip--industry", ".sc-chip--method",
                         ".sc-result", ".sc-share-button", ".sc-print-button"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["y"] + box["height"] <= 812, f"{selector} 不在手机首屏内"
        result = page.locator(".sc-result").first.inner_text()
        assert re.search(r"\d[^→]*→\s*\d", result), result  # before → after, with units
        values = page.locator(".sc-metric__value").all_inner_texts()
        assert not any(v.strip().startswith("100") for v in values), "不再是一排 100% 卡片"
        assert log.problems() == []


def test_previous_and_next_follow_the_event_order_and_the_programme_slot_is_shown(chromium, site_url, built_site):
    order = event_sequence(Path(built_site.site_dir))
    assert len(order) >= 3
    with opened(chromium, site_url + order[1], PHONE) as (page, log):
        assert "交流会第 2 个发表" in page.locator(".sc-slot").inner_text()
        prev = page.locator("a.sc-pager__link--prev").evaluate("a => a.href")
        nxt = page.locator("a.sc-pager__link--next").evaluate("a => a.href")
        assert prev == site_url + order[0] and nxt == site_url + order[2]
        with page.expect_navigation():
            page.locator("a.sc-pager__link--next").tap()
        assert page.url == site_url + order[2]
        assert log.problems() == []


def test_the_share_button_copies_the_link_and_shows_the_qr_code_large(chromium, site_url, built_site, screenshots):
    path = event_sequence(Path(built_site.site_dir))[0]
    with opened(chromium, site_url + path, PHONE, permissions=["clipboard-read", "clipboard-write"]) as (page, log):
        page.locator(".sc-share-button").tap()
        dialog = page.locator("dialog.sc-share")
        assert dialog.is_visible()
        canonical = page.locator('link[rel="canonical"]').get_attribute("href")
        assert dialog.locator(".sc-share__url").input_value() == canonical
        drawn = dialog.locator(".sc-share__qr svg path").first.bounding_box()  # the code itself, not its box
        assert drawn and drawn["width"] >= 240 and abs(drawn["width"] - drawn["height"]) < 1  # scannable from another phone
        page.screenshot(path=str(screenshots / "reading-share-phone.png"))
        dialog.locator(".sc-share__copy").tap()
        page.wait_for_function("() => document.querySelector('.sc-share__status').textContent === '已复制'")
        assert page.evaluate("() => navigator.clipboard.readText()") == canonical
        dialog.locator(".sc-share__close").tap()
        assert not dialog.is_visible()
        assert log.problems() == []


def test_the_print_button_prints_the_page(chromium, site_url, built_site):
    path = event_sequence(Path(built_site.site_dir))[0]
    with opened(chromium, site_url + path, DESKTOP) as (page, log):
        page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
        page.locator(".sc-print-button").click()
        assert page.evaluate("() => window.__printed") == 1
        page.emulate_media(media="print")
        assert not page.locator(".sc-actions").is_visible() and not page.locator(".sc-toc").is_visible()
        assert log.problems() == []


# ---------------------------------------------------------------- pictures


def test_pictures_have_a_phone_copy_within_80_kb_and_open_full_size(chromium, site_url, built_site):
    site = Path(built_site.site_dir)
    path = event_sequence(site)[0]
    with opened(chromium, site_url + path, PHONE) as (page, log):
        img = page.locator("figure.figure img[srcset]").first
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.currentSrc", arg=img.element_handle())
        current, full = img.evaluate("i => [i.currentSrc, i.dataset.full]")
        assert current.endswith(".phone.jpg")
        phone_file = site / path / current.rsplit("/", 1)[1]
        assert phone_file.stat().st_size <= 80_000
        assert PILImage.open(phone_file).width <= 750
        img.tap()
        zoomed = page.locator("dialog.sc-zoom img")
        assert zoomed.get_attribute("src") == full and not full.endswith(".phone.jpg")
        assert log.problems() == []


# ---------------------------------------------------------------- charts and typography


def test_chart_labels_are_at_least_12_px_on_a_phone_with_one_title_each(chromium, site_url, built_site, screenshots):
    with opened(chromium, site_url + "stats/", PHONE) as (page, log):
        sizes = page.evaluate("""() => [...document.querySelectorAll('.sc-stats__chart svg text')].map(t => {
            const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(t.getAttribute('font-size')) * scale; })""")
        assert sizes and min(sizes) >= 12, min(sizes)
        assert page.locator(".sc-stats__chart svg .chart-title").count() == 0
        ticks = page.evaluate("() => [...document.querySelectorAll('.sc-stats__chart svg .chart-tick')].map(t => t.textContent)")
        assert ticks and all(t.isdigit() for t in ticks), ticks  # counts of experiences: whole numbers
        assert log.problems() == []


def test_running_text_is_not_justified_and_short_header_words_stay_whole(chromium, site_url, built_site):
    path = widest_table_page(Path(built_site.site_dir))
    with opened(chromium, site_url + path, PHONE) as (page, log):
        assert page.evaluate("() => getComputedStyle(document.querySelector('.sc-experience p:not([class])')).textAlign") == "start"
        words = page.evaluate("""() => [...document.querySelectorAll('th .sc-nw')].map(s => [s.textContent, s.getClientRects().length])""")
        assert words and all(lines == 1 for _w, lines in words), words
        assert log.problems() == []


# ---------------------------------------------------------------- screenshots and accessibility


@pytest.mark.parametrize("label,device", [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_of_the_experience_and_statistics_pages(chromium, site_url, built_site, screenshots, label, device):
    pages = {"experience": widest_table_page(Path(built_site.site_dir)), "stats": "stats/"}
    for name, path in pages.items():
        with opened(chromium, site_url + path, device) as (page, log):
            page.screenshot(path=str(screenshots / f"reading-{name}-{label}.png"))
            page.screenshot(path=str(screenshots / f"reading-{name}-{label}-full.png"), full_page=True)
            assert log.problems() == []


@pytest.mark.skipif(not AXE.exists(), reason="需要 npm 的 axe-core（在仓库根目录运行 npm ci）")
@pytest.mark.parametrize("label,device", [("phone", PHONE), ("desktop", DESKTOP)])
def test_reading_aids_have_no_serious_accessibility_violations(chromium, site_url, built_site, label, device):
    path = widest_table_page(Path(built_site.site_dir))
    with opened(chromium, site_url + path, device) as (page, log):
        if label == "phone":
            page.locator(".sc-toc summary").tap()
        assert browser.axe_violations(page) == []
        if label == "phone":
            page.locator(".sc-toc summary").tap()
        page.locator(".sc-share-button").click()
        assert browser.axe_violations(page) == []  # the share dialog too
        assert log.problems() == []


# ---------------------------------------------------------------- the link card's <head>


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self._titles = 0  # the page's own <title>, not the QR code's SVG <title>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and key not in self.meta:
                self.meta[key] = a.get("content") or ""
        if tag == "title":
            self._titles += 1
            self._in_title = self._titles == 1

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def test_every_experience_head_makes_a_wechat_link_card(built_site):
    site = Path(built_site.site_dir)
    overview = {}
    for md in (Path(built_site.content_dir) / "experiences").glob("*/index.md"):
        text = md.read_text(encoding="utf-8")
        body = text.split("## 班组概况", 1)[1].split("##", 1)[0]
        overview[md.parent.name] = re.sub(r"<[^>]+>|\s", "", body)
    assert overview
    for slug, text in overview.items():
        head = _Head()
        head.feed((site / "experiences" / slug / "index.html").read_text(encoding="utf-8"))
        title = head.meta["og:title"]
        assert head.title.strip() == f"{title} - 江苏省质量管理协会" and len(head.title.strip()) <= 45
        description = head.meta["og:description"]
        assert 10 <= len(description) <= 60 and description == head.meta["description"]
        assert text.startswith(re.sub(r"\s", "", description.rstrip("…"))), slug
        image = head.meta["og:image"]
        assert image.startswith("https://") and image.endswith(f"/experiences/{slug}/share.jpg")
        assert head.meta["image"] == image  # itemprop, read by older WeChat versions
        with PILImage.open(io.BytesIO((site / "experiences" / slug / "share.jpg").read_bytes())) as share:
            assert min(share.size) >= 300 and head.meta["og:image:width"] == str(share.width)


# ---------------------------------------------------------------- the printed cover


def test_the_printed_cover_title_breaks_between_words_only(chromium):
    from converters.outputs.printbook import BookInfo, render_html

    title = "2025年江苏省质量信得过班组建设典型经验汇编"
    html = render_html(BookInfo(title=title, association="江苏省质量管理协会", year="2025"), [])
    context = chromium.new_context(viewport={"width": 794, "height": 1123}, bypass_csp=True)  # A4 at 96 dpi
    try:
        page = context.new_page()
        page.set_content(html)
        page.emulate_media(media="print")
        # The offset of each line's first character, from the rectangles of one-character ranges.
        starts = page.evaluate("""() => {
            const h1 = document.querySelector('.cover__title'), text = h1.textContent, starts = [];
            const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
            let offset = 0, lastTop = null;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (let i = 0; i < node.length; i++, offset++) {
                    const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                    const top = Math.round(range.getBoundingClientRect().top);
                    if (lastTop !== null && top > lastTop + 5) starts.push(offset);
                    lastTop = top;
                }
            }
            return starts;
        }""")
    finally:
        context.close()
    assert starts, "封面标题应分行"
    words_end = {len("2025年江苏省"), len("2025年江苏省质量信得过班组"), len("2025年江苏省质量信得过班组建设"),
                 len("2025年江苏省质量信得过班组建设典型经验")}
    assert set(starts) <= words_end, [title[:s] + "|" for s in starts]
