"""Scan published text for contact data and identifiers (domain §1.8: automated scan + human sign-off).

Also the converter's one set of contact-data patterns, read from data/contact.yml: the form reader
drops a field value in which one occurs (looks_like_contact), the redactor (check/redact.py) hides
what find_contacts finds in the 典型经验's own text, and the scanner reports what still reaches a page.

Codes: PII_MOBILE, PII_LANDLINE, PII_CREDIT_CODE, PII_ID_NUMBER, PII_EMAIL, PII_ADDRESS, PII_POSTCODE,
PII_CONTACT_PERSON — all WARNING. Messages show the value masked (138****0101) so the report never
spreads what it found. Ordinary numbers stay quiet: dates, amounts, a 6-digit number without its 邮编
label, standard numbers (GB/T 4754-2017, ISO 9001:2015), years (contact.yml's `quiet` examples).
Unlabelled identifiers are only reported when their check digit (and, for ID numbers, the birth
date) is valid; after a 身份证号 / 信用代码 label they are reported whatever their check digit.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, str_list, top_level, unknown_keys
from ..model import Finding, error, warning

# None: every file that reads as UTF-8 text, whatever its suffix, except these binary formats.
DEFAULT_SUFFIXES = None
BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".emf", ".wmf",
                   ".woff", ".woff2", ".ttf", ".otf", ".eot", ".gz", ".zip", ".pdf", ".xlsx", ".docx", ".pickle")

# ---------------------------------------------------------------- the contact-data patterns
#
# The converter's one set of contact-data patterns lives in data/contact.yml: each kind is the shape
# of one kind of value (group 1 is the value), with the written forms it must catch as examples.
# Text is folded first, one character for one so that offsets stay offsets into the original
# (full-width to ASCII, 一三九 to 139). The form reader drops a field in which any shape occurs
# (looks_like_contact): a false alarm there costs one field, a miss would publish contact data. The
# scanner and the redactor read whole pages, so they ask more of the same shapes: the value stands
# apart from the words around it (`before` / `after`), and it is real (`check`: an identifier's check
# character, a landline's numbering plan, an address's top-level domain).

CONTACT_FILE = DATA_DIR / "contact.yml"
_KIND_KEYS = ("code", "label", "patterns", "before", "after", "check", "mask", "found")
_CHECKS = ("", "numbering_plan", "id_number", "credit_code", "email")
_MASKS = ("digits", "chars", "mobile", "landline", "email")
_DEF = re.compile(r"<<(\w+)>>")


@dataclass(frozen=True)
class ContactKind:
    id: str
    code: str  # PII_MOBILE …
    label: str  # 手机号码 …
    guard: tuple[re.Pattern, ...]  # the bare shapes (form reader)
    scan: tuple[re.Pattern, ...]  # the shapes standing apart from their words (pages)
    check: str
    mask: tuple[str, int, int]
    found: tuple[str, ...]


@dataclass(frozen=True)
class ContactRules:
    kinds: tuple[ContactKind, ...]
    quiet: tuple[str, ...]  # ordinary numbers that must stay untouched


@dataclass(frozen=True)
class Contact:
    """One value found: its span in the text (the part to hide), its kind and its masked form."""

    start: int
    end: int
    code: str
    label: str
    masked: str


def _parse_contact(path: Path) -> ContactRules:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, ("version", "defs", "kinds", "quiet"), "顶层", problems)
    defs = data.get("defs") or {}
    if not isinstance(defs, dict) or not all(isinstance(v, str) for v in defs.values()):
        problems.append("defs 应为“名称: 正则片段”的映射")
        defs = {}
    kinds = data.get("kinds")
    if not isinstance(kinds, dict) or not kinds:
        problems.append("kinds 应为非空映射（每一类联系方式一项）")
        kinds = {}
    parsed = [k for k in (_parse_kind(str(kid), spec, defs, problems) for kid, spec in kinds.items()) if k]
    quiet = str_list(data.get("quiet"), "quiet ", problems)
    if problems:
        raise DataFileError(path, problems)
    return ContactRules(tuple(parsed), tuple(quiet))


def _parse_kind(kid: str, spec: object, defs: dict, problems: list[str]) -> ContactKind | None:
    at = f"kinds.{kid} "
    if not isinstance(spec, dict):
        problems.append(f"{at}应为映射（{'、'.join(_KIND_KEYS)}）")
        return None
    unknown_keys(spec, _KIND_KEYS, at, problems)
    code, label = str(spec.get("code") or ""), str(spec.get("label") or "")
    if not re.fullmatch(r"PII_[A-Z_]+", code) or not label:
        problems.append(f"{at}应有 code（PII_ 开头的代码）与 label（中文称呼）")
    check = str(spec.get("check") or "")
    if check not in _CHECKS:
        problems.append(f"{at}的 check “{check}”未知（允许：{'、'.join(c for c in _CHECKS if c)}）")
    mask = str(spec.get("mask") or "").split()
    if not mask or mask[0] not in _MASKS or not all(m.isdigit() for m in mask[1:]) \
            or len(mask) != (3 if mask[0] in ("digits", "chars") else 1):
        problems.append(f"{at}的 mask 应为 digits 前 后、chars 前 后、mobile、landline 或 email")
        mask = ["chars", "0", "0"]
    patterns = str_list(spec.get("patterns"), f"{at}patterns ", problems)
    if not patterns:
        problems.append(f"{at}至少要有一条 patterns")
    before, after = spec.get("before"), spec.get("after")
    guard, scan = [], []
    for n, pattern in enumerate(patterns, 1):
        shape = _DEF.sub(lambda m: defs.get(m.group(1), m.group(0)), pattern)
        try:
            g = re.compile(shape)
            s = re.compile((f"(?<!{before})" if before else "") + f"(?:{shape})" + (f"(?!{after})" if after else ""),
                           re.ASCII)
        except re.error as exc:
            problems.append(f"{at}第 {n} 条正则表达式有误：{exc}")
            continue
        if g.groups < 1:
            problems.append(f"{at}第 {n} 条正则表达式缺少第 1 组（要隐去的值）")
            continue
        guard.append(g)
        scan.append(s)
    found = str_list(spec.get("found"), f"{at}found ", problems)
    numbers = tuple(int(m) for m in mask[1:]) + (0, 0)
    return ContactKind(kid, code, label, tuple(guard), tuple(scan), check, (mask[0], *numbers[:2]), tuple(found))


load_contact_rules = cached_loader(_parse_contact, CONTACT_FILE)


class _Fold(dict):
    """str.translate table: each character to its NFKC form when that is one character, Chinese
    numerals to digits; anything else unchanged. One for one, so offsets stay the original's."""

    def __missing__(self, key: int) -> int:
        norm = unicodedata.normalize("NFKC", chr(key))
        value = ord(norm) if len(norm) == 1 else key
        self[key] = value
        return value


