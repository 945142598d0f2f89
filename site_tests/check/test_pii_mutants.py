"""Exact behaviour of the contact-data scanner (issue 19, mutation testing of converters/check/pii.py):
the check-character validators at their boundaries, masking, the message a reviewer reads, and the
scan of a site folder when a file cannot be read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from converters.check.pii import (
    credit_code_valid,
    find_contacts,
    id_number_valid,
    mask,
    scan_text,
    scan_tree,
)
from converters.model import Severity

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def citizen_id(born: dt.date, serial: str = "123") -> str:
    """A GB 11643 number for `born` with its ISO 7064 MOD 11-2 check character (a specimen)."""
    body = f"110105{born:%Y%m%d}{serial}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]


def credit_code(body: str) -> str:
    """A GB 32100 code: `body` (17 characters) and its MOD 31 check character."""
    total = sum(_USCC.index(c) * w for c, w in zip(body, _USCC_WEIGHTS))
    return body + _USCC[(31 - total % 31) % 31]


# ---------------------------------------------------------------- citizen ID numbers


def test_birth_dates_from_1900_to_today_are_valid():
    today = dt.date.today()
    for born in (dt.date(1900, 1, 1), dt.date(1900, 1, 2), dt.date(1900, 2, 1), dt.date(1901, 1, 1), today):
        assert id_number_valid(citizen_id(born)), born


def test_birth_dates_before_1900_or_after_today_are_not():
    for born in (dt.date(1899, 12, 31), dt.date.today() + dt.timedelta(days=1)):
        assert not id_number_valid(citizen_id(born)), born


def test_the_day_of_birth_is_read_from_both_digits():
    # 1990-02-30 does not exist; a reader of one digit of the day would see 1990-02-0.
    body = "11010519900230123"
    for check in "0123456789X":
        assert not id_number_valid(body + check)
    assert id_number_valid(citizen_id(dt.date(1990, 2, 28)))
    assert not id_number_valid(citizen_id(dt.date(1990, 2, 28))[:12] + "31" + citizen_id(dt.date(1990, 2, 28))[14:])


def test_the_shape_is_seventeen_digits_and_a_check_character():
    good = citizen_id(dt.date(1985, 6, 15))
    assert id_number_valid(good)
    for bad in (good[:-1], good + "1", "A" + good[1:], good[:10] + "-" + good[11:], ""):
        assert not id_number_valid(bad), bad
    x = next(citizen_id(dt.date(1985, 6, 15), f"{n:03d}") for n in range(1000)
             if citizen_id(dt.date(1985, 6, 15), f"{n:03d}").endswith("X"))
    assert id_number_valid(x) and id_number_valid(x.lower())
    assert not id_number_valid(x[:-1] + "Y")


def test_every_wrong_check_character_is_refused():
    good = citizen_id(dt.date(1972, 11, 3))
    for check in "0123456789X":
        assert id_number_valid(good[:-1] + check) is (check == good[-1])


# ---------------------------------------------------------------- unified social credit codes


def test_credit_code_check_character_including_zero():
    zero = next(credit_code(f"9132010{n:010d}") for n in range(10_000) if credit_code(f"9132010{n:010d}").endswith("0"))
    assert credit_code_valid(zero)
    for check in _USCC:
        assert credit_code_valid(zero[:-1] + check) is (check == "0")
    assert credit_code_valid(credit_code("91320100MA1XYK7Q8"))


def test_credit_code_shape():
    good = credit_code("91320100MA1XYK7Q8")
    for bad in (good[:-1], good + "0", good.replace("M", "I"), good.replace("M", "O"), good.lower()):
        assert not credit_code_valid(bad), bad


# ---------------------------------------------------------------- masking


def test_mask_hides_everything_up_to_the_kept_length():
    assert mask("1234567", 3, 4) == "*******"
    assert mask("12345678", 3, 4) == "123****5678"
    assert mask("123456789012", 3, 4) == "123*****9012"
    assert mask("", 3, 4) == ""
    assert mask("ab", 0, 0) == "****"  # at least four stars, whatever the hidden length


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("邮箱 zhang.san@example.com", "z***@example.com"),
        ("邮箱 zhang [at] example [dot] com", "z***@example.com"),
        ("邮箱 li(at)example.com.cn", "l***@example.com.cn"),
        ("电话010-62345678", "010-******78"),
        ("电话 021-62345678", "021-******78"),
        ("电话 0512-68881234", "0512-******34"),
        ("手机 +86 13912345678", "139****5678"),
        ("邮编：210000", "21****"),
    ],
)
def test_each_kind_is_masked_its_own_way(text, masked):
    assert [c.masked for c in find_contacts(text)] == [masked]


def test_found_values_do_not_overlap_and_come_in_order():
    text = "座机025-84561234，手机13800000101，邮箱a.b@example.com"
    found = find_contacts(text)
    assert [c.code for c in found] == ["PII_LANDLINE", "PII_MOBILE", "PII_EMAIL"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert [text[c.start:c.end] for c in found][:2] == ["025-84561234", "13800000101"]


# ---------------------------------------------------------------- what a reviewer reads


def test_the_message_names_the_kind_and_the_masked_value():
    [finding] = scan_text("第一行\n联系手机13800000101", "content/x.md")
    assert finding.code == "PII_MOBILE" and finding.severity is Severity.WARNING
    assert finding.message == "疑似手机号码 138****0101：公开内容不应包含联系方式或身份证件信息，请核对后删除或确认"
    assert (finding.file, finding.location) == ("content/x.md", "第 2 行")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("邮箱 zhang.san@example.com", "电子邮箱"),
        ("座机025-84561234", "座机号码"),
        ("身份证 11010519491231002X", "身份证号码"),
        ("代码 91350100M000100Y43", "统一社会信用代码"),
    ],
)
def test_every_kind_has_its_chinese_name_in_the_message(text, label):
    [finding] = scan_text(text, "a.md")
    assert finding.message.startswith(f"疑似{label} ")


def test_two_values_on_one_line_are_both_reported():
    findings = scan_text("13800000101 和 13900000202，再写一次 13800000101", "a.md")
    assert [f.message.split("：")[0] for f in findings] == ["疑似手机号码 138****0101", "疑似手机号码 139****0202"]


def test_empty_text_has_nothing():
    assert scan_text("", "a.md") == [] and scan_text(None, "a.md") == []  # type: ignore[arg-type]


# ---------------------------------------------------------------- scanning a folder


def test_a_missing_folder_is_named_in_an_error(tmp_path):
    [finding] = scan_tree(tmp_path / "site")
    assert (finding.code, finding.severity, finding.message, finding.file) == (
        "PII_SCAN_FAILED", Severity.ERROR, "要扫描的目录不存在", str(tmp_path / "site"))


def test_a_file_that_cannot_be_read_is_an_error_and_the_rest_is_still_scanned(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_text("手机13800000101", encoding="utf-8")
    (tmp_path / "b.html").write_text("x", encoding="utf-8")
    (tmp_path / "c.html").write_text("座机025-84561234", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "b.html":  # as a file of another user, or on a failing disk
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    findings = scan_tree(tmp_path)
    assert [(f.code, Path(f.file).name) for f in findings] == [
        ("PII_MOBILE", "a.html"), ("PII_SCAN_FAILED", "b.html"), ("PII_LANDLINE", "c.html")]
    failed = findings[1]
    assert failed.severity is Severity.ERROR and failed.file == str(tmp_path / "b.html")
    assert failed.message == "无法读取文件进行敏感信息扫描：Permission denied"


def test_text_that_is_not_utf8_is_still_scanned(tmp_path):
    (tmp_path / "a.txt").write_bytes("手机13800000101".encode("utf-8") + b"\xff\xfe" + "邮箱a@example.com".encode())
    assert sorted(f.code for f in scan_tree(tmp_path)) == ["PII_EMAIL", "PII_MOBILE"]


# ---------------------------------------------------------------- more exact cases (second mutation run)


def test_one_value_claimed_by_two_kinds_is_found_once():
    assert [c.code for c in find_contacts("身份证号11010519491231002X")] == ["PII_ID_NUMBER"]
    assert [c.code for c in find_contacts("公司位于江苏省南京市江宁区天元中路126号3栋502室，")] == ["PII_ADDRESS"]


def test_a_later_kind_still_finds_what_follows_a_value_it_overlapped():
    text = "身份证号11010519491231002X，身份证号：110105194912310021"  # the second has a wrong check digit
    found = find_contacts(text)
    assert [(c.code, text[c.start:c.end]) for c in found] == [
        ("PII_ID_NUMBER", "11010519491231002X"), ("PII_ID_NUMBER", "110105194912310021")]


def test_upper_case_addresses_are_e_mail_addresses():
    assert [c.masked for c in find_contacts("邮箱 ZHANG@EXAMPLE.COM")] == ["Z***@EXAMPLE.COM"]


def test_a_repeated_value_in_the_middle_of_a_line_does_not_hide_the_next():
    findings = scan_text("13800000101、13800000101、13900000202", "a.md")
    assert [f.message.split("：")[0] for f in findings] == ["疑似手机号码 138****0101", "疑似手机号码 139****0202"]


def test_a_zero_byte_past_the_first_8_kib_does_not_make_text_binary(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"13800000101\n" + b"x" * (8192 - 12) + b"\0tail")
    assert [f.code for f in scan_tree(tmp_path)] == ["PII_MOBILE"]
    (tmp_path / "a.txt").write_bytes(b"13800000101\n" + b"x" * (8191 - 12) + b"\0tail")
    assert scan_tree(tmp_path) == []


def test_the_day_of_birth_needs_both_digits_to_be_a_real_day():
    for body in ("11010519900231123", "11010519900229123"):  # 1990-02-31, 1990-02-29: no such days
        assert not any(id_number_valid(body + c) for c in "0123456789X")


def test_a_fresh_fold_table_normalises_as_it_reads():
    from converters.check.pii import _Fold

    table = _Fold({ord("一"): ord("1")})
    assert "１３８ab一Ａ".translate(table) == "138ab1A"
    assert "ﬁ".translate(table) == "ﬁ"  # NFKC would make two characters: kept, so offsets stay
    assert len(table) >= 5 and table[ord("１")] == ord("1") and table[ord("a")] == ord("a")  # remembered
