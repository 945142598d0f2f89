"""Issue 13, done when: a 典型经验 carrying contact data in every place and written form is published by
`showcase build` (default mode) with all of it hidden; content/ and site/ (file names and texts, the
search index included) hold none of it; the report lists every value hidden. Under --strict the
experience is not published.

A real .docx (docx_factory pieces from golden_cases: text boxes, a native chart, a footnote, a picture
whose part name is a name and a number), the real CLI in-process, a real MkDocs build.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from golden_cases import (
    FOOTNOTE_SEPARATORS, GROUP, build_docx, caption, chart_part, chart_run, drawingml_textbox,
    meta, note, note_ref, parts_with_headings, picture_run, simple_table, title, _series, body,
)
from docx_factory import para, run
from PIL import Image

from converters.check.redact import REDACTED
from converters.cli import main

REPO = Path(__file__).resolve().parents[2]
PICTURE_PART = "media/联系人张三_13800000101@example.com.png"

# Every secret as written, and the forms a page could show it in.
SECRETS = (
    "13912345555", "139 1234 5555", "一三九", "1 3 9 1", "139.1234", "8456-1234", "84561234", "8456 1234",
    "zhangsan", "li_si", "wangwu", "210000", "110105194912310021", "91350100M000100Y43",
    "天元中路", "中山北路", "张三", "李四", "王五", "13800000101", "13700001111", "0512", "6888",
)
# What must stay: ordinary numbers next to the contact data.
KEPT = ("GB/T 4754-2017", "T/CAQ 10204-2024", "2025-08-20", "1,200户", "95598", "98.6%", "3100-2250-0113")
MASKED = ("139****5555", "025-******34", "z***@example.com", "l***@example.cn", "21****", "11**************21",
          "91**************43", "江苏省", "中山北", "张****", "李****", "王****", "138****0101", "137****1111",
          "0512-******34", "w***@example.com")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _docx(folder: Path) -> Path:
    defects = chart_part("联系人：王五 各月缺陷数", (
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        + _series(0, "报送邮箱 wangwu@example.com", ("1月", "手机13700001111", "3月"), (5, 3, 1))
        + '<c:axId val="1"/><c:axId val="2"/></c:barChart>'))
    notes = FOOTNOTE_SEPARATORS + note(1, "班组长身份证号：110105194912310021，企业信用代码91350100M000100Y43。")
    content = (
        title("运用QC方法降低客户投诉率的实践")
        + meta("示例供电有限公司", "客户服务中心营业一班")
        + parts_with_headings(
            body(para(run("营业一班共12人，服务1,200户企业客户，客服热线95598全天受理。班组长电话"),
                      run("一三九", '<w:b/>'), run("一二三四五五五五"), run("，备用 139.1234.5555，"),
                      run("或 1 3 9 1 2 3 4 5 5 5 5。"), note_ref(1)),
                 "邮箱 zhangsan[at]example.com，也可写信至江苏省南京市江宁区天元中路126号3栋502室，邮编：210000。"),
            body("依据GB/T 4754-2017和T/CAQ 10204-2024，活动于2025-08-20启动。",
                 caption("表1　联系方式与物料"),
                 simple_table((3000, 3000), ("项目", "内容"),
                              ("座机", "(025) 8456-1234"), ("传真", "0512 6888 1234"),
                              ("物料编码", "3100-2250-0113"), ("邮箱", "li_si（at）example [dot] cn"))),
            body(para(run("班组把服务承诺写在看板上，联系人见文本框。"),
                      drawingml_textbox(21, "联系人：张三，手机 139 1234 5555")),
                 para(picture_run("rIdPic", 31, "图片 1", 952500, 476250, descr="联系人：李四，手机13800000101")),
                 caption("图1　通讯地址：中山北路八号院"),
                 para(chart_run("rIdChart1", 11, "图表 1")), caption("图2　投诉分布")),
            body("一次解决率由90.1%提高到98.6%。"),
        )
    )
    rels = [("rIdPic", "image", PICTURE_PART, False), ("rIdChart1", "chart", "charts/chart1.xml", False)]
    return build_docx(folder, "典型经验", content, rels=rels, footnotes=notes,
                      parts={"word/" + PICTURE_PART: _png(), "word/charts/chart1.xml": defects})


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / GROUP).mkdir(parents=True)
    _docx(inbox / GROUP)
    return inbox


def _leaks(root: Path) -> list[str]:
    """Every secret found in a file's path or text under `root`."""
    leaks = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        text = relative + "\n" + path.read_bytes().decode("utf-8", errors="replace")
        leaks += [f"{relative}：{s}" for s in SECRETS if s in text]
    return leaks


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("privacy")
    inbox = _inbox(root)
    args = ["--config", str(REPO / "showcase.yml"), "build", "--inbox", str(inbox), "--content", str(root / "content"),
            "--site", str(root / "site"), "--report", str(root / "report.json"), "--no-cache", "--year", "2025"]
    code = main(args)
    return root, code, json.loads((root / "report.json").read_text(encoding="utf-8"))


