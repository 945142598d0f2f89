"""申报表 reader: tolerant labels, value cleaning, publication policy (contact data never returned)."""

from __future__ import annotations

from pathlib import Path

import pytest

from converters.read.forms import is_form, read_form
from converters.model import Cell, Document, Paragraph, Row, Severity, Table, Text
from converters.names import label_key as normalise_label
from converters.read.policy import load_policy

FAKE_MOBILE = "13912345678"
FAKE_EMAIL = "zhangsan@example.com"
FAKE_CODE = "91320100MA1ABCDE2X"
FAKE_LANDLINE = "025-86661234"
FAKE_ADDRESS = "江苏省南京市示例路1号"
FAKE_CONTACT = "张小三"


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def cell(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(tuple(para(line) for line in text.split("\n")), colspan, rowspan)


def row(*cells) -> Row:
    return Row(tuple(c if isinstance(c, Cell) else cell(c) for c in cells))


def full_form(extra_rows: tuple[Row, ...] = (), header: str = "推荐地市、行业质协：苏州市质量协会（盖章）") -> Document:
    table = Table((
        row("组织名称（盖章）", cell("苏州示例精密机械有限公司", colspan=3)),
        row("班组名称", "质检一班", "经验名称", "运用QC工具降低漏检率的实践"),
        row("统一社会信用代码", FAKE_CODE, "所属行业", "制造业"),
        row("组织类型", "☑国有企业 □民营企业 □外资企业", "组织规模", "□大型 ☑中型 □小型 □微型"),
        row("是否属于央企", "☑是 □否", "所属央企集团全称", "中国示例集团有限公司"),
        row("详细通讯地址", FAKE_ADDRESS, "邮　　编", "215000"),
        row("主管部门", "苏州市工信局", "直接联系人", FAKE_CONTACT),
        row("手 机", FAKE_MOBILE, "座机", FAKE_LANDLINE),
        row("电子邮箱", FAKE_EMAIL, "班组长姓名", "李班长"),
        row("班组人数", "12人", "培训参与人数（人次）", "36"),
        row("产品/服务满意度（%）", "98%", "产品/服务合格率（%）", "98.5％"),
        row("质量考核合格率（%）", "100", "质量改进活动参与率（%）", "95"),
        row("质量成本（万元/年）", "3.5", "顾客投诉数（个）", "0"),
        row("质量、安全事故数（个）", "0", "", ""),
        *extra_rows,
    ))
    return Document((para("附件2"), para("质量信得过班组建设典型经验申报表"), para(header), table))


def all_text(values: dict[str, str]) -> str:
    return "\n".join(values.values())


def test_labels_are_matched_after_removing_spaces_seal_and_units():
    assert normalise_label("邮　　编") == normalise_label("邮编")
    assert normalise_label("手 机") == normalise_label("手机")
    assert normalise_label("组织名称（盖章）") == normalise_label("组织名称")
    assert normalise_label("产品/服务满意度（%）") == normalise_label("产品/服务满意度")
    assert normalise_label("质量成本\n(万元/年)：") == normalise_label("质量成本")


def test_publishable_fields_are_read_with_canonical_ids():
    values, findings = read_form(full_form(), "南京/附件2.docx")
    v = values.values
    assert v["recommender"] == "苏州市质量协会"
    assert v["organization"] == "苏州示例精密机械有限公司"
    assert v["team"] == "质检一班"
    assert v["title"] == "运用QC工具降低漏检率的实践"
    assert v["industry_raw"] == "制造业"
    assert v["team_size"] == "12"
    assert v["training_count"] == "36"
    assert values.source == "南京/附件2.docx"
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_checkbox_glyphs_give_the_ticked_option():
    v = read_form(full_form(), "f.docx")[0].values
    assert v["organization_type"] == "国有企业"
    assert v["organization_scale"] == "中型"
    assert v["central_soe"] == "是"


def small_form(*extra: Row) -> Document:
    return Document((Table((row("组织名称", "甲"), row("班组名称", "乙"), row("经验名称", "丙"), *extra)),))


def test_content_control_checkbox_glyphs_are_read():
    # the OOXML reader renders w14:checkbox content controls as ☑ / ☐
    assert read_form(small_form(row("是否属于央企", "☐是 ☑否")), "f.docx")[0].values["central_soe"] == "否"


def test_bracketed_tick_marks_give_the_ticked_option():
    assert read_form(small_form(row("是否属于央企", "是（ ） 否（√）")), "f.docx")[0].values["central_soe"] == "否"


def test_percent_values_are_normalised():
    v = read_form(full_form(), "f.docx")[0].values
    assert v["satisfaction"] == "98"
    assert v["pass_rate"] == "98.5"
    assert v["assessment_pass_rate"] == "100"


def test_percent_outside_range_is_kept_and_warned():
    doc = Document((Table((row("组织名称", "甲"), row("班组名称", "乙"), row("经验名称", "丙"),
                           row("产品/服务满意度（%）", "120%"))),))
    values, findings = read_form(doc, "f.docx")
    assert values.values["satisfaction"] == "120%"
    assert [f.code for f in findings if f.code == "PERCENT_RANGE"] == ["PERCENT_RANGE"]
    assert all(f.file == "f.docx" for f in findings)


def test_contact_fields_never_appear_in_returned_values():
    values, findings = read_form(full_form(), "f.docx")
    text = all_text(values.values)
    for secret in (FAKE_MOBILE, FAKE_EMAIL, FAKE_CODE, FAKE_LANDLINE, FAKE_ADDRESS, FAKE_CONTACT, "215000"):
        assert secret not in text
    for fid in ("mobile", "email", "credit_code", "landline", "address", "postcode", "contact_person", "authority"):
        assert fid not in values.values
    assert not any(secret in f.message for f in findings for secret in (FAKE_MOBILE, FAKE_EMAIL, FAKE_CODE))


def test_sensitive_fields_are_dropped_by_default_and_published_when_switched_on(tmp_path: Path):
    v = read_form(full_form(), "f.docx")[0].values
    for fid in ("team_leader", "quality_cost", "complaints", "accidents"):
        assert fid not in v
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text("classes: {publish: true, sensitive: false}\nfields: {team_leader: true, quality_cost: true}\n", encoding="utf-8")
    policy = load_policy(policy_file)
    v = read_form(full_form(), "f.docx", policy)[0].values
    assert v["team_leader"] == "李班长"
    assert v["quality_cost"] == "3.5"
    assert "complaints" not in v


def test_never_fields_cannot_be_switched_on(tmp_path: Path):
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text("classes: {never: true, internal: true}\nfields: {mobile: true, credit_code: true}\n", encoding="utf-8")
    policy = load_policy(policy_file)
    assert {f.code for f in policy.findings} == {"POLICY_FORBIDDEN"}
    values = read_form(full_form(), "f.docx", policy)[0].values
    assert FAKE_MOBILE not in all_text(values) and FAKE_CODE not in all_text(values)
    assert "authority" not in values


def test_phone_number_in_a_published_field_is_dropped_with_warning():
    doc = Document((Table((row("组织名称", "甲公司 电话13912345678"), row("班组名称", "乙"), row("经验名称", "丙"))),))
    values, findings = read_form(doc, "f.docx")
    assert "organization" not in values.values
    assert "PII_IN_FIELD" in {f.code for f in findings}


@pytest.mark.parametrize("header", [
    "推荐地市、行业质协：南京市质量协会（盖章）",
    "推荐地市、行业质协 南京市质量协会 (盖章)",
    "推荐地市、行业质协：__南京市质量协会__(盖章)",
])
def test_recommender_header_variants(header: str):
    v = read_form(full_form(header=header), "f.docx")[0].values
    assert v["recommender"] == "南京市质量协会"


def test_blank_recommender_header_gives_no_recommender():
    v = read_form(full_form(header="推荐地市、行业质协 ________(盖章)"), "f.docx")[0].values
    assert "recommender" not in v


def test_label_and_value_in_one_cell_and_newlines_inside_cells():
    doc = Document((Table((
        row("组织名称：苏州示例\n有限公司", "班组名称：质检一班"),
        row("经验名称：运用PDCA的实践", f"直接联系人：{FAKE_CONTACT}  手机：{FAKE_MOBILE}"),
    )),))
    values, _ = read_form(doc, "f.docx")
    assert values.values == {"organization": "苏州示例有限公司", "team": "质检一班", "title": "运用PDCA的实践"}


def test_merged_cells_repeating_a_value_count_once():
    doc = Document((Table((
        row("组织名称", "甲公司", "甲公司", "甲公司"),
        row("班组名称", "乙班", "经验名称", "丙经验"),
    )),))
    assert read_form(doc, "f.docx")[0].values["organization"] == "甲公司"


def test_row_spans_keep_grid_columns_for_values_below_a_header_row():
    doc = Document((Table((
        row("组织名称", "甲", "班组名称", "乙"),
        row(cell("指标", rowspan=2), "产品/服务满意度（%）", "产品/服务合格率（%）", "经验名称"),
        row("97", "99", "丙"),
    )),))
    v = read_form(doc, "f.docx")[0].values
    assert v["satisfaction"] == "97" and v["pass_rate"] == "99"


def test_form_detection_needs_three_marker_labels():
    assert is_form(full_form())
    two = Document((Table((row("组织名称", "甲"), row("班组名称", "乙"))),))
    assert not is_form(two)


def test_empty_form_gives_error_naming_the_file():
    values, findings = read_form(Document((para("没有表格"),)), "空/附件2.docx")
    assert values.values == {}
    assert [(f.code, f.file) for f in findings] == [("FORM_EMPTY", "空/附件2.docx")]


def test_missing_essential_field_is_warned():
    doc = Document((Table((row("组织名称", "甲"), row("经验名称", "丙"), row("所属行业", "制造业"))),))
    _, findings = read_form(doc, "f.docx")
    assert any(f.code == "FORM_FIELD_MISSING" and "班组名称" in f.message for f in findings)


def test_unreadable_input_becomes_an_error_finding_not_an_exception():
    values, findings = read_form(None, "坏/附件2.docx")  # type: ignore[arg-type]
    assert values.values == {}
    assert findings[0].severity is Severity.ERROR and findings[0].file == "坏/附件2.docx"


def test_a_hand_built_policy_cannot_publish_contact_fields():
    from converters.read.policy import Policy

    values = read_form(full_form(), "f.docx", Policy(published=frozenset({"mobile", "email", "credit_code", "team"})))[0].values
    assert set(values) == {"team"}


def test_broken_policy_file_is_a_finding_and_falls_back_to_safe_defaults(tmp_path: Path):
    bad = tmp_path / "policy.yml"
    bad.write_text("classes: [unclosed\n", encoding="utf-8")
    policy = load_policy(bad)
    assert policy.findings and policy.findings[0].severity is Severity.ERROR
    assert "team" in policy.published and "team_leader" not in policy.published and "mobile" not in policy.published


def test_a_switch_written_twice_in_the_policy_file_is_refused_not_silently_overwritten(tmp_path: Path):
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text("fields:\n  team_leader: true\n  team_leader: false\n", encoding="utf-8")
    policy = load_policy(policy_file)
    assert [(f.code, f.severity, f.file) for f in policy.findings] == [("CONFIG_UNREADABLE", Severity.ERROR, str(policy_file))]
    assert policy.findings[0].message == (
        "无法读取配置文件 policy.yml：YAML 格式错误，第 3 行：重复的键“team_leader”（第 2 行已有此键）"
    )
    assert "team_leader" not in policy.published and "team" in policy.published


def test_misshapen_policy_sections_and_unknown_keys_are_warnings_not_crashes(tmp_path: Path):
    policy_file = tmp_path / "policy.yml"
    policy_file.write_text("classes: [publish]\nfeilds: {team_leader: true}\n", encoding="utf-8")
    policy = load_policy(policy_file)
    assert [(f.code, f.severity, f.message) for f in policy.findings] == [
        ("CONFIG_INVALID", Severity.WARNING, "policy.yml 有未知的键：feilds，已忽略"),
        ("CONFIG_INVALID", Severity.WARNING, "policy.yml 中 classes 应为“名称: true/false”的映射，已忽略"),
    ]
    assert "team" in policy.published and "team_leader" not in policy.published
