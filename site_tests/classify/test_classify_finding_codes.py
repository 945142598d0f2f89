"""Finding codes of the editor's overrides file, from files an editor could write."""

from __future__ import annotations

import re

import pytest

from converters.classify import apply_overrides, load_overrides
from converters.cli import main
from converters.model import Severity

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("text, says", [
    ("overrides:\n  运用PDCA的实践: [industry: C\n", ""),  # unclosed bracket: YAML cannot parse it
    ("- 运用PDCA的实践\n- 推行精益的探索\n", "顶层应为映射"),  # a list of titles instead of a mapping
    ("overrides:\n  - 运用PDCA的实践\n", "overrides 应为"),  # titles listed without what to set
    ("overrides: {}\nindustry: C\n", "只含 overrides"),  # a key beside overrides
])
def test_an_overrides_file_of_the_wrong_shape_is_override_file_invalid(tmp_path, capsys, text, says):
    path = tmp_path / "overrides.yml"
    path.write_text(text, encoding="utf-8")
    overrides = load_overrides(path)
    assert dict(overrides) == {}
    assert [f.code for f in overrides.findings][:1] == ["OVERRIDE_FILE_INVALID"]
    f = overrides.findings[0]
    assert f.severity is Severity.ERROR and CHINESE.search(f.message) and says in f.message
    assert f.file == str(path)
    # `showcase check` names the file with the message and fails.
    code = main(["check", "--overrides", str(path)])
    out = capsys.readouterr()
    shown = out.out + out.err
    assert code != 0 and f"{path}：{f.message}" in re.sub(r"\s*\n\s*", "", shown), shown


def test_two_override_keys_that_normalise_alike_are_a_duplicate_and_the_later_wins(tmp_path):
    path = tmp_path / "overrides.yml"
    path.write_text(
        "overrides:\n"
        "  运用“QC”工具降低漏检率的实践:\n    industry: C\n"
        "  '运用\"QC\"工具 降低漏检率的实践':\n    industry: D\n",
        encoding="utf-8",
    )
    overrides = load_overrides(path)
    [f] = [f for f in overrides.findings if f.code == "OVERRIDE_DUPLICATE"]
    assert f.severity is Severity.WARNING and CHINESE.search(f.message)
    assert f.file == str(path) and '运用"QC"工具 降低漏检率的实践' in f.message
    code, _ids, _found = apply_overrides(overrides, "运用“QC”工具降低漏检率的实践", "", [], "a.docx")
    assert code == "D"
