"""Every rule's finding word for word (issue 19, mutation testing of converters/check/rules.py): the
messages are what a reviewer reads and what the 退改意见 letters quote, so they are asserted whole,
with their file and location."""

from __future__ import annotations

from converters.check.rules import RuleInput, check, check_duplicates, duplicates, parse_percent
from converters.model import FieldValues, Severity

TITLE = "运用客户之声提升供电服务满意度的实践"
PARTS = {k: "正文内容。" for k in ("overview", "background", "process", "results")}


def item(source="e.docx", title=TITLE, team="客服班", organization="江南示例供电公司", form=None, summary=None,
         parts=None, form_source="", summary_source="") -> RuleInput:
    return RuleInput(source=source, title=title, parts=PARTS if parts is None else parts, team=team,
                     organization=organization, form=form, summary=summary, form_source=form_source,
                     summary_source=summary_source)


def found(rule_input: RuleInput, code: str) -> list[tuple[str, str, str]]:
    return [(f.message, f.file, f.location) for f in check(rule_input) if f.code == code]


def test_a_missing_title_says_so_and_stops_the_title_rules():
    findings = [f for f in check(item(title="  ")) if f.code.startswith("TITLE")]
    assert [(f.code, f.severity, f.message, f.file, f.location) for f in findings] == [
        ("TITLE_MISSING", Severity.WARNING, "未找到经验名称，无法核对字数与命名规则", "e.docx", "经验名称")]


def test_a_missing_part_is_named():
    parts = dict(PARTS, background="  ")
    assert found(item(parts=parts), "PART_MISSING") == [("未找到“实施背景”部分（或该部分没有正文）", "e.docx", "实施背景")]
    assert len(found(item(parts={}), "PART_MISSING")) == 4


def test_a_part_over_its_limit_gives_the_count_with_thousands_separator():
    parts = dict(PARTS, process="质" * 5001)
    assert found(item(parts=parts), "PART_TOO_LONG") == [
        ("实施过程 5,001 字（按 Word 字数统计口径），超过 5000 字上限", "e.docx", "实施过程")]
    assert found(item(parts=dict(PARTS, process="质" * 5000)), "PART_TOO_LONG") == []


def test_team_name_messages():
    assert found(item(team="客服班组"), "TEAM_NAME_SUFFIX") == [(
        "班组名称“客服班组”以“班组”结尾；通知要求使用正式单元名称并区分“班”与“组”，以“班”“组”“工段”或“室”结尾",
        "e.docx", "班组名称")]
    assert found(item(team="客服中心"), "TEAM_NAME_SUFFIX") == [(
        "班组名称“客服中心”不以“班”“组”“工段”或“室”结尾；通知要求使用组织最基础行政单元的正式名称",
        "e.docx", "班组名称")]
    assert found(item(team=""), "TEAM_NAME_SUFFIX") == []


def test_name_mismatch_lists_every_spelling_with_its_file():
    form = FieldValues({"title": TITLE, "team": "客服班", "organization": "江南示例供电公司"}, "申报表.docx")
    summary = FieldValues({"title": "运用客户之声提升服务满意度的实践", "team": "客服一班",
                           "organization": "江南示例供电公司"}, "汇总表.xlsx#行3")
    findings = found(item(form=form, summary=summary), "NAME_MISMATCH")
    assert findings == [
        ("班组名称不一致：申报表（申报表.docx）为“客服班”；汇总表（汇总表.xlsx#行3）为“客服一班”。通知要求三者完全一致，请核对后统一",
         "e.docx", "班组名称"),
        (f"经验名称不一致：典型经验（e.docx）为“{TITLE}”；申报表（申报表.docx）为“{TITLE}”；"
         "汇总表（汇总表.xlsx#行3）为“运用客户之声提升服务满意度的实践”。通知要求三者完全一致，请核对后统一",
         "e.docx", "经验名称"),
    ]


def test_name_mismatch_prefers_the_given_source_names():
    form = FieldValues({"team": "客服班"}, "内部名.docx")
    summary = FieldValues({"team": "客服二班"}, "内部名.xlsx")
    [(message, _file, _where)] = found(item(form=form, summary=summary, form_source="收件/申报表.docx",
                                            summary_source="收件/汇总表.xlsx#行2"), "NAME_MISMATCH")
    assert message.startswith("班组名称不一致：申报表（收件/申报表.docx）为“客服班”；汇总表（收件/汇总表.xlsx#行2）为“客服二班”。")


def test_the_same_name_written_differently_is_not_a_mismatch():
    form = FieldValues({"team": "客服 班", "organization": "江南示例供电公司（A）"}, "f.docx")
    summary = FieldValues({"team": "客服班", "organization": "江南示例供电公司(A)"}, "s.xlsx")
    assert found(item(form=form, summary=summary), "NAME_MISMATCH") == []


def test_percent_findings_name_the_document_the_field_and_the_problem():
    form = FieldValues({"satisfaction": "九十八", "pass_rate": "101%", "assessment_pass_rate": "100",
                        "improvement_participation": "0"}, "申报表.docx")
    summary = FieldValues({"satisfaction": "-1", "pass_rate": "99.5％"}, "汇总表.xlsx#行2")
    assert found(item(form=form, summary=summary), "PERCENT_RANGE") == [
        ("申报表（申报表.docx）中“产品/服务满意度”为“九十八”，不是数字（应为 0–100 之间的百分数）", "e.docx", "申报表·产品/服务满意度"),
        ("申报表（申报表.docx）中“产品/服务合格率”为“101%”，超出 0–100 范围（应为 0–100 之间的百分数）", "e.docx", "申报表·产品/服务合格率"),
        ("汇总表（汇总表.xlsx#行2）中“产品/服务满意度”为“-1”，超出 0–100 范围（应为 0–100 之间的百分数）", "e.docx", "汇总表·产品/服务满意度"),
    ]


