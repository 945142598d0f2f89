"""Golden triples (site_tests/golden/NAME.docx, NAME.md, NAME.findings.json), one per hard feature of real
典型经验 documents; the cases and the regeneration command (`make golden`) are in golden_cases.py."""

from __future__ import annotations

import shutil

import pytest

import golden_cases
from golden_cases import CASES, convert, diff, feature_problems, golden_paths


def _mismatch(committed: str, produced: str, name: str) -> str:
    return f"{name} 与转换结果不同（确认是有意的改动后运行 make golden 重新生成并审阅差异）：\n" + diff(committed, produced, name)


def test_every_case_has_its_committed_triple_and_nothing_else_is_there():
    expected = {p.name for name in CASES for p in golden_paths(name).values()}
    present = {p.name for p in golden_cases.GOLDEN.iterdir()}
    assert present == expected, f"多出：{sorted(present - expected)}；缺少：{sorted(expected - present)}"


@pytest.mark.parametrize("name", list(CASES))
def test_golden_case(name, tmp_path):
    item, paths = CASES[name], golden_paths(name)
    if item.name == "emf" and not shutil.which("emf2svg-conv"):
        pytest.skip("emf2svg 未安装（scripts/ensure-system-deps.sh）：EMF 图片无法转为 SVG")
    (tmp_path / "docx").mkdir()
    docx = item.make(tmp_path / "docx")
    assert docx.read_bytes() == paths["docx"].read_bytes(), (
        f"{paths['docx'].name} 与 golden_cases.{name}() 生成的文件不同：工厂与提交的文件不一致，运行 make golden")

    output = convert(docx, tmp_path / "run")

    problems = feature_problems(item, output)
    assert not problems, f"{name}（{item.feature}）：" + "；".join(problems)
    md = paths["md"].read_text(encoding="utf-8")
    assert output.page == md, _mismatch(md, output.page, paths["md"].name)
    findings = paths["findings"].read_text(encoding="utf-8")
    assert output.findings == findings, _mismatch(findings, output.findings, paths["findings"].name)
