"""Scan published text for contact data and identifiers (domain §1.8: automated scan + human sign-off).

Also the converter's one set of contact-data patterns: the form reader drops a field value in
which one occurs (looks_like_contact), so contact data stops at the reader.

Codes: PII_MOBILE, PII_LANDLINE, PII_CREDIT_CODE, PII_ID_NUMBER, PII_EMAIL — all WARNING.
Messages show the value masked (138****0101) so the report never spreads what it found.
Ordinary numbers stay quiet: dates (20250630), amounts, a 6-digit 邮编 alone, standard numbers
(GB/T 4754-2017, ISO 9001:2015), years. Identifiers are only reported when their check digit
(and, for ID numbers, the birth date) is valid.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Finding, error, warning

DEFAULT_SUFFIXES = (".md", ".html", ".json", ".js", ".xml", ".txt")
# Vendored theme code, not our content: minified libraries are full of digit runs and "@".
DEFAULT_SKIP = (
    "assets/javascripts/bundle.*.min.js",
    "assets/javascripts/lunr/*",
    "assets/javascripts/workers/*",
)

# ---------------------------------------------------------------- the contact-data patterns
#
# The converter's one set of contact-data patterns: each is the shape of one kind of value, bounded
# only so that it is not part of a longer number or code; group 1 is the value. The form reader
# drops a field in which any of them occurs (looks_like_contact): a false alarm there costs one
# field, a miss would publish contact data. The scanner reads whole pages, so it asks more of the
# same shapes: the value stands apart from the words around it (_in_prose), and it is real (an
# identifier's check character, a landline's numbering plan, an address's top-level domain).

# Mobile: 11 digits 1[3-9]…, optionally +86 and 3-4-4 separators.
MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[ -]?)?(1[3-9]\d(?:[ -]?\d{4}){2})(?!\d)")
# Landline: area code 0XX or 0XXX, optional brackets, dash or space, a 7-8 digit local number, an extension.
LANDLINE = re.compile(r"(?<!\d)(\(?0\d{2,3}\)?[ -]?\d{7,8})(?:(?:-|转)\d{1,5})?(?!\d)")
# Citizen ID (GB 11643): region, birth date, sequence, check character.
ID_NUMBER = re.compile(
    r"(?<![0-9A-Z])([1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])(?![0-9A-Z])"
)
# Unified social credit code (GB 32100): 18 characters of its charset, digits 3-8 a region code.
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10})(?![0-9A-Z])")


def _email(tld: str) -> str:
    """An e-mail address whose last label matches `tld`; group 2 is that label."""
    return rf"([\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.({tld}))"


EMAIL = re.compile(_email(r"[\w-]+"))
CONTACT_PATTERNS = (MOBILE, LANDLINE, ID_NUMBER, CREDIT_CODE, EMAIL)


def looks_like_contact(text: str) -> bool:
    """A phone number, e-mail address, ID number or credit code anywhere in `text` (a field value)."""
    norm = unicodedata.normalize("NFKC", text)
    # The raw text too: NFKC can turn a sign into a digit ("①" -> "1") and so hide a number's edge.
    return any(p.search(t) for p in CONTACT_PATTERNS for t in {text, norm})


def _in_prose(pattern: str, before: str, after: str, flags: int = 0) -> re.Pattern:
    """`pattern`, where the text around the value must also not match `before` / `after`."""
    return re.compile(f"(?<!{before}){pattern}(?!{after})", flags)


_MOBILE = _in_prose(MOBILE.pattern, r"[\w.]", r"\w|\.\d", re.ASCII)
_LANDLINE = _in_prose(LANDLINE.pattern, r"[\w.-]", r"\w|\.\d", re.ASCII)
_ID_NUMBER = _in_prose(ID_NUMBER.pattern, "[0-9A-Za-z]", "[0-9A-Za-z]")
_CREDIT_CODE = _in_prose(CREDIT_CODE.pattern, "[0-9A-Za-z]", "[0-9A-Za-z]")
# A real address ends in letters, and not in a file suffix: "logo@2x.png" is a file name.
_EMAIL = _in_prose(_email("[A-Za-z]{2,}"), r"[\w.%+-]", r"[\w-]", re.ASCII)
_FILE_TLDS = frozenset("png jpg jpeg gif svg webp bmp ico css js mjs map json html htm xml txt pdf woff woff2 ttf".split())
# The numbering plan: area code 010, 02X or 0[3-9]XX, a local number starting 2-9.
_NUMBERING_PLAN = re.compile(r"\(?0(?:10|2\d|[3-9]\d{2})\)?[ -]?[2-9]\d{6,7}", re.ASCII)

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number_valid(value: str) -> bool:
    """GB 11643 citizen ID: real birth date and ISO 7064 MOD 11-2 check character."""
    value = value.upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    try:
        born = _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if not _dt.date(1900, 1, 1) <= born <= _dt.date.today():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == value[17]


def credit_code_valid(value: str) -> bool:
    """GB 32100-2015 unified social credit code: charset and MOD 31 check character."""
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31] == value[17]


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """'13800000101' -> '138****0101' (at least four stars, whatever the hidden length)."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * max(4, len(value) - keep_start - keep_end) + value[len(value) - keep_end:]


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def _mask_landline(value: str) -> str:
    digits = _digits(value)
    area = 3 if digits[:2] in ("01", "02") else 4
    return f"{digits[:area]}-{mask(digits[area:], 0, 2)}"


