"""The team-name rule reads the name's ending, not any 班/组 inside it (issue 19)."""

from __future__ import annotations

import pytest

from converters.check.rules import RuleInput, check
from converters.model import FieldValues
from converters.notice import NOTICE


def _team_findings(team: str) -> list:
    values = FieldValues({"title": "运用客户之声提升供电服务满意度的实践", "team": team, "organization": "江南示例供电公司"}, "f.docx")
    item = RuleInput(source="e.docx", title=values.values["title"],
                     parts={k: "正文内容。" for k in ("overview", "background", "process", "results")},
                     team=team, organization="江南示例供电公司", form=values, summary=None,
                     form_source="f.docx", summary_source="")
    return [f for f in check(item) if f.code == "TEAM_NAME_SUFFIX"]


@pytest.mark.parametrize("team", ["质检组第二分队", "维修班联络处", "总装工段办公会", "检测室外场"])
def test_a_formal_ending_in_the_middle_of_the_name_does_not_pass(team):
    findings = _team_findings(team)
    assert len(findings) == 1 and f"“{team}”" in findings[0].message


@pytest.mark.parametrize("team", ["质检组", "维修二班", "总装工段", "理化检测室"])
def test_the_same_names_cut_at_the_formal_ending_pass(team):
    assert _team_findings(team) == []


def test_the_notice_pattern_is_anchored_at_the_end():
    assert NOTICE.team_pattern.search("质检组") and not NOTICE.team_pattern.search("质检组第二分队")
