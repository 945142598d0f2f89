"""Hide contact data written in the 典型经验 itself: the published text says ［联系方式已隐去］ instead.

A transform over the model (blocks, inlines, notes, charts) that copies with dataclasses.replace and
never mutates: paragraphs and headings (also across runs: Word splits a number over runs as it
pleases), table cells, captions, picture alt texts, chart titles, categories and series names,
footnotes and endnotes; a link whose address is contact data (mailto:) keeps only its redacted text.
Every value hidden is a PII_REDACTED finding naming the file, the part and the value masked
(139****5555), so staff can check it; under --strict a finding keeps the experience unpublished.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Block, Cell, Chart, Finding, Heading, Image, Inline, Link, Paragraph, Row, Series, Table, Text, warning
from ..notice import PART_TITLES
from .pii import find_contacts

REDACTED = "［联系方式已隐去］"


class _Redactor:
    def __init__(self, source: str):
        self.source = source
        self.findings: list[Finding] = []
        self.where = ""

    # ------------------------------------------------------------ text

    def text(self, value: str, what: str) -> str:
        """`value` with every contact value replaced by REDACTED; one finding per value."""
        found = find_contacts(value)
        if not found:
            return value
        out, pos = [], 0
        for c in found:
            out += [value[pos:c.start], REDACTED]
            pos = c.end
            self.findings.append(warning(
                "PII_REDACTED",
                f"已隐去{c.label} {c.masked}（{what}）：典型经验中的联系方式与证件信息不会发布，请核对",
                self.source, self.where))
        return "".join(out) + value[pos:]

    def inlines(self, inlines: tuple[Inline, ...], what: str) -> tuple[Inline, ...]:
        """Runs of Text are redacted as one string (a number split over runs is still found);
        the redaction mark goes into the run where the hidden value began."""
        out: list[Inline] = []
        run: list[Text] = []
        for inline in (*inlines, None):
            if isinstance(inline, Text):
                run.append(inline)
                continue
            out += self._text_run(run, what)
            run = []
            if isinstance(inline, Link):
                children = self.inlines(inline.children, what)
                if find_contacts(inline.href):
                    out += children  # a mailto: or tel: address: the text stays, the link goes
                else:
                    out.append(replace(inline, children=children))
            elif inline is not None:
                out.append(inline)
        return tuple(out)

    def _text_run(self, run: list[Text], what: str) -> list[Text]:
        joined = "".join(t.text for t in run)
        found = find_contacts(joined)
        if not found:
            return run
        self.text(joined, what)  # the findings
        out: list[Text] = []
        offset = 0
        for t in run:
            start, end = offset, offset + len(t.text)
            offset = end
            pieces, pos = [], start
            for c in found:
                if c.end <= start or c.start >= end:
                    continue
                pieces.append(joined[pos:max(pos, c.start)])
                if c.start >= start:
                    pieces.append(REDACTED)
                pos = max(pos, min(end, c.end))
            pieces.append(joined[pos:end])
            text = "".join(pieces)
            if text:
                out.append(replace(t, text=text))
        return out

    # ------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[Block, ...], what: str = "正文") -> tuple[Block, ...]:
        return tuple(self.block(b, what) for b in blocks)

    def block(self, block: Block, what: str) -> Block:
        if isinstance(block, (Paragraph, Heading)):
            return replace(block, inlines=self.inlines(block.inlines, what))
        if isinstance(block, Table):
            rows = tuple(Row(tuple(self.cell(c) for c in r.cells), r.header) for r in block.rows)
            return replace(block, rows=rows, caption=self.text(block.caption, "表题"))
        if isinstance(block, Image):
            return replace(block, alt=self.text(block.alt, "图片替代文字"), caption=self.text(block.caption, "图题"))
        if isinstance(block, Chart):
            return replace(
                block,
                title=self.text(block.title, "图表标题"),
                categories=tuple(self.text(c, "图表分类") for c in block.categories),
                series=tuple(Series(self.text(s.name, "图表系列"), s.values) for s in block.series),
                caption=self.text(block.caption, "图题"),
            )
        return block

    def cell(self, cell: Cell) -> Cell:
        return replace(cell, blocks=self.blocks(cell.blocks, "表格"))


def redact_experience(parts: dict[str, tuple[Block, ...]], notes: dict[str, tuple[Block, ...]],
                      source: str) -> tuple[dict[str, tuple[Block, ...]], dict[str, tuple[Block, ...]], list[Finding]]:
    """The parts and notes with contact data hidden, and one PII_REDACTED finding per value hidden."""
    r = _Redactor(source)
    out_parts = {}
    for key, blocks in parts.items():
        r.where = PART_TITLES.get(key, key)
        out_parts[key] = r.blocks(blocks)
    out_notes = {}
    for note_id, blocks in notes.items():
        r.where = "尾注" if note_id.startswith("en") else "脚注"
        out_notes[note_id] = r.blocks(blocks, "注释")
    return out_parts, out_notes, r.findings
