"""Finding classes (data/findings.yml): which findings block publication under --strict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from converters.check.classes import FINDINGS_PATH, blocks, finding_class, load_classes
from converters.datafiles import DataFileError
from converters.model import error, info, warning

CONVERTERS = Path(__file__).resolve().parents[2] / "converters"
# error("CODE", …), warning("CODE", …), info("CODE", …), Finding("CODE", …) and code constants
EMITTED = re.compile(r"""\b(?:error|warning|info|Finding)\(\s*["']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)["']""")


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in CONVERTERS.rglob("*.py"):
        codes |= set(EMITTED.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_code_the_converter_emits_is_listed_with_a_class():
    listed = load_classes().codes
    missing = sorted(emitted_codes() - set(listed))
    assert not missing, f"findings.yml 中缺少这些规则代码的分类：{missing}"


def test_the_scanner_s_codes_are_privacy():
    for code in ("PII_MOBILE", "PII_LANDLINE", "PII_EMAIL", "PII_ID_NUMBER", "PII_CREDIT_CODE", "PII_IN_FIELD"):
        assert finding_class(warning(code, "x")).id == "privacy"


def test_notes_never_block_and_the_other_classes_do():
    assert not blocks(info("LEGACY_CONVERTED", "x"))
    assert not blocks(warning("PREAMBLE_CONTENT", "x"))
    assert blocks(warning("PART_TOO_LONG", "x"))
    assert blocks(error("DOCX_CORRUPT", "x"))


def test_an_unlisted_code_falls_back_on_its_severity():
    assert finding_class(error("SOMETHING_NEW", "x")).id == "broken"
    assert finding_class(warning("SOMETHING_NEW", "x")).id == "rule"
    assert finding_class(info("SOMETHING_NEW", "x")).id == "note"


def test_a_code_listed_in_two_classes_is_an_error(tmp_path):
    broken = tmp_path / "findings.yml"
    text = FINDINGS_PATH.read_text(encoding="utf-8").replace("  privacy: [PII_MOBILE,", "  privacy: [TITLE_PATTERN, PII_MOBILE,")
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="TITLE_PATTERN 同时列在"):
        load_classes(broken)


def test_the_readme_lists_every_code_under_its_class():
    readme = (CONVERTERS.parent / "README.md").read_text(encoding="utf-8")
    classes = load_classes()
    for cid, klass in classes.classes.items():
        row = next((line for line in readme.splitlines() if line.startswith(f"| {klass.name}（`{cid}`）")), None)
        assert row is not None, f"README 缺少“{klass.name}”一行"
        listed = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row))
        expected = {code for code, c in classes.codes.items() if c == cid}
        assert listed == expected, f"README 中“{klass.name}”一行与 findings.yml 不一致：{sorted(listed ^ expected)}"


def test_every_classified_code_is_exercised_by_some_test():
    tests_dir = CONVERTERS.parent / "site_tests"
    text = "\n".join(p.read_text(encoding="utf-8") for p in tests_dir.rglob("*.py") if p.name != "test_classes.py")
    text += "\n".join(p.read_text(encoding="utf-8") for p in (tests_dir / "golden").glob("*.findings.json"))
    untested = sorted(code for code in load_classes().codes if code not in text)
    assert not untested, f"这些规则代码没有任何测试：{untested}"
