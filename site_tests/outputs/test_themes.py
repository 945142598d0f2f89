"""The theme package choice (showcase.yml `theme`: Material for MkDocs or its maintained fork) and the
site scan's skipping of theme files it can verify as unchanged.

`make compat` runs the whole suite again in a virtual environment holding the fork instead of
Material; these tests hold in both (they ask which package is installed instead of assuming it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from converters.check.pii import scan_tree
from converters.model import Severity
from converters.outputs import export
from converters.outputs.themes import (
    PACKAGES,
    ThemeChoiceError,
    installed_themes,
    resolve_theme,
    shipped_digests,
    theme_overrides,
)

REPO = Path(__file__).resolve().parents[2]
KNOWN = {p.name for p in PACKAGES}
INSTALLED = sorted(KNOWN & installed_themes())
MISSING = sorted(KNOWN - installed_themes())


def test_exactly_one_theme_package_is_installed_here():
    # Both install the Python package `material`: one environment holds one of them.
    assert len(INSTALLED) == 1 and len(MISSING) == 1


def test_auto_takes_the_installed_package_preferring_mkdocs_yml():
    assert resolve_theme("auto").name == INSTALLED[0]
    assert resolve_theme("", "material", {"material", "materialx"}).name == "material"
    assert resolve_theme("auto", "material", {"mkdocs", "materialx"}).name == "materialx"
    assert resolve_theme("auto", "materialx", {"material", "materialx"}).name == "materialx"


def test_no_theme_package_is_a_chinese_error_saying_what_to_install():
    with pytest.raises(ThemeChoiceError, match="mkdocs-material 或 mkdocs-materialx"):
        resolve_theme("auto", "material", {"mkdocs", "readthedocs"})


def test_an_unknown_choice_names_the_key_and_the_choices():
    with pytest.raises(ThemeChoiceError, match="“theme” 应为 auto、material、materialx 之一，实际为 “bootstrap”"):
        resolve_theme("bootstrap")


def test_a_chosen_package_that_is_not_installed_fails_the_build_with_a_finding(tmp_path):
    missing = MISSING[0]
    found = export.build_site(REPO / "mkdocs.yml", tmp_path / "docs", tmp_path / "site", theme=missing)
    assert [f.code for f in found] == ["THEME_UNAVAILABLE"]
    finding = found[0]
    assert finding.severity is Severity.ERROR and finding.file == str(REPO / "mkdocs.yml")
    distribution = next(p.distribution for p in PACKAGES if p.name == missing)
    assert f"“{missing}” 未安装" in finding.message and f"pip install {distribution}" in finding.message
    assert not (tmp_path / "site").exists()


def test_the_fork_keeps_every_theme_setting_and_gets_the_lunr_search():
    raw = export.raw_config(REPO / "mkdocs.yml")
    plugins = export.config_plugins(REPO / "mkdocs.yml")
    fork = next(p for p in PACKAGES if p.name == "materialx")
    overrides = theme_overrides(raw, plugins, fork)
    assert overrides["theme"] == {**raw["theme"], "name": "materialx"}
    assert overrides["theme"]["custom_dir"] == "theme" and overrides["theme"]["features"] == raw["theme"]["features"]
    # Its default search (Pagefind) would ship a bundle and run a binary the site does not use.
    assert overrides["plugins"] == [{"search": {"provider": "lunr"}}, "showcase"]
    given = theme_overrides(raw, [{"search": {"provider": "pagefind"}}, "offline"], fork)
    assert given["plugins"] == [{"search": {"provider": "pagefind"}}, "offline"]  # what the author wrote wins


def test_material_itself_needs_no_override():
    raw = export.raw_config(REPO / "mkdocs.yml")
    material = next(p for p in PACKAGES if p.name == "material")
    assert theme_overrides(raw, export.config_plugins(REPO / "mkdocs.yml"), material) == {}


def test_offline_builds_keep_the_offline_plugin_with_either_package():
    overrides, package = export.package_overrides(REPO / "mkdocs.yml", offline=True)
    names = [p if isinstance(p, str) else next(iter(p)) for p in overrides["plugins"]]
    assert names == ["search", "showcase", "offline"] and package.name == INSTALLED[0]


# ---------------------------------------------------------------- the site scan and the theme's files


def _shipped_files_with_false_alarms() -> list[Path]:
    """Files of the installed theme package that the contact-data scan would report."""
    import importlib.metadata

    ep = next(e for e in importlib.metadata.entry_points(group="mkdocs.themes") if e.name == INSTALLED[0])
    folder = Path(ep.load().__file__).parent
    noisy = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".js", ".map") and p.is_file()):
        if _scan_one(path):
            noisy.append(path)
        if len(noisy) == 3:
            break
    return noisy


def _scan_one(path: Path) -> list:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy2(path, Path(tmp) / path.name)
        return scan_tree(Path(tmp))


def test_unchanged_theme_files_are_skipped_and_changed_copies_are_scanned(tmp_path):
    noisy = _shipped_files_with_false_alarms()
    assert noisy, "the theme ships minified code the scan mistakes for contact data"
    site = tmp_path / "site"
    site.mkdir()
    for path in noisy:
        shutil.copy2(path, site / path.name)
    digests = shipped_digests(INSTALLED[0])
    assert scan_tree(site) and scan_tree(site, vendored=digests) == []
    # The same file with a submission's text added is ours, not the theme's: scanned in full.
    changed = site / noisy[0].name
    changed.write_bytes(changed.read_bytes() + "\n// 联系人 张三 13812345678\n".encode())
    found = scan_tree(site, vendored=digests)
    assert found and {f.file for f in found} == {str(changed)}
    assert any("13812345678" in f.message or f.code == "PII_MOBILE" for f in found)
