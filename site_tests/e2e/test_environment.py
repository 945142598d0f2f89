"""`make test` installs every tool the suite needs, so tests that skip without one never skip silently in CI."""

from __future__ import annotations

import json
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


@pytest.mark.browser
def test_axe_core_is_installed_for_accessibility_checks():
    """The pinned axe-core is there and really loads and runs in Chromium (not merely a file)."""
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.is_file(), "缺少 axe-core：请运行 make test（npm ci）"
    pinned = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/axe-core"]["version"]
    import browser

    with browser.launch() as instance:
        page = instance.new_page()
        page.set_content('<html lang="zh-CN"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
        page.add_script_tag(path=str(axe))
        assert page.evaluate("axe.version") == pinned
        violations = page.evaluate("axe.run(document).then(r => r.violations.map(v => v.id))")
    assert "image-alt" in violations  # it found the one planted problem, so it really ran


def test_cjk_font_is_installed_for_screenshots():
    fonts = list(Path("/usr/share/fonts").rglob("NotoSansCJK*")) if Path("/usr/share/fonts").exists() else []
    assert fonts, "缺少 fonts-noto-cjk：请运行 make test"
