"""附件4 推进活动统计表 and 附件5 工作总结 as recommending units send them, made with python-docx.

Two layouts: Word's (统计项目 | 单位 | 数量, ☑/□ typed, the contact line at the bottom) and a
WPS/LibreOffice-like one (序号 column, shorter labels, content-control checkboxes, full-width digits,
"是（√）" marks, an amount in 元). Each returns what the page must show, so tests assert the figures.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml

from submissions import add_table

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Contact data in the 统计表's last rows: none of it may reach content/ or site/.
CONTACT = ("王某某", "李某某", "13912345678", "lisi@example.com", "中山北路100号", "210000",
           "赵某", "0512-68881234", "zhao@example.com", "人民路88号", "215000", "质量处", "质量科")


def _table(doc, rows: list[tuple[str, ...]]):
    table = add_table(doc, rows)
    table.style = doc.styles["Table Grid"]
    return table


def write_campaign_word(path: Path, recommender: str, recommended: int = 2) -> Path:
    """Word's layout. Figures: 35 组织, 420 班组, 5600 人次, 86 累计, `recommended` 推荐, 12 万元, 5.5 万元,
    宣贯培训 是 3 次 260 人, 评委研修 是 1 次 45 人, 班组长研修 否, 发表会 30 报名 24 发表 300 人."""
    doc = Document()
    doc.add_paragraph("附件4")
    doc.add_paragraph("质量信得过班组建设推进活动统计表")
    doc.add_paragraph(f"推荐地市、行业质协：{recommender}（盖章）")
    doc.add_paragraph("统计时间：2024年6月—2025年6月")
    _table(doc, [
        ("统计项目", "单位", "数量"),
        ("本年度开展质量信得过班组建设活动组织数", "个", "35"),
        ("本年度开展质量信得过班组建设活动班组数", "个", "420"),
        ("本年度参与质量信得过班组建设活动员工数", "人次", "5,600"),
        ("历年质量信得过班组建设典型经验累计数", "项", "86"),
        ("本年度推荐质量信得过班组建设典型经验数", "项", str(recommended)),
        ("本年度对质量信得过班组建设推进活动投入费用（培训、交流、规范化等）", "万元", "12万元"),
        ("本年度对质量信得过班组建设活动奖励费用", "万元", "5.5"),
        ("是否组织《准则》宣贯培训", "次", "☑是（3）次  □否"),
        ("培训人数", "人", "260"),
        ("是否组织质量信得过班组评委及骨干研修班", "次", "☑是（1）次  □否"),
        ("研修人数", "人", "45"),
        ("是否组织班组长能力提升研修班", "次", "□是（  ）次  ☑否"),
        ("研修人数", "人", ""),
        ("典型经验评审及交流形式", "", "☑发表评审  □现场评审  ☑与QC小组合开  □单独举办"),
        ("是否组织发表会", "", "☑是  □否"),
        ("发表会报名班组数", "个", "30"),
        ("发表班组数", "个", "24"),
        ("发表会时间", "", "2024年10月18日"),
        ("发表会地点", "", "南京市"),
        ("参会人数", "人", "300"),
        ("归口部门及负责人", "", "质量处 王某某"),
        ("联系人：李某某", "手机", "13912345678"),
        ("邮箱", "", "lisi@example.com"),
        ("通信地址", "", "南京市鼓楼区中山北路100号"),
        ("邮编", "", "210000"),
    ])
    doc.add_paragraph("注：1. 数据来源于企业统计；2. 各地市、行业质协统计时须扣除直属企业数据。")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def _checkbox(paragraph, checked: bool) -> None:
    """A Word 2010 content-control checkbox (w14:checkbox) as WPS and Word insert from the toolbar."""
    glyph = "☒" if checked else "☐"
    paragraph._p.append(parse_xml(
        f'<w:sdt xmlns:w="{WNS}" xmlns:w14="{W14}"><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
        f'</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>'))


def write_campaign_wps(path: Path, recommender: str) -> Path:
    """The WPS/LibreOffice-like layout. Figures: 35 组织, 120 班组, 1200 人次, 40 累计, 3 推荐, 8 万元 (80000元),
    2 万元, 宣贯 是 2 次 150 人, 评委研修 否 (checkbox), 班组长研修 是 2 次 60 人, 发表评审、现场评审,
    发表会 是 with 20 报名 < 25 发表 (a contradiction) and 参会人数 "约200" (not a number)."""
    doc = Document()
    doc.add_paragraph("质量信得过班组建设推进活动统计表")
    doc.add_paragraph(f"推荐地市、行业质协  {recommender}  (盖章)")
    rows = [
        ("序号", "统计项目", "单位", "数量"),
        ("1", "开展活动的组织数量", "个", "３５"),
        ("2", "开展活动班组数量", "个", "120"),
        ("3", "参与活动员工人次", "人次", "1200人次"),
        ("4", "历年典型经验累计数量", "项", "40"),
        ("5", "本年度推荐典型经验数量", "项", "3"),
        ("6", "推进活动投入经费", "元", "80000"),
        ("7", "活动奖励经费", "万元", "2"),
        ("8", "《准则》宣贯培训", "次", "■是（ 2 ）次 □否"),
        ("", "参训人数", "人", "150"),
        ("9", "评委及骨干研修班", "次", ""),
        ("10", "班组长能力提升研修班", "次", "是（√）2次  否（ ）"),
        ("", "研修人数", "人", "60"),
        ("11", "评审交流形式", "", "发表评审、现场评审"),
        ("12", "发表会", "", "☑是 □否"),
        ("", "报名班组数", "个", "20"),
        ("", "发表班组数", "个", "25"),
        ("", "发表时间", "", "2024年11月"),
        ("", "地点", "", "苏州"),
        ("", "参会人数", "人", "约200"),
        ("13", "归口部门", "", "质量科"),
        ("", "负责人", "", "赵某"),
        ("", "联系电话", "", "0512-68881234"),
        ("", "E-mail", "", "zhao@example.com"),
        ("", "通讯地址及邮编", "", "苏州市姑苏区人民路88号 215000"),
    ]
    table = _table(doc, rows)
    cell = table.cell(10, 3).paragraphs[0]  # 评委及骨干研修班: content-control checkboxes, 否 ticked
    _checkbox(cell, False)
    cell.add_run("是（ ）次 ")
    _checkbox(cell, True)
    cell.add_run("否")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def write_work_summary(path: Path, recommender: str) -> Path:
    """附件5 with the three sections; the 推进经验及做法 one carries a phone number to be hidden."""
    doc = Document()
    doc.add_paragraph("附件5")
    doc.add_paragraph("2025年质量信得过班组建设工作总结")
    doc.add_paragraph(f"推荐地市、行业质协：{recommender}（盖章）")
    doc.add_paragraph("一、基本情况")
    doc.add_paragraph("本年度共推荐班组十二个，开展培训三次。")
    doc.add_paragraph("二、推进经验及做法")
    doc.add_paragraph("坚持“以赛促建”，每季度组织班组现场交流<b>互评</b>。")
    doc.add_paragraph("咨询电话 13811112222，欢迎各企业联系。")
    doc.add_paragraph("三、存在问题及改进方向")
    doc.add_paragraph("部分企业基础数据不全，拟加强统计培训。")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
