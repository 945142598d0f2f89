"""Shared fixtures: the sample inbox converted and built once per test session; the hostile stage."""

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


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A 3-experience stage whose experience 2 has markup in its title, organisation and body, and
    whose event order names it: pages, filter and search must show all of it as text."""
    from site_stage import HOSTILE_BODY, HOSTILE_ORG, HOSTILE_TITLE, build, make_stage

    stage = make_stage(
        tmp_path_factory.mktemp("hostile"),
        3,
        order=[HOSTILE_TITLE],
        overrides={2: {"title": HOSTILE_TITLE, "organization": HOSTILE_ORG}},
        extra_bodies={2: HOSTILE_BODY},
    )
    build(stage)
    return stage.site_dir


@pytest.fixture(scope="session")
def hostile_site_url(hostile_site):
    """The hostile stage served on 127.0.0.1."""
    import browser

    with browser.serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def nginx(tmp_path_factory):
    """Starts Debian's nginx with the shipped deploy/ configuration (nginx_host.py); every server it
    started is stopped when the test session ends."""
    import nginx_host

    if not nginx_host.available():
        pytest.skip("需要 nginx（Debian 的 nginx 包，scripts/ensure-system-deps.sh 会安装）")
    with nginx_host.NginxHost.session(tmp_path_factory.mktemp("nginx")) as host:
        yield host


@pytest.fixture(scope="session")
def nginx_sites(built_site, nginx) -> dict:
    """The samples built for and served by nginx with the shipped configuration: "root" at
    http://127.0.0.1:PORT/ and "subpath" at http://127.0.0.1:PORT/showcase/2025/."""
    import nginx_host

    return {
        "root": nginx_host.host_built_site(nginx, built_site.content_dir, "root", subpath=False),
        "subpath": nginx_host.host_built_site(nginx, built_site.content_dir, "subpath", subpath=True),
    }


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per test module."""
    import browser

    with browser.launch() as instance:
        yield instance


@pytest.fixture(scope="module")
def site_url(built_site):
    """The sample site served on 127.0.0.1 (base URL ending in '/')."""
    import browser

    with browser.serve(Path(built_site.site_dir)) as url:
        yield url


@pytest.fixture(scope="session")
def screenshots(artifacts_dir) -> Path:
    folder = Path(artifacts_dir) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def offline_site(built_site, tmp_path_factory) -> Path:
    """The samples' offline copy (what `showcase export` zips, unzipped), to open from file://."""
    from converters.model import Severity
    from converters.outputs import export

    site = tmp_path_factory.mktemp("offline") / "showcase-2025"
    findings = export.build_site(REPO / "mkdocs.yml", built_site.content_dir, site, offline=True)
    assert not [f for f in findings if f.severity is Severity.ERROR], findings
    return site
