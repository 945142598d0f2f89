"""The site as Debian's nginx serves it with the shipped deploy/ configuration, at the root of an
address and under /showcase/2025/ (conftest.nginx_sites): status, compression, cache headers, MIME
types, the 404 page, and in headless Chromium no Content-Security-Policy violation on any page kind,
while an inline script that is not part of the build is blocked.
"""

from __future__ import annotations

import gzip
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import browser
from converters.outputs import deploycheck

pytestmark = pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(),
                                reason="需要 nginx（Debian 的 nginx 包）")

# Recorded by a script that runs before the page's own (Playwright init script: not subject to CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '') + ' @' + e.sourceFile));
"""


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, lower-case headers, body as sent) with gzip accepted."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def first(site: Path, pattern: str) -> str:
    return next(site.glob(pattern)).relative_to(site).as_posix()


def experience_with_chart(site: Path) -> str:
    """An experience page with a picture (zoom) and a chart, as a URL path under the site."""
    for page in sorted(site.glob("experiences/*/index.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="figure"' in html and "<svg" in html:
            return page.parent.relative_to(site).as_posix() + "/"
    raise AssertionError("样例中没有同时带图片与图表的经验页")


@pytest.mark.parametrize("layout", ["root", "subpath"])
def test_a_crawl_of_the_served_site_finds_no_problem(nginx_sites, layout):
    # Every page and asset reachable from the home page answers 200, text is gzip'ed, headers are set.
    hosted = nginx_sites[layout]
    report = deploycheck.check_deployment(hosted.url)
    assert report.pages >= 20 and report.resources >= 10
    assert report.problems == [], deploycheck.report_lines(report)


@pytest.mark.parametrize("layout", ["root", "subpath"])
def test_cache_headers_follow_what_can_change(nginx_sites, layout):
    hosted = nginx_sites[layout]
    bundle = first(hosted.site, "assets/javascripts/bundle.*.min.js")
    picture = first(hosted.site, "experiences/*/image1.*")
    expected = {
        "": "no-cache",
        "search/index.js": "no-cache",
        "assets/javascripts/search.js": "no-cache",
        bundle: "public, max-age=31536000, immutable",
        picture: "public, max-age=86400",
    }
    for path, cache in expected.items():
        status, headers, _ = get(hosted.url + path)
        assert status == 200, path
        assert headers.get("cache-control") == cache, path
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", path
        assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), path


def test_text_is_gzipped_and_mime_types_are_right(nginx_sites):
    hosted = nginx_sites["root"]
    (hosted.site / "probe.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    (hosted.site / "probe.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (hosted.site / "probe.json").write_text('{"a": "' + "质量" * 400 + '"}', encoding="utf-8")
    (hosted.site / "probe.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 400 + "</svg>", encoding="utf-8")
    types = {
        "": "text/html", "assets/javascripts/search.js": "application/javascript", "probe.svg": "image/svg+xml",
        "probe.json": "application/json", "probe.webp": "image/webp", "probe.mp4": "video/mp4",
        first(hosted.site, "assets/stylesheets/main.*.min.css"): "text/css",
    }
    for path, mime in types.items():
        status, headers, body = get(hosted.url + path)
        assert status == 200 and headers["content-type"].split(";")[0] == mime, (path, headers.get("content-type"))
        if mime.startswith(("text/", "application/", "image/svg")):
            assert headers.get("content-encoding") == "gzip", path
            assert gzip.decompress(body)
    _, headers, body = get(hosted.url)
    assert "charset=utf-8" in headers["content-type"]


def test_a_missing_path_under_the_sub_path_gets_the_site_s_404_page(nginx_sites, chromium):
    hosted = nginx_sites["subpath"]
    status, headers, body = get(hosted.url + "experiences/no-such-page/")
    assert status == 404
    assert 'class="md-header' in gzip.decompress(body).decode("utf-8")
    assert headers.get("cache-control") == "no-cache"
    status, _, _ = get(hosted.url + "nginx-csp.conf")
    assert status == 404  # the build's server snippet is not for visitors
    with browser.open_page(chromium, enforce_csp=True) as (page, log):
        page.add_init_script(RECORD_VIOLATIONS)
        response = page.goto(hosted.url + "experiences/no-such-page/")
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")
        assert page.evaluate("window.__cspViolations") == []
        problems = [p for p in log.problems() if "no-such-page" not in p]  # the page itself is the 404
        assert problems == []


def _visit(chromium, url: str, action=None) -> list[str]:
    """Open url with violations recorded; run `action(page)`; every violation and console problem."""
    with browser.open_page(chromium, enforce_csp=True) as (page, log):
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if action is not None:
            action(page)
            page.wait_for_timeout(200)
        return page.evaluate("window.__cspViolations") + log.problems()


def _zoom_and_qr(page) -> None:
    assert page.locator(".sc-qr svg").count() == 1
    page.locator("figure.figure img").first.click()
    page.locator("dialog.sc-zoom").wait_for(state="visible")


def _filter(page) -> None:
    value = page.eval_on_selector_all("#sc-f-industry option", "os => os.filter(o => o.value).map(o => o.value)")[0]
    page.select_option("#sc-f-industry", value)
    page.evaluate("document.getElementById('sc-filter').requestSubmit()")  # its onsubmit handler, allowed by hash


def _search(page) -> None:
    assert browser.search(page, "质量")


@pytest.mark.browser
def test_no_page_kind_reports_a_csp_violation_under_nginx(nginx_sites, chromium):
    hosted = nginx_sites["root"]
    visits = {
        "首页与搜索": ("", _search),
        "经验页（图片放大、图表、二维码）": (experience_with_chart(hosted.site), _zoom_and_qr),
        "筛选": ("filter/", _filter),
        "统计": ("stats/", None),
        "关于": ("about/", None),
        "行业": ("industries/", None),
    }
    found = {name: _visit(chromium, hosted.url + path, action) for name, (path, action) in visits.items()}
    assert found == {name: [] for name in visits}


@pytest.mark.browser
def test_the_sub_path_home_page_runs_under_its_policy(nginx_sites, chromium):
    assert _visit(chromium, nginx_sites["subpath"].url, _search) == []


@pytest.mark.browser
def test_an_injected_inline_script_is_blocked(nginx_sites, chromium):
    hosted = nginx_sites["root"]
    path = experience_with_chart(hosted.site)
    html = (hosted.site / path / "index.html").read_text(encoding="utf-8")
    probe = hosted.site / "experiences" / "zz-injected"
    probe.mkdir()
    (probe / "index.html").write_text(html.replace("</body>", "<script>window.__injected = 1</script></body>"), encoding="utf-8")
    with browser.open_page(chromium, enforce_csp=True) as (page, _log):
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(hosted.url + "experiences/zz-injected/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__injected") is None
        violations = page.evaluate("window.__cspViolations")
        assert any(v.startswith("script-src") for v in violations), violations
        # The theme's own inline scripts ran: Material's __md_scope is set by one of them.
        assert page.evaluate("typeof __md_scope") == "object"
