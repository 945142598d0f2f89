"""Debian's Chromium, headless: where it is and how it must be started here.

Used by the printable 汇编 (PDF), and by the tests and benchmarks that drive the site. Never
`playwright install`: Playwright is given this executable.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
