"""w:tbl → Table with colspan/rowspan (ECMA-376 §17.4).

gridSpan gives colspan; vMerge restart/continue gives rowspan (continuation cells are omitted);
gridBefore/gridAfter become empty cells so every row still covers the grid; hMerge (legacy) widens
the cell on its left. A row is a header when it repeats (tblHeader), or when it is the first row of
a table whose style formats the first row and whose tblLook turns that on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from ..model import Block, Cell, Row, Table
from .xml import W, on_off, prefixed, to_int, wval

if TYPE_CHECKING:
    from .body import BodyReader


@dataclass
class _CellBuilder:
    blocks: tuple[Block, ...]
    colspan: int = 1
    rowspan: int = 1

    def freeze(self) -> Cell:
        return Cell(self.blocks, self.colspan, self.rowspan)


@dataclass
class _RowBuilder:
    cells: list[_CellBuilder] = field(default_factory=list)
    header: bool = False


def read_table(reader: "BodyReader", tbl: etree._Element) -> Table:
    tbl_pr = tbl.find(W + "tblPr")
    style_id = wval(tbl_pr.find(W + "tblStyle"), "") if tbl_pr is not None else ""
    styles = reader.ctx.styles
    first_row_header = _first_row_on(tbl_pr) and styles.table_first_row(style_id)
    rows: list[_RowBuilder] = []
    anchors: dict[int, _CellBuilder] = {}  # grid column -> cell whose vertical merge is still open
    for tr in _children(tbl, "w:tr"):
        tr_pr = tr.find(W + "trPr")
        if tr_pr is not None and (tr_pr.find(W + "del") is not None):
            reader.ctx.had_revisions = True  # a deleted row: accepting the revision removes it
            continue
        rows.append(_read_row(reader, tr, tr_pr, anchors))
    if rows and first_row_header:
        rows[0].header = True
    frozen = tuple(Row(tuple(c.freeze() for c in r.cells), r.header) for r in rows)
    return Table(frozen, "", styles.name(style_id))


def _read_row(reader: "BodyReader", tr: etree._Element, tr_pr, anchors: dict[int, _CellBuilder]) -> _RowBuilder:
    row = _RowBuilder(header=bool(tr_pr is not None and on_off(tr_pr.find(W + "tblHeader"))))
    before = _grid_value(tr_pr, "gridBefore")
    after = _grid_value(tr_pr, "gridAfter")
    col = 0
    if before:
        row.cells.append(_CellBuilder((), before))
        col = before
    touched: set[int] = set()
    for tc in _children(tr, "w:tc"):
        tc_pr = tc.find(W + "tcPr")
        span = max(1, to_int(wval(tc_pr.find(W + "gridSpan")) if tc_pr is not None else None, 1) or 1)
        vmerge = _merge_value(tc_pr, "vMerge")
        hmerge = _merge_value(tc_pr, "hMerge")
        if hmerge == "continue" and row.cells:
            row.cells[-1].colspan += span
            col += span
            continue
        if vmerge == "continue" and col in anchors:
            anchors[col].rowspan += 1
            touched.add(col)
            col += span
            continue
        cell = _CellBuilder(tuple(_cell_blocks(reader, tc)), span)
        row.cells.append(cell)
        if vmerge == "restart":
            anchors[col] = cell
            touched.add(col)
        col += span
    for open_col in [c for c in anchors if c not in touched]:
        del anchors[open_col]  # the merge ends when a row does not continue it
    if after:
        row.cells.append(_CellBuilder((), after))
    return row


def _cell_blocks(reader: "BodyReader", tc: etree._Element) -> list:
    allowed, reader.headings_allowed = reader.headings_allowed, False
    try:
        return reader.read_blocks(tc)
    finally:
        reader.headings_allowed = allowed


def _children(el: etree._Element, tag: str):
    """Direct w:tr / w:tc children, looking through content controls and custom XML wrappers."""
    for child in el:
        name = prefixed(child)
        if name == tag:
            yield child
        elif name in ("w:sdt", "w:customXml", "w:ins", "w:moveTo"):
            inner = child.find(W + "sdtContent") if name == "w:sdt" else child
            if inner is not None:
                yield from _children(inner, tag)


def _grid_value(tr_pr, name: str) -> int:
    if tr_pr is None:
        return 0
    return max(0, to_int(wval(tr_pr.find(W + name)), 0) or 0)


def _merge_value(tc_pr, name: str) -> str | None:
    if tc_pr is None:
        return None
    el = tc_pr.find(W + name)
    if el is None:
        return None
    return wval(el, "continue") or "continue"


def _first_row_on(tbl_pr) -> bool:
    if tbl_pr is None:
        return False
    look = tbl_pr.find(W + "tblLook")
    if look is None:
        return False
    first = look.get(W + "firstRow")
    if first is not None:
        return first.lower() in ("1", "true", "on")
    try:
        return bool(int(look.get(W + "val") or "0", 16) & 0x0020)
    except ValueError:
        return False