Detector = Callable[[str], Iterator[tuple[str, str, str]]]  # line -> (code, masked, kind label)


def _find_mobiles(line: str) -> Iterator[tuple[str, str, str]]:
    for m in _MOBILE.finditer(line):
        digits = _digits(m.group(1))
        yield "PII_MOBILE", mask(digits, 3, 4), "手机号码"


def _find_landlines(line: str) -> Iterator[tuple[str, str, str]]:
    for m in _LANDLINE.finditer(line):
        if _NUMBERING_PLAN.fullmatch(m.group(1)):
            yield "PII_LANDLINE", _mask_landline(m.group(1)), "座机号码"


def _find_ids_and_codes(line: str) -> Iterator[tuple[str, str, str]]:
    ids: set[tuple[int, int]] = set()
    for m in _ID_NUMBER.finditer(line):
        if id_number_valid(m.group(1)):
            ids.add(m.span(1))
            yield "PII_ID_NUMBER", mask(m.group(1).upper(), 2, 2), "身份证号码"
    for m in _CREDIT_CODE.finditer(line):
        if m.span(1) not in ids and credit_code_valid(m.group(1)):
            yield "PII_CREDIT_CODE", mask(m.group(1), 2, 2), "统一社会信用代码"


def _find_emails(line: str) -> Iterator[tuple[str, str, str]]:
    for m in _EMAIL.finditer(line):
        if m.group(2).lower() not in _FILE_TLDS:
            yield "PII_EMAIL", _mask_email(m.group(1)), "电子邮箱"


_DETECTORS: tuple[Detector, ...] = (_find_mobiles, _find_landlines, _find_ids_and_codes, _find_emails)


def scan_text(text: str, file: str) -> list[Finding]:
    """Contact data and identifiers in `text`, one WARNING per distinct value and line."""
    findings: list[Finding] = []
    for number, raw_line in enumerate((text or "").splitlines(), 1):
        line = unicodedata.normalize("NFKC", raw_line)  # full-width digits are digits too
        seen: set[tuple[str, str]] = set()
        for detect in _DETECTORS:
            for code, masked, kind in detect(line):
                if (code, masked) in seen:
                    continue
                seen.add((code, masked))
                findings.append(
                    warning(
                        code,
                        f"疑似{kind} {masked}：公开内容不应包含联系方式或身份证件信息，请核对后删除或确认",
                        file,
                        f"第 {number} 行",
                    )
                )
    return findings


def _skipped(relative: str, skip: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(relative, pattern) for pattern in skip)


def scan_tree(
    root: Path,
    *,
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
    skip: tuple[str, ...] = DEFAULT_SKIP,
    scan: Callable[[str, str], list[Finding]] = scan_text,
) -> list[Finding]:
    """scan_text over every file under `root` with one of `suffixes` (vendored theme code skipped).

    Findings name the file as `root`/relative path; an unreadable file is an ERROR finding.
    `scan` is scan_text or a cached version of it.
    """
    root = Path(root)
    if not root.is_dir():
        return [error("PII_SCAN_FAILED", "要扫描的目录不存在", str(root))]
    wanted = tuple(s.lower() for s in suffixes)
    findings: list[Finding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in wanted):
        relative = path.relative_to(root).as_posix()
        if _skipped(relative, skip):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            findings.append(error("PII_SCAN_FAILED", f"无法读取文件进行敏感信息扫描：{exc.strerror or exc}", str(path)))
            continue
        findings += scan(text, str(path))
    return findings
