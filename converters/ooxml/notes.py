"""Footnotes and endnotes (ECMA-376 §17.11): the notes the body refers to, read like the body.

Note ids are prefixed ("fn1", "en1") so footnotes and endnotes share Document.notes without clashing.
Separator notes (w:type separator / continuationSeparator / continuationNotice) are layout, skipped.
"""

from __future__ import annotations

from lxml import etree

from ..model import Block
from .body import BodyReader
from .context import Context
from .xml import W, parse_xml_recover

_KINDS = {"fn": ("footnotes", "footnote"), "en": ("endnotes", "endnote")}


def read_notes(ctx: Context, main_part: str) -> dict[str, tuple[Block, ...]]:
    notes: dict[str, tuple[Block, ...]] = {}
    parts: dict[str, tuple[str, dict[str, etree._Element]] | None] = {}
    done = 0
    while done < len(ctx.note_refs):  # a note may refer to another note: read until no new refs
        ref = ctx.note_refs[done]
        done += 1
        kind, note_id = ref[:2], ref[2:]
        if kind not in parts:
            parts[kind] = _load(ctx, main_part, kind)
        loaded = parts[kind]
        if loaded is None:
            continue
        part, elements = loaded
        el = elements.get(note_id)
        if el is None:
            if ctx.once("note-missing:" + ref):
                ctx.warn("DOCX_NOTE_MISSING", f"正文引用的脚注/尾注（编号 {note_id}）不存在，已省略", part)
            continue
        reader = BodyReader(ctx, part)
        reader.headings_allowed = False
        notes[ref] = tuple(reader.read_blocks(el))
    return notes


def _load(ctx: Context, main_part: str, kind: str) -> tuple[str, dict[str, etree._Element]] | None:
    rel_suffix, tag = _KINDS[kind]
    part = ctx.package.related_part(main_part, rel_suffix)
    if part is None:
        return None
    data = ctx.package.read(part)
    root = parse_xml_recover(data) if data is not None else None
    if root is None:
        ctx.warn("DOCX_NOTES_UNREADABLE", f"{'脚注' if kind == 'fn' else '尾注'}部件 {part} 无法解析，脚注内容已省略", part)
        return None
    elements = {}
    for el in root.iter(W + tag):
        if el.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        note_id = el.get(W + "id")
        if note_id is not None:
            elements[note_id] = el
    return part, elements
