"""The scanner of published pages: an address, a postcode and a contact person that an editor
typed into a generated page after conversion are found by the next conversion, masked in the
report, and stop a --strict run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import submissions
from converters.check.classes import blocks
from converters.check.pii import scan_tree
from converters.cli import main
from converters.model import Severity

GROUP = "苏州市质量协会"
TITLE = "运用QC工具降低漏检率的实践"
TEAM = "质量部质检一班"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ADDED = "欢迎同行交流，联系人：王小明，来信寄至苏州市吴中区东吴北路101号2单元，邮编：215000。"
RAW = ("王小明", "东吴北路101号", "215000")


def _convert(root: Path, inbox: Path, *extra: str) -> tuple[int, dict]:
    config = root / "showcase.yml"
    config.write_text("association: 示例协会\nyear: 2025\n", encoding="utf-8")
    code = main(["--config", str(config), "convert", str(inbox), "--out", str(root / "content"),
                 "--report", str(root / "report.json"), "--no-cache", *extra])
    return code, json.loads((root / "report.json").read_text(encoding="utf-8"))


def test_contact_details_added_to_a_generated_page_by_hand_are_found_and_masked(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    submissions.write_experience(inbox / GROUP / "质检一班" / "附件1.docx", TITLE, TEAM)
    submissions.write_form(inbox / GROUP / "质检一班" / "附件2.docx", TITLE, TEAM, recommender=GROUP)
    assert _convert(tmp_path, inbox)[0] == 0
    [page] = sorted((tmp_path / "content" / "experiences").glob("*/index.md"))
    page.write_text(page.read_text(encoding="utf-8") + f"\n{ADDED}\n", encoding="utf-8")

    code, report = _convert(tmp_path, inbox, "--strict")
    found = {f["code"]: f for f in report["findings"] if f["code"].startswith("PII_")}
    assert set(found) == {"PII_ADDRESS", "PII_POSTCODE", "PII_CONTACT_PERSON"}, report["findings"]
    for f in found.values():
        assert f["severity"] == Severity.WARNING.value and f["file"] == str(page)
        assert CHINESE.search(f["message"]) and f["location"].startswith("第 ")
        assert not any(raw in f["message"] for raw in RAW), f["message"]  # the report is shared too
    assert "地址" in found["PII_ADDRESS"]["message"] and "邮政编码" in found["PII_POSTCODE"]["message"]
    assert "联系人姓名" in found["PII_CONTACT_PERSON"]["message"]
    assert code == 1  # privacy blocks a strict run
    assert "HAND_EDIT_KEPT" in [f["code"] for f in report["findings"]]


def test_each_kind_is_its_own_privacy_finding_in_a_scanned_site_folder(tmp_path):
    site = tmp_path / "site" / "experiences" / "2025-001"
    site.mkdir(parents=True)
    (site / "index.html").write_text(f"<p>{ADDED}</p>\n", encoding="utf-8")
    findings = scan_tree(tmp_path / "site")
    assert sorted(f.code for f in findings) == ["PII_ADDRESS", "PII_CONTACT_PERSON", "PII_POSTCODE"]
    assert all(f.severity is Severity.WARNING and blocks(f) and f.file == str(site / "index.html") for f in findings)
