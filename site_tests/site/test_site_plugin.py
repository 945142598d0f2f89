"""The showcase MkDocs plugin itself: registration, options, state per instance, findings as values."""

from __future__ import annotations

import ast
import json
import logging
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml

from converters.model import Severity
from converters.outputs import export
from site_stage import REPO, build, fake_experience, make_stage

PLAIN_SITE_NAME = "典型经验展示站"  # mkdocs.yml's placeholder, replaced from showcase.yml by the plugin


def _plugin(config):
    return config.plugins["showcase"]


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


# ---------------------------------------------------------------- registration


def test_plugin_is_an_entry_point_listed_after_search_and_no_hooks_remain():
    from converters.site.plugin import ShowcasePlugin

    [point] = [p for p in entry_points(group="mkdocs.plugins") if p.name == "showcase"]
    assert point.load() is ShowcasePlugin
    raw = export.raw_config(REPO / "mkdocs.yml")
    assert "hooks" not in raw
    names = [p if isinstance(p, str) else next(iter(p)) for p in raw["plugins"]]
    assert names.index("search") < names.index("showcase")


def _imported(path: Path, node: ast.AST) -> list[str]:
    """Absolute names a statement imports (relative imports resolved against the file's package)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        package = path.relative_to(REPO).with_suffix("").parts[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ((node.module,) if node.module else ()))
    return [base] + [f"{base}.{a.name}" for a in node.names]


def test_nothing_in_converters_imports_the_site_plugin():
    offenders = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path in (REPO / "converters").rglob("*.py")
        if "site" not in path.relative_to(REPO / "converters").parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if any(name == "converters.site" or name.startswith("converters.site.") for name in _imported(path, node))
    ]
    assert offenders == []


# ---------------------------------------------------------------- options


def _tiny_docs(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 只有一页\n\n没有经验目录的文档。\n", encoding="utf-8")
    return docs


def _build_tiny(root: Path, monkeypatch, options: dict):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("SHOWCASE_CONFIG", str(REPO / "showcase.yml"))
    theme, _package = export.package_overrides(REPO / "mkdocs.yml", plugins=["search", {"showcase": options}])
    config = load_config(str(REPO / "mkdocs.yml"), docs_dir=str(_tiny_docs(root)), site_dir=str(root / "site"),
                         nav=[{"首页": "index.md"}], **theme)
    mkdocs_build(config)
    return config


def test_disabled_plugin_leaves_the_build_to_plain_material(tmp_path, monkeypatch):
    config = _build_tiny(tmp_path / "off", monkeypatch, {"enabled": False})
    site = tmp_path / "off" / "site"
    assert config.site_name == PLAIN_SITE_NAME and _plugin(config).findings == []
    assert not (site / "assets/javascripts/catalog.js").exists() and not (site / "search/index.js").exists()
    assert (site / "search/search_index.json").exists()  # Material's own index, untouched


def test_enabled_plugin_on_the_same_docs_reads_showcase_yml_and_misses_the_catalog(tmp_path, monkeypatch):
    config = _build_tiny(tmp_path / "on", monkeypatch, {})
    site = tmp_path / "on" / "site"
    settings = yaml.safe_load((REPO / "showcase.yml").read_text(encoding="utf-8"))
    assert config.site_name == settings["site_title"]
    assert "SITE_CATALOG_MISSING" in _codes(_plugin(config).findings)
    assert (site / "assets/javascripts/catalog.js").exists() and not (site / "search/search_index.json").exists()


def test_material_search_index_option_keeps_materials_index_of_every_page(tmp_path):
    stage = make_stage(tmp_path, 2)
    build(stage, config_overrides={"plugins": ["search", {"showcase": {"material_search_index": True}}]})
    index = json.loads((stage.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert {"experiences/2025-001/", "experiences/2025-002/"} <= {d["location"] for d in index["docs"]}
    assert (stage.site_dir / "search/index.js").exists()  # ours is written all the same


# ---------------------------------------------------------------- state per instance


def test_what_a_build_found_stays_with_its_plugin_instance(tmp_path):
    unknown = make_stage(tmp_path / "a", 2, order=["一项不存在的经验"])
    plain = make_stage(tmp_path / "b", 2, order=[fake_experience(1)["title"]])
    config_a, found_a = build(unknown)
    config_b, found_b = build(plain)
    assert _codes(found_a).count("EVENT_TITLE_UNMATCHED") == 1
    assert "EVENT_TITLE_UNMATCHED" not in _codes(found_b)
    assert _plugin(config_a) is not _plugin(config_b)
    assert _codes(_plugin(config_a).findings).count("EVENT_TITLE_UNMATCHED") == 1  # not overwritten by b
    assert [slot.slug for slot in _plugin(config_b).event_order] == ["2025-001"]


def test_a_second_build_with_the_same_instance_starts_afresh(tmp_path):
    from mkdocs.commands.build import build as mkdocs_build

    stage = make_stage(tmp_path, 2, order=["一项不存在的经验"])
    config, _found = build(stage)
    first = list(_plugin(config).findings)
    with pytest.MonkeyPatch.context() as mp:  # as `mkdocs serve` rebuilds: same config, same plugin object
        mp.setenv("SHOWCASE_CONFIG", str(stage.settings_path))
        mkdocs_build(config)
    assert _plugin(config).findings == first


# ---------------------------------------------------------------- findings reach the CLI's build


def test_build_site_reads_the_findings_from_the_plugin(tmp_path, monkeypatch):
    stage = make_stage(tmp_path, 2)
    catalog_path = stage.content_dir / "_generated" / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    catalog["experiences"].append({"slug": 7, "title": "编号不是文本"})
    catalog_path.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("SHOWCASE_CONFIG", str(stage.settings_path))
    found = export.build_site(REPO / "mkdocs.yml", stage.content_dir, stage.site_dir, strict=False)
    [entry] = [f for f in found if f.code == "SITE_CATALOG_ENTRY"]
    assert "experiences 第 3 项的 slug 应为文本" in entry.message and entry.file == str(catalog_path)
    strict = export.build_site(REPO / "mkdocs.yml", stage.content_dir, tmp_path / "strict", strict=True)
    assert _codes(strict)[:1] == ["SITE_BUILD_FAILED"]


def test_a_wrong_type_in_showcase_yml_is_a_build_error_and_an_unknown_key_only_a_log_line(tmp_path, caplog):
    wrong = make_stage(tmp_path / "wrong", 1, settings={"year": "二〇二五"})
    _config, found = build(wrong, strict=False)
    [invalid] = [f for f in found if f.code == "CONFIG_INVALID"]
    assert invalid.severity is Severity.ERROR and "“year” 应为整数" in invalid.message
    unknown = make_stage(tmp_path / "unknown", 1, settings={"colour": "red"})
    with caplog.at_level(logging.WARNING, logger="showcase.site"):
        _config, found = build(unknown)  # strict: an unknown key does not stop the build
    assert not [f for f in found if f.code.startswith("CONFIG_")]
    assert any("“colour”" in r.getMessage() for r in caplog.records if r.name == "showcase.site")
