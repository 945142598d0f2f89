"""Pictures, charts, text boxes and SmartArt inside runs (DrawingML §20.4, VML §14).

Pictures and charts become blocks that split their paragraph; text boxes and SmartArt text become
paragraphs placed right after the paragraph that anchors them (reading order, not layout order).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from ..model import Image, Paragraph, Text
from . import charts
from .xml import R_EMBED, R_ID, R_LINK, W, parse_xml, prefixed, q, to_int

if TYPE_CHECKING:
    from .body import BodyReader, ParagraphBuilder

EMU_PER_PX = 9525  # 914400 EMU per inch / 96 px per inch
_CSS_LENGTH = re.compile(r"(width|height)\s*:\s*([\d.]+)\s*(pt|px|in|cm|mm|pc)?", re.I)
_UNIT_PX = {"pt": 96 / 72, "px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "pc": 16.0, None: 96 / 72}
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_CHARTEX_HINT = "chartex"


def read_drawing(reader: "BodyReader", drawing: etree._Element, b: "ParagraphBuilder") -> None:
    for container in drawing:
        if prefixed(container) not in ("wp:inline", "wp:anchor"):
            continue
        size = _extent(container.find(q("wp:extent")))
        alt = _alt(container.find(q("wp:docPr")))
        graphic_data = container.find(f"{q('a:graphic')}/{q('a:graphicData')}")
        if graphic_data is not None:
            _graphic(reader, graphic_data, b, size, alt)


def _graphic(reader, el: etree._Element, b, size: tuple[int, int], alt: str) -> None:
    uri = el.get("uri", "")
    if _CHARTEX_HINT in uri.lower():
        if reader.ctx.once("chartex"):
            reader.ctx.warn("DOCX_CHART_UNSUPPORTED", "文档含新式图表（如瀑布图、旭日图），暂不支持转换，请改用图片", reader.part)
        return
    for child in el:
        _shape(reader, child, b, size, alt)


def _shape(reader, el: etree._Element, b, size: tuple[int, int], alt: str) -> None:
    tag = prefixed(el)
    if tag == "pic:pic":
        own = _extent(el.find(f"{q('pic:spPr')}/{q('a:xfrm')}/{q('a:ext')}"))
        c_nv = el.find(f"{q('pic:nvPicPr')}/{q('pic:cNvPr')}")
        _picture(reader, el.find(".//" + q("a:blip")), b, size if size != (0, 0) else own, alt or _alt(c_nv))
    elif tag == "c:chart":
        _chart(reader, el, b)
    elif tag in ("wps:wsp", "wps:txbx"):
        for txbx in el.iter(W + "txbxContent"):
            b.deferred.extend(reader.read_blocks(txbx))
            break  # a shape has one text body; nested ones are read by read_blocks
        if tag == "wps:wsp":
            blip = el.find(f"{q('wps:spPr')}/{q('a:blipFill')}/{q('a:blip')}")
            if blip is not None:
                _picture(reader, blip, b, size, alt)
    elif tag in ("wpg:wgp", "wpg:grpSp", "wpc:wpc", "a:graphicData"):
        for child in el:
            _shape(reader, child, b, (0, 0), "")
    elif tag == "dgm:relIds":
        _smartart(reader, el, b)
    elif tag == "mc:AlternateContent":
        for child in reader.choose_alternate(el):
            _shape(reader, child, b, size, alt)


def _picture(reader, blip: etree._Element | None, b, size: tuple[int, int], alt: str) -> None:
    if blip is None:
        _unpublished(reader, "图片没有引用任何图片文件")
        return
    embed = blip.get(R_EMBED)
    link = blip.get(R_LINK)
    if embed:
        _embedded_image(reader, embed, b, size, alt)
    elif link:
        rel = reader.rels.get(link)
        _external(reader, rel.target if rel else link)
    else:
        _unpublished(reader, "图片没有引用任何图片文件")


def _unpublished(reader, why: str) -> None:
    """A picture that cannot be published is reported, never silently dropped. The message does not
    name the part: its name is the author's (it may hold a name or a number)."""
    reader.ctx.warn("DOCX_IMAGE_MISSING", f"{why}，该图片已省略，请在 Word 中重新插入图片", reader.part)


def _embedded_image(reader, rel_id: str, b, size: tuple[int, int], alt: str) -> None:
    rel = reader.rels.get(rel_id)
    if rel is None:
        _unpublished(reader, f"图片引用 {rel_id} 找不到对应的文件")
        return
    if rel.external:
        _external(reader, rel.target)
        return
    if rel.target.startswith(("../", "/")) or rel.target == "..":
        _unpublished(reader, f"图片引用 {rel_id} 指向文档包以外的路径（不安全）")
        return
    name = reader.ctx.asset_for_part(rel.target)
    if name is None:
        _unpublished(reader, f"图片引用 {rel_id} 的图片文件不在文档包内")
        return
    b.block(Image(asset=name, alt=alt, width_px=size[0], height_px=size[1]))


