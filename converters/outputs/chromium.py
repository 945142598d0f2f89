"""Debian's Chromium, headless: where it is and how it must be started here.

Used by the printable 汇编 (PDF), and by the tests and benchmarks that drive the site. Never
`playwright install`: Playwright is given this executable.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

LOCAL_HOST = "127.0.0.1"
CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
# Without the background-networking flags Chromium keeps trying to reach Google's hosts, which a
# closed network refuses; as root it needs --no-sandbox.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """SHOWCASE_CHROMIUM when set, else the first Debian/Chrome path that exists."""
    override = os.environ.get("SHOWCASE_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@contextlib.contextmanager
def launch(executable: str | None = None) -> Iterator[object]:
    """Headless Chromium through Playwright (given Debian's binary; never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    path = executable or find_chromium()
    if path is None:
        raise FileNotFoundError("未找到 Chromium：请运行 apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - no access log in test and benchmark output
        pass


@contextlib.contextmanager
def serve_directory(root: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port in a thread; yields the base URL ending in '/'."""
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
