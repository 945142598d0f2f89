"""Guards that once had no test able to fail (issue 19): an ID ending in a lowercase x, a landline
typed into a published form field, a hand-built policy that switches on never/internal fields."""

from __future__ import annotations

import pytest

from converters.check.pii import looks_like_contact, scan_text
from converters.model import Cell, Document, Paragraph, Row, Table, Text
from converters.read.forms import read_form
from converters.read.policy import Policy, default_policy, publishable

# A valid GB 11643 number whose check character is X, written the way people type it: lowercase.
ID_LOWER_X = "32010219900307101x"


def test_an_id_number_ending_in_lowercase_x_is_reported_masked():
    findings = scan_text(f"身份证号：{ID_LOWER_X}", "p.md")
    assert [(f.code, f.location) for f in findings] == [("PII_ID_NUMBER", "第 1 行")]
    assert "32**************1X" in findings[0].message and ID_LOWER_X not in findings[0].message


def test_an_id_number_ending_in_lowercase_x_is_contact_data_for_the_form_reader():
    assert looks_like_contact(ID_LOWER_X)
    assert looks_like_contact(f"示例公司{ID_LOWER_X}")


@pytest.mark.parametrize("value", ["甲公司 025-84561234", "甲公司(0512)68881234", "总机 010 62345678"])
def test_a_landline_inside_a_field_value_is_contact_data(value):
    assert looks_like_contact(value)


def _form(organization: str) -> Document:
    def cell(text: str) -> Cell:
        return Cell((Paragraph((Text(text),)),))

    rows = [("组织名称（盖章）", organization, "班组名称", "质检一班"),
            ("经验名称", "运用QC工具降低漏检率的实践", "所属行业", "制造业"),
            ("详细通讯地址", "江苏省南京市示例路1号", "邮　　编", "215000"),
            ("主管部门", "苏州市工信局", "直接联系人", "张小三")]
    table = Table(tuple(Row(tuple(cell(t) for t in r)) for r in rows))
    return Document((Paragraph((Text("质量信得过班组建设典型经验申报表"),)), table))


def test_a_landline_typed_into_the_organisation_field_never_reaches_the_values():
    values, findings = read_form(_form("甲公司 025-84561234"), "附件2.docx")
    assert "organization" not in values.values
    assert "025-84561234" not in "\n".join(values.values.values())
    assert values.values["team"] == "质检一班"
    dropped = [f for f in findings if f.code == "PII_IN_FIELD"]
    assert len(dropped) == 1 and "组织名称" in dropped[0].message and "025-84561234" not in dropped[0].message


# never (联系人、地址、邮编 …) and internal (主管部门) fields: a policy cannot switch them on.
FORBIDDEN = {"contact_person": "张小三", "address": "江苏省南京市示例路1号", "postcode": "215000", "authority": "苏州市工信局"}


@pytest.mark.parametrize("field_id", sorted(FORBIDDEN))
def test_publishable_refuses_never_and_internal_fields_even_when_switched_on(field_id):
    spec = default_policy().fields[field_id]
    assert spec.cls in ("never", "internal")
    assert not publishable(Policy(published=frozenset({field_id})), spec)


def test_publishable_follows_the_policy_for_fields_that_may_be_published():
    spec = default_policy().fields["team"]
    assert publishable(Policy(published=frozenset({"team"})), spec)
    assert not publishable(Policy(published=frozenset()), spec)


def test_a_hand_built_policy_switching_on_plain_looking_contact_fields_publishes_none_of_them():
    # These values do not look like phone numbers, so only the field's class keeps them out.
    policy = Policy(published=frozenset({*FORBIDDEN, "team", "organization"}))
    values = read_form(_form("苏州示例精密机械有限公司"), "附件2.docx", policy)[0].values
    assert set(values) == {"team", "organization"}
    leaked = [v for v in FORBIDDEN.values() if v in "\n".join(values.values())]
    assert leaked == []
