"""Building one Experience: a stable slug, which source wins for each field, what is published."""

from __future__ import annotations

from converters.assemble.experience import build_experience, make_slug, rule_input
from converters.assemble.pairing import Submission
from converters.assemble.structure import split_parts
from converters.intake import InputFile
from converters.model import Document, FieldValues, Heading, Paragraph, Text


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def document(title: str, *head: str) -> Document:
    blocks = [para(title), *map(para, head)]
    for part in ("一、班组概况", "二、实施背景", "三、实施过程", "四、实施效果"):
        blocks += [Heading(1, (Text(part),)), para(f"{part[2:]}的正文。")]
    return Document(tuple(blocks))


def submission(doc: Document, form: dict[str, str] | None, summary: dict[str, str] | None) -> Submission:
    file = InputFile("南京/一班/附件1.docx", None, "experience", "南京", "南京/一班", doc, ())
    return Submission(
        experience=file,
        form=FieldValues(form, "南京/一班/附件2.docx") if form is not None else None,
        form_file=None,
        summary=FieldValues(summary, "南京/汇总表.xlsx#行2") if summary is not None else None,
        recommender="南京市质协",
        findings=(),
    )


def build(doc: Document, form=None, summary=None, tmp_path=None):
    sub = submission(doc, form, summary)
    st = split_parts(doc, sub.experience.source)
    return build_experience(sub, doc, st, year=2025, overrides={}, workdir=tmp_path)


def test_slug_is_pinned_and_ignores_width_and_spacing():
    # Published addresses and QR codes depend on this exact value.
    assert make_slug(2025, "运用QC工具降低漏检率的实践", "质检一班") == "2025-7419885c"
    assert make_slug(2025, "运用ＱＣ工具 降低漏检率的实践", " 质检一班") == "2025-7419885c"
    assert make_slug(2026, "运用QC工具降低漏检率的实践", "质检一班") == "2026-7419885c"
    assert make_slug(2025, "运用QC工具降低漏检率的实践", "质检二班") != "2025-7419885c"


def test_form_beats_summary_and_both_beat_the_documents_name_lines(tmp_path):
    doc = document("运用QC工具降低漏检率的实践", "组织名称：文中公司　班组名称：文中班组")
    exp, findings = build(doc, form={"team": "表中班组"}, summary={"team": "汇总班组", "organization": "汇总公司"},
                          tmp_path=tmp_path)
    assert (exp.team, exp.organization) == ("表中班组", "汇总公司")
    assert exp.slug == make_slug(2025, "运用QC工具降低漏检率的实践", "表中班组")
    alone, _ = build(doc, tmp_path=tmp_path)
    assert (alone.team, alone.organization) == ("文中班组", "文中公司")
    assert findings == []


def test_the_documents_title_beats_the_forms(tmp_path):
    exp, _ = build(document("运用QC工具降低漏检率的实践"), form={"title": "表中的名称"}, tmp_path=tmp_path)
    assert exp.title == "运用QC工具降低漏检率的实践"


def test_published_fields_are_labelled_in_fields_order_and_names_stay_out(tmp_path):
    form = {"satisfaction": "98.5", "team_size": "12", "organization": "甲公司", "title": "某经验", "review": "入选"}
    exp, _ = build(document("运用QC工具降低漏检率的实践"), form=form, summary={"team_size": "10"}, tmp_path=tmp_path)
    assert [(m["id"], m["value"], m["unit"]) for m in exp.metrics] == [("satisfaction", "98.5", "%")]
    assert [(f["id"], f["value"]) for f in exp.facts] == [("team_size", "12")]
    assert exp.facts[0]["label"] and exp.metrics[0]["label"]


def test_rule_input_takes_names_from_the_form_then_the_document():
    doc = document("运用QC工具降低漏检率的实践", "班组名称：文中班组")
    sub = submission(doc, {"organization": "表中公司"}, None)
    checked = rule_input(sub, split_parts(doc, sub.experience.source))
    assert (checked.organization, checked.team) == ("表中公司", "文中班组")
    assert checked.form_source == "南京/一班/附件2.docx" and checked.summary_source == ""
    assert set(checked.parts) == {"overview", "background", "process", "results"}
