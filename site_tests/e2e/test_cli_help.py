"""The command line's own help, as a user first sees it: Chinese, each sub-command's usage once."""

from __future__ import annotations

import pytest

from converters.cli import main


@pytest.mark.parametrize("command", ["convert", "build", "export", "pdf", "serve", "check"])
def test_each_sub_command_shows_its_usage_once(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"用法：showcase {command} ") and "用法：用法" not in out
    assert "显示本帮助并退出" in out


def test_export_and_pdf_share_their_output_options(capsys):
    for command in ("export", "pdf"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert all(flag in out for flag in ("--out", "--inbox", "--content", "--all", "--year", "--strict"))
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "--gzip" in capsys.readouterr().out
