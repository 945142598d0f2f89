"""Plain text of model values: what rules, classification, search and counts read."""

from __future__ import annotations

from typing import assert_never

from .model import Block, Chart, Heading, Image, Inline, LineBreak, Link, Math, NoteRef, Paragraph, Rule, Table, Text


def inline_text(inlines: tuple[Inline, ...]) -> str:
    out: list[str] = []
    for node in inlines:
        match node:
            case Text():
                out.append(node.text)
            case LineBreak():
                out.append("\n")
            case Link():
                out.append(inline_text(node.children))
            case Math():
                out.append(node.text)
            case NoteRef():
                pass  # the note's text is not part of the sentence it marks
            case _:
                assert_never(node)
    return "".join(out)


def block_text(block: Block) -> str:
    """A block's text; a block type not known here is an error, never silently no text."""
    match block:
        case Paragraph() | Heading():
            return block.label + inline_text(block.inlines)
        case Table():
            return "\n".join(
                "\t".join(blocks_text(cell.blocks) for cell in row.cells) for row in block.rows
            ) + ("\n" + block.caption if block.caption else "")
        case Image():
            return block.caption
        case Chart():
            cells = [block.title, *block.categories, *(s.name for s in block.series), block.caption]
            return "\n".join(c for c in cells if c)
        case Rule():
            return ""
        case _:
            assert_never(block)


def blocks_text(blocks: tuple[Block, ...]) -> str:
    return "\n".join(t for t in (block_text(b) for b in blocks) if t)


def referenced_assets(blocks: tuple[Block, ...]) -> list[str]:
    """Asset names of the pictures in `blocks`, table cells included, in reading order."""
    names: list[str] = []

    def walk(items):
        for b in items:
            if isinstance(b, Image):
                names.append(b.asset)
            elif isinstance(b, Table):
                for row in b.rows:
                    for cell in row.cells:
                        walk(cell.blocks)

    walk(blocks)
    return names


def description(parts: dict[str, tuple[Block, ...]], limit: int = 120) -> str:
    """The page description: the start of 班组概况 as one line, at most `limit` characters."""
    text = " ".join(blocks_text(parts.get("overview", ())).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
