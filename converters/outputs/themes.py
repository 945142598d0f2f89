"""Which theme package draws the site: Material for MkDocs, or its maintained fork.

Material for MkDocs 9.x announced its end of life (2027-05-05). ``mkdocs-materialx`` continues it
with the same templates under the theme name ``materialx`` (plugins ``materialx/…``), so the
overrides in theme/ work unchanged. Both install the Python package ``material``: one environment
holds one of them, and ``auto`` (the default of showcase.yml's ``theme``) takes whichever is there.
Short plugin names in mkdocs.yml (``search``, ``offline``) resolve to the chosen theme's plugins.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

AUTO = "auto"


@dataclass(frozen=True, slots=True)
class ThemePackage:
    name: str  # the MkDocs theme name
    distribution: str  # what pip installs
    # Options of the theme's search plugin that keep it the lunr one the showcase plugin empties:
    # the fork defaults to Pagefind, whose bundle (and a run of its binary) the site does not use.
    search_options: dict[str, Any] = field(default_factory=dict)


PACKAGES = (
    ThemePackage("material", "mkdocs-material"),
    ThemePackage("materialx", "mkdocs-materialx", {"provider": "lunr"}),
)
CHOICES = (AUTO, *(p.name for p in PACKAGES))


class ThemeChoiceError(Exception):
    """The chosen theme cannot build the site; the message is Chinese and says what to install."""


def installed_themes() -> set[str]:
    return {ep.name for ep in entry_points(group="mkdocs.themes")}


def resolve_theme(choice: str, written: str = "material", installed: set[str] | None = None) -> ThemePackage:
    """The package for showcase.yml's ``theme``; ``auto`` prefers mkdocs.yml's own theme name."""
    choice = (choice or AUTO).strip()
    known = {p.name: p for p in PACKAGES}
    if choice not in CHOICES:
        raise ThemeChoiceError(f"配置项 “theme” 应为 {'、'.join(CHOICES)} 之一，实际为 “{choice}”")
    installed = installed_themes() if installed is None else installed
    if choice == AUTO:
        for name in (written, *known):
            if name in known and name in installed:
                return known[name]
        raise ThemeChoiceError("未安装网站主题：请安装 mkdocs-material 或 mkdocs-materialx（make site 会自动安装）")
    if choice not in installed:
        package = known[choice]
        raise ThemeChoiceError(
            f"showcase.yml 选择的主题 “{choice}” 未安装：请在单独的虚拟环境中 pip install {package.distribution}"
            "（两个主题包不能装在同一环境中，见 README“主题包”）"
        )
    return known[choice]


def written_theme_name(raw_config: dict) -> str:
    theme = raw_config.get("theme")
    if isinstance(theme, dict):
        return str(theme.get("name") or "")
    return str(theme or "")


def theme_overrides(raw_config: dict, plugins: list, package: ThemePackage) -> dict:
    """load_config overrides that build mkdocs.yml with `package`: the theme renamed, the search
    plugin given the package's options. Nothing when mkdocs.yml already says so."""
    theme = raw_config.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    overrides: dict = {}
    if theme.get("name") != package.name:
        overrides["theme"] = {**theme, "name": package.name}
    if package.search_options:
        overrides["plugins"] = [_with_search_options(p, package.search_options) for p in plugins]
    return overrides


def _with_search_options(plugin: Any, options: dict[str, Any]) -> Any:
    name = plugin if isinstance(plugin, str) else next(iter(plugin))
    if name != "search":
        return plugin
    given = {} if isinstance(plugin, str) else dict(plugin[name] or {})
    return {"search": {**options, **given}}


_SHIPPED_SUFFIXES = (".js", ".css", ".map", ".json")


@cache
def shipped_digests(theme: str) -> frozenset[str]:
    """SHA-256 of every script, style sheet, source map and JSON file the installed theme package
    ships: what the site scan may skip as verified third-party code (check/pii.scan_tree)."""
    for ep in entry_points(group="mkdocs.themes"):
        if ep.name == theme:
            folder = Path(ep.load().__file__).parent
            return frozenset(
                hashlib.sha256(p.read_bytes()).hexdigest()
                for p in folder.rglob("*")
                if p.suffix in _SHIPPED_SUFFIXES and p.is_file()
            )
    return frozenset()
