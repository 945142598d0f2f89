"""Blocks of the document model -> Markdown (Python-Markdown + tables/footnotes/md_in_html).

Text from Word stays text: every character that Markdown or HTML would read as syntax is
escaped, so "# 标题", "1. ", "* ", "|", "<script>" and "&amp;" arrive on the page as written.
Formatting is emitted as inline HTML tags, which reads the same inside tables and HTML blocks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import assert_never

from ..model import (
    Block,
    Chart,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    Math,
    NoteRef,
    Paragraph,
    Rule,
    Table,
    Text,
)
from .svgchart import chart_svg, chart_table_html

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
# Only at the start of a line do these make lists or rules: "1. ", "2) ", "- ", "+ ".
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+])(?=\s|$)")
_SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.I)
_WRAPPERS = (
    ("bold", "strong"),
    ("italic", "em"),
    ("underline", "u"),
    ("strike", "del"),
)

# Resolves an asset name to the file name the page uses (after image preparation). A resolver
# with a `phone(name)` method (PageAssets) also names each picture's phone-size copy.
AssetResolver = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class PhoneCopy:
    name: str
    width: int  # pixels of the copy
    full_width: int  # pixels of the original


class PageAssets:
    """An experience page's pictures: file name by asset name, and the phone copies by file name."""

    def __init__(self, names: dict[str, str], phone: dict[str, PhoneCopy]) -> None:
        self._names, self._phone = names, phone

    def __call__(self, name: str) -> str | None:
        return self._names.get(name)

    def phone(self, target: str) -> PhoneCopy | None:
        return self._phone.get(target)


def escape_markdown(text: str) -> str:
    """Escape text for a Markdown paragraph: HTML first, then Markdown punctuation."""
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def render_inlines(inlines: tuple[Inline, ...], *, in_html: bool = False) -> str:
    esc = escape_html if in_html else escape_markdown
    out: list[str] = []
    for node in inlines:
        match node:
            case Text():
                out.append(_formatted(esc(node.text.replace("\u00a0", " ")), node))
            case LineBreak():
                out.append("<br>")
            case Link():
                inner = render_inlines(node.children, in_html=True)
                if _SAFE_HREF.match(node.href):
                    out.append(f'<a href="{escape_html(node.href)}">{inner}</a>')
                else:
                    out.append(inner)
            case NoteRef():
                out.append(f"[^{_note_id(node.note_id)}]" if not in_html else "")
            case Math():
                out.append(render_math(node, in_html=in_html))
            case _:
                assert_never(node)
    return "".join(out)


# MathML Core elements and the attributes our OMML converter writes: anything else means the string
# did not come from converters.ooxml.omml, and only the equation's text is published.
_MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "mfrac", "msqrt", "mroot",
    "msup", "msub", "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "mtable", "mtr",
    "mtd", "mphantom", "mpadded", "mstyle",
})
_MATHML_ATTRS = frozenset({
    "xmlns", "display", "alttext", "encoding", "mathvariant", "linethickness", "largeop", "fence", "form",
    "separator", "stretchy", "accent", "accentunder", "columnalign",
})
_TAG = re.compile(r'</?([a-z]+)((?:\s[a-z]+="[^"<>]*")*)>')
_ATTR_NAME = re.compile(r'\s([a-z]+)="')


def _trusted_mathml(mathml: str) -> bool:
    """Every tag (and nothing else starting with '<') is a MathML Core tag with our attributes only."""
    if not mathml.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"'):
        return False
    tags = list(_TAG.finditer(mathml))
    if len(tags) != mathml.count("<"):
        return False
    for tag in tags:
        if tag.group(1) not in _MATHML_TAGS:
            return False
        attrs = re.sub(r'"[^"]*"', '""', tag.group(2))  # names only; values may hold anything escaped
        if any(name not in _MATHML_ATTRS for name in _ATTR_NAME.findall(attrs)):
            return False
    return True


def render_math(node: Math, *, in_html: bool = False) -> str:
    """Native MathML inside a span (a span, so that Python-Markdown never takes a paragraph opening
    with an equation for a raw HTML block); the escaped linear text when there is no MathML."""
    if node.mathml and _trusted_mathml(node.mathml):
        return f'<span class="math">{node.mathml}</span>'
    esc = escape_html if in_html else escape_markdown
    return f'<span class="math">{esc(node.text)}</span>'


def _display_math_only(block: Paragraph) -> bool:
    """A paragraph holding only display equations (Word's m:oMathPara), nothing else but spaces."""
    maths = [n for n in block.inlines if isinstance(n, Math)]
    others = [n for n in block.inlines if not isinstance(n, Math) and not (isinstance(n, Text) and not n.text.strip())]
    return bool(maths) and not others and not block.label and all(m.display and m.mathml for m in maths)


def render_math_blocks(block: Paragraph) -> str:
    """Each display equation as its own raw HTML block: Python-Markdown passes a <div> block through
    untouched, so nothing inside is read as Markdown."""
    return "\n\n".join(
        f'<div class="math-block">{render_math(m, in_html=True)}</div>' for m in block.inlines if isinstance(m, Math)
    )


