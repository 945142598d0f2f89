"""The main story (and notes, text boxes, cells): w:p, w:r, fields, revisions (ECMA-376 §17.3–17.16).

One handler per tag in ``BLOCK_HANDLERS`` / ``INLINE_HANDLERS`` / ``RUN_HANDLERS``; deliberate skips in
the ``*_IGNORED`` sets; anything else is reported once per document and its content skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..model import Block, Heading, Inline, LineBreak, Link, Math, NoteRef, Paragraph, Text
from . import drawings, headings, tables
from .context import Context
from .omml import math_mathml, math_text
from .styles import run_props, struck
from .symbols import is_symbol_font, map_symbol_text, symbol_char
from .xml import NS, R_ID, UNDERSTOOD_PREFIXES, W, W_VAL, on_off, prefixed, q, to_int, wval

_WS = " \t\r\n\u3000\u00a0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# ---------------------------------------------------------------- paragraph builder


@dataclass
class _Split:
    """A block (picture, chart) met inside a paragraph: the paragraph is cut around it."""

    block: Block


@dataclass
class _Field:
    instr: list[str] = field(default_factory=list)
    phase: str = "instr"  # "instr" until w:fldChar separate, then "result"
    link: bool = False


@dataclass
class ParagraphBuilder:
    style_id: str
    sinks: list[list] = field(default_factory=lambda: [[]])
    deferred: list[Block] = field(default_factory=list)  # text boxes: after the paragraph
    chars: int = 0
    bold_chars: int = 0
    hei_chars: int = 0
    last_char: str = ""
    pending_space: str = ""

    def emit(self, item) -> None:
        self.sinks[-1].append(item)

    def text(self, text: str, props: dict, loose: bool = False) -> None:
        """Add run text. `loose` marks a w:t without xml:space="preserve": its edge spaces are
        formatting noise of some generators and are dropped between two CJK characters."""
        if not text:
            return
        font = props.get("font_ascii") or props.get("font_hAnsi")
        if is_symbol_font(font):
            text = map_symbol_text(font, text)
        if props.get("caps"):
            text = text.upper()  # w:caps shows lower-case letters as capitals
        if self.pending_space:
            space, self.pending_space = self.pending_space, ""
            if not (_is_cjk(self.last_char) and _is_cjk(text.lstrip(_WS)[:1])):
                self._add(space, props)
        if loose:
            core = text.strip(" \t\r\n")
            if not core:
                self.pending_space = text
                return
            if text[0] in " \t\r\n" and _is_cjk(self.last_char) and _is_cjk(core[0]):
                text = text.lstrip(" \t\r\n")
            if text[-1] in " \t\r\n":
                stripped = text.rstrip(" \t\r\n")
                self.pending_space = text[len(stripped):]
                text = stripped
        self._add(text, props)

    def _add(self, text: str, props: dict) -> None:
        visible = sum(1 for ch in text if ch not in _WS)
        self.chars += visible
        if props.get("bold"):
            self.bold_chars += visible
        if "黑" in (props.get("font_eastAsia") or "") or "hei" in (props.get("font_eastAsia") or "").lower():
            self.hei_chars += visible
        self.last_char = text[-1:]
        self.emit(Text(text, bool(props.get("bold")), bool(props.get("italic")), bool(props.get("underline")),
                       struck(props), props.get("vertical", "") or ""))

    def block(self, block: Block) -> None:
        """A picture or chart inside the paragraph: the paragraph is split around it."""
        self.emit(_Split(block))

    def push(self) -> None:
        self.sinks.append([])

    def pop(self) -> list:
        return self.sinks.pop() if len(self.sinks) > 1 else []

    def close_link(self, href: str) -> None:
        """Wrap what was collected since push() in a Link; pictures inside it stay blocks after it."""
        children = self.pop()
        inlines = [c for c in children if not isinstance(c, _Split)]
        href = safe_href(href)
        if href:
            self.emit(Link(href, tuple(inlines)))
        else:
            for item in inlines:
                self.emit(item)
        for item in children:
            if isinstance(item, _Split):
                self.emit(item)


_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


def safe_href(href: str) -> str:
    """Links a reader may follow: web, mail and in-page anchors. Local paths (file:, C:\\) would leak the
    author's disk layout and javascript: is unsafe; their text is kept without the link."""
    href = (href or "").strip()
    if href.startswith("#") or href.lower().startswith(_SAFE_SCHEMES):
        return href
    if href.lower().startswith("www."):
        return "http://" + href
    return ""


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef")


