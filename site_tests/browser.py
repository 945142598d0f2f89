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

from converters.outputs.chromium import launch as chromium_launch
from converters.outputs.chromium import serve_directory

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOST = "127.0.0.1"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def serve(root: Path):
    """Serve `root` on 127.0.0.1 at a free port in a thread; yields the base URL ending in '/'."""
    return serve_directory(root)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


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
def open_page(browser, viewport: dict | None = None, *, enforce_csp: bool = False) -> Iterator[tuple[object, PageLog]]:
    """A fresh context and page that refuses every non-local request, with its PageLog.

    The site's Content-Security-Policy is bypassed unless `enforce_csp`: what tests inject into a page
    (axe-core, string predicates) is inline script the policy rightly refuses. The CSP tests
    (site/test_nginx_deploy.py, outputs/test_offline_csp.py) enforce it on every page kind.
    """
    context = browser.new_context(viewport=viewport or DESKTOP, locale="zh-CN", bypass_csp=not enforce_csp)

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
