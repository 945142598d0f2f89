"""What the reader notices in a readable 典型经验 reaches the report under that file (not only its errors)."""

from __future__ import annotations

import json
from pathlib import Path

from docx_factory import make_docx, para, picture, run

from converters.cli import main

REPO = Path(__file__).resolve().parents[2]
PARTS = ("班组概况", "实施背景", "实施过程", "实施效果")


def test_a_picture_that_cannot_be_published_and_tracked_changes_are_reported(tmp_path):
    folder = tmp_path / "inbox" / "南京市质量协会"
    folder.mkdir(parents=True)
    body = para(run("运用PDCA循环提升焊接一次合格率的实践"))
    for number, part in zip("一二三四", PARTS):
        body += para(run(f"{number}、{part}"), ppr="<w:pStyle w:val='Heading1'/>")
        body += para(run(f"焊接一班{part}：班组围绕顾客需求开展质量改进活动。"))
    body += para(picture("rIdGone", descr="现场照片"))  # its part is missing from the package
    body += "<w:p><w:ins w:id='1' w:author='审核人'><w:r><w:t>补充的一句。</w:t></w:r></w:ins></w:p>"
    make_docx(folder, body, name="附件1.docx", rels=[("rIdGone", "image", "media/image1.png", False)])
    report = tmp_path / "report.json"
    code = main(["--config", str(REPO / "showcase.yml"), "convert", str(tmp_path / "inbox"),
                 "--out", str(tmp_path / "content"), "--report", str(report), "--no-cache"])
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    [entry] = data["experiences"]
    codes = {f["code"]: f for f in entry["findings"]}
    assert entry["status"] == "published"
    assert "DOCX_IMAGE_MISSING" in codes and codes["DOCX_IMAGE_MISSING"]["file"].endswith("附件1.docx")
    assert "DOCX_HAS_REVISIONS" in codes