def merge_inlines(items: list[Inline]) -> tuple[Inline, ...]:
    """Join adjacent Text runs with the same formatting; recurse into links."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Link):
            item = Link(item.href, merge_inlines(list(item.children)))
            if not item.children:
                continue
        if isinstance(item, Text):
            if not item.text:
                continue
            prev = out[-1] if out else None
            if isinstance(prev, Text) and _same_format(prev, item):
                out[-1] = Text(prev.text + item.text, prev.bold, prev.italic, prev.underline, prev.strike, prev.vertical)
                continue
        out.append(item)
    return tuple(out)


def _same_format(a: Text, b: Text) -> bool:
    return (a.bold, a.italic, a.underline, a.strike, a.vertical) == (b.bold, b.italic, b.underline, b.strike, b.vertical)


def strip_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Trim whitespace (incl. full-width indents) and line breaks at both ends of a paragraph."""
    items = list(inlines)
    while items and (isinstance(items[0], LineBreak) or (isinstance(items[0], Text) and not items[0].text.strip(_WS))):
        items.pop(0)
    while items and (isinstance(items[-1], LineBreak) or (isinstance(items[-1], Text) and not items[-1].text.strip(_WS))):
        items.pop()
    if items and isinstance(items[0], Text):
        t = items[0]
        items[0] = Text(t.text.lstrip(_WS), t.bold, t.italic, t.underline, t.strike, t.vertical)
    if items and isinstance(items[-1], Text):
        t = items[-1]
        items[-1] = Text(t.text.rstrip(_WS), t.bold, t.italic, t.underline, t.strike, t.vertical)
    return tuple(items)


# ---------------------------------------------------------------- the reader


BLOCK_IGNORED = frozenset({
    "w:sectPr", "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr", "w:permStart", "w:permEnd",
    "w:commentRangeStart", "w:commentRangeEnd", "w:moveFromRangeStart", "w:moveFromRangeEnd",
    "w:moveToRangeStart", "w:moveToRangeEnd", "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd",
    "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd", "w:sdtPr", "w:sdtEndPr", "w:tblPr", "w:tblGrid",
    "w:trPr", "w:tcPr", "w:customXmlPr", "w:smartTagPr",
})
INLINE_IGNORED = BLOCK_IGNORED | frozenset({"w:pPr", "w:rPr", "w:subDoc", "w:lastRenderedPageBreak"})
RUN_IGNORED = frozenset({
    "w:rPr", "w:lastRenderedPageBreak", "w:annotationRef", "w:footnoteRef", "w:endnoteRef", "w:separator",
    "w:continuationSeparator", "w:softHyphen", "w:dayShort", "w:dayLong", "w:monthShort", "w:monthLong",
    "w:yearShort", "w:yearLong", "w:pgNum", "w:delText", "w:delInstrText", "w:contentPart",
    "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr", "w:commentRangeStart", "w:commentRangeEnd",
})
_HYPERLINK_INSTR = re.compile(r'^\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))?(.*)$', re.I | re.S)
_ANCHOR_SWITCH = re.compile(r'\\l\s+"?([^"\s]+)"?')


