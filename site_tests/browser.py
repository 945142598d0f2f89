"""Playwright helpers for the site's browser tests: a local static server, Debian's Chromium, and a
page wrapper that records console errors, failed requests and every host contacted.

Never runs `playwright install`: the browser is /usr/bin/chromium (Debian package).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from converters.outputs.chromium import launch as chromium_launch
from converters.outputs.chromium import serve_directory

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"  # npm ci, pinned
LOCAL_HOST = "127.0.0.1"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def serve(root: Path):
    """Serve `root` on 127.0.0.1 at a free port in a thread; yields the base URL ending in '/'."""
    return serve_directory(root)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


# pytestmark of a module whose tests all drive Chromium.
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="需要 /usr/bin/chromium（Debian 的 chromium 包）"),
]

_AXE_RUN = """async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA rules on the page as it is: the serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_RUN)


def launch():
    """Headless Debian Chromium through Playwright."""
    return chromium_launch(CHROMIUM)


@dataclass
class PageLog:
    """What a page did: console errors, page errors, failed requests, hosts contacted."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"控制台错误：{m}" for m in self.console_errors]
            + [f"请求失败：{u}" for u in self.failed_requests]
            + [f"外部请求：{u}" for u in self.foreign_requests]
        )


def watch(page) -> PageLog:
    """Attach listeners that fill a PageLog; call before the first goto."""
    log = PageLog()

    def on_console(msg):
        if msg.type == "error":
            log.console_errors.append(f"{msg.text} @ {page.url}")

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != LOCAL_HOST:
            log.foreign_requests.append(request.url)

    def on_response(response):
        if response.status >= 400:
            log.failed_requests.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.console_errors.append(f"{exc} @ {page.url}"))
    page.on("request", on_request)
    def on_request_failed(request):
        # ERR_ABORTED is the browser cancelling a request because the page navigated away (often the
        # favicon); a missing file shows up as a 4xx response instead.
        if "ERR_ABORTED" not in (request.failure or ""):
            log.failed_requests.append(f"{request.failure} {request.url}")

    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return log


@contextlib.contextmanager
def open_page(browser, viewport: dict | None = None, *, enforce_csp: bool = False, touch: bool = False,
              scale: float = 1) -> Iterator[tuple[object, PageLog]]:
    """A fresh context and page that refuses every non-local request, with its PageLog; `touch`
    makes it a phone (is_mobile, has_touch).

    The site's Content-Security-Policy is bypassed unless `enforce_csp`: what tests inject into a page
    (axe-core, string predicates) is inline script the policy rightly refuses. The CSP tests
    (site/test_nginx_deploy.py, outputs/test_offline_csp.py) enforce it on every page kind.
    """
    context = browser.new_context(viewport=viewport or DESKTOP, locale="zh-CN", bypass_csp=not enforce_csp,
                                  is_mobile=touch, has_touch=touch, device_scale_factor=scale)

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in (LOCAL_HOST, None):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    log = watch(page)
    try:
        yield page, log
    finally:
        context.close()


SIZES = {"phone": PHONE, "desktop": DESKTOP}


def sized_page(browser, size: str, *, scale: float = 1):
    """open_page as a reader at `size` ("phone": a 375×812 touch device, "desktop": 1280×800)."""
    phone = size == "phone"
    return open_page(browser, SIZES[size], touch=phone, scale=scale if phone else 1)


OFFLINE_SCHEMES = ("file", "data", "blob", "about", "chrome-error")  # about:blank, an error page of a missing file


@contextlib.contextmanager
def offline_page(browser):
    """A page for the offline copy: (page, foreign, errors); anything but file:/data:/blob: is aborted
    and listed in `foreign`, page errors and failed requests go to `errors`."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", bypass_csp=True)  # string predicates are eval
    foreign: list[str] = []
    errors: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).scheme in OFFLINE_SCHEMES:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"{exc} @ {page.url}"))
    page.on("requestfailed", lambda req: errors.append(f"请求失败 {req.url}: {req.failure}"))
    try:
        yield page, foreign, errors
    finally:
        context.close()


def horizontal_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when nothing overflows)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def search(page, query: str, timeout_ms: int = 30000) -> list[str]:
    """Type `query` into Material's search box; return the result links (href) in order."""
    toggle = page.locator("label.md-header__button[for='__search']")
    box = page.locator("input.md-search__input")
    if toggle.is_visible():  # phones: the search box opens from the header icon
        toggle.click()
    else:
        box.click()
    box.fill(query)
    box.press("End")  # Material reacts to keyup; filling CJK text sends none
    page.wait_for_selector(".md-search-result__item", timeout=timeout_ms)
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
