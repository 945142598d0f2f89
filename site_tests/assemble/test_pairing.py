"""Pairing 典型经验 ↔ 申报表 ↔ 汇总表 row, recommender, acceptance (review column or accepted list)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from converters.intake import InputFile
from converters.names import loose_key as normalise_name
from converters.model import Cell, Document, Heading, Paragraph, Row, Severity, Table, Text
from converters.assemble.pairing import pair
from converters.assemble.structure import experience_title
from converters.read.accepted import AcceptedListError, load_accepted, read_accepted, review_accepts

FAKE_MOBILE = "13912345678"
FAKE_EMAIL = "wangwu@example.com"
FAKE_CODE = "91320100MA1ABCDE2X"


def para(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def experience_doc(title: str, *, head: tuple[str, ...] = ()) -> Document:
    blocks = [para("附件1"), para("质量信得过班组建设典型经验"), *map(para, head), para(title)]
    for part in ("一、班组概况", "二、实施背景", "三、实施过程", "四、实施效果"):
        blocks += [Heading(1, (Text(part),)), para("正文。")]
    return Document(tuple(blocks))


def form_doc(title: str, team: str, org: str = "示例公司", recommender: str = "") -> Document:
    def row(*texts):
        return Row(tuple(Cell((para(t),)) for t in texts))

    header = (para(f"推荐地市、行业质协：{recommender}（盖章）"),) if recommender else ()
    return Document((*header, Table((
        row("组织名称", org, "班组名称", team),
        row("经验名称", title, "统一社会信用代码", FAKE_CODE),
        row("手机", FAKE_MOBILE, "电子邮箱", FAKE_EMAIL),
    ))))


def exp_file(source: str, title: str, group: str = "南京市质量协会", **kw) -> InputFile:
    folder = source.rsplit("/", 1)[0] if "/" in source else ""
    return InputFile(source, None, "experience", group, folder, experience_doc(title, **kw), ())


def form_file(source: str, title: str, team: str = "一班", group: str = "南京市质量协会", **kw) -> InputFile:
    folder = source.rsplit("/", 1)[0] if "/" in source else ""
    return InputFile(source, None, "form", group, folder, form_doc(title, team, **kw), ())


def summary_file(tmp_path: Path, source: str, rows: list[list], group: str = "南京市质量协会",
                 header=("推荐单位", "组织名称", "班组名称", "经验名称", "联系电话", "评审结果")) -> InputFile:
    wb = openpyxl.Workbook()
    wb.active.append(list(header))
    for r in rows:
        wb.active.append(r)
    path = tmp_path / f"{abs(hash(source))}.xlsx"
    wb.save(path)
    return InputFile(source, path, "summary", group, group, None, ())


def by_exp(subs) -> dict:
    return {s.experience.source: s for s in subs}


def codes(findings) -> list[str]:
    return [f.code for f in findings]


# ---------------------------------------------------------------- titles


def test_experience_title_from_the_paragraph_above_the_parts():
    assert experience_title(experience_doc("运用QC工具降低漏检率的实践")) == "运用QC工具降低漏检率的实践"


def test_experience_title_from_a_labelled_line_or_a_name_heading():
    labelled = Document((para("经验名称：推行6S管理的经验"), Heading(1, (Text("一、班组概况"),))))
    assert experience_title(labelled) == "推行6S管理的经验"
    headed = Document((Heading(1, (Text("一、经验名称"),)), para("《运用PDCA提升合格率的实践》"),
                       Heading(1, (Text("二、班组概况"),))))
    assert experience_title(headed) == "运用PDCA提升合格率的实践"


def test_experience_title_skips_name_lines_above_it():
    doc = experience_doc("运用A法的实践", head=("组织名称：示例公司", "班组名称：一班"))
    assert experience_title(doc) == "运用A法的实践"


def test_names_are_normalised_for_comparison():
    assert normalise_name("运用“QC”工具（一）的 实践") == normalise_name('运用"QC"工具(一)的实践')
    assert normalise_name("ＰＤＣＡ") == "pdca"


# ---------------------------------------------------------------- pairing


def test_one_experience_and_one_form_in_a_folder_are_paired_even_with_different_titles():
    files = [exp_file("南京/一班/附件1.docx", "运用A法的实践"), form_file("南京/一班/附件2.docx", "运用A方法的实践")]
    subs, findings = pair(files)
    assert subs[0].form_file.source == "南京/一班/附件2.docx"
    assert subs[0].form.values["title"] == "运用A方法的实践"
    assert "FORM_UNPAIRED" not in codes(findings)


def test_forms_in_one_folder_are_paired_by_normalised_title():
    files = [
        exp_file("南京/附件1-甲.docx", "运用“A法”提升质量的实践"),
        exp_file("南京/附件1-乙.docx", "推行B法的经验"),
        form_file("南京/附件2-乙.docx", "推行 B法的经验", team="二班"),
        form_file("南京/附件2-甲.docx", '运用"A法"提升质量的实践'),
    ]
    subs = by_exp(pair(files)[0])
    assert subs["南京/附件1-甲.docx"].form_file.source == "南京/附件2-甲.docx"
    assert subs["南京/附件1-乙.docx"].form_file.source == "南京/附件2-乙.docx"


def test_forms_in_other_folders_are_paired_by_title():
    files = [exp_file("南京/经验/甲.docx", "运用A法的实践"), exp_file("南京/经验/乙.docx", "推行B法的经验"),
             form_file("南京/申报表/1.docx", "推行B法的经验"), form_file("南京/申报表/2.docx", "运用A法的实践")]
    subs = by_exp(pair(files)[0])
    assert subs["南京/经验/甲.docx"].form_file.source == "南京/申报表/2.docx"
    assert subs["南京/经验/乙.docx"].form_file.source == "南京/申报表/1.docx"


def test_team_name_pairs_when_titles_differ():
    files = [exp_file("南京/经验/甲.docx", "运用A法的实践", head=("班组名称：质检一班",)),
             exp_file("南京/经验/乙.docx", "推行B法的经验", head=("班组名称：装配二班",)),
             form_file("南京/表/1.docx", "完全不同的名称", team="装配二班"),
             form_file("南京/表/2.docx", "另一个名称", team="质检一班")]
    subs = by_exp(pair(files)[0])
    assert subs["南京/经验/甲.docx"].form_file.source == "南京/表/2.docx"
    assert subs["南京/经验/乙.docx"].form_file.source == "南京/表/1.docx"


def test_missing_and_orphan_forms_are_reported():
    files = [exp_file("南京/一班/附件1.docx", "运用A法的实践"), form_file("南京/二班/附件2.docx", "毫不相干的经验名称")]
    files.append(exp_file("南京/三班/附件1.docx", "推行C法的经验"))
    subs, findings = pair(files)
    assert len(subs) == 2
    for sub in subs:
        assert "FORM_MISSING" in codes(sub.findings)
        missing = next(f for f in sub.findings if f.code == "FORM_MISSING")
        assert missing.severity is Severity.WARNING and missing.file == sub.experience.source
    orphan = [f for f in findings if f.code == "FORM_UNPAIRED"]
    assert [f.file for f in orphan] == ["南京/二班/附件2.docx"]


def test_summary_rows_are_paired_by_title_and_orphans_reported(tmp_path: Path):
    files = [
        exp_file("南京/一班/附件1.docx", "运用A法的实践"), form_file("南京/一班/附件2.docx", "运用A法的实践"),
        summary_file(tmp_path, "南京/汇总表.xlsx", [
            ["南京市质协", "示例公司", "一班", "运用 A法的实践", FAKE_MOBILE, "入选"],
            ["南京市质协", "别的公司", "九班", "没有对应文件的经验", FAKE_MOBILE, "入选"],
        ]),
    ]
    subs, findings = pair(files)
    assert subs[0].summary.source == "南京/汇总表.xlsx#第2行"
    orphan = [f for f in findings if f.code == "SUMMARY_ROW_UNPAIRED"]
    assert [(f.file, f.location) for f in orphan] == [("南京/汇总表.xlsx", "第3行")]


def test_recommender_prefers_form_header_then_summary_then_group(tmp_path: Path):
    files = [
        exp_file("南京/一班/附件1.docx", "运用A法的实践"),
        form_file("南京/一班/附件2.docx", "运用A法的实践", recommender="南京市质量协会"),
        exp_file("南京/二班/附件1.docx", "推行B法的经验"),
        exp_file("南京/三班/附件1.docx", "推行C法的经验"),
        summary_file(tmp_path, "南京/汇总表.xlsx", [["南京市质协（汇总）", "示例公司", "二班", "推行B法的经验", "", ""]]),
    ]
    subs = by_exp(pair(files)[0])
    assert subs["南京/一班/附件1.docx"].recommender == "南京市质量协会"
    assert subs["南京/二班/附件1.docx"].recommender == "南京市质协（汇总）"
    assert subs["南京/三班/附件1.docx"].recommender == "南京市质量协会"  # the group name


def test_contact_data_never_reaches_a_submission(tmp_path: Path):
    files = [exp_file("南京/一班/附件1.docx", "运用A法的实践"), form_file("南京/一班/附件2.docx", "运用A法的实践"),
             summary_file(tmp_path, "南京/汇总表.xlsx", [["南京", "示例公司", "一班", "运用A法的实践", FAKE_MOBILE, ""]])]
    subs, findings = pair(files)
    text = "\n".join([*subs[0].form.values.values(), *subs[0].summary.values.values(),
                      *(f.message for f in (*findings, *subs[0].findings))])
    for secret in (FAKE_MOBILE, FAKE_EMAIL, FAKE_CODE):
        assert secret not in text


# ---------------------------------------------------------------- acceptance


@pytest.mark.parametrize("text, expected", [
    ("入选", True), ("通过", True), ("是", True), ("未入选", False), ("不通过", False), ("否", False), ("", None),
])
def test_review_text_decides_acceptance(text: str, expected):
    assert review_accepts(text) is expected


def test_rejected_summary_row_drops_the_submission_with_info(tmp_path: Path):
    files = [
        exp_file("南京/一班/附件1.docx", "运用A法的实践"), form_file("南京/一班/附件2.docx", "运用A法的实践"),
        exp_file("南京/二班/附件1.docx", "推行B法的经验"), form_file("南京/二班/附件2.docx", "推行B法的经验"),
        summary_file(tmp_path, "南京/汇总表.xlsx", [["南京", "示例公司", "一班", "运用A法的实践", "", "入选"],
                                                   ["南京", "示例公司", "一班", "推行B法的经验", "", "未入选"]]),
    ]
    subs, findings = pair(files)
    assert [s.experience.source for s in subs] == ["南京/一班/附件1.docx"]
    rejected = [f for f in findings if f.code == "NOT_ACCEPTED"]
    assert [(f.file, f.severity) for f in rejected] == [("南京/二班/附件1.docx", Severity.INFO)]
    assert "FORM_UNPAIRED" not in codes(findings) and "SUMMARY_ROW_UNPAIRED" not in codes(findings)


def accepted_xlsx(path: Path, titles: list[str]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["入选名单"])
    wb.active.append(["序号", "经验名称", "班组名称"])
    for n, t in enumerate(titles, 1):
        wb.active.append([n, t, "x"])
    wb.save(path)
    return path


def test_accepted_list_decides_instead_of_the_review_column(tmp_path: Path):
    files = [
        exp_file("南京/一班/附件1.docx", "运用A法的实践"), exp_file("南京/二班/附件1.docx", "推行B法的经验"),
        summary_file(tmp_path, "南京/汇总表.xlsx", [["南京", "示例公司", "一班", "运用A法的实践", "", "未入选"]]),
    ]
    listed = accepted_xlsx(tmp_path / "入选.xlsx", ["运用 A法的实践", "不存在的经验"])
    subs, findings = pair(files, accepted=listed)
    assert [s.experience.source for s in subs] == ["南京/一班/附件1.docx"]
    assert [f.file for f in findings if f.code == "NOT_ACCEPTED"] == ["南京/二班/附件1.docx"]
    assert any(f.code == "ACCEPTED_NOT_FOUND" and "不存在的经验" in f.message for f in findings)
    subs, _ = pair(files, accepted={"推行B法的经验"})
    assert [s.experience.source for s in subs] == ["南京/二班/附件1.docx"]


def test_accepted_lists_in_csv_yaml_and_text(tmp_path: Path):
    (tmp_path / "a.csv").write_bytes("序号,经验名称\n1,运用A法的实践\n2,推行“B法”的经验\n".encode("gb18030"))
    (tmp_path / "a.yml").write_text("accepted:\n  - 运用A法的实践\n  - 推行“B法”的经验\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("运用A法的实践\n推行“B法”的经验\n", encoding="utf-8")
    expected = {normalise_name("运用A法的实践"), normalise_name("推行B法的经验")}
    for name in ("a.csv", "a.yml", "a.txt"):
        assert load_accepted(tmp_path / name) == expected


def test_unreadable_accepted_list_is_an_error_and_rejects_nothing(tmp_path: Path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a workbook")
    titles, found = read_accepted(bad)
    assert titles == set() and found[0].severity is Severity.ERROR and "坏.xlsx" in found[0].message
    with pytest.raises(AcceptedListError):
        load_accepted(bad)
    subs, findings = pair([exp_file("南京/一班/附件1.docx", "运用A法的实践")], accepted=bad)
    assert len(subs) == 1 and "ACCEPTED_UNREADABLE" in codes(findings)


def test_form_table_inside_the_experience_document_is_used():
    exp = experience_doc("运用A法的实践")
    table = form_doc("运用A法的实践", "质检一班").blocks[-1]
    doc = Document((table, *exp.blocks))
    files = [InputFile("南京/一班/附件1.docx", None, "experience", "南京", "南京/一班", doc, ())]
    subs, _ = pair(files)
    assert subs[0].form.values["team"] == "质检一班" and subs[0].form_file is None
    assert "FORM_IN_EXPERIENCE" in codes(subs[0].findings) and "FORM_MISSING" not in codes(subs[0].findings)
    assert FAKE_MOBILE not in "".join(subs[0].form.values.values())
