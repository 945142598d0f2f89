"""The form reader's contact guard uses the scanner's patterns and still rejects all it rejected before.

check/pii.py holds the one set of contact-data patterns. The form reader drops a field value in
which any of them occurs (looks_like_contact); the scanner asks more of the same shapes, so some
values are dropped from forms but never reported on a page.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from converters.check.pii import looks_like_contact, scan_text
from converters.read.forms import clean_value
from converters.read.policy import FieldSpec

# The form reader's own patterns before they were merged into check/pii.py. Whatever they caught
# must still be caught: they guard what reaches a page.
PREVIOUS_GUARD = (
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])"),
)
TEXT = FieldSpec("team", "班组名称", ("班组名称",), "text", "public")


@pytest.mark.parametrize(
    "value",
    [
        "025-12345678",  # local number starting 1: outside the numbering plan
        "0311234567",  # three-digit area code 03X
        "Tel13912345678",  # glued to letters
        "版本1.13912345678",  # after a decimal point
        "logo@2x.png",  # a file suffix as top-level domain
        "x@b.12",  # a numeric top-level domain
        "张三@例子.中国",  # not ASCII
        "a91350100M000100Y43",  # a credit code after a lower-case letter
        "①13912345678",  # NFKC makes the ① a digit and the number one digit too long
    ],
)
def test_the_guard_drops_values_the_scanner_does_not_report(value):
    assert looks_like_contact(value)
    assert scan_text(value, "a.md") == []


@pytest.mark.parametrize(
    "value",
    [
        "138-0000-0101",  # separators
        "+86 139 0000 0202",  # country code
        "１３９１２３４５６７８",  # full-width digits
        "（0512）68881234转801",  # area code in brackets, extension
        "0512 68881234",  # a space after the area code
        "11010519491231002x",  # an ID number with a lower-case check character
    ],
)
def test_the_guard_now_also_drops_what_only_the_scanner_found(value):
    assert not any(p.search(value) for p in PREVIOUS_GUARD)
    assert looks_like_contact(value)
    assert scan_text(value, "a.md")


@pytest.mark.parametrize("value", ["98.5", "2025-06-30", "12人", "GB/T 19001-2016", "210000", "13800000元", "质检一班"])
def test_ordinary_values_pass_the_guard(value):
    assert not looks_like_contact(value)


def test_a_form_value_in_the_wider_landline_shape_is_dropped_with_a_warning():
    value, findings = clean_value(TEXT, "质检一班 025-12345678", "南京/附件2.docx", "表1")
    assert value is None
    assert [f.code for f in findings] == ["PII_IN_FIELD"] and "12345678" not in findings[0].message


@given(st.text(alphabet=st.sampled_from("0123456789１３-+ ()@._a中①٣X"), max_size=40))
def test_whatever_the_previous_guard_caught_is_still_caught(text):
    if any(p.search(text) for p in PREVIOUS_GUARD):
        assert looks_like_contact(text)
