"""申报汇总表 (附件3) reader: one FieldValues per data row of an .xlsx workbook.

The column layout is not published, so the header row is searched among the first rows of
every sheet (title rows and merged cells above it are fine) and its labels are matched with
the same synonyms as the 申报表. Two-row headers ("联系人" over "姓名 | 手机") are combined.
Columns the policy does not publish are never read into the result.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from .forms import clean_value
from ..model import FieldValues, Finding, error, warning
from .policy import Policy, match_label, publishable, resolve

__all__ = ["read_summary", "is_summary_workbook", "HEADER_SCAN_ROWS"]

HEADER_SCAN_ROWS = 12
# Always read: it decides acceptance, whatever the publication switches say.
CONTROL_FIELDS = frozenset({"review"})
_KEY_FIELDS = ("title", "organization", "team")


@dataclass(frozen=True, slots=True)
class _Sheet:
    name: str
    columns: dict[int, str]  # 1-based column -> field id
    data_start: int  # first data row, 1-based
    cells: dict[tuple[int, int], object]  # (row, col) -> value, merged ranges filled
    max_row: int


def is_summary_workbook(path: Path) -> bool:
    """True when some sheet has a header row naming 经验名称 and 组织名称 or 班组名称."""
    try:
        return bool(_open(path))
    except Exception:  # noqa: BLE001 – a file we cannot open is simply not a summary
        return False


def read_summary(path: Path, source: str, policy: Policy | None = None) -> tuple[list[FieldValues], tuple[Finding, ...]]:
    """Rows of the 汇总表; FieldValues.source = "{source}#第{n}行" (n = Excel row number)."""
    try:
        return _read_summary(path, source, policy)
    except Exception as exc:  # noqa: BLE001 – bad input must become a finding
        return [], (error("SUMMARY_UNREADABLE", f"{source}：汇总表无法读取（{type(exc).__name__}: {exc}）", source),)


def _read_summary(path: Path, source: str, policy: Policy | None) -> tuple[list[FieldValues], tuple[Finding, ...]]:
    policy, fields, labels = resolve(policy)
    sheets = _open(path, labels)
    if not sheets:
        return [], (error("SUMMARY_NO_HEADER", f"{source}：汇总表中没有找到包含“经验名称”和“组织名称/班组名称”的表头行", source),)
    rows: list[FieldValues] = []
    problems: list[Finding] = []
    for n, sheet in enumerate(sheets):
        prefix = f"{source}#" if n == 0 else f"{source}#{sheet.name}"
        for r in range(sheet.data_start, sheet.max_row + 1):
            where = f"{sheet.name}第{r}行"
            raw = {fid: _text(sheet.cells.get((r, c))) for c, fid in sheet.columns.items()}
            if not any(raw.get(k) for k in _KEY_FIELDS):
                continue  # blank, 合计 or 填表人 line
            values: dict[str, str] = {}
            for fid, text in raw.items():
                if not text or not (publishable(policy, fields[fid]) or fid in CONTROL_FIELDS) or fid in values:
                    continue
                value, found = clean_value(fields[fid], text, source, where)
                problems.extend(found)
                if value is not None:
                    values[fid] = value
            if "title" not in values:
                problems.append(warning("SUMMARY_TITLE_MISSING", f"{source}：汇总表{where}没有填写经验名称", source, where))
            rows.append(FieldValues(values, f"{prefix}第{r}行"))
    return rows, tuple(problems)


def _open(path: Path, labels: dict[str, str] | None = None) -> list[_Sheet]:
    import openpyxl  # imported late: intake calls is_summary_workbook only for spreadsheets

    if labels is None:
        _, _, labels = resolve(None)
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        sheets = [s for s in (_sheet(ws, labels) for ws in wb.worksheets) if s]
    finally:
        wb.close()
    return sheets


def _sheet(ws, labels: dict[str, str]) -> _Sheet | None:
    cells = _filled(ws)
    max_row = max((r for r, _ in cells), default=0)
    max_col = max((c for _, c in cells), default=0)
    for r in range(1, min(HEADER_SCAN_ROWS, max_row) + 1):
        columns = {c: fid for c in range(1, max_col + 1)
                   if (fid := match_label(_text(cells.get((r, c))), labels))}
        found = set(columns.values())
        if "title" not in found or not found & {"organization", "team"}:
            continue
        data_start = r + 1
        sub = _sub_header(ws, cells, r, max_col, labels)
        if sub:
            columns.update(sub)
            data_start = r + 2
        return _Sheet(ws.title, columns, data_start, cells, max_row)
    return None


def _sub_header(ws, cells, r: int, max_col: int, labels: dict[str, str]) -> dict[int, str]:
    """Labels of a second header row under merged group cells ('联系人' over '姓名 | 手机')."""
    grouped = {c for rng in ws.merged_cells.ranges if rng.min_row == r and rng.max_col > rng.min_col
               for c in range(rng.min_col, rng.max_col + 1)}
    out: dict[int, str] = {}
    for c in range(1, max_col + 1):
        below = _text(cells.get((r + 1, c)))
        if c not in grouped and match_label(_text(cells.get((r, c))), labels):
            continue
        top = _text(cells.get((r, c)))
        fid = match_label(top + below, labels) or match_label(below, labels)
        if fid:
            out[c] = fid
    return out if out and any(c in grouped for c in out) else {}


def _filled(ws) -> dict[tuple[int, int], object]:
    """Cell values by (row, col), every cell of a merged range carrying the top-left value.
    Only cells stored in the file are visited: iter_rows() over a sheet formatted down to row
    1048576 would create millions of empty cells."""
    stored = getattr(ws, "_cells", None)
    cells_iter = stored.values() if isinstance(stored, dict) else (c for row in ws.iter_rows() for c in row)
    cells: dict[tuple[int, int], object] = {}
    for cell in cells_iter:
        if cell.value is not None and str(cell.value).strip() != "":
            cells[(cell.row, cell.column)] = _percent_aware(cell)
    for rng in ws.merged_cells.ranges:
        value = cells.get((rng.min_row, rng.min_col))
        if value is None or (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1) > 100_000:
            continue
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                cells[(r, c)] = value
    return cells


def _percent_aware(cell) -> object:
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{value * 100:.10g}%"  # 0.985 shown as 98.5% in Excel
    return value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()[:10]
    return str(value).strip()
