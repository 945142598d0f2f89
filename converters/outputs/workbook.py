"""report.xlsx: the review report as a workbook the association's staff sort, annotate and forward.

Sheets: 经验 (one row per experience submission, published or not, duplicates and those not
selected included), 文件 (every input file with its kind and status), 变化 (what changed since the
previous run, withdrawn submissions included). Only what the report holds is written, and the report
holds no contact fields; `write_workbook` refuses a column whose header names one, so a future
column cannot leak them by accident.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from ..check.classes import finding_class
from ..model import Finding
from ..render.changes import CHANGE_NAMES
from ..render.report import KIND_NAMES, STATUS_NAMES, Report

EXPERIENCE_COLUMNS = (("推荐单位", 18), ("组织名称", 24), ("班组名称", 16), ("经验名称", 36), ("所属行业", 14),
                      ("质量方法", 18), ("文件", 36), ("状态", 8), ("变化", 10), ("问题", 60), ("页面地址", 40))
FILE_COLUMNS = (("文件", 48), ("种类", 12), ("状态", 8), ("说明", 60))
CHANGE_COLUMNS = (("变化", 10), ("推荐单位", 18), ("经验名称", 36), ("班组名称", 16), ("文件", 36),
                  ("本次状态", 10), ("上次状态", 10))
# Header words that would mean a contact field made it into the workbook (domain: never published).
CONTACT_WORDS = ("联系", "电话", "手机", "邮箱", "邮件", "传真", "身份证", "地址（", "通讯")


def finding_line(f: Finding) -> str:
    where = f"（{f.location}）" if f.location else ""
    return f"[{f.code}·{finding_class(f).name}] {f.message}{where}"


def page_address(page: str, site_url: str) -> str:
    """The generated page's path, and its public URL when the site's address is known."""
    if not page:
        return ""
    return f"{page}\n{urljoin(site_url.rstrip('/') + '/', page)}" if site_url else page


def _sheet(book, title: str, columns: tuple[tuple[str, int], ...], rows: list[list[str]], first: bool = False):
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for header, _width in columns:
        if any(word in header for word in CONTACT_WORDS):
            raise ValueError(f"审核表不得含联系方式栏目：{header}")
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append([header for header, _ in columns])
    for row in rows:
        sheet.append(row)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.alignment = wrap
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, (_header, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    return sheet


def write_workbook(report: Report, path: Path, *, site_url: str = "") -> None:
    """Write the workbook; OSError (a path that cannot be written) is the caller's to report."""
    from openpyxl import Workbook

    status = STATUS_NAMES.get
    experiences = [
        [e.recommender, e.organization, e.team, e.title, e.industry, "、".join(e.methods), e.source,
         status(e.status, e.status), CHANGE_NAMES.get(e.change, ""), "\n".join(finding_line(f) for f in e.findings),
         page_address(e.page, site_url)]
        for e in sorted(report.experiences, key=lambda e: (e.recommender, e.title))
    ]
    files = [
        [f.source, KIND_NAMES.get(f.kind, f.kind), status(f.status, f.status),
         "\n".join([f.reason] * bool(f.reason) + [finding_line(x) for x in f.findings])]
        for f in report.files
    ]
    changes = report.changes or {}
    was = changes.get("was") or [""] * len(report.experiences)
    changed = [
        [CHANGE_NAMES.get(e.change, ""), e.recommender, e.title, e.team, e.source, status(e.status, e.status),
         status(before, before)]
        for e, before in zip(report.experiences, was)
    ] + [
        [CHANGE_NAMES["withdrawn"], w["recommender"], w["title"], w["team"], w["source"], "",
         status(w["status"], w["status"])]
        for w in changes.get("withdrawn", [])
    ]
    book = Workbook()
    _sheet(book, "经验", EXPERIENCE_COLUMNS, experiences, first=True)
    _sheet(book, "文件", FILE_COLUMNS, files)
    sheet = _sheet(book, "变化", CHANGE_COLUMNS, changed)
    if changes.get("note"):
        sheet.cell(row=len(changed) + 3, column=1, value=changes["note"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