def _formatted(text: str, node: Text) -> str:
    if not text:
        return ""
    for attr, tag in _WRAPPERS:
        if getattr(node, attr):
            text = f"<{tag}>{text}</{tag}>"
    if node.vertical == "superscript":
        text = f"<sup>{text}</sup>"
    elif node.vertical == "subscript":
        text = f"<sub>{text}</sub>"
    return text


def _note_id(note_id: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]", "", note_id) or "n"


def _paragraph_line(label: str, inlines: tuple[Inline, ...], *, in_html: bool = False) -> str:
    esc = escape_html if in_html else escape_markdown
    # Word puts a tab after "1." or "(1)"; Chinese labels such as "一、" need no space.
    spaced = label + " " if label and label[-1].isascii() else label
    body = (esc(spaced) if spaced else "") + render_inlines(inlines, in_html=in_html)
    body = body.replace("\t", " ").replace("\n", "<br>").strip(" ")
    if not in_html:
        body = _LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", body)
    return body


def render_blocks(blocks: tuple[Block, ...], assets: AssetResolver) -> str:
    chunks = [render_block(b, assets) for b in blocks]
    return "\n\n".join(c for c in chunks if c)


def render_block(block: Block, assets: AssetResolver) -> str:
    """One block as Markdown; a block type this writer does not know is an error, never ""."""
    match block:
        case Heading():
            return render_heading(block)
        case Paragraph():
            return render_paragraph(block)
        case Table():
            return render_table(block, assets)
        case Image():
            return render_image(block, assets)
        case Chart():
            return render_chart(block)
        case Rule():
            return "<hr>"
        case _:
            assert_never(block)


def render_heading(block: Heading) -> str:
    # A heading is bold already; authors' bold runs inside it would only add tags.
    plain = tuple(replace(n, bold=False) if isinstance(n, Text) else n for n in block.inlines)
    text = _paragraph_line(block.label, plain)
    return f"{'#' * block.level} {text}" if text else ""


def render_paragraph(block: Paragraph) -> str:
    if _display_math_only(block):
        return render_math_blocks(block)
    line = _paragraph_line(block.label, block.inlines)
    if line and block.align in ("center", "right"):
        return f'<p class="align-{block.align}">{_paragraph_line(block.label, block.inlines, in_html=True)}</p>'
    return line


def render_image(image: Image, assets: AssetResolver) -> str:
    target = assets(image.asset)
    caption = image.caption.strip()
    alt = image.alt.strip() or caption
    if target is None:
        # The picture could not be published (unsupported format); keep what it said.
        note = caption or alt or "图片"
        return f'<p class="missing-figure">［图片未能转换：{escape_html(note)}］</p>'
    size = ""
    if image.width_px and image.height_px:
        size = f' width="{image.width_px}" height="{image.height_px}"'
    figcaption = f"<figcaption>{escape_html(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="figure"><img src="{escape_html(target)}"{_srcset(target, assets)}'
        f' alt="{escape_html(alt)}" loading="lazy"{size}>{figcaption}</figure>'
    )


# The page column is the phone's width below Material's 45em break, at most about 36rem above it.
_SIZES = "(max-width: 45em) 100vw, 720px"


def _srcset(target: str, assets: AssetResolver) -> str:
    """srcset/sizes when the picture has a phone copy; data-full names the original for zoom.js."""
    phone_of = getattr(assets, "phone", None)
    copy = phone_of(target) if phone_of else None
    if copy is None:
        return ""
    full = max(copy.full_width, copy.width + 1)
    return (
        f' srcset="{escape_html(copy.name)} {copy.width}w, {escape_html(target)} {full}w"'
        f' sizes="{_SIZES}" data-full="{escape_html(target)}"'
    )


_CAPTION_NOISE = re.compile(r"^\s*[图表]\s*\d+(?:[-.．]\d+)*\s*|[（(][^）)]*[）)]|[\s　:：，,。]")


def _same_title(title: str, caption: str) -> bool:
    """"2024年合格率（%）" and "图2　2024年合格率" name the same chart: compared without the figure
    number, bracketed units, spaces and punctuation, one containing the other."""
    a, b = _CAPTION_NOISE.sub("", title), _CAPTION_NOISE.sub("", caption)
    return bool(a and b) and (a in b or b in a)


def render_chart(chart: Chart) -> str:
    caption = chart.caption or chart.title
    figcaption = f"<figcaption>{escape_html(caption)}</figcaption>" if caption else ""
    # One visible title: the chart's own only when the caption says something else.
    show_title = bool(chart.title.strip() and chart.caption.strip()) and not _same_title(chart.title, chart.caption)
    return (
        f'<figure class="chart">{chart_svg(chart, show_title=show_title)}{figcaption}</figure>\n\n'
        f'<details class="chart-data"><summary>图表数据</summary>{chart_table_html(chart)}</details>'
    )


# ---------------------------------------------------------------- tables


def _cell_is_simple(cell) -> bool:
    if len(cell.blocks) > 1:
        return False
    return all(isinstance(b, Paragraph) and not b.label for b in cell.blocks)


