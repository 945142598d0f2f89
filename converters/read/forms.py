"""申报表 (附件2) reader: a Word form, read through the document model, into FieldValues.

Labels are matched tolerantly (see names.label_key); a label's value is the next
cell(s) to its right that are not labels, or the cell below when the whole row is labels
(metrics laid out as a header row). "标签：值" inside one cell or paragraph works too.
Fields the policy does not publish are dropped here, before any cleaning, so contact data
never leaves this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..check.pii import looks_like_contact
from ..names import has_seal_mark
from ..model import Block, Cell, Document, FieldValues, Finding, Heading, Paragraph, Table, error, warning
from .policy import FieldSpec, Policy, load_policy, match_label, publishable, resolve
from ..text import block_text

__all__ = [
    "read_form", "is_form", "form_label_count", "clean_value", "checked_options",
    "Policy", "load_policy", "ESSENTIAL",
]

# Fields every form should carry; missing ones are reported.
ESSENTIAL = ("organization", "team", "title")
# The labels that make a table a 申报表 (intake's kind detection).
FORM_MARKERS = frozenset({"organization", "team", "title", "credit_code", "industry_raw"})

# ---------------------------------------------------------------- value cleaning

CHECKED = "☑☒✓✔√■▣◼●◉☛"
UNCHECKED = "□☐○◯◻"
_GLYPHS = CHECKED + UNCHECKED
_GLYPH_OPTION = re.compile(rf"([{_GLYPHS}])\s*([^{_GLYPHS}\s]+)")
# "是（√） 否（ ）": the option written before a bracketed mark
_OPTION_MARK = re.compile(r"([^\s（()）]+?)\s*[（(]\s*([√✓✔×xX☑■]?)\s*[)）]")
_BRACKET_MARK = re.compile(r"[（(]\s*[√✓✔×xX☑■]?\s*[)）]")
_PLACEHOLDERS = {"", "/", "／", "-", "—", "——", "--", "－", "\\", "无需填写", "不适用", "非央企不用填", "非央企不填"}
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def join_lines(text: str) -> str:
    """Lines of one cell into one value: no space between CJK halves, one space otherwise."""
    out = ""
    for line in (part.strip() for part in (text or "").splitlines()):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) and _CJK.match(line[0])):
            out += " "
        out += line
    return re.sub(r"[ \t\u3000\u00a0]{2,}", " ", out)


def checked_options(text: str) -> list[str] | None:
    """Options marked in a checkbox row ("☑是 □否" -> ["是"], "是（√） 否（ ）" -> ["是"]),
    None when the text has no checkbox marks at all."""
    norm = text.replace("\u00a0", " ")
    marks = _OPTION_MARK.findall(norm)
    if marks and _BRACKET_MARK.search(norm) and all(len(opt) <= 4 for opt, _ in marks):
        return [opt for opt, mark in marks if mark and mark not in "×xX"]
    if any(g in norm for g in _GLYPHS):
        return [opt.strip("：:，,;；") for glyph, opt in _GLYPH_OPTION.findall(norm) if glyph in CHECKED]
    return None


def clean_value(spec: FieldSpec, raw: str, file: str, where: str = "") -> tuple[str | None, tuple[Finding, ...]]:
    """(value, findings); value None when the cell is empty, a placeholder or unusable."""
    text = join_lines(raw)
    seal = has_seal_mark(text)
    if seal:  # "苏州市质协（盖章）" – the seal mark ends the value
        text = text[: seal.start()]
    text = text.replace("_", " ").strip()
    text = re.sub(r"\s{2,}", " ", text)
    options = checked_options(text)
    if options is not None:
        text = "、".join(dict.fromkeys(o for o in options if o))
    if text in _PLACEHOLDERS:
        return None, ()
    value, findings = _CLEANERS.get(spec.type, _clean_text)(spec, text, file, where)
    if value is not None and looks_like_contact(value):
        return None, (*findings, warning(
            "PII_IN_FIELD",
            f"{file}：字段“{spec.label}”的内容像电话、邮箱或信用代码，已丢弃，请人工核对",
            file, where))
    return value, findings


def _clean_text(spec: FieldSpec, text: str, file: str, where: str):
    return text, ()


def _number_core(text: str, units: str) -> str:
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return re.sub(rf"(?:{units})$", "", norm)


def _format_warning(spec: FieldSpec, text: str, file: str, where: str, expected: str) -> tuple[Finding, ...]:
    return (warning("NUMBER_FORMAT", f"{file}：字段“{spec.label}”应为{expected}，实际写作“{text}”，原样保留", file, where),)


def _clean_percent(spec: FieldSpec, text: str, file: str, where: str):
    core = _number_core(text, "%|percent")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", core):
        return text, _format_warning(spec, text, file, where, "百分数")
    if not 0 <= float(core) <= 100:
        return text, (warning("PERCENT_RANGE", f"{file}：字段“{spec.label}”为“{text}”，不在 0–100 之间，原样保留", file, where),)
    return core, ()


def _clean_int(spec: FieldSpec, text: str, file: str, where: str):
    core = _number_core(text, "人次|人|个|次|名|起|项|件|例")
    if core in ("无", "没有", "零"):
        return "0", ()
    if re.fullmatch(r"\d+(?:\.0+)?", core):  # Excel hands over 12.0 for 12
        return str(int(float(core))), ()
    return text, _format_warning(spec, text, file, where, "整数")


def _clean_number(spec: FieldSpec, text: str, file: str, where: str):
    core = _number_core(text, "万元/年|万元|元|万")
    if core in ("无", "零"):
        return "0", ()
    if re.fullmatch(r"-?\d+(?:\.\d+)?", core):
        return core, ()
    return text, _format_warning(spec, text, file, where, "数字")


def _clean_yesno(spec: FieldSpec, text: str, file: str, where: str):
    norm = unicodedata.normalize("NFKC", text).strip().lower()
    yes = norm in ("是", "y", "yes", "√") or norm.startswith("是")
    no = norm in ("否", "n", "no", "×", "不是", "非央企") or norm.startswith("否")
    if yes != no:
        return ("是" if yes else "否"), ()
    return text, _format_warning(spec, text, file, where, "“是”或“否”")


_CLEANERS = {"text": _clean_text, "percent": _clean_percent, "int": _clean_int,
             "number": _clean_number, "yesno": _clean_yesno}


# ---------------------------------------------------------------- finding labels in text

_COLON = re.compile(r"[:：]")
_TOKEN_START = re.compile(r"[\s，,；;。]")


def label_pairs(text: str, labels: dict[str, str]) -> list[tuple[str, str]]:
    """'组织名称：甲公司  手机：138…' -> [('organization', '甲公司'), ('mobile', '138…')].

    Every colon preceded by a known label (longest suffix of the preceding token) starts a
    field; a colon preceded by a short unknown word ('填表日期：') ends the previous value.
    """
    marks: list[tuple[int, int, str | None]] = []  # (label start, value start, field id or None)
    for colon in _COLON.finditer(text):
        token_start = _token_start(text, colon.start())
        token = text[token_start: colon.start()]
        if not token.strip() or token.strip().isdigit():
            continue  # "10:30"
        found = None
        for i in range(len(token)):
            fid = match_label(token[i:], labels)
            if fid:
                found = (token_start + i, colon.end(), fid)
                break
        if found:
            marks.append(found)
        elif len(token.strip()) <= 12:
            marks.append((token_start, colon.end(), None))
    pairs = []
    for n, (_, value_start, fid) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(text)
        if fid:
            pairs.append((fid, text[value_start:end]))
    return pairs


def _token_start(text: str, end: int) -> int:
    start = end
    while start > 0 and not _TOKEN_START.match(text[start - 1]) and end - start < 24:
        start -= 1
    return start


_RECOMMENDER = re.compile(
    r"^\s*推荐(?:地市\s*[、/，,]?\s*行业质协|单位)\s*[:：]?\s*(?P<value>[^（(:：]*?)\s*(?:[（(]\s*盖\s*章\s*[)）].*)?$")


def recommender_in(text: str) -> str | None:
    """'推荐地市、行业质协：苏州市质量协会（盖章）' or '推荐地市、行业质协 X (盖章)' -> 'X'."""
    m = _RECOMMENDER.search(unicodedata.normalize("NFKC", join_lines(text)))
    if not m:
        return None
    value = m.group("value").replace("_", " ").strip()
    return value if value and len(value) <= 40 else None


# ---------------------------------------------------------------- table geometry


@dataclass(frozen=True, slots=True)
class _Slot:
    row: int
    col: int
    colspan: int
    rowspan: int
    text: str
    field: str | None  # the field id when the whole cell is a label
    pairs: tuple[tuple[str, str], ...]  # "标签：值" found inside the cell


def _cell_text(cell: Cell) -> str:
    return "\n".join(block_text(b) for b in cell.blocks if not isinstance(b, Table))


def _grid(table: Table, labels: dict[str, str]) -> list[list[_Slot]]:
    """Slots per row with grid columns; cells covered by a row span take no slot."""
    occupied: set[tuple[int, int]] = set()
    rows: list[list[_Slot]] = []
    for r, row in enumerate(table.rows):
        col, slots = 0, []
        for cell in row.cells:
            while (r, col) in occupied:
                col += 1
            text = _cell_text(cell)
            field = match_label(text, labels)
            pairs = () if field else tuple(label_pairs(text, labels))
            slots.append(_Slot(r, col, max(cell.colspan, 1), max(cell.rowspan, 1), text, field, pairs))
            for rr in range(r + 1, r + max(cell.rowspan, 1)):
                for cc in range(col, col + max(cell.colspan, 1)):
                    occupied.add((rr, cc))
            col += max(cell.colspan, 1)
        rows.append(slots)
    return rows


def _table_fields(table: Table, labels: dict[str, str], where: str) -> list[tuple[str, str, str]]:
    """(field id, raw value, location) for every label in the table."""
    grid = _grid(table, labels)
    found: list[tuple[str, str, str]] = []
    for r, slots in enumerate(grid):
        loc = f"{where}第{r + 1}行"
        for i, slot in enumerate(slots):
            found.extend((fid, value, loc) for fid, value in slot.pairs)
            if not slot.field:
                continue
            values = _values_right(slots[i + 1:])
            if not values and (i + 1 == len(slots) or slots[i + 1].field):
                values = _value_below(grid, slot)  # metrics laid out as a row of labels
            found.append((slot.field, "\n".join(values), loc))
    return found


def _values_right(slots: list[_Slot]) -> list[str]:
    values: list[str] = []
    for slot in slots:
        if slot.field or slot.pairs:
            break
        text = slot.text.strip()
        if text and (not values or values[-1] != text):  # merged cells repeating a value: once
            values.append(text)
    return values


def _value_below(grid: list[list[_Slot]], label: _Slot) -> list[str]:
    below = label.row + label.rowspan
    if below >= len(grid):
        return []
    for slot in grid[below]:
        if slot.col == label.col and not slot.field and not slot.pairs and slot.text.strip():
            return [slot.text.strip()]
    return []


def all_tables(blocks: tuple[Block, ...]):
    """Every table, nested ones included, in reading order."""
    for block in blocks:
        if isinstance(block, Table):
            yield block
            for row in block.rows:
                for cell in row.cells:
                    yield from all_tables(cell.blocks)


# ---------------------------------------------------------------- public


def form_label_count(doc: Document, labels: dict[str, str] | None = None) -> int:
    """How many of the 申报表 marker labels (组织名称/班组名称/经验名称/统一社会信用代码/所属行业)
    its tables name."""
    if labels is None:
        _, _, labels = resolve(None)
    seen: set[str] = set()
    for table in all_tables(doc.blocks):
        for slots in _grid(table, labels):
            for slot in slots:
                if slot.field:
                    seen.add(slot.field)
                seen.update(fid for fid, _ in slot.pairs)
    return len(seen & FORM_MARKERS)


def is_form(doc: Document) -> bool:
    return form_label_count(doc) >= 3


def read_form(doc: Document, source: str, policy: Policy | None = None) -> tuple[FieldValues, tuple[Finding, ...]]:
    """The publishable fields of a 申报表. Never raises; unpublished fields are never returned."""
    try:
        return _read_form(doc, source, policy)
    except Exception as exc:  # noqa: BLE001 – bad input must become a finding
        return FieldValues({}, source), (error("FORM_UNREADABLE", f"{source}：申报表读取失败（{type(exc).__name__}）", source),)


def _read_form(doc: Document, source: str, policy: Policy | None) -> tuple[FieldValues, tuple[Finding, ...]]:
    policy, fields, labels = resolve(policy)
    raw: list[tuple[str, str, str]] = []
    for n, block in enumerate(doc.blocks):
        if isinstance(block, (Paragraph, Heading)):
            text = block_text(block)
            rec = recommender_in(text)
            if rec is not None:
                raw.append(("recommender", rec, f"第{n + 1}段"))
            else:
                raw.extend((fid, value, f"第{n + 1}段") for fid, value in label_pairs(text, labels))
    for t, table in enumerate(all_tables(doc.blocks), start=1):
        raw.extend(_table_fields(table, labels, f"表{t}"))

    values: dict[str, str] = {}
    findings: list[Finding] = []
    for fid, text, where in raw:
        spec = fields[fid]
        if not publishable(policy, spec):
            continue  # dropped unread: contact data and unpublished fields stop here
        value, problems = clean_value(spec, text, source, where)
        findings.extend(problems)
        if value is None:
            continue
        if fid not in values:
            values[fid] = value
        elif _same(values[fid], value) is False:
            findings.append(warning(
                "FORM_FIELD_CONFLICT",
                f"{source}：字段“{spec.label}”出现两次且内容不同（“{values[fid]}”与“{value}”），采用前者",
                source, where))
    if not raw:
        findings.append(error("FORM_EMPTY", f"{source}：申报表中没有找到任何可识别的字段", source))
    else:
        for fid in ESSENTIAL:
            if publishable(policy, fields[fid]) and fid not in values:
                findings.append(warning("FORM_FIELD_MISSING", f"{source}：申报表未填写“{fields[fid].label}”", source))
    return FieldValues(values, source), tuple(findings)


def _same(a: str, b: str) -> bool:
    squash = lambda s: re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    return squash(a) == squash(b)
