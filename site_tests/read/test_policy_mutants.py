"""The publication policy file word for word (issue 19, mutation testing of converters/read/policy.py):
what each kind of mistake in policy.yml reports, with the file named, and what is then published."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.model import Severity
from converters.read.policy import POLICY_FILE, SWITCHABLE, default_policy, load_policy, resolve

DEFAULT_PUBLISHED = default_policy().published


def _policy(tmp_path: Path, text: str):
    path = tmp_path / "policy.yml"
    path.write_text(text, encoding="utf-8")
    return load_policy(path), str(path)


def _said(policy) -> list[tuple[str, Severity, str, str]]:
    return [(f.code, f.severity, f.message, f.file) for f in policy.findings]


def test_the_packaged_policy_is_clean_and_keeps_contact_and_sensitive_fields_out():
    policy = load_policy()
    assert policy.findings == () and policy.published == DEFAULT_PUBLISHED
    classes = {spec.cls for spec in policy.fields.values() if spec.id in policy.published}
    assert classes == {"publish"}
    assert {"team", "organization", "title", "satisfaction"} <= policy.published
    assert not {"mobile", "email", "address", "contact_person", "team_leader", "quality_cost"} & policy.published
    assert policy.labels and policy.fields and POLICY_FILE.name == "policy.yml"


def test_turning_the_sensitive_class_on_publishes_it_unless_a_field_says_no(tmp_path):
    policy, _ = _policy(tmp_path, "classes:\n  sensitive: true\nfields:\n  quality_cost: false\n")
    sensitive = {s.id for s in policy.fields.values() if s.cls == "sensitive"}
    assert policy.findings == ()
    assert policy.published == DEFAULT_PUBLISHED | (sensitive - {"quality_cost"})


def test_turning_the_publish_class_off_leaves_only_fields_switched_on(tmp_path):
    policy, _ = _policy(tmp_path, "classes:\n  publish: false\nfields:\n  team: true\n  team_leader: true\n")
    assert policy.findings == () and policy.published == frozenset({"team", "team_leader"})


# (policy.yml as written, the one finding it gives: code, severity, message). Nothing else changes
# what is published: the default policy holds.
MISTAKES = [
    ("classes:\n  never: true\n  internal: false\n",
     ("POLICY_FORBIDDEN", Severity.ERROR, "policy.yml：never 级别的字段不能公开，已忽略该开关")),
    ("fields:\n  mobile: true\n  email: false\n",
     ("POLICY_FORBIDDEN", Severity.ERROR, "policy.yml：字段 手机（mobile）属于 never 级别，不能公开，已忽略")),
    ("fields:\n  shoe_size: true\n", ("POLICY_UNKNOWN_FIELD", Severity.WARNING, "policy.yml：未知字段 shoe_size")),
    ("version: 1\ncolours: {}\nextra: 1\n",
     ("CONFIG_INVALID", Severity.WARNING, "policy.yml 有未知的键：colours, extra，已忽略")),
    ("classes: [publish]\n", ("CONFIG_INVALID", Severity.WARNING, "policy.yml 中 classes 应为“名称: true/false”的映射，已忽略")),
    ("fields: [publish]\n", ("CONFIG_INVALID", Severity.WARNING, "policy.yml 中 fields 应为“名称: true/false”的映射，已忽略")),
    ("- publish\n- sensitive\n", ("CONFIG_INVALID", Severity.WARNING, "policy.yml 内容不是映射，按默认策略处理")),
    ("", ("CONFIG_INVALID", Severity.WARNING, "policy.yml 内容不是映射，按默认策略处理")),  # empty: a mapping of nothing
]


@pytest.mark.parametrize("text, said", MISTAKES)
def test_each_mistake_is_one_exact_finding_naming_the_file_and_the_default_holds(tmp_path, text, said):
    policy, file = _policy(tmp_path, text)
    assert _said(policy) == [(*said, file)]
    assert policy.published == DEFAULT_PUBLISHED


def test_an_unreadable_file_is_an_error_per_problem_and_nothing_else(tmp_path):
    policy, file = _policy(tmp_path, "classes:\n  publish: true\n  publish: false\n")
    said = _said(policy)
    assert len(said) == 1 and said[0][0] == "CONFIG_UNREADABLE" and said[0][1] is Severity.ERROR
    assert said[0][2].startswith("无法读取配置文件 policy.yml：") and said[0][3] == file
    missing = load_policy(tmp_path / "none.yml")
    assert [(f.code, f.file) for f in missing.findings] == [("CONFIG_UNREADABLE", str(tmp_path / "none.yml"))]
    assert missing.published == DEFAULT_PUBLISHED


def test_a_broken_fields_file_keeps_its_own_findings_first(tmp_path):
    fields = tmp_path / "fields.yml"
    fields.write_text("fields: [1, 2]\n", encoding="utf-8")
    policy = load_policy(tmp_path / "none.yml", fields)
    codes = [f.code for f in policy.findings]
    assert len(codes) >= 2 and codes[-1] == "CONFIG_UNREADABLE"  # the fields file's problems, then the policy's
    assert not any("内容不是映射" in f.message for f in policy.findings)  # a missing file is not "not a mapping"


def test_resolve_fills_fields_and_labels_from_the_default():
    from converters.read.policy import Policy

    bare = Policy(published=frozenset({"team"}))
    policy, fields, labels = resolve(bare)
    assert policy is bare and fields == default_policy().fields and labels == default_policy().labels
    full = default_policy()
    assert resolve(full) == (full, full.fields, full.labels)
    assert resolve(None)[0] is default_policy()
    assert SWITCHABLE == ("publish", "sensitive")


def test_a_label_longer_than_thirty_characters_is_never_a_label():
    from converters.read.policy import match_label

    labels = {"甲" * 30: "a", "乙" * 31: "b"}
    assert match_label("甲" * 30, labels) == "a"
    assert match_label("乙" * 31, labels) is None
    assert match_label("  ", labels) is None and match_label("", {"": "x"}) is None


def test_resolve_needs_both_fields_and_labels_to_use_a_policy_s_own():
    from converters.read.policy import Policy

    base = default_policy()
    only_fields = Policy(published=frozenset({"team"}), fields=base.fields)
    assert resolve(only_fields)[2] == base.labels
    only_labels = Policy(published=frozenset({"team"}), labels={"班组": "team"})
    assert resolve(only_labels)[1] == base.fields and resolve(only_labels)[2] == base.labels
