"""`showcase --config other.yml build`: the site is built from the same file the converter read."""

from __future__ import annotations

from pathlib import Path

from converters.cli import main
from site_stage import copy_project

REPO = Path(__file__).resolve().parents[2]


def test_the_site_reads_the_config_file_given_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOWCASE_CONFIG", raising=False)
    project = copy_project(tmp_path, "site_title: 旁边的配置\n")
    other = project / "showcase-2024.yml"
    other.write_text("site_title: 2024年命令行指定的配置\nassociation: 示例质量协会\nyear: 2024\n"
                     f"inbox: {REPO / 'samples' / 'inbox'}\n", encoding="utf-8")
    code = main(["--config", str(other), "build", "--content", str(tmp_path / "content"),
                 "--site", str(tmp_path / "site"), "--report", str(tmp_path / "report.json"), "--no-cache"])
    assert code == 0
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "2024年命令行指定的配置" in home and "© 2024 示例质量协会" in home
    assert "旁边的配置" not in home
    assert "SHOWCASE_CONFIG" not in __import__("os").environ  # the build does not leak its setting
