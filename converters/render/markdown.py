"""Blocks of the document model -> Markdown (Python-Markdown + tables/footnotes/md_in_html).

Text from Word stays text: every character that Markdown or HTML would read as syntax is
escaped, so "# 标题", "1. ", "* ", "|", "<script>" and "&amp;" arrive on the page as written.
Formatting is emitted as inline HTML tags, which reads the same inside tables and HTML blocks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
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

# Resolves an asset name to the file name the page uses (after image preparation).
AssetResolver = Callable[[str], str | None]


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
        f'<figure class="figure"><img src="{escape_html(target)}" alt="{escape_html(alt)}"'
        f' loading="lazy"{size}>{figcaption}</figure>'
    )


def render_chart(chart: Chart) -> str:
    caption = chart.caption or chart.title
    figcaption = f"<figcaption>{escape_html(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="chart">{chart_svg(chart)}{figcaption}</figure>\n\n'
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
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return caption + "\n".join(lines)
    return caption + html_table(table, assets)


def html_table(table: Table, assets: AssetResolver) -> str:
    header_rows = [r for r in table.rows if r.header]
    body_rows = [r for r in table.rows if not r.header]
    # Material styles only class-less tables; the wrapper carries our class instead.
    parts = ['<div class="table-wrap merged"><table>']
    if header_rows:
        parts.append("<thead>" + "".join(_html_row(r, "th", assets) for r in header_rows) + "</thead>")
    parts.append("<tbody>" + "".join(_html_row(r, "td", assets) for r in body_rows) + "</tbody>")
    parts.append("</table></div>")
    return "".join(parts)


def _html_row(row, tag: str, assets: AssetResolver) -> str:
    cells = []
    for cell in row.cells:
        attrs = ""
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        cells.append(f"<{tag}{attrs}>{_html_cell_content(cell, assets)}</{tag}>")
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
                pieces.append(html_table(block, assets))
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