class BodyReader:
    """Reads one story part (document, footnotes, endnotes) into blocks."""

    def __init__(self, ctx: Context, part: str):
        self.ctx = ctx
        self.part = part
        self.rels = ctx.package.rels(part)
        self._fields: list[_Field] = []
        self._pending: list = []  # content of a paragraph whose mark was deleted (joins the next one)
        self._props_cache: dict[tuple[str, str], dict] = {}
        # Headings only in the main flow: a bold "1. 项目" in a table cell or a note is not a section.
        self.headings_allowed = True
        self.block_handlers = {
            "w:p": self._paragraph,
            "w:tbl": lambda el: [tables.read_table(self, el)],
            "w:sdt": self._block_sdt,
            "w:customXml": self.read_blocks,
            "w:ins": self.read_blocks,
            "w:moveTo": self.read_blocks,
            "w:del": self._deleted,
            "w:moveFrom": self._deleted,
            "mc:AlternateContent": lambda el: self.read_blocks_list(self.choose_alternate(el)),
            "w:altChunk": self._alt_chunk,
            "m:oMathPara": self._block_math,
        }
        self.inline_handlers = {
            "w:r": self._run,
            "w:hyperlink": self._hyperlink,
            "w:fldSimple": self._field_simple,
            "w:ins": self._inline_children,
            "w:moveTo": self._inline_children,
            "w:smartTag": self._inline_children,
            "w:customXml": self._inline_children,
            "w:dir": self._inline_children,
            "w:bdo": self._inline_children,
            "w:sdt": self._inline_sdt,
            "w:sdtContent": self._inline_children,
            "w:del": lambda el, b: self._mark_revision(),
            "w:moveFrom": lambda el, b: self._mark_revision(),
            "m:oMath": self._math,
            "m:oMathPara": self._math,
            "mc:AlternateContent": self._inline_alternate,
        }
        self.run_handlers = {
            "w:t": lambda el, b, props: b.text(el.text or "", props, loose=el.get(XML_SPACE) != "preserve"),
            "w:tab": lambda el, b, props: b.text("\t", props),
            "w:ptab": lambda el, b, props: b.text("\t", props),
            "w:br": self._break,
            "w:cr": lambda el, b, props: b.emit(LineBreak()),
            "w:sym": self._symbol,
            "w:noBreakHyphen": lambda el, b, props: b.text("-", props),
            "w:drawing": lambda el, b, props: drawings.read_drawing(self, el, b),
            "w:pict": lambda el, b, props: drawings.read_vml(self, el, b),
            "w:object": lambda el, b, props: drawings.read_vml(self, el, b),
            "mc:AlternateContent": self._run_alternate,
            "w:fldChar": self._field_char,
            "w:instrText": self._instr_text,
            "w:footnoteReference": lambda el, b, props: self._note_ref("fn", el, b),
            "w:endnoteReference": lambda el, b, props: self._note_ref("en", el, b),
            "w:commentReference": lambda el, b, props: self._mark_comment(),
            "w:ruby": self._ruby,
            "m:oMath": lambda el, b, props: self._math(el, b),
        }

    # ------------------------------------------------------------ blocks

    def read_blocks(self, container: etree._Element) -> list[Block]:
        return self.read_blocks_list(list(container))

    def read_blocks_list(self, children: list[etree._Element]) -> list[Block]:
        blocks: list[Block] = []
        for child in children:
            tag = prefixed(child)
            if not tag:  # comments, processing instructions
                continue
            handler = self.block_handlers.get(tag)
            if handler is not None:
                blocks.extend(handler(child))
            elif tag in BLOCK_IGNORED:
                continue
            else:
                self._unknown(tag)
        return blocks

    def _block_sdt(self, el: etree._Element) -> list[Block]:
        sdt_pr = el.find(W + "sdtPr")
        if sdt_pr is not None:
            gallery = sdt_pr.find(f"{W}docPartObj/{W}docPartGallery")
            if gallery is not None and (gallery.get(W_VAL) or "").lower() == "table of contents":
                if self.ctx.once("toc"):
                    self.ctx.note("DOCX_TOC_SKIPPED", "文档中的自动目录已省略（网站自带导航）", self.part)
                return []
        content = el.find(W + "sdtContent")
        return self.read_blocks(content) if content is not None else []

    def _deleted(self, el: etree._Element) -> list[Block]:
        self._mark_revision()
        return []

    def _alt_chunk(self, el: etree._Element) -> list[Block]:
        if self.ctx.once("altChunk"):
            self.ctx.warn("DOCX_ALTCHUNK", "文档嵌入了外部内容块（altChunk，如粘贴的网页或其他文档），该部分内容未能读取", self.part)
        return []

    def _block_math(self, el: etree._Element) -> list[Block]:
        b = ParagraphBuilder(style_id="")
        self._math(el, b)
        return [Paragraph(merge_inlines(b.sinks[0]))] if b.sinks[0] else []

    def _unknown(self, tag: str) -> None:
        if self.ctx.once("unknown:" + tag):
            self.ctx.note("DOCX_UNKNOWN_ELEMENT", f"未识别的 Word 元素 {tag}，其内容已忽略", self.part)

    # ------------------------------------------------------------ paragraphs

    def _paragraph(self, p: etree._Element) -> list[Block]:
        ppr = p.find(W + "pPr")
        raw_style = wval(ppr.find(W + "pStyle")) if ppr is not None else None
        style_id = self.ctx.styles.paragraph_style_id(raw_style)
        if self.ctx.styles.is_toc(style_id):
            if self.ctx.once("toc"):
                self.ctx.note("DOCX_TOC_SKIPPED", "文档中的自动目录已省略（网站自带导航）", self.part)
            self._inline_children(p, ParagraphBuilder(style_id))  # keep field state consistent
            return []
        b = ParagraphBuilder(style_id)
        if self._pending:
            b.sinks[0].extend(self._pending)
            self._pending = []
        for fld in self._fields:  # a hyperlink field that spans paragraphs keeps linking
            if fld.link and fld.phase == "result":
                b.push()
        self._inline_children(p, b)
        self._close_open_links(b)
        if ppr is not None and ppr.find(f"{W}rPr/{W}del") is not None:
            # Deleted paragraph mark: accepting the revision joins this paragraph to the next one.
            self._mark_revision()
            self._pending = list(b.sinks[0])
            return list(b.deferred)
        if b.chars == 0 and self._mark_hidden(ppr, style_id) and not any(isinstance(i, _Split) for i in b.sinks[0]):
            return list(b.deferred)  # a hidden paragraph: Word shows neither its text nor its number
        num_id, ilvl = self._numbering_of(ppr, style_id)
        label = self.ctx.numbering.next_label(num_id, ilvl) if num_id else ""
        return self._finish_paragraph(b, ppr, style_id, label, num_id)

    def _mark_hidden(self, ppr: etree._Element | None, style_id: str) -> bool:
        mark_rpr = ppr.find(W + "rPr") if ppr is not None else None
        return bool(self.run_props(style_id, mark_rpr).get("hidden"))

    def _close_open_links(self, b: ParagraphBuilder) -> None:
        for fld in reversed(self._fields):
            if fld.link and fld.phase == "result" and len(b.sinks) > 1:
                b.close_link(_field_href(fld))

    def _numbering_of(self, ppr: etree._Element | None, style_id: str) -> tuple[str | None, int]:
        """(numId, level) numbering this paragraph, direct w:numPr over the style's; numId None if none."""
        num_id, ilvl = self.ctx.styles.numbering(style_id)
        from_style = num_id is not None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        if numpr is not None:
            direct_num = wval(numpr.find(W + "numId"))
            direct_ilvl = to_int(wval(numpr.find(W + "ilvl")))
            if direct_num is not None:
                num_id, from_style = direct_num, False
            if direct_ilvl is not None:
                ilvl = direct_ilvl
        if num_id is None or num_id == "0":
            return None, 0
        if ilvl is None and from_style:
            ilvl = self.ctx.numbering.numbering.ilvl_for_style(num_id, style_id)
        return num_id, ilvl or 0

    def _finish_paragraph(self, b: ParagraphBuilder, ppr, style_id: str, label: str, num_id: str | None) -> list[Block]:
        styles = self.ctx.styles
        style_name = styles.name(style_id)
        jc = (wval(ppr.find(W + "jc")) if ppr is not None else None) or styles.jc(style_id)
        align = {"center": "center", "right": "right", "end": "right"}.get(jc or "", "")
        level = None
        if ppr is not None:
            outline = to_int(wval(ppr.find(W + "outlineLvl")))
            if outline is not None:
                level = outline + 1 if outline < 9 else 0
        if level is None:
            level = styles.heading_level(style_id)
        segments = _segments(b.sinks[0])
        blocks: list[Block] = []
        first = True
        for seg in segments:
            if isinstance(seg, _Split):
                blocks.append(seg.block)
                continue
            inlines = strip_inlines(merge_inlines(seg))
            if not inlines and not (first and label):
                continue
            if first:
                heading_level = None
                if self.headings_allowed:
                    heading_level = level or headings.fallback_level(
                        inlines, label, b, self.ctx.numbering.numbering, num_id)
                if heading_level:
                    blocks.append(Heading(min(heading_level, 6), inlines, label, style_id, style_name))
                else:
                    blocks.append(Paragraph(inlines, style_id, style_name, label, align))
                first = False
            else:
                blocks.append(Paragraph(inlines, style_id, style_name, "", align))
        blocks.extend(b.deferred)
        return blocks

    # ------------------------------------------------------------ inlines

    def _inline_children(self, el: etree._Element, b: ParagraphBuilder) -> None:
        for child in el:
            self._inline_node(child, b)

    def _inline_node(self, child: etree._Element, b: ParagraphBuilder) -> None:
        tag = prefixed(child)
        if not tag:
            return
        handler = self.inline_handlers.get(tag)
        if handler is not None:
            handler(child, b)
        elif tag in INLINE_IGNORED:
            return
        elif tag in self.block_handlers:  # e.g. a table inside an inline sdt: keep it after the paragraph
            b.deferred.extend(self.block_handlers[tag](child))
        else:
            self._unknown(tag)

    def _inline_sdt(self, el: etree._Element, b: ParagraphBuilder) -> None:
        sdt_pr = el.find(W + "sdtPr")
        if sdt_pr is not None:
            checkbox = sdt_pr.find(q("w14:checkbox"))
            if checkbox is not None:
                checked = checkbox.find(q("w14:checked"))
                on = checked is not None and (checked.get(q("w14:val")) or "1").lower() in ("1", "true", "on")
                b.text("☑" if on else "☐", {})
                return
        content = el.find(W + "sdtContent")
        if content is not None:
            self._inline_children(content, b)

    def _hyperlink(self, el: etree._Element, b: ParagraphBuilder) -> None:
        rel_id = el.get(R_ID)
        href = ""
        if rel_id:
            rel = self.rels.get(rel_id)
            if rel is not None:
                href = rel.target
            anchor = el.get(W + "anchor")
            if href and anchor:
                href += "#" + anchor
        if not href:  # internal bookmark (w:anchor) or broken relationship: keep the text only
            self._inline_children(el, b)
            return
        b.push()
        self._inline_children(el, b)
        b.close_link(href)

    def _field_simple(self, el: etree._Element, b: ParagraphBuilder) -> None:
        instr = el.get(W + "instr", "")
        fld = _Field(instr=[instr], phase="result", link=_is_hyperlink(instr))
        if fld.link:
            b.push()
            self._inline_children(el, b)
            b.close_link(_field_href(fld))
        else:
            self._inline_children(el, b)

    def _inline_alternate(self, el: etree._Element, b: ParagraphBuilder) -> None:
        for child in self.choose_alternate(el):
            self._inline_node(child, b)

    def _math(self, el: etree._Element, b: ParagraphBuilder) -> None:
        """m:oMath is an equation in the line; m:oMathPara holds display equations, one per m:oMath."""
        display = prefixed(el) == "m:oMathPara"
        for equation in el.findall(q("m:oMath")) if display else [el]:
            text = math_text(equation)
            if not text:
                continue
            b.chars += sum(1 for ch in text if ch not in _WS)
            b.emit(Math(text, math_mathml(equation, display=display, text=text), display))

    # ------------------------------------------------------------ runs

    def run_props(self, style_id: str, rpr: etree._Element | None) -> dict:
        rstyle = wval(rpr.find(W + "rStyle"), "") if rpr is not None else ""
        key = (style_id, rstyle or "")
        base = self._props_cache.get(key)
        if base is None:
            base = self.ctx.styles.run_style_props(style_id, rstyle)
            self._props_cache[key] = base
        if rpr is None:
            return base
        return {**base, **run_props(rpr)}  # direct formatting sets values, toggles included

    def _run(self, r: etree._Element, b: ParagraphBuilder) -> None:
        props = self.run_props(b.style_id, r.find(W + "rPr"))
        hidden = bool(props.get("hidden"))
        for child in r:
            tag = prefixed(child)
            if not tag:
                continue
            if tag in ("w:fldChar", "w:instrText"):
                self.run_handlers[tag](child, b, props)
                continue
            if hidden or self._in_instruction():
                # Hidden text and field codes are not what Word shows. Drawings in field codes are rare.
                continue
            handler = self.run_handlers.get(tag)
            if handler is not None:
                handler(child, b, props)
            elif tag in RUN_IGNORED:
                continue
            else:
                self._unknown(tag)

    def _break(self, el: etree._Element, b: ParagraphBuilder, props: dict) -> None:
        if (el.get(W + "type") or "textWrapping") in ("page", "column"):
            return  # layout only
        b.emit(LineBreak())

    def _symbol(self, el: etree._Element, b: ParagraphBuilder, props: dict) -> None:
        font = el.get(W + "font") or props.get("font_ascii") or ""
        try:
            code = int(el.get(W + "char") or "", 16)
        except ValueError:
            return
        ch = symbol_char(font, code)
        if ch is None:
            if self.ctx.once(f"sym:{font}:{code:X}"):
                self.ctx.note("DOCX_UNKNOWN_SYMBOL", f"无法识别的符号字符（字体 {font}，编码 {code:X}），已省略", self.part)
            return
        b.text(ch, {k: v for k, v in props.items() if not k.startswith("font_")})

    def _ruby(self, el: etree._Element, b: ParagraphBuilder, props: dict) -> None:
        base = el.find(W + "rubyBase")
        if base is not None:
            self._inline_children(base, b)

    def _run_alternate(self, el: etree._Element, b: ParagraphBuilder, props: dict) -> None:
        for child in self.choose_alternate(el):
            tag = prefixed(child)
            handler = self.run_handlers.get(tag)
            if handler is not None:
                handler(child, b, props)
            elif tag in self.inline_handlers:
                self.inline_handlers[tag](child, b)

    def _note_ref(self, kind: str, el: etree._Element, b: ParagraphBuilder) -> None:
        note_id = el.get(W + "id")
        if note_id is None:
            return
        ref = f"{kind}{note_id}"
        if ref not in self.ctx.note_refs:
            self.ctx.note_refs.append(ref)
        b.emit(NoteRef(ref))

    # ------------------------------------------------------------ complex fields

    def _in_instruction(self) -> bool:
        return any(f.phase == "instr" for f in self._fields)

    def _field_char(self, el: etree._Element, b: ParagraphBuilder, props: dict) -> None:
        kind = el.get(W + "fldCharType")
        if kind == "begin":
            checkbox = el.find(f"{W}ffData/{W}checkBox")
            if checkbox is not None and not self._in_instruction():
                checked = checkbox.find(W + "checked")
                default = checkbox.find(W + "default")
                state = on_off(checked) if checked is not None else on_off(default) if default is not None else False
                b.text("☑" if state else "☐", {})
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            fld = self._fields[-1]
            if fld.phase == "instr":
                fld.phase = "result"
                fld.link = _is_hyperlink("".join(fld.instr)) and not self._in_instruction()
                if fld.link:
                    b.push()
        elif kind == "end" and self._fields:
            fld = self._fields.pop()
            if fld.link and fld.phase == "result" and len(b.sinks) > 1:
                b.close_link(_field_href(fld))

    def _instr_text(self, el: etree._Element, b: ParagraphBuilder, props: dict) -> None:
        if self._fields and self._fields[-1].phase == "instr":
            self._fields[-1].instr.append(el.text or "")

    # ------------------------------------------------------------ markup compatibility

    def choose_alternate(self, el: etree._Element) -> list[etree._Element]:
        """Children of the first mc:Choice we understand, else of mc:Fallback; never both."""
        for choice in el.findall(q("mc:Choice")):
            requires = (choice.get("Requires") or "").split()
            if requires and all(self._understood(choice, prefix) for prefix in requires):
                return list(choice)
        fallback = el.find(q("mc:Fallback"))
        return list(fallback) if fallback is not None else []

    @staticmethod
    def _understood(el: etree._Element, prefix: str) -> bool:
        uri = el.nsmap.get(prefix)
        return prefix in UNDERSTOOD_PREFIXES or (uri is not None and uri in NS.values())

    # ------------------------------------------------------------ flags

    def _mark_revision(self) -> None:
        self.ctx.had_revisions = True

    def _mark_comment(self) -> None:
        self.ctx.had_comments = True


def _segments(items: list) -> list:
    """[inline, inline, _Split, inline] -> [[inline, inline], _Split, [inline]]."""
    out: list = [[]]
    for item in items:
        if isinstance(item, _Split):
            out.append(item)
            out.append([])
        else:
            out[-1].append(item)
    return out


def _is_hyperlink(instr: str) -> bool:
    return bool(re.match(r"^\s*HYPERLINK\b", instr, re.I))


def _field_href(fld: _Field) -> str:
    instr = "".join(fld.instr)
    m = _HYPERLINK_INSTR.match(instr)
    if not m:
        return ""
    url = (m.group(1) or m.group(2) or "").strip()
    if url.startswith("\\"):
        url = ""
    anchor = _ANCHOR_SWITCH.search(instr)
    if anchor:
        return (url + "#" + anchor.group(1)) if url else "#" + anchor.group(1)
    return url