def _external(reader, target: str) -> None:
    reader.ctx.warn("DOCX_IMAGE_EXTERNAL", f"图片为外部链接（{target}），未嵌入文档，无法发布：请在 Word 中插入图片本身", reader.part)


def _chart(reader, el: etree._Element, b) -> None:
    rel = reader.rels.get(el.get(R_ID) or "")
    if rel is None or rel.external:
        reader.ctx.warn("DOCX_CHART_MISSING", "图表引用的图表部件不存在，已省略该图表", reader.part)
        return
    chart, problem = charts.read_chart(reader.ctx.package, rel.target)
    if chart is None:
        reader.ctx.warn("DOCX_CHART_UNREADABLE", f"图表 {rel.target} 无法读取（{problem}），已省略", reader.part)
        return
    if problem:
        reader.ctx.warn("DOCX_CHART_PARTIAL", f"图表 {rel.target}：{problem}", reader.part)
    b.block(chart)


def _smartart(reader, el: etree._Element, b) -> None:
    rel = reader.rels.get(el.get(q("r:dm")) or "")
    if rel is None or rel.external:
        return
    data = reader.ctx.package.read(rel.target)
    if data is None:
        return
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError:
        reader.ctx.warn("DOCX_SMARTART_UNREADABLE", "SmartArt 图形的数据无法读取，其文字已省略", reader.part)
        return
    for pt in root.iter(q("dgm:pt")):
        if pt.get("type", "node") not in ("node", "asst"):
            continue
        body = pt.find(q("dgm:t"))
        if body is None:
            continue
        for para in body.iter(q("a:p")):
            text = "".join(t.text or "" for t in para.iter(q("a:t"))).strip()
            if text:
                b.deferred.append(Paragraph((Text(text),), style_name="SmartArt"))


def _extent(el: etree._Element | None) -> tuple[int, int]:
    if el is None:
        return (0, 0)
    cx = to_int(el.get("cx"), 0) or 0
    cy = to_int(el.get("cy"), 0) or 0
    return (round(cx / EMU_PER_PX), round(cy / EMU_PER_PX))


_FILE_NAME = re.compile(r"^[^\s/\\]+\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)$", re.I)
_AUTO_ALT = ("描述已自动生成", "描述已自動生成", "Description automatically generated", "自动生成的说明")


def clean_alt(text: str) -> str:
    """Alt text worth keeping: not a file name, not Word's machine-made guess."""
    text = " ".join(text.split())
    if not text or _FILE_NAME.match(text) or any(marker.lower() in text.lower() for marker in _AUTO_ALT):
        return ""
    return text


def _alt(doc_pr: etree._Element | None) -> str:
    if doc_pr is None:
        return ""
    return clean_alt(doc_pr.get("descr") or "") or clean_alt(doc_pr.get("title") or "")


# ---------------------------------------------------------------- VML (w:pict, w:object)


def read_vml(reader: "BodyReader", el: etree._Element, b: "ParagraphBuilder") -> None:
    _vml_walk(reader, el, b, (0, 0), "")


def _vml_walk(reader, el: etree._Element, b, size: tuple[int, int], alt: str) -> None:
    for child in el:
        tag = prefixed(child)
        if tag == "v:imagedata":
            rel_id = child.get(R_ID) or child.get(q("o:relid")) or ""
            rel = reader.rels.get(rel_id)
            if rel is not None and rel.external:
                _external(reader, rel.target)
            elif rel_id:
                _embedded_image(reader, rel_id, b, size, alt or clean_alt(child.get(q("o:title")) or ""))
            else:
                _unpublished(reader, "图片没有引用任何图片文件")
        elif tag == "w:txbxContent":
            b.deferred.extend(reader.read_blocks(child))
        elif tag == "w:drawing":
            read_drawing(reader, child, b)
        elif tag in ("o:OLEObject", "w:control", "o:lock", "v:formulas", "v:path", "v:stroke", "v:fill",
                     "v:shadow", "o:extrusion", "v:textpath"):
            continue
        else:
            own = _vml_size(child.get("style") or "") if tag.startswith("v:") else size
            _vml_walk(reader, child, b, own if own != (0, 0) else size, alt or clean_alt(child.get("alt") or ""))


def _vml_size(style: str) -> tuple[int, int]:
    found = {}
    for name, number, unit in _CSS_LENGTH.findall(style):
        try:
            found[name.lower()] = round(float(number) * _UNIT_PX[unit.lower() if unit else None])
        except ValueError:
            continue
    return (found.get("width", 0), found.get("height", 0))
