"""Plain text of model values: what rules, classification, search and counts read."""

from __future__ import annotations

from .model import Block, Chart, Heading, Image, Inline, LineBreak, Link, Math, NoteRef, Paragraph, Table, Text


def inline_text(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Link):
            out.append(inline_text(node.children))
        elif isinstance(node, Math):
            out.append(node.text)
        elif isinstance(node, NoteRef):
            continue
    return "".join(out)


def block_text(block: Block) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return block.label + inline_text(block.inlines)
    if isinstance(block, Table):
        return "\n".join(
            "\t".join(blocks_text(cell.blocks) for cell in row.cells) for row in block.rows
        ) + ("\n" + block.caption if block.caption else "")
    if isinstance(block, Image):
        return block.caption
    if isinstance(block, Chart):
        cells = [block.title, *block.categories, *(s.name for s in block.series), block.caption]
        return "\n".join(c for c in cells if c)
    return ""


def blocks_text(blocks: tuple[Block, ...]) -> str:
    return "\n".join(t for t in (block_text(b) for b in blocks) if t)
