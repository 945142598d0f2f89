"""The report's status of each input file, for the cases the sample inbox does not have (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

from converters.cli import main


def test_a_broken_submission_is_rejected_in_the_report_not_skipped(tmp_path: Path):
    inbox = tmp_path / "inbox" / "南京市质量协会" / "示例一班"
    inbox.mkdir(parents=True)
    (inbox / "附件1.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a ZIP header and nothing after it
    (inbox / "说明.pdf").write_bytes(b"%PDF-1.4\n")
    report = tmp_path / "report.json"
    main(["convert", str(tmp_path / "inbox"), "--out", str(tmp_path / "content"), "--report", str(report)])
    files = {f["source"]: f for f in json.loads(report.read_text(encoding="utf-8"))["files"]}
    broken = files["南京市质量协会/示例一班/附件1.docx"]
    assert (broken["kind"], broken["status"]) == ("broken", "rejected")
    assert broken["findings"] and broken["findings"][0]["severity"] == "error"
    assert files["南京市质量协会/示例一班/说明.pdf"]["status"] == "skipped"
    totals = json.loads(report.read_text(encoding="utf-8"))["totals"]
    assert totals["files_rejected"] == 1 and totals["files_skipped"] == 1
