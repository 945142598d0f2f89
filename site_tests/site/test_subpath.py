"""Deploying under a sub-path: site_url http://127.0.0.1:PORT/showcase/2025/, served from a folder
tree with http.server (like GitHub Pages: a missing path gets 404.html), crawled link by link.

Every page, stylesheet, script, picture and link reachable from the home page must answer 200 and
stay under /showcase/2025/; the 404 page must be styled; filter links and search work there too.
"""

from __future__ import annotations

import contextlib
import http.server
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

import browser
from converters.outputs import export
from converters.outputs.chromium import serve_directory
from converters.model import Severity

REPO = Path(__file__).resolve().parents[2]
PREFIX = "/showcase/2025/"
ASSET_ATTRS = {("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src"), ("link", "href")}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static hosting as GitHub Pages does it: unknown paths get the site's 404.html, status 404."""

    not_found_page: Path

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.not_found_page.is_file():
            body = self.not_found_page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def pages_server(root: Path, not_found: Path):
    """Like a static host: files under `root`, and `not_found` as the body of every 404."""
    handler = type("Handler", (_PagesHandler,), {"not_found_page": not_found})
    with serve_directory(root, handler) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="module")
def deployed(built_site, tmp_path_factory):
    """(site URL ending in /showcase/2025/, site dir), built for that very URL."""
    www = tmp_path_factory.mktemp("www")
    site = www / PREFIX.strip("/")
    with pages_server(www, site / "404.html") as origin:
        site_url = origin + PREFIX
        findings = export.build_site(REPO / "mkdocs.yml", built_site.content_dir, site, site_url=site_url)
        assert not [f for f in findings if f.severity is Severity.ERROR], findings
        yield site_url, site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []  # <a href>: pages to crawl
        self.assets: list[str] = []  # what the page loads itself

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif (tag, "src") in ASSET_ATTRS and values.get("src"):
            self.assets.append(values["src"])
        elif tag == "link" and values.get("href") and values.get("rel") not in ("canonical", "alternate"):
            self.assets.append(values["href"])


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read()


def crawl(start: str) -> tuple[dict[str, int], list[str], list[str]]:
    """Status of every same-host URL reachable from start; same-host URLs outside the prefix;
    assets on other hosts."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    status: dict[str, int] = {}
    outside: list[str] = []
    foreign_assets: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in status:
            continue
        code, kind, body = _fetch(url)
        status[url] = code
        if code != 200:
            continue
        found: list[tuple[str, bool]] = []
        if kind == "text/html":
            parser = _Links()
            parser.feed(body.decode("utf-8", "replace"))
            found = [(l, False) for l in parser.links] + [(a, True) for a in parser.assets]
        elif kind == "text/css":
            found = [(u, True) for u in CSS_URL.findall(body.decode("utf-8", "replace"))]
        for ref, is_asset in found:
            if ref.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
                continue
            target = urldefrag(urljoin(url, ref)).url
            if not target.startswith(origin + "/"):
                if is_asset:
                    foreign_assets.append(f"{url} -> {target}")
                continue
            if not urlsplit(target).path.startswith(PREFIX):
                outside.append(f"{url} -> {target}")
                continue
            queue.append(target)
    return status, outside, foreign_assets


def test_every_link_and_asset_from_the_home_page_resolves_under_the_sub_path(deployed):
    site_url, _site = deployed
    status, outside, foreign_assets = crawl(site_url)
    broken = sorted(f"{code} {url}" for url, code in status.items() if code != 200)
    assert not broken, "无法访问：\n" + "\n".join(broken[:20])
    assert not outside, "链接跑出了 /showcase/2025/：\n" + "\n".join(outside[:20])
    assert not foreign_assets, "引用了外部资源：\n" + "\n".join(foreign_assets[:20])
    pages = [u for u in status if "/experiences/" in u and u.endswith("/")]
    assert pages, "爬取应到达经验页面"


def test_the_404_page_loads_its_styles_from_the_sub_path(deployed):
    site_url, site = deployed
    html = (site / "404.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(html)
    stylesheets = [a for a in parser.assets if a.endswith(".css")]
    assert stylesheets and all(a.startswith(PREFIX) for a in stylesheets), stylesheets
    for asset in parser.assets:
        assert _fetch(urljoin(site_url, asset))[0] == 200, asset


def test_sitemap_lists_only_urls_under_the_site_url(deployed):
    site_url, site = deployed
    urls = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert urls and all(u.startswith(site_url) for u in urls), urls[:5]


needs_chromium = pytest.mark.skipif(not browser.chromium_available(), reason="需要 /usr/bin/chromium（Debian 的 chromium 包）")


@needs_chromium
@pytest.mark.browser
def test_in_the_browser_404_is_styled_and_filter_and_search_stay_under_the_sub_path(deployed):
    site_url, _site = deployed
    with browser.launch() as chromium, browser.open_page(chromium) as (page, log):
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        response = page.goto(site_url + "no/such/page/")
        assert response.status == 404
        page.wait_for_load_state("load")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert header in ("sticky", "fixed"), "404 页面应带网站样式"

        page.goto(site_url + "filter/")
        page.wait_for_selector("#sc-f-results > li a")
        hrefs = page.eval_on_selector_all("#sc-f-results > li a", "els => els.map(e => e.href)")
        assert hrefs and all(urlsplit(h).path.startswith(PREFIX) for h in hrefs), hrefs[:5]
        assert all(_fetch(h)[0] == 200 for h in hrefs)

        results = browser.search(page, "班组")
        assert results and all(urlsplit(r).path.startswith(PREFIX) for r in results), results[:5]
        local = [u for u in requested if urlsplit(u).hostname == browser.LOCAL_HOST]
        assert all(urlsplit(u).path.startswith(PREFIX) for u in local), [u for u in local if not urlsplit(u).path.startswith(PREFIX)]
        assert [p for p in log.problems() if "404" not in p] == []