def _is_pipe_table(table: Table) -> bool:
    if not table.rows or table.merged:
        return False
    widths = {len(r.cells) for r in table.rows}
    if len(widths) != 1 or widths == {0}:
        return False
    if any(r.header for r in table.rows[1:]):
        return False
    return all(_cell_is_simple(c) for r in table.rows for c in r.cells)


def _pipe_cell(cell) -> str:
    if not cell.blocks:
        return " "
    p = cell.blocks[0]
    text = _paragraph_line(p.label, p.inlines) if isinstance(p, Paragraph) else ""
    return text or " "


def render_table(table: Table, assets: AssetResolver) -> str:
    caption = f'<p class="table-caption">{escape_html(table.caption)}</p>\n\n' if table.caption else ""
    if _is_pipe_table(table):
        rows = [[_pipe_cell(c) for c in r.cells] for r in table.rows]
        head, *body = rows
        head = [_keep_together(text, cell) for text, cell in zip(head, table.rows[0].cells)]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return caption + table_frame("\n".join(lines), len(head), sticky=True, markdown=True)
    return caption + table_frame(html_table(table, assets), column_count(table), sticky=not table.merged)


# Tables up to this many columns are laid out to fit a phone's column; wider ones scroll in a frame.
NARROW_COLUMNS = 4
# Header words this short never break inside ("序号", "责任人"): CSS keeps .sc-nw on one line.
KEEP_TOGETHER_CHARS = 4


def column_count(table: Table) -> int:
    return max((sum(max(c.colspan, 1) for c in r.cells) for r in table.rows), default=0)


def table_frame(inner: str, columns: int, *, sticky: bool, markdown: bool = False) -> str:
    """The table in its own scrolling frame (reading.css/reading.js): narrow tables fit the phone,
    wide ones scroll sideways with a hint and, when no cell spans rows, a sticky first column."""
    kind = "narrow" if columns <= NARROW_COLUMNS else "wide"
    classes = f"sc-table sc-table--{kind}" + (" sc-table--sticky" if sticky and kind == "wide" else "")
    md = ' markdown="1"' if markdown else ""
    body = f"\n\n{inner}\n\n" if markdown else inner
    return (
        f'<div class="{classes}" data-columns="{columns}"{md}>\n'
        '<p class="sc-table__hint" data-search-exclude>左右滑动查看</p>\n'
        f'<div class="sc-table__box"{md}>\n'
        f'<div class="sc-table__frame" tabindex="0" role="region" aria-label="表格（{columns} 列）"{md}>'
        f"{body}</div>\n</div>\n</div>"
    )


def _keep_together(text: str, cell) -> str:
    """Wrap a short header word so that a narrow column never splits it (序/号)."""
    plain = "".join(n.text for b in cell.blocks if isinstance(b, Paragraph) for n in b.inlines if isinstance(n, Text))
    plain = plain.strip()
    if plain and len(plain) <= KEEP_TOGETHER_CHARS and not any(ch.isspace() for ch in plain):
        return f'<span class="sc-nw">{text}</span>'
    return text


def html_table(table: Table, assets: AssetResolver) -> str:
    header_rows = [r for r in table.rows if r.header]
    body_rows = [r for r in table.rows if not r.header]
    parts = ["<table>"]
    if header_rows:
        parts.append("<thead>" + "".join(_html_row(r, "th", assets) for r in header_rows) + "</thead>")
    parts.append("<tbody>" + "".join(_html_row(r, "td", assets) for r in body_rows) + "</tbody>")
    parts.append("</table>")
    return "".join(parts)


def _html_row(row, tag: str, assets: AssetResolver) -> str:
    cells = []
    for cell in row.cells:
        attrs = ""
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        content = _html_cell_content(cell, assets)
        if tag == "th":
            content = _keep_together(content, cell)
        cells.append(f"<{tag}{attrs}>{content}</{tag}>")
    return "<tr>" + "".join(cells) + "</tr>"


def _html_cell_content(cell, assets: AssetResolver) -> str:
    pieces = []
    for block in cell.blocks:
        match block:
            case Paragraph() | Heading():
                line = _paragraph_line(block.label, block.inlines, in_html=True)
                if line:
                    pieces.append(line)
            case Image():
                pieces.append(render_image(block, assets))
            case Table():
                pieces.append(f'<div class="sc-table__nested">{html_table(block, assets)}</div>')
            case Chart():
                pieces.append(chart_table_html(block))
            case Rule():
                pass  # the cell's pieces are already set apart by <br>
            case _:
                assert_never(block)
    return "<br>".join(pieces)


def render_notes(notes: dict[str, tuple[Block, ...]], assets: AssetResolver) -> str:
    lines = []
    for note_id, blocks in notes.items():
        text = " ".join(
            _paragraph_line(b.label, b.inlines) for b in blocks if isinstance(b, (Paragraph, Heading))
        )
        lines.append(f"[^{_note_id(note_id)}]: {text or ' '}")
    return "\n".join(lines)