def test_percent_values_are_read_with_their_sign_and_width():
    assert [parse_percent(v) for v in ("98", "98%", " 98.5 ％ ", "+7", "-0.5", "1e2", "98%%", "")] == [
        98.0, 98.0, 98.5, 7.0, -0.5, None, None, None]


# ---------------------------------------------------------------- duplicates


def _copy(source, recommender="", team="客服班", organization="江南示例供电公司", form=True, title=TITLE):
    values = FieldValues({"recommender": recommender}, f"{source}.表") if form else None
    return item(source=source, title=title, team=team, organization=organization, form=values)


def test_duplicate_messages_name_the_kept_copy_and_its_recommender():
    a, b = _copy("a/经验.docx", "甲市质量协会"), _copy("b/经验.docx", "乙行业协会")
    result = duplicates([b, a])  # ties go to the earliest path, whatever the order given
    assert result.canonical_of == {"b/经验.docx": "a/经验.docx"}
    assert [(f.code, f.message, f.file, f.location) for f in result.findings] == [
        ("DUPLICATE_SUBMISSION", f"经验“{TITLE}”（客服班）与 甲市质量协会（a/经验.docx） 重复；通知规定同一经验不得通过"
         "多个渠道重复申报，以 a/经验.docx 为准发布，本份不发布", "b/经验.docx", "经验名称"),
        ("DUPLICATE_KEPT", f"经验“{TITLE}”（客服班）另见于 乙行业协会（b/经验.docx）；以本份为准发布，其余不发布",
         "a/经验.docx", "经验名称"),
    ]


def test_without_a_recommender_the_file_alone_is_named_and_the_organisation_stands_for_the_team():
    a, b = _copy("a.docx", team=""), _copy("b.docx", team="")
    kept = duplicates([a, b]).findings[0]
    assert kept.message == f"经验“{TITLE}”（江南示例供电公司）另见于 b.docx；以本份为准发布，其余不发布"


def test_the_recommender_comes_from_the_form_then_the_summary():
    summary = FieldValues({"recommender": "汇总表上的协会"}, "s.xlsx")
    a = item(source="a.docx", form=FieldValues({"recommender": " "}, "f"), summary=summary)
    b = item(source="b.docx", form=FieldValues({"recommender": "申报表上的协会"}, "f"), summary=summary)
    messages = [f.message for f in duplicates([a, b]).findings]
    assert "另见于 申报表上的协会（b.docx）" in messages[0]
    assert "与 汇总表上的协会（a.docx） 重复" in messages[1]


def test_three_copies_list_each_other_copy_once():
    copies = [_copy("a.docx", "甲"), _copy("b.docx", "乙"), _copy("c.docx", "乙"), _copy("b.docx", "乙")]
    kept = duplicates(copies).findings[0]
    assert kept.message.endswith("另见于 乙（b.docx）、乙（c.docx）；以本份为准发布，其余不发布")


def test_same_title_needs_the_same_team_or_organisation():
    a = _copy("a.docx", team="客服班", organization="甲公司")
    assert check_duplicates([a, _copy("b.docx", team="客服班", organization="乙公司")])  # same team
    assert check_duplicates([a, _copy("b.docx", team="检修班", organization="甲公司")])  # same organisation
    assert not check_duplicates([a, _copy("b.docx", team="检修班", organization="乙公司")])
    assert not check_duplicates([_copy("a.docx", team="", organization=""), _copy("b.docx", team="", organization="")])
    assert not check_duplicates([_copy("a.docx", title=""), _copy("b.docx", title="")])
    assert not check_duplicates([a, _copy("a.docx", team="客服班", organization="甲公司")])  # the same file twice


def test_the_copy_with_a_form_is_kept_over_an_earlier_one_without():
    early, with_form = _copy("a.docx", form=False), _copy("b.docx")
    assert duplicates([early, with_form]).canonical_of == {"a.docx": "b.docx"}


def test_percent_rules_read_every_field_of_both_documents():
    summary = FieldValues({"satisfaction": "", "pass_rate": "99", "assessment_pass_rate": "120"}, "s.xlsx")
    findings = found(item(form=None, summary=summary), "PERCENT_RANGE")  # no form: the summary is still read
    assert [where for _m, _f, where in findings] == ["汇总表·质量考核合格率"]
    form = FieldValues({"satisfaction": "98", "improvement_participation": "百分之九十"}, "f.docx")
    assert [where for _m, _f, where in found(item(form=form), "PERCENT_RANGE")] == ["申报表·质量改进活动参与率"]


def test_the_copy_with_more_parts_is_kept_over_an_earlier_one():
    fuller = item(source="b.docx", form=FieldValues({}, "f"), summary=FieldValues({}, "s"))
    thinner = item(source="a.docx", form=FieldValues({}, "f"), summary=FieldValues({}, "s"),
                   parts=dict(PARTS, results="", background=" "))
    assert duplicates([thinner, fuller]).canonical_of == {"a.docx": "b.docx"}
    assert duplicates([fuller, thinner]).canonical_of == {"a.docx": "b.docx"}


def test_an_experience_without_copies_does_not_end_the_search():
    single = _copy("solo.docx", title="运用精益方法降低库存的实践")
    findings = check_duplicates([single, _copy("a.docx"), _copy("b.docx")])
    assert [(f.code, f.file) for f in findings] == [("DUPLICATE_KEPT", "a.docx"), ("DUPLICATE_SUBMISSION", "b.docx")]
