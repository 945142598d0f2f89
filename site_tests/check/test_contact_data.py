"""data/contact.yml: every written form it lists is found and hidden, every ordinary number stays as it is.

The examples are the data file's own (`found` per kind, `quiet`): adding a written form there adds a
test case here. The same file feeds the form reader's guard, the redactor and the page scanner.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from converters import cli
from converters.check.pii import CONTACT_FILE, _parse_contact, find_contacts, load_contact_rules, looks_like_contact, scan_text
from converters.check.redact import REDACTED, _Redactor
from converters.datafiles import DATA_DIR, DataFileError

RULES = load_contact_rules()
FOUND = [pytest.param(kind, text, id=f"{kind.id}:{text}") for kind in RULES.kinds for text in kind.found]

@pytest.mark.parametrize(("kind", "text"), FOUND)
def test_every_written_form_is_found_hidden_and_reported_masked(kind, text):
    found = find_contacts(text)
    assert kind.code in [c.code for c in found], text
    hidden = [text[c.start:c.end] for c in found]
    redacted = _Redactor("a.docx").text(text, "正文")
    assert REDACTED in redacted
    for value in hidden:
        assert value not in redacted
    findings = scan_text(text, "a.md")
    assert kind.code in [f.code for f in findings]
    for value in hidden:
        assert value not in " ".join(f.message for f in findings)
    assert looks_like_contact(text)  # the form reader drops a field holding it

@pytest.mark.parametrize("text", RULES.quiet)
def test_ordinary_numbers_stay_untouched(text):
    assert find_contacts(text) == []
    assert scan_text(text, "a.md") == []
    assert _Redactor("a.docx").text(text, "正文") == text

def test_every_kind_has_examples_and_the_list_covers_what_the_notice_forbids():
    ids = {kind.id for kind in RULES.kinds}
    assert {"mobile", "landline", "email", "id_number", "id_labelled", "credit_code", "credit_labelled", "address",
            "postcode", "contact_person"} <= ids
    assert all(kind.found for kind in RULES.kinds)

def test_redaction_keeps_the_text_around_the_value():
    text = "班组长电话(025) 8456-1234转88，邮编：210000，欢迎交流。"
    assert _Redactor("a.docx").text(text, "正文") == f"班组长电话{REDACTED}，邮编：{REDACTED}，欢迎交流。"

def _copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "contact.yml"
    text = CONTACT_FILE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path

def test_a_bad_pattern_is_a_data_file_error_naming_the_kind(tmp_path):
    path = _copy(tmp_path, "(?:邮编|邮政编码)", "(?:邮编|邮政编码")
    with pytest.raises(DataFileError, match="kinds.postcode 第 1 条正则表达式有误"):
        _parse_contact(path)

def test_unknown_check_and_missing_group_are_errors(tmp_path):
    path = _copy(tmp_path, "check: id_number", "check: luhn")
    with pytest.raises(DataFileError, match="kinds.id_number 的 check “luhn”未知"):
        _parse_contact(path)
    path = _copy(tmp_path, r"(?:邮编|邮政编码)[:： ]*(\d{6})", r"(?:邮编|邮政编码)[:： ]*\d{6}")
    with pytest.raises(DataFileError, match="缺少第 1 组"):
        _parse_contact(path)

def test_showcase_check_reports_a_broken_contact_file(tmp_path, capsys):
    (tmp_path / "showcase.yml").write_text("site_title: 测试站\nyear: 2025\n", encoding="utf-8")
    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "contact.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("check: email", "check: 邮箱", 1), encoding="utf-8")
    code = cli.main(["--config", str(tmp_path / "showcase.yml"), "check", "--data", str(tmp_path / "data")])
    out = capsys.readouterr().out
    assert code == 1
    assert f"错误：{path}：kinds.email 的 check “邮箱”未知" in out
