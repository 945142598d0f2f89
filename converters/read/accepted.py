"""Readers of the accepted list (`--accepted`: .xlsx/.csv/.yaml/.txt) and of the 汇总表's 评审结果.

Both answer one question for pairing: was this experience accepted? The list names the 经验名称
(normalised with names.loose_key); a review text is read as a verdict.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from ..model import Finding, error
from ..names import loose_key
from .policy import match_label, resolve

__all__ = ["AcceptedListError", "load_accepted", "read_accepted", "review_accepts"]

_NEGATIVE = ("未入选", "不入选", "没有入选", "未通过", "不通过", "不推荐", "落选", "淘汰", "不合格", "取消")
_NEGATIVE_EXACT = {"否", "×", "x", "n", "no", "不", "无"}


def review_accepts(text: str) -> bool | None:
    """评审结果 text -> accepted? None when the text says nothing either way (empty)."""
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()
    if not norm:
        return None
    if norm in _NEGATIVE_EXACT or any(word in norm for word in _NEGATIVE):
        return False
    return True


class AcceptedListError(ValueError):
    """The accepted list cannot be read; the message is Chinese and names the file."""


def load_accepted(path: Path) -> set[str]:
    """Normalised 经验名称 from an .xlsx/.csv/.yaml/.txt list. Raises AcceptedListError (Chinese
    message naming the file) when it cannot be read; read_accepted returns findings instead."""
    titles, findings = read_accepted(path)
    errors = [f for f in findings if f.severity.value == "error"]
    if errors:
        raise AcceptedListError(errors[0].message)
    return titles


def read_accepted(path: Path) -> tuple[set[str], tuple[Finding, ...]]:
    path = Path(path)
    try:
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            cells = _xlsx_rows(path)
        elif suffix in (".yml", ".yaml"):
            cells = _yaml_rows(path)
        else:
            cells = _text_rows(path, csv_format=suffix == ".csv")
    except Exception as exc:  # noqa: BLE001 – any unreadable list becomes one finding
        return set(), (error("ACCEPTED_UNREADABLE", f"入选名单 {path} 无法读取（{type(exc).__name__}: {exc}）", str(path)),)
    titles = {loose_key(t) for t in _title_column(cells)} - {""}
    if not titles:
        return set(), (error("ACCEPTED_EMPTY", f"入选名单 {path} 中没有找到任何经验名称", str(path)),)
    return titles, ()


def _title_column(rows: list[list[str]]) -> list[str]:
    """The 经验名称 column below its header; without a header, the first non-empty column."""
    _, _, labels = resolve(None)
    for r, row in enumerate(rows[:10]):
        for c, cell in enumerate(row):
            if match_label(cell, labels) == "title":
                return [row2[c] for row2 in rows[r + 1:] if c < len(row2) and row2[c].strip()]
    return [next((c for c in row if c.strip()), "") for row in rows if any(c.strip() for c in row)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [["" if v is None else str(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def _yaml_rows(path: Path) -> list[list[str]]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = next((data[k] for k in ("accepted", "入选", "入选名单", "经验名称", "titles") if k in data), list(data.values()))
    if not isinstance(data, list):
        raise ValueError("应为经验名称列表")
    rows = []
    for item in data:
        if isinstance(item, dict):
            item = item.get("title") or item.get("经验名称") or ""
        rows.append([str(item)])
    return rows


def _text_rows(path: Path, csv_format: bool) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("无法识别文件编码")
    if csv_format:
        return [row for row in csv.reader(io.StringIO(text))]
    return [[line.strip()] for line in text.splitlines()]
