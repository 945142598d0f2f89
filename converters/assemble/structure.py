"""Find the 经验名称 and the five parts in a read Document.

The reader knows Word; this module knows the shape of a 典型经验: a title near the top, optional
"组织名称：…　班组名称：…" lines, then the part titles in any written form. Nothing is dropped:
blocks before the first part that are not the title stay in a "preamble" the writer prints first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from ..model import Block, Document, Finding, Heading, Paragraph, Table, Text, info, warning
from ..notice import NOTICE, part_key, split_inline_title
from ..read.forms import label_pairs
from ..read.policy import match_label, resolve
from ..text import block_text
from . import preamble
from .preamble import toc_entry


# ---------------------------------------------------------------- the title

_BOILERPLATE = re.compile(r"^(附件\s*\d*|附\s*件)\s*[:：]?\s*\d*$")
_TITLE_START = re.compile(r"^(实施|运用|推行|应用|开展|构建|基于|打造|推进|创新)")


def experience_title(doc: Document) -> str:
    """The 经验名称 as written in the 典型经验: '经验名称：…', the paragraph after an '经验名称'
    heading, or the first real paragraph above the first part title (its '——运用…的实践' subtitle
    when that paragraph is a slogan and the subtitle follows the naming rule)."""
    return title_lines(doc)[0]


def title_lines(doc: Document) -> tuple[str, str]:
    """(经验名称, the other title line shown under it: the subtitle, or the slogan it replaced)."""
    _, _, labels = resolve(None)
    blocks = [b for b in doc.blocks if isinstance(b, (Paragraph, Heading))]
    texts = [block_text(b).strip() for b in blocks]
    for n, text in enumerate(texts):
        inline = split_inline_title(text)
        if inline and inline[0] == "name":
            return _strip_title(inline[1]), ""
        if part_key(text) == "name":
            following = next((t for t in texts[n + 1:] if t), "")
            if following and part_key(following) is None:
                return _strip_title(following), ""
    for n, text in enumerate(texts):
        if not text:
            continue
        if part_key(text) or split_inline_title(text):
            break
        if _is_boilerplate(text, labels) or preamble.recognise(text).kind not in ("", "subtitle"):
            continue
        main = _strip_title(text)
        following = next((t for t in texts[n + 1:] if t), "")
        sub = preamble.recognise(following).values.get("subtitle", "") if following else ""
        sub = _strip_title(sub)
        if sub and not follows_naming_rule(main) and follows_naming_rule(sub):
            return sub, main  # the slogan is the headline; the subtitle is the formal 经验名称
        return main, sub
    return "", ""


def follows_naming_rule(title: str) -> bool:
    compact = "".join(ch for ch in unicodedata.normalize("NFKC", title) if not ch.isspace())
    return bool(NOTICE.title_pattern.match(compact))


def is_boilerplate(text: str) -> bool:
    """Page furniture above a 典型经验's title: '附件1', a '…典型经验' header, a field label line."""
    _, _, labels = resolve(None)
    return _is_boilerplate(text, labels)


def _is_boilerplate(text: str, labels: dict[str, str]) -> bool:
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if _BOILERPLATE.match(flat):
        return True
    if "典型经验" in flat and len(flat) <= 24 and not _TITLE_START.match(flat):
        return True  # "质量信得过班组建设典型经验" page header
    return bool(label_pairs(text, labels)) or match_label(text, labels) is not None