def _findings(report: dict) -> list[dict]:
    found = list(report.get("findings", []))
    for group in ("experiences", "files"):
        for item in report.get(group, []):
            found += item.get("findings", [])
    return found


def test_the_experience_is_published_with_the_contact_data_hidden(built):
    root, code, report = built
    assert code in (0, 1)  # 1: the build has findings to review (the redactions), it is not rejected
    assert [e["status"] for e in report["experiences"]] == ["published"]
    page = next((root / "content" / "experiences").glob("*/index.md")).read_text(encoding="utf-8")
    assert page.count(REDACTED) >= 16
    for kept in KEPT:
        assert kept in page, kept
    assert "营业一班共12人" in page and "一次解决率由90.1%提高到98.6%" in page


@pytest.mark.parametrize("folder", ["content", "site"])
def test_no_contact_data_in_names_or_texts(built, folder):
    root, _code, _report = built
    assert (root / folder).is_dir()
    assert _leaks(root / folder) == []


def test_the_picture_is_published_under_an_anonymous_name(built):
    root, _code, _report = built
    pictures = sorted(p.name for p in (root / "site" / "experiences").rglob("*.png"))
    assert pictures == ["image1.png"]
    html = next((root / "site" / "experiences").glob("*/index.html")).read_text(encoding="utf-8")
    assert 'src="image1.png"' in html or "image1.png" in html


def test_the_search_index_holds_the_redacted_text(built):
    root, _code, _report = built
    # The sharded index: each page's entry is one file of search/d/, the postings are in search/g/.
    index = "".join(p.read_text(encoding="utf-8") for p in sorted((root / "site" / "search").rglob("*.js")))
    assert "联系方式已隐去" in index and "营业一班" in index


def test_the_report_lists_every_redaction_masked(built):
    _root, _code, report = built
    findings = _findings(report)
    redacted = [f for f in findings if f["code"] == "PII_REDACTED"]
    messages = " ".join(f["message"] for f in redacted)
    for masked in MASKED:
        assert masked in messages, masked
    assert all(f["file"].endswith("典型经验.docx") and f["location"] for f in redacted)
    assert {f["location"] for f in redacted} >= {"班组概况", "实施背景", "实施过程", "脚注"}
    for secret in SECRETS:
        if secret != "0512":  # a landline's area code is what its mask shows (0512-******34)
            assert secret not in messages, secret
    # Nothing left for the page scans (content/ and site/) to find.
    assert [(f["code"], f["file"]) for f in findings if f["code"].startswith("PII_") and f["code"] != "PII_REDACTED"] == []


def test_strict_mode_does_not_publish_it(tmp_path):
    inbox = _inbox(tmp_path)
    code = main(["--config", str(REPO / "showcase.yml"), "convert", str(inbox), "--out", str(tmp_path / "content"),
                 "--report", str(tmp_path / "report.json"), "--no-cache", "--year", "2025", "--strict"])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert code == 1
    assert [e["status"] for e in report["experiences"]] == ["rejected"]
    assert not list((tmp_path / "content").glob("experiences/*/index.md"))
