"""The GitHub Pages workflow: it builds with `make site` on Python 3.11, for the Pages URL (sub-path),
with a fixed SOURCE_DATE_EPOCH, and publishes site/ with the official Pages actions."""

from __future__ import annotations

from pathlib import Path

import yaml

from converters.cli import SITE_URL_ENV, _parser

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml"


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def _uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in _steps(job) if "uses" in s]


def test_workflow_builds_with_make_site_and_deploys_to_pages():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert _uses(build)[:2] == ["actions/checkout", "actions/setup-python"]
    assert next(s for s in _steps(build) if s.get("uses", "").startswith("actions/setup-python"))["with"]["python-version"] == "3.11"
    upload = next(s for s in _steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"].rstrip("/") == "site"
    make = next(s for s in _steps(build) if "make site" in s.get("run", ""))
    assert "SOURCE_DATE_EPOCH" in make["run"]
    assert make["env"][SITE_URL_ENV].startswith("${{ steps.pages.outputs.base_url }}")
    assert deploy["needs"] == "build" and _uses(deploy) == ["actions/deploy-pages"]


def test_site_url_comes_from_the_environment_when_not_given(monkeypatch):
    monkeypatch.setenv(SITE_URL_ENV, "https://example.org/showcase/2025/")
    assert _parser().parse_args(["build"]).site_url == "https://example.org/showcase/2025/"
    assert _parser().parse_args(["build", "--site-url", "https://a.example/"]).site_url == "https://a.example/"


class _Config(dict):
    """Just enough of MkDocsConfig for the settings step of the site plugin."""

    theme: dict = {}


def test_the_site_url_of_the_run_wins_over_the_one_in_showcase_yml(tmp_path):
    from converters.config import Settings
    from converters.site.plugin import apply_settings

    given = _Config(site_url="https://run.example/sub/")
    apply_settings(given, Settings(root=tmp_path, site_url="https://configured.example/"))
    assert given["site_url"] == "https://run.example/sub/"
    unset = _Config(site_url=None)
    apply_settings(unset, Settings(root=tmp_path, site_url="https://configured.example"))
    assert unset["site_url"] == "https://configured.example/"


def test_a_documentation_example_site_url_is_reported_before_it_reaches_qr_codes():
    from converters.outputs.export import placeholder_url

    for url in ("https://example.org/showcase/2025/", "http://www.example.com/", "https://qa.example/", "http://localhost:8000/"):
        found = placeholder_url(url)
        assert [f.code for f in found] == ["SITE_URL_PLACEHOLDER"], url
        assert url in found[0].message and "二维码" in found[0].message
    for url in ("https://www.jsqa.org.cn/showcase/2025/", "https://user.github.io/showcase/", "http://127.0.0.1:8000/", ""):
        assert placeholder_url(url) == [], url


def test_the_sample_build_warns_that_showcase_yml_still_has_the_example_address(built_site):
    import json

    report = json.loads(built_site.report_path.read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"] if f["code"] == "SITE_URL_PLACEHOLDER"] == ["SITE_URL_PLACEHOLDER"]