_FOLD = _Fold({ord(c): ord(d) for c, d in zip("〇零一二三四五六七八九幺", "001234567891")})


def fold(text: str) -> str:
    return text.translate(_FOLD)


def looks_like_contact(text: str) -> bool:
    """Any contact-data shape anywhere in `text` (a field value), checked or not."""
    # The raw text too: NFKC can turn a sign into a digit ("①" -> "1") and so hide a number's edge.
    forms = {text, unicodedata.normalize("NFKC", text), fold(text)}
    return any(p.search(t) for kind in load_contact_rules().kinds for p in kind.guard for t in forms)


def find_contacts(text: str, rules: ContactRules | None = None) -> list[Contact]:
    """Every contact value in `text` (spans into `text`, in order, none overlapping): the earlier
    kind in contact.yml wins a span two kinds would claim."""
    rules = rules or load_contact_rules()
    folded = fold(text or "")
    found: list[Contact] = []
    for kind in rules.kinds:
        for pattern in kind.scan:
            for m in pattern.finditer(folded):
                start, end = m.start(1), m.end()  # the value and what follows it in the match (an extension)
                value = m.group(1)
                if start == end or any(c.start < end and start < c.end for c in found):
                    continue
                if _CHECKERS[kind.check](value):
                    found.append(Contact(start, end, kind.code, kind.label, _masked(value, kind.mask)))
    return sorted(found, key=lambda c: c.start)


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
    return re.sub(r"\D", "", value, flags=re.ASCII)


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """'13800000101' -> '138****0101' (at least four stars, whatever the hidden length)."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * max(4, len(value) - keep_start - keep_end) + value[len(value) - keep_end:]


_AT = re.compile(r" ?(?:@|\[at\]|\(at\)) ?")
_DOT = re.compile(r" ?(?:\.|\[dot\]|\(dot\)) ?")


def _masked(value: str, how: tuple[str, int, int]) -> str:
    style, keep_start, keep_end = how
    if style == "email":
        local, domain = (_AT.split(value, maxsplit=1) + [""])[:2]
        return f"{local[:1]}***@{_DOT.sub('.', domain)}"
    if style == "landline":
        digits = _digits(value)
        area = 3 if digits[:2] in ("01", "02") else 4
        return f"{digits[:area]}-{mask(digits[area:], 0, 2)}"
    if style == "mobile":
        return mask(_digits(value)[-11:], 3, 4)
    if style == "digits":
        return mask(_digits(value), keep_start, keep_end)
    return mask(value.upper(), keep_start, keep_end)


_FILE_TLDS = frozenset("png jpg jpeg gif svg webp bmp ico css js mjs map json html htm xml txt pdf woff woff2 ttf".split())
# The numbering plan: area code 010, 02X or 0[3-9]XX, a local number starting 2-9.
_NUMBERING_PLAN = re.compile(r"0(?:10|2\d|[3-9]\d{2})[2-9]\d{6,7}")


def _real_email(value: str) -> bool:
    """A real address ends in letters, and not in a file suffix: "logo@2x.png" is a file name."""
    tld = _DOT.split(value)[-1]
    return bool(re.fullmatch(r"[A-Za-z]{2,}", tld)) and tld.lower() not in _FILE_TLDS


_CHECKERS: dict[str, Callable[[str], bool]] = {
    "": lambda _value: True,
    "numbering_plan": lambda value: bool(_NUMBERING_PLAN.fullmatch(_digits(value))),
    "id_number": id_number_valid,
    "credit_code": credit_code_valid,
    "email": _real_email,
}


def scan_text(text: str, file: str) -> list[Finding]:
    """Contact data and identifiers in `text`, one WARNING per distinct value and line."""
    findings: list[Finding] = []
    rules = load_contact_rules()
    for number, line in enumerate((text or "").splitlines(), 1):
        seen: set[tuple[str, str]] = set()
        for found in find_contacts(line, rules):
            if (found.code, found.masked) in seen:
                continue
            seen.add((found.code, found.masked))
            findings.append(
                warning(
                    found.code,
                    f"疑似{found.label} {found.masked}：公开内容不应包含联系方式或身份证件信息，请核对后删除或确认",
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
    suffixes: tuple[str, ...] | None = DEFAULT_SUFFIXES,
    skip: tuple[str, ...] = (),
    scan: Callable[[str, str], list[Finding]] = scan_text,
    vendored: frozenset[str] = frozenset(),
) -> list[Finding]:
    """scan_text over every file's name (its path under `root`) and over the text of every file
    with one of `suffixes` (None: every text file). A file whose SHA-256 is in `vendored` (a file the
    theme package ships, byte for byte: minified libraries full of digit runs, licence headers with
    their authors' e-mail addresses) is skipped; a changed copy of one is scanned like the rest.

    Findings name the file as `root`/relative path; an unreadable file is an ERROR finding.
    `scan` is scan_text or a cached version of it.
    """
    root = Path(root)
    if not root.is_dir():
        return [error("PII_SCAN_FAILED", "要扫描的目录不存在", str(root))]
    wanted = tuple(s.lower() for s in suffixes) if suffixes is not None else None
    findings: list[Finding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if _skipped(relative, skip):
            continue
        # "_" joins words in file names ("联系人_138….png"), where in text it would join a code.
        findings += [replace(f, location="文件名") for f in scan(relative.replace("_", " "), str(path))]
        suffix = path.suffix.lower()
        if suffix in BINARY_SUFFIXES if wanted is None else suffix not in wanted:
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            findings.append(error("PII_SCAN_FAILED", f"无法读取文件进行敏感信息扫描：{exc.strerror or exc}", str(path)))
            continue
        if vendored and hashlib.sha256(data).hexdigest() in vendored:
            continue
        if wanted is None and b"\0" in data[:8192]:
            continue  # binary, whatever its suffix says
        findings += scan(data.decode("utf-8", errors="replace"), str(path))
    return findings
