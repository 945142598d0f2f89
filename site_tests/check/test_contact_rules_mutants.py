"""The contact-data rules file (data/contact.yml) as the loader reads it (issue 19, mutation testing
of converters/check/pii.py): every kind of mistake in an edited copy is one exact Chinese problem,
and a good file becomes exactly the patterns, checks and masks it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from converters.check.pii import find_contacts, load_contact_rules
from converters.datafiles import DataFileError

GOOD_KIND = {
    "code": "PII_MOBILE",
    "label": "手机号码",
    "patterns": ["(1[3-9]<<d>>{9})"],
    "before": r"\d",
    "after": r"\d",
    "mask": "mobile",
    "found": ["手机13800000101"],
}


def _write(tmp_path: Path, data: object, name: str = "contact.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _rules(tmp_path: Path, kinds: dict | None = None, **top):
    data = {"version": 1, "defs": {"d": r"\d"}, "kinds": kinds if kinds is not None else {"mobile": GOOD_KIND}, **top}
    return load_contact_rules(_write(tmp_path, data))


def _problems(tmp_path: Path, kinds: dict | None = None, **top) -> list[str]:
    with pytest.raises(DataFileError) as info:
        _rules(tmp_path, kinds, **top)
    return [f.message.split("：", 1)[-1] if "contact.yml" in f.message.split("：", 1)[0] else f.message
            for f in info.value.findings()]


def _only(tmp_path: Path, **changes) -> list[str]:
    kind = {k: v for k, v in {**GOOD_KIND, **changes}.items() if v is not None}
    return _problems(tmp_path, {"mobile": kind})


# ---------------------------------------------------------------- a good file


def test_a_good_kind_is_read_exactly(tmp_path):
    rules = _rules(tmp_path, quiet=["95598", " 2025年 "])
    [kind] = rules.kinds
    assert (kind.id, kind.code, kind.label, kind.check, kind.mask, kind.found) == (
        "mobile", "PII_MOBILE", "手机号码", "", ("mobile", 0, 0), ("手机13800000101",))
    assert [p.pattern for p in kind.guard] == [r"(1[3-9]\d{9})"]
    assert [p.pattern for p in kind.scan] == [r"(?<!\d)(?:(1[3-9]\d{9}))(?!\d)"]
    assert kind.scan[0].flags & re.ASCII and not kind.guard[0].flags & re.ASCII
    assert rules.quiet == ("95598", "2025年")


def test_the_lookarounds_keep_longer_numbers_out_of_the_scan(tmp_path):
    rules = _rules(tmp_path)
    assert [c.masked for c in find_contacts("手机13800000101", rules)] == ["138****0101"]
    assert find_contacts("编号913800000101", rules) == [] and find_contacts("13800000101２", rules) == []
    kind = rules.kinds[0]
    assert kind.guard[0].search("913800000101")  # the form guard sees the bare shape anywhere


def test_without_lookarounds_the_scan_is_the_bare_pattern(tmp_path):
    kind = dict(GOOD_KIND)
    del kind["before"], kind["after"]
    [rule] = _rules(tmp_path, {"mobile": kind}).kinds
    assert [p.pattern for p in rule.scan] == [r"(?:(1[3-9]\d{9}))"]
    only_before = dict(kind, before="x")
    assert [p.pattern for p in _rules(tmp_path, {"m": only_before}).kinds[0].scan] == [r"(?<!x)(?:(1[3-9]\d{9}))"]
    only_after = dict(kind, after="y")
    assert [p.pattern for p in _rules(tmp_path, {"m": only_after}).kinds[0].scan] == [r"(?:(1[3-9]\d{9}))(?!y)"]


@pytest.mark.parametrize("mask, parsed", [
    ("digits 2 0", ("digits", 2, 0)), ("chars 3 4", ("chars", 3, 4)), ("landline", ("landline", 0, 0)),
    ("email", ("email", 0, 0)), ("mobile", ("mobile", 0, 0)),
])
def test_masks(tmp_path, mask, parsed):
    assert _rules(tmp_path, {"m": dict(GOOD_KIND, mask=mask)}).kinds[0].mask == parsed


@pytest.mark.parametrize("check", ["numbering_plan", "id_number", "credit_code", "email"])
def test_known_checks(tmp_path, check):
    assert _rules(tmp_path, {"m": dict(GOOD_KIND, check=check)}).kinds[0].check == check


def test_an_unknown_def_stays_as_written_and_kinds_keep_their_order(tmp_path):
    kinds = {"b": dict(GOOD_KIND, patterns=["(<<nope>>1)"]), "a": dict(GOOD_KIND, patterns=["(x)", "(y)"])}
    rules = _rules(tmp_path, kinds)
    assert [k.id for k in rules.kinds] == ["b", "a"]
    assert rules.kinds[0].guard[0].pattern == "(<<nope>>1)"
    assert [p.pattern for p in rules.kinds[1].guard] == ["(x)", "(y)"]


def test_the_packaged_file_has_every_kind_of_the_notice():
    rules = load_contact_rules()
    codes = {k.code for k in rules.kinds}
    assert codes == {"PII_EMAIL", "PII_ID_NUMBER", "PII_CREDIT_CODE", "PII_MOBILE", "PII_LANDLINE", "PII_ADDRESS",
                     "PII_POSTCODE", "PII_CONTACT_PERSON"}
    assert all(k.guard and len(k.guard) == len(k.scan) and k.found for k in rules.kinds)
    assert rules.quiet


# ---------------------------------------------------------------- mistakes, one problem each


def test_top_level_mistakes(tmp_path):
    assert _problems(tmp_path, defs=["x"]) == ["defs 应为“名称: 正则片段”的映射"]
    assert _problems(tmp_path, defs={"d": 1}) == ["defs 应为“名称: 正则片段”的映射"]
    assert _problems(tmp_path, kinds={}) == ["kinds 应为非空映射（每一类联系方式一项）"]
    assert _problems(tmp_path, kinds=["mobile"]) == ["kinds 应为非空映射（每一类联系方式一项）"]  # type: ignore[arg-type]
    assert _problems(tmp_path, colours=1) == ["顶层有未知的键：colours（允许：version, defs, kinds, quiet）"]
    assert _problems(tmp_path, quiet="95598") == ["quiet 应为非空文字组成的列表"]


def test_a_defs_mistake_still_reads_the_kinds_without_defs(tmp_path):
    problems = _problems(tmp_path, defs=["x"])
    assert problems == ["defs 应为“名称: 正则片段”的映射"]  # <<d>> left as written compiles: no second problem


def test_a_kind_that_is_not_a_mapping(tmp_path):
    assert _problems(tmp_path, {"mobile": "PII_MOBILE"}) == [
        "kinds.mobile 应为映射（code、label、patterns、before、after、check、mask、found）"]


def test_code_and_label(tmp_path):
    expected = ["kinds.mobile 应有 code（PII_ 开头的代码）与 label（中文称呼）"]
    assert _only(tmp_path, code="MOBILE") == expected
    assert _only(tmp_path, code="PII_mobile") == expected
    assert _rules(tmp_path, {"m": dict(GOOD_KIND, code="PII_MOBILE_")}).kinds[0].code == "PII_MOBILE_"
    assert _only(tmp_path, code=None) == expected
    assert _only(tmp_path, label=None) == expected
    assert _only(tmp_path, code="xPII_MOBILE") == expected


def test_unknown_check(tmp_path):
    assert _only(tmp_path, check="luhn") == [
        "kinds.mobile 的 check “luhn”未知（允许：numbering_plan、id_number、credit_code、email）"]


@pytest.mark.parametrize("mask", ["", "stars", "digits", "digits 2", "digits 2 x", "chars 1 2 3", "mobile 3 4", "email 1"])
def test_bad_masks(tmp_path, mask):
    assert _only(tmp_path, mask=mask or None) == ["kinds.mobile 的 mask 应为 digits 前 后、chars 前 后、mobile、landline 或 email"]


def test_patterns(tmp_path):
    assert _only(tmp_path, patterns=None) == ["kinds.mobile 至少要有一条 patterns"]
    assert _only(tmp_path, patterns=[]) == ["kinds.mobile 至少要有一条 patterns"]
    assert _only(tmp_path, patterns="(1)") == ["kinds.mobile patterns 应为非空文字组成的列表", "kinds.mobile 至少要有一条 patterns"]
    assert _only(tmp_path, patterns=["(a)", "(b"]) == [
        "kinds.mobile 第 2 条正则表达式有误：missing ), unterminated subpattern at position 0"]
    assert _only(tmp_path, patterns=["1[3-9]<<d>>{9}", "(1)", "x"]) == [
        "kinds.mobile 第 1 条正则表达式缺少第 1 组（要隐去的值）", "kinds.mobile 第 3 条正则表达式缺少第 1 组（要隐去的值）"]


def test_a_bad_lookaround_is_a_pattern_problem(tmp_path):
    problems = _only(tmp_path, before="(")
    assert len(problems) == 1 and problems[0].startswith("kinds.mobile 第 1 条正则表达式有误：")


def test_found_and_unknown_keys(tmp_path):
    assert _only(tmp_path, found="手机") == ["kinds.mobile found 应为非空文字组成的列表"]
    assert _only(tmp_path, colour="red") == [
        "kinds.mobile 有未知的键：colour（允许：code, label, patterns, before, after, check, mask, found）"]


def test_every_problem_of_every_kind_is_reported_together(tmp_path):
    kinds = {"a": dict(GOOD_KIND, code="X"), "b": dict(GOOD_KIND, check="luhn"), "c": "x"}
    problems = _problems(tmp_path, kinds, quiet=1)
    assert problems == [
        "kinds.a 应有 code（PII_ 开头的代码）与 label（中文称呼）",
        "kinds.b 的 check “luhn”未知（允许：numbering_plan、id_number、credit_code、email）",
        "kinds.c 应为映射（code、label、patterns、before、after、check、mask、found）",
        "quiet 应为非空文字组成的列表",
    ]


def test_problems_name_the_file(tmp_path):
    path = _write(tmp_path, {"version": 1, "kinds": {}})
    with pytest.raises(DataFileError) as info:
        load_contact_rules(path)
    assert all(f.file == str(path) for f in info.value.findings())
    bad = tmp_path / "list.yml"
    bad.write_text("- 1\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_contact_rules(bad)
    assert [f.file for f in info.value.findings()] == [str(bad)]


def test_every_bad_pattern_is_reported_not_only_the_first(tmp_path):
    assert _only(tmp_path, patterns=["(b", "(c", "(ok)"]) == [
        "kinds.mobile 第 1 条正则表达式有误：missing ), unterminated subpattern at position 0",
        "kinds.mobile 第 2 条正则表达式有误：missing ), unterminated subpattern at position 0"]


def test_the_first_mask_number_is_checked_too(tmp_path):
    assert _only(tmp_path, mask="digits x 2") == ["kinds.mobile 的 mask 应为 digits 前 后、chars 前 后、mobile、landline 或 email"]