def _strip_title(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip("《》“”\"'「」 ").strip()


# ---------------------------------------------------------------- the parts

_META_LABELS = {"组织名称": "organization", "单位名称": "organization", "班组名称": "team"}
_META_LINE = re.compile(r"(组织名称|单位名称|班组名称)\s*[:：]\s*(.+?)(?=\s*(?:组织名称|单位名称|班组名称)\s*[:：]|$)")


@dataclass(frozen=True, slots=True)
class Structured:
    title: str
    parts: dict[str, tuple[Block, ...]]  # "preamble" (if any), "overview", "background", "process", "results"
    named: dict[str, str] = field(default_factory=dict)  # organization/team as written in the document
    findings: tuple[Finding, ...] = ()


def _text(block: Block) -> str:
    return block_text(block).strip() if isinstance(block, (Paragraph, Heading)) else ""


def _meta_pairs(text: str) -> dict[str, str]:
    norm = unicodedata.normalize("NFKC", text).strip()
    return {_META_LABELS[m.group(1)]: m.group(2).strip() for m in _META_LINE.finditer(norm)}


def _paragraph_of(text: str) -> Paragraph:
    return Paragraph(inlines=(Text(text),))


def split_parts(doc: Document, source: str) -> Structured:
    title, subtitle = title_lines(doc)
    named: dict[str, str] = {"subtitle": subtitle} if subtitle else {}
    recognised: list[str] = []
    parts: dict[str, list[Block]] = {}
    current = "preamble"
    expecting_title = False
    toc: set[str] | None = None  # inside a typed 目录: the part titles it listed so far
    for block in doc.blocks:
        text = _text(block)
        if toc is not None and text:
            entry, leader = toc_entry(text)
            key = part_key(entry) if len(entry) <= 40 else None
            if (key is not None and key not in toc) or (key is None and leader):
                toc.add(key or "")
                continue
            toc = None  # a part title listed before: the body starts here
        key = part_key(text) if text and len(text) <= 40 else None
        if key == "name":
            expecting_title = True
            continue
        if key is not None:
            current = key
            parts.setdefault(current, [])
            continue
        inline = split_inline_title(text) if text else None
        if inline is not None:
            key, rest = inline
            if key == "name":
                title = title or rest
            else:
                current = key
                parts.setdefault(current, []).append(_paragraph_of(rest))
            continue
        if current == "preamble" and text:
            pairs = _meta_pairs(text)
            if pairs:
                for k, v in pairs.items():
                    named.setdefault(k, v)
                continue
            if expecting_title or _same_title(text, title) or _same_title(text, subtitle):
                expecting_title = False
                continue
            line = preamble.recognise(text)
            if line.kind == "subtitle" and _same_title(line.values["subtitle"], title):
                recognised.append("副标题（符合命名规则，作为经验名称；主标题显示在其下）")
                continue
            if line.kind:
                for k, v in line.values.items():
                    named.setdefault(k, v)
                recognised.append(_RECOGNISED[line.kind])
                if line.kind == "toc":
                    toc = set()
                continue
            if is_boilerplate(text):
                continue
        if current == "preamble" and isinstance(block, Table):
            is_meta, table_names = _metadata_table(block)
            if is_meta:
                title = title or table_names.pop("title", "")
                for k, v in table_names.items():
                    named.setdefault(k, v)
                recognised.append("信息表（经验名称、组织名称、班组名称等）")
                continue
        if current == "preamble" and not text and not _is_content(block):
            continue
        parts.setdefault(current, []).append(block)
    findings: list[Finding] = []
    if recognised:
        listed = "、".join(dict.fromkeys(recognised))
        findings.append(info("PREAMBLE_RECOGNISED", f"标题与“班组概况”之间识别出：{listed}", file=source))
    if parts.get("preamble"):
        findings.append(
            info(
                "PREAMBLE_CONTENT",
                f"标题与“班组概况”之间有 {len(parts['preamble'])} 段未归入五个部分的内容，已放在页面开头",
                file=source,
            )
        )
    if not title:
        findings.append(warning("TITLE_NOT_FOUND", "未能在典型经验文档中找到经验名称", file=source))
    shaped = {k: _relevel(tuple(v)) for k, v in parts.items()}
    return Structured(title=_clean_title(title), parts=shaped, named=named, findings=tuple(findings))


_RECOGNISED = {
    "subtitle": "副标题",
    "date": "日期",
    "names": "组织名称或班组名称",
    "author": "执笔人等署名（个人姓名，不发布）",
    "boilerplate": "“附件”字样",
    "toc": "目录",
}
_TABLE_FIELDS = ("title", "organization", "team", "recommender")


def _metadata_table(table: Table) -> tuple[bool, dict[str, str]]:
    """Whether a table at the top is a label/value table (经验名称 / 组织名称 / 班组名称 …), and its
    names. Such a table is dropped from the page: it may carry contact fields."""
    _, _, labels = resolve(None)
    found: dict[str, str] = {}
    labelled = 0
    for row in table.rows:
        cells = [" ".join(block_text(b) for b in c.blocks).strip() for c in row.cells]
        fid = match_label(cells[0], labels) if len(cells) >= 2 else None
        if fid is None:
            continue
        labelled += 1
        if fid in _TABLE_FIELDS and cells[1]:
            found.setdefault(fid, _strip_title(cells[1]) if fid == "title" else cells[1])
    return labelled >= 2 and labelled * 2 >= len(table.rows), found


def with_form_title(st: Structured, form_title: str) -> Structured:
    """When the 申报表's 经验名称 is the document's other title line, that line is the 经验名称."""
    other = st.named.get("subtitle", "")
    if not form_title or not other or _same_title(form_title, st.title) or not _same_title(form_title, other):
        return st
    return replace(st, title=_clean_title(other), named={**st.named, "subtitle": st.title})


def _same_title(text: str, title: str) -> bool:
    squash = lambda t: re.sub(r"[\s《》“”\"'「」]", "", unicodedata.normalize("NFKC", t))  # noqa: E731
    return bool(title) and squash(text) == squash(title)


def _is_content(block: Block) -> bool:
    return not isinstance(block, (Paragraph, Heading))


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


def _relevel(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Shift headings inside a part so the shallowest becomes level 3 (parts are level 2 on the page)."""
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    if not levels:
        return blocks
    shift = 3 - min(levels)
    return tuple(
        replace(b, level=max(3, min(6, b.level + shift))) if isinstance(b, Heading) else b for b in blocks
    )
