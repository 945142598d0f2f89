"""Shared fixtures: the sample inbox converted and built once per test session."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples" / "inbox"
ARTIFACTS = REPO / "test-artifacts"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    content_dir: Path
    site_dir: Path
    report_path: Path

    @property
    def report(self) -> dict:
        return json.loads(self.report_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """`showcase build` of the embedded samples into a temporary docs dir and site dir."""
    from converters.cli import main

    root = tmp_path_factory.mktemp("built")
    site = BuiltSite(root, root / "content", root / "site", root / "report.json")
    code = main(
        [
            "--config", str(REPO / "showcase.yml"),
            "build",
            "--inbox", str(SAMPLES),
            "--content", str(site.content_dir),
            "--site", str(site.site_dir),
            "--report", str(site.report_path),
        ]
    )
    assert code == 0, f"showcase build 失败，退出码 {code}"
    return site


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
