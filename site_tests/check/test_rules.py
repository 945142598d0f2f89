"""The notice's rules: one positive and one negative case per rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from converters.model import FieldValues, Severity
from converters.check.rules import RULES, RuleInput, check, check_duplicates, duplicates, parse_percent
from converters.names import name_key as normalise_name

GOOD_TITLE = "运用客户之声提升供电服务满意度的实践"
SOURCE = "示例质协.zip/示例一班/附件1.docx"
FORM = "示例质协.zip/示例一班/附件2.docx"
SUMMARY = "示例质协.zip/附件3.xlsx#第3行"


def _parts(**override: str) -> dict[str, str]:
    parts = {key: "正文内容。" for key in ("overview", "background", "process", "results")}
    parts.update(override)
    return {k: v for k, v in parts.items() if v is not None}


def _item(title: str = GOOD_TITLE, team: str = "营销服务一班", organization: str = "江南示例供电公司",
          form: dict | None = None, summary: dict | None = None, parts: dict | None = None,
          source: str = SOURCE) -> RuleInput:
    form_values = {"title": title, "team": team, "organization": organization}
    form_values.update(form or {})
    summary_values = {"title": title, "team": team, "organization": organization}
    summary_values.update(summary or {})
    return RuleInput(
        source=source,
        title=title,
        parts=parts if parts is not None else _parts(),
        team=team,
        organization=organization,
        form=FieldValues(form_values, FORM),
        summary=FieldValues(summary_values, SUMMARY),
        form_source=FORM,
        summary_source=SUMMARY,
    )


def _codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_a_clean_experience_has_no_findings():
    assert check(_item()) == []


def test_every_finding_is_a_warning_with_file_location_and_known_code():
    item = _item(title="提升满意度" * 8, team="钳工", form={"satisfaction": "120"},
                 parts=_parts(results=None, process="字" * 5001))
    findings = check(item)
    assert findings
    for f in findings:
        assert f.severity is Severity.WARNING
        assert f.file == SOURCE
        assert f.location
        assert f.code in RULES


# ---------------------------------------------------------------- title


def test_title_over_30_words_is_flagged_with_both_counts():
    title = "运用" + "客户之声" * 7 + "的实践"  # 33 字
    findings = [f for f in check(_item(title=title)) if f.code == "TITLE_TOO_LONG"]
    assert len(findings) == 1
    assert "33 字" in findings[0].message and "33 个" in findings[0].message and "30" in findings[0].message


def test_title_over_30_characters_but_not_words_is_flagged():
    title = "运用PDCAPDCAPDCAPDCAPDCAPDCA循环的实践"  # 8 字 by Word, 31 characters
    findings = [f for f in check(_item(title=title)) if f.code == "TITLE_TOO_LONG"]
    assert len(findings) == 1
    assert "8 字" in findings[0].message and "31 个" in findings[0].message


def test_title_of_exactly_30_is_accepted():
    title = "运用" + "客" * 25 + "的实践"  # 30
    assert "TITLE_TOO_LONG" not in _codes(check(_item(title=title)))


@pytest.mark.parametrize(
    "title",
    [
        "运用客户之声收集、分析关键顾客和其他重要相关方需求的经验",
        "推行6S管理构建整洁现场的探索",
        "实施DMAIC降低焊接缺陷实践",
        "运用 PDCA 循环提升合格率的实践",
    ],
)
def test_titles_following_the_naming_rule_pass(title):
    assert "TITLE_PATTERN" not in _codes(check(_item(title=title)))


@pytest.mark.parametrize("title", ["应用PDCA循环提升合格率的实践", "运用PDCA循环提升合格率的做法", "PDCA循环"])
def test_titles_breaking_the_naming_rule_are_flagged_with_the_pattern(title):
    findings = [f for f in check(_item(title=title)) if f.code == "TITLE_PATTERN"]
    assert len(findings) == 1
    assert "实施/运用/推行" in findings[0].message and title in findings[0].message


def test_missing_title_is_reported_once():
    codes = _codes(check(_item(title="")))
    assert codes.count("TITLE_MISSING") == 1
    assert "TITLE_PATTERN" not in codes and "TITLE_TOO_LONG" not in codes


# ---------------------------------------------------------------- parts


def test_part_over_its_limit_names_count_and_limit():
    item = _item(parts=_parts(process="字" * 5213))
    findings = [f for f in check(item) if f.code == "PART_TOO_LONG"]
    assert [f.message for f in findings] == ["实施过程 5,213 字（按 Word 字数统计口径），超过 5000 字上限"]
    assert findings[0].location == "实施过程"


@pytest.mark.parametrize(("key", "name"), [("overview", "班组概况"), ("background", "实施背景"), ("results", "实施效果")])
def test_short_parts_have_a_500_limit(key, name):
    over = check(_item(parts=_parts(**{key: "字" * 501})))
    at = check(_item(parts=_parts(**{key: "字" * 500})))
    assert [f.location for f in over if f.code == "PART_TOO_LONG"] == [name]
    assert "PART_TOO_LONG" not in _codes(at)


def test_part_limit_uses_word_count_not_characters():
    # 600 Latin letters in 100 words: 100 字 by Word, far below 500
    item = _item(parts=_parts(overview=" ".join(["abcdef"] * 100)))
    assert "PART_TOO_LONG" not in _codes(check(item))


def test_each_missing_part_is_reported():
    findings = [f for f in check(_item(parts=_parts(background=None, results="  "))) if f.code == "PART_MISSING"]
    assert [f.location for f in findings] == ["实施背景", "实施效果"]


# ---------------------------------------------------------------- team name


@pytest.mark.parametrize("team", ["营销服务一班", "质量检验组", "总装工段", "理化检测室", "钳工（二）班"])
def test_team_names_with_formal_suffix_pass(team):
    assert "TEAM_NAME_SUFFIX" not in _codes(check(_item(team=team)))


@pytest.mark.parametrize("team", ["钳工班组", "新技术爆破班组", "营销服务中心", "一线队伍"])
def test_team_names_without_formal_suffix_are_flagged(team):
    findings = [f for f in check(_item(team=team)) if f.code == "TEAM_NAME_SUFFIX"]
    assert len(findings) == 1 and team in findings[0].message


def test_team_name_ending_in_banzu_gets_its_own_explanation():
    finding = next(f for f in check(_item(team="钳工班组")) if f.code == "TEAM_NAME_SUFFIX")
    assert "以“班组”结尾" in finding.message


# ---------------------------------------------------------------- consistency


def test_names_differing_only_in_width_quotes_brackets_or_spaces_match():
    item = _item(
        organization="江南示例（集团）供电公司",
        title="运用“客户之声”提升满意度的实践",
        form={"organization": "江南示例(集团)供电公司 ", "title": "运用「客户之声」提升满意度的实践"},
        summary={"organization": "江南示例【集团】供电公司", "title": "运用\"客户之声\" 提升满意度的实践"},
    )
    assert "NAME_MISMATCH" not in _codes(check(item))


def test_mismatched_title_names_both_spellings_and_files():
    item = _item(form={"title": "运用客户之声提升服务满意度的实践"})
    findings = [f for f in check(item) if f.code == "NAME_MISMATCH"]
    assert len(findings) == 1
    message = findings[0].message
    assert findings[0].location == "经验名称"
    assert GOOD_TITLE in message and "运用客户之声提升服务满意度的实践" in message
    assert SOURCE in message and FORM in message


def test_one_finding_per_mismatched_field():
    item = _item(form={"team": "营销服务二班"}, summary={"organization": "江北示例供电公司"})
    findings = [f for f in check(item) if f.code == "NAME_MISMATCH"]
    assert sorted(f.location for f in findings) == ["班组名称", "组织名称"]
    team = next(f for f in findings if f.location == "班组名称")
    assert FORM in team.message and SUMMARY in team.message


def test_missing_form_is_not_a_mismatch():
    item = replace(_item(), form=None, form_source="")
    assert "NAME_MISMATCH" not in _codes(check(item))


# ---------------------------------------------------------------- percentages


@pytest.mark.parametrize(("raw", "value"), [("98", 98.0), ("98%", 98.0), ("98.5％", 98.5), (" 100 % ", 100.0), ("九十", None)])
def test_percent_values_are_parsed_like_the_form_shows_them(raw, value):
    assert parse_percent(raw) == value


@pytest.mark.parametrize("raw", ["0", "98", "98.5％", "100%"])
def test_percent_within_range_passes(raw):
    assert "PERCENT_RANGE" not in _codes(check(_item(form={"pass_rate": raw})))


@pytest.mark.parametrize(("raw", "problem"), [("120", "超出"), ("-1", "超出"), ("约98", "不是数字"), ("九十八", "不是数字")])
def test_percent_out_of_range_or_not_a_number_is_flagged(raw, problem):
    findings = [f for f in check(_item(summary={"satisfaction": raw})) if f.code == "PERCENT_RANGE"]
    assert len(findings) == 1
    assert raw in findings[0].message and problem in findings[0].message and SUMMARY in findings[0].message


# ---------------------------------------------------------------- duplicates


def test_same_experience_from_two_channels_keeps_one_copy_and_names_it_on_the_other():
    a = _item(source="南京市质协.zip/附件1.docx", form={"recommender": "南京市质协"})
    b = _item(source="会员单位直报/附件1.docx", title="运用客户之声提升供电服务满意度的实践 ", form={"recommender": "会员单位直报"})
    found = duplicates([a, b])
    # Both have a 申报表 and the same parts: the first path in the inbox's order is kept.
    assert found.canonical_of == {a.source: b.source}
    assert [(f.file, f.code, f.severity) for f in found.findings] == [
        (a.source, "DUPLICATE_SUBMISSION", Severity.WARNING), (b.source, "DUPLICATE_KEPT", Severity.INFO)]
    assert b.source in found.findings[0].message and "会员单位直报" in found.findings[0].message
    assert a.source in found.findings[1].message
    assert check_duplicates([a, b]) == found.findings


def test_the_copy_with_a_form_and_a_summary_row_is_kept_over_an_earlier_bare_one():
    bare = replace(_item(source="a/附件1.docx"), form=None, summary=None)
    full = _item(source="b/附件1.docx")
    assert duplicates([bare, full]).canonical_of == {bare.source: full.source}
    assert duplicates([bare, replace(full, summary=None)]).canonical_of == {bare.source: full.source}
    no_row = replace(_item(source="0/附件1.docx"), summary=None)
    three = duplicates([bare, no_row, full])
    assert three.canonical_of == {bare.source: full.source, no_row.source: full.source}


def test_same_title_same_organisation_other_team_is_still_a_duplicate():
    a = _item(source="a.docx")
    b = _item(source="b.docx", team="营销服务二班")
    assert len(check_duplicates([a, b])) == 2


def test_same_title_from_unrelated_teams_is_not_a_duplicate():
    a = _item(source="a.docx")
    b = _item(source="b.docx", team="检修一班", organization="江北示例公司")
    assert check_duplicates([a, b]) == []


def test_one_file_seen_twice_is_not_a_duplicate():
    a = _item()
    assert check_duplicates([a, a]) == []


def test_normalise_name_unifies_width_quotes_brackets_and_spaces():
    assert normalise_name(" 江南（示例）“供电”公司\u3000") == normalise_name('江南(示例)"供电"公司')


def test_missing_values_do_not_crash_the_rules():
    item = RuleInput(source=SOURCE, title=None, parts={"overview": None}, team=None, organization=None,
                     form=FieldValues({"title": None, "satisfaction": None}, FORM), summary=None)
    assert _codes(check(item)) == ["TITLE_MISSING"] + ["PART_MISSING"] * 4
    assert check_duplicates([item, replace(item, source="b.docx")]) == []
