"""OOXML (.docx) reader: a Word package -> converters.model.Document.

Wiring only; one module per part, as in python-mammoth's docx package:

- package.py   zip, content types, relationships, main part via _rels/.rels, Strict namespaces
- styles.py    styles.xml (basedOn chains, heading levels, run properties)
- numbering.py numbering.xml -> the labels Word shows (numformat.py renders 一 / ① / iv ...)
- body.py      paragraphs, runs, fields, revisions, content controls (tag -> handler tables)
- tables.py    colspan / rowspan / header rows
- drawings.py  pictures, text boxes, SmartArt, VML; charts.py native charts; omml.py equations
- notes.py     footnotes / endnotes; captions.py 图N/表N captions; headings.py typed-number headings

Supported: text with bold/italic/underline/strike/super/subscript (direct, character and paragraph
styles, basedOn chains), tabs, breaks, symbol fonts; headings from styles, outline levels and typed
一、/（一）/1./（1） numbers on short bold paragraphs; list labels as Word shows them; tables with
colspan/rowspan/header rows; inline and floating pictures (DrawingML, VML, OLE previews); native charts
from cached values; text boxes and SmartArt text after their paragraph; footnotes/endnotes; hyperlinks
(elements and fields, safe schemes only); field results; content controls and checkboxes; equations as
presentation MathML plus linear text (omml.py); revisions accepted; hidden text and comments dropped;
Strict OOXML; 图N/表N captions.
Toggle properties (b, i, caps, strike, vanish; §17.7.3): direct formatting sets the value, paragraph and
character styles combine by XOR (nearest value wins within one basedOn chain); w:caps upper-cases the text.
Partial: TOC fields/paragraphs are skipped (the site has its own navigation); table styles' run
properties are not applied; smallCaps is not shown.
Not supported: headers/footers (layout, not content); embedded OLE documents (their preview picture is
kept); altChunk and chartex charts (waterfall, sunburst) are reported as findings where they occur.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..model import Document, error
from .body import BodyReader
from .captions import attach_captions
from .context import Context
from .notes import read_notes
from .numbering import NumberingState, read_numbering
from .package import Package, PackageError, open_package, read_modified_date
from .styles import Styles, cached_styles, read_styles
from .xml import W, DoctypeError, parse_xml, parse_xml_recover

__all__ = ["read_docx"]

_REVISION_TAGS = tuple(W + t for t in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange",
                                        "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "numberingChange"))
_COMMENT_TAGS = (W + "commentReference", W + "commentRangeStart")


def read_docx(path: Path, source: str) -> Document:
    """Read a .docx into converters.model.Document. Never raises for bad input: a corrupt/encrypted/non-OOXML
    file gives Document(blocks=(), findings=(error("DOCX_…", "…中文…", file=source),)). `source` is the file name
    as received (e.g. "苏州市质量协会.zip/某班/附件1.docx") — use it in every finding."""
    try:
        return _read(Path(path), source)
    except PackageError as exc:
        return Document(blocks=(), findings=(error(exc.code, exc.message, file=source),))
    except RecursionError:
        return Document(blocks=(), findings=(error("DOCX_TOO_DEEP", "文档结构嵌套过深，无法读取", file=source),))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop a batch; it becomes a finding
        return Document(blocks=(), findings=(
            error("DOCX_READ_FAILED", f"读取文档时发生内部错误（{type(exc).__name__}: {exc}），请把该文件反馈给维护人员", file=source),
        ))


def _read(path: Path, source: str) -> Document:
    package = open_package(path)
    try:
        return _read_package(package, source)
    finally:
        package.close()


def _read_package(package: Package, source: str) -> Document:
    main = package.main_part()
    ctx = Context(package=package, source=source)
    root = _main_root(package, main, ctx)
    body = root.find(W + "body")
    if body is None:
        raise PackageError("DOCX_NO_BODY", f"正文部件 {main} 中没有正文（w:body），不是有效的 Word 文档")
    ctx.styles = _styles(package, main, ctx)
    ctx.numbering = NumberingState(_numbering(package, main, ctx))
    blocks = BodyReader(ctx, main).read_blocks(body)
    notes = read_notes(ctx, main)
    notes = {k: tuple(attach_captions(list(v))) for k, v in notes.items()}
    blocks = attach_captions(blocks)
    _scan_revisions_and_comments(root, package, main, ctx)
    return Document(
        blocks=tuple(blocks),
        notes=notes,
        assets=dict(ctx.assets),
        had_revisions=ctx.had_revisions,
        had_comments=ctx.had_comments,
        findings=tuple(ctx.findings),
        modified=read_modified_date(package),
    )


def _main_root(package: Package, main: str, ctx: Context) -> etree._Element:
    data = package.read(main) or b""
    try:
        return parse_xml(data)
    except DoctypeError as exc:
        raise PackageError("DOCX_DTD", "正文 XML 含有文档类型定义（DTD）或实体声明；Word 保存的文档不会有这些内容，"
                           "出于安全考虑不予读取。请用 Word 打开后另存为 .docx 重新提交") from exc
    except etree.XMLSyntaxError as exc:
        root = parse_xml_recover(data)
        if root is None or root.find(W + "body") is None:
            raise PackageError("DOCX_CORRUPT", f"正文 XML 已损坏，无法读取（{exc}）") from exc
        ctx.warn("DOCX_XML_RECOVERED", f"正文 XML 有格式错误（{exc}），已尽量恢复，内容可能不完整", main)
        return root


def _optional_part(package: Package, main: str, rel_suffix: str, ctx: Context, what: str) -> etree._Element | None:
    part = package.related_part(main, rel_suffix)
    if part is None:
        return None
    data = package.read(part) or b""
    try:
        return parse_xml(data)
    except etree.XMLSyntaxError as exc:
        root = parse_xml_recover(data)
        ctx.warn("DOCX_PART_MALFORMED", f"{what}部件 {part} 格式错误（{exc}），已{'尽量恢复' if root is not None else '忽略'}，"
                 f"{what}信息可能不完整", part)
        return root


def _styles(package: Package, main: str, ctx: Context) -> Styles:
    part = package.related_part(main, "styles")
    before = len(ctx.findings)
    return cached_styles(package.read(part) if part else None,
                         lambda: read_styles(_optional_part(package, main, "styles", ctx, "样式")),
                         clean=lambda: len(ctx.findings) == before)


def _numbering(package: Package, main: str, ctx: Context):
    return read_numbering(_optional_part(package, main, "numbering", ctx, "编号"), ctx.styles)


def _scan_revisions_and_comments(root: etree._Element, package: Package, main: str, ctx: Context) -> None:
    if not ctx.had_revisions and next(root.iter(*_REVISION_TAGS), None) is not None:
        ctx.had_revisions = True
    if not ctx.had_comments:
        ctx.had_comments = next(root.iter(*_COMMENT_TAGS), None) is not None
    if ctx.had_revisions:
        ctx.warn("DOCX_HAS_REVISIONS", "文档仍含修订痕迹，已按接受全部修订处理", main)
    if ctx.had_comments:
        ctx.note("DOCX_HAS_COMMENTS", "文档含批注，批注内容不会发布", main)
