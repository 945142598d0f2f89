"""`make test` installs every tool the suite needs, so tests that skip without one never skip silently in CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "tool, package",
    [
        ("chromium", "chromium"),
        ("soffice", "libreoffice-writer-nogui"),
        ("bsdtar", "libarchive-tools"),
        ("pdftotext", "poppler-utils"),
        ("pdfinfo", "poppler-utils"),
        ("fc-list", "fontconfig"),
    ],
)
def test_system_tool_is_installed(tool, package):
    assert shutil.which(tool), f"缺少 {tool}：请运行 make test（会自动安装 {package}）"


def test_axe_core_is_installed_for_accessibility_checks():
    assert (REPO / "node_modules" / "axe-core" / "axe.min.js").is_file(), "缺少 axe-core：请运行 make test（npm ci）"


def test_cjk_font_is_installed_for_screenshots():
    fonts = list(Path("/usr/share/fonts").rglob("NotoSansCJK*")) if Path("/usr/share/fonts").exists() else []
    assert fonts, "缺少 fonts-noto-cjk：请运行 make test"
