"""PII scan of published text: contact data and identifiers found, masked; ordinary numbers ignored."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converters.model import Severity
from converters.check.pii import credit_code_valid, id_number_valid, mask, scan_text, scan_tree

# GB 11643 / GB 32100 specimen values with valid check characters (not real people or firms).
VALID_ID = "11010519491231002X"
VALID_USCC = "91350100M000100Y43"


def _codes(text: str) -> list[str]:
    return [f.code for f in scan_text(text, "a.md")]


@pytest.mark.parametrize(
    ("text", "code", "shown"),
    [
        ("联系人手机13800000101。", "PII_MOBILE", "138****0101"),
        ("手机：138-0000-0101", "PII_MOBILE", "138****0101"),
        ("电话 +86 139 0000 0202", "PII_MOBILE", "139****0202"),
        ("手机１５０００００１２３４", "PII_MOBILE", "150****1234"),
        ("座机025-84561234", "PII_LANDLINE", "025-******34"),
        ("电话（0512）68881234转801", "PII_LANDLINE", "0512-******34"),
        ("电话010-62345678.", "PII_LANDLINE", "010-******78"),
        (f"身份证号{VALID_ID}", "PII_ID_NUMBER", "11**************2X"),
        (f"统一社会信用代码：{VALID_USCC}", "PII_CREDIT_CODE", "91**************43"),
        ("邮箱 zhang.san@example.com.cn", "PII_EMAIL", "z***@example.com.cn"),
    ],
)
def test_contact_data_is_found_and_masked(text, code, shown):
    findings = scan_text(text, "content/experiences/2025-001/index.md")
    assert [f.code for f in findings] == [code]
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert shown in finding.message
    assert finding.file == "content/experiences/2025-001/index.md"
    assert finding.location == "第 1 行"


def test_message_never_contains_the_full_value():
    text = f"13800000101 025-84561234 {VALID_ID} {VALID_USCC} zhang.san@example.com"
    messages = " ".join(f.message for f in scan_text(text, "a.md"))
    for secret in ("13800000101", "84561234", VALID_ID, VALID_USCC, "zhang.san"):
        assert secret not in messages


@pytest.mark.parametrize(
    "text",
    [
        "截至20250630，合格率达到98.5%。",  # date
        "节约成本13800000元，约1380万元。",  # amounts
        "210000",  # a postcode without its 邮编 label is not flagged
        "依据GB/T 4754-2017和GB/T 19001-2016、ISO 9001:2015、T/CAQ 10204-2024。",  # standard numbers
        "2024年至2025年共开展12次活动，编号2025-0630。",  # years
        "订单号2138000001012与工单13800000101234",  # mobile-like digits inside longer runs
        "产品批号0251234567890123",  # landline-like digits inside a longer run
        "110105194912310021",  # ID-shaped number with a wrong check digit
        "110105194913310020",  # ID-shaped number with an impossible month
        "91350100M000100Y44",  # USCC-shaped code with a wrong check character
        "图标 logo@2x.png 与 icon@3x.svg",  # file names with @
        "版本1.13800000101",  # part of a decimal
    ],
)
def test_ordinary_numbers_are_not_flagged(text):
    assert _codes(text) == []


def test_each_value_is_reported_once_per_line_with_line_numbers():
    findings = scan_text("第一行\n13800000101、13800000101\n\n13800000101", "a.md")
    assert [f.location for f in findings] == ["第 2 行", "第 4 行"]


def test_valid_id_is_not_also_reported_as_credit_code():
    assert _codes(VALID_ID) == ["PII_ID_NUMBER"]


def test_check_digit_validators():
    assert id_number_valid(VALID_ID) and id_number_valid(VALID_ID.lower())
    assert not id_number_valid(VALID_ID[:-1] + "1")
    assert credit_code_valid(VALID_USCC)
    assert not credit_code_valid(VALID_USCC.replace("M", "I"))  # I is not in the GB 32100 charset


def test_mask_keeps_ends_and_hides_middle():
    assert mask("13800000101", 3, 4) == "138****0101"
    assert mask("1234", 3, 4) == "****"


def test_scan_tree_reads_text_suffixes_and_skips_vendored_code(tmp_path):
    (tmp_path / "experiences" / "2025-001").mkdir(parents=True)
    (tmp_path / "experiences" / "2025-001" / "index.md").write_text("电话13800000101", encoding="utf-8")
    (tmp_path / "catalog.json").write_text('{"phone": "025-84561234"}', encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"13800000101")
    vendored = tmp_path / "assets" / "javascripts" / "lunr"
    vendored.mkdir(parents=True)
    library = "// taku@chasen.org 13800000101"
    (vendored / "tinyseg.js").write_text(library, encoding="utf-8")
    shipped = frozenset({hashlib.sha256(library.encode()).hexdigest()})  # as the theme package ships it
    findings = scan_tree(tmp_path, vendored=shipped)
    assert sorted((f.code, f.file) for f in findings) == [
        ("PII_LANDLINE", str(tmp_path / "catalog.json")),
        ("PII_MOBILE", str(tmp_path / "experiences" / "2025-001" / "index.md")),
    ]
    assert len(scan_tree(tmp_path, suffixes=(".md",), vendored=shipped)) == 1
    assert len(scan_tree(tmp_path)) == 4  # not verified as the theme's own: scanned
    assert len(scan_tree(tmp_path, skip=("assets/*",))) == 2


def test_scan_tree_of_missing_directory_is_an_error_finding(tmp_path):
    findings = scan_tree(tmp_path / "nope")
    assert [(f.code, f.severity) for f in findings] == [("PII_SCAN_FAILED", Severity.ERROR)]


@given(st.text(alphabet=st.sampled_from("0123456789-+() @.abcXMY中，\n"), max_size=120))
def test_scan_text_never_raises_and_never_shows_eleven_digit_runs(text):
    for finding in scan_text(text, "a.md"):
        assert not re.search(r"\d{11}", finding.message)


def test_scan_tree_reads_file_names_and_every_text_file(tmp_path):
    (tmp_path / "experiences" / "a").mkdir(parents=True)
    (tmp_path / "experiences" / "a" / "联系人_13800000101.png").write_bytes(b"\x89PNG\r\n\x1a\n\0")
    (tmp_path / "theme.css").write_text("/* 联系 025-84561234 */", encoding="utf-8")
    (tmp_path / "icon.svg").write_text("<svg><title>zhang.san@example.com</title></svg>", encoding="utf-8")
    (tmp_path / "blob.dat").write_bytes(b"\0\x0113800000101")
    findings = scan_tree(tmp_path)
    assert sorted((f.code, Path(f.file).name, f.location) for f in findings) == [
        ("PII_EMAIL", "icon.svg", "第 1 行"),
        ("PII_LANDLINE", "theme.css", "第 1 行"),
        ("PII_MOBILE", "联系人_13800000101.png", "文件名"),
    ]
