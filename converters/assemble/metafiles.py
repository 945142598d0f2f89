"""EMF/WMF pictures without LibreOffice: milliseconds per picture instead of a seconds-long start.

- ``masked_bitmap_png``: a metafile that only draws bitmaps through a mask (StretchDIBits with SRCAND,
  then SRCPAINT: the classic transparent blit, which LibreOffice renders blank) becomes an RGBA PNG;
- ``dedicated_svg``: Debian's ``emf2svg-conv`` (EMF) and ``wmf2svg`` (libwmf) keep vectors as SVG,
  which ``sanitised_svg`` rebuilds from an allow-list (no scripts, no foreign elements, no external
  references; links only to data: pictures or the SVG's own ids).

Both return None when they cannot do the picture; converters.assemble.images then falls back to
LibreOffice. Nothing here prints or raises.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

SVG_NS, XLINK_NS = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
MAX_SVG_BYTES = 4 * 1024 * 1024  # larger drawings (big embedded bitmaps) go the PNG way
_SRCAND, _SRCPAINT = 0x008800C6, 0x00EE0086
_EMR_STRETCHDIBITS, _EMR_GDICOMMENT = 81, 70
# EMF records that draw something other than a bitmap (MS-EMF §2.1.1): shapes, paths, text, blits.
_EMR_DRAWING = frozenset({*range(2, 9), *range(41, 48), 54, 55, 56, 59, 60, 61, 62, 63, 64, 65, 66,
                          76, 77, 78, 79, 80, 83, 84, *range(85, 93), 96, 108})

_ELEMENTS = frozenset({"svg", "g", "defs", "clipPath", "path", "rect", "circle", "ellipse", "line", "polyline",
                       "polygon", "text", "tspan", "image", "pattern", "linearGradient", "radialGradient", "stop",
                       "mask", "use", "desc", "title", "symbol", "marker"})
_DRAWN = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "image", "use"})
_SAFE_HREF = re.compile(r"^(#[\w.-]+|data:image/(png|jpeg|gif|bmp);base64,[A-Za-z0-9+/=\s]*)$")
_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.I)
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


# ---------------------------------------------------------------- masked bitmaps


def masked_bitmap_png(data: bytes) -> bytes | None:
    """RGBA PNG of an EMF made only of SRCAND mask + SRCPAINT colour bitmaps; None for any other EMF."""
    records = list(_emf_records(data))
    if not records or any(kind in _EMR_DRAWING or kind == _EMR_GDICOMMENT for kind, _ in records):
        return None
    blits = [_stretch_dibits(body) for kind, body in records if kind == _EMR_STRETCHDIBITS]
    if len(blits) != 2 or None in blits or [b[0] for b in blits] != [_SRCAND, _SRCPAINT]:
        return None
    (_, mask_box, mask), (_, colour_box, colour) = blits
    if mask_box != colour_box or mask.size != colour.size:
        return None
    alpha = Image.eval(mask.convert("L"), lambda v: 255 - v)  # white mask = transparent
    if alpha.getbbox() is None:
        return None
    picture = colour.convert("RGB")
    picture.putalpha(alpha)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def _emf_records(data: bytes):
    """(type, record bytes) of each record; stops at a malformed size or EOF."""
    pos = 0
    while pos + 8 <= len(data):
        kind, size = struct.unpack_from("<II", data, pos)
        if size < 8 or size % 4 or pos + size > len(data):
            return
        yield kind, data[pos : pos + size]
        if kind == 14:  # EOF
            return
        pos += size


def _stretch_dibits(record: bytes) -> tuple[int, tuple[int, int, int, int], Image.Image] | None:
    """(raster operation, destination box, bitmap) of an EMR_STRETCHDIBITS record (MS-EMF §2.3.1.7)."""
    if len(record) < 80:
        return None
    x, y = struct.unpack_from("<ii", record, 24)
    off_bmi, cb_bmi, off_bits, cb_bits = struct.unpack_from("<IIII", record, 48)
    _usage, rop = struct.unpack_from("<II", record, 64)
    cx, cy = struct.unpack_from("<ii", record, 72)
    if off_bmi + cb_bmi > len(record) or off_bits + cb_bits > len(record) or cb_bmi < 40:
        return None
    bmi, bits = record[off_bmi : off_bmi + cb_bmi], record[off_bits : off_bits + cb_bits]
    header = b"BM" + struct.pack("<IHHI", 14 + len(bmi) + len(bits), 0, 0, 14 + len(bmi))
    try:
        with Image.open(io.BytesIO(header + bmi + bits)) as img:
            img.load()
            bitmap = img.copy()
    except (OSError, ValueError, UnidentifiedImageError, SyntaxError):
        return None
    return rop, (x, y, cx, cy), bitmap


# ---------------------------------------------------------------- emf2svg / wmf2svg


def dedicated_svg(data: bytes, kind: str, workdir: Path, stem: str, timeout: float = 30) -> bytes | None:
    """Sanitised SVG from emf2svg-conv (kind "emf") or wmf2svg ("wmf"), None when unavailable or blank."""
    tool = shutil.which("emf2svg-conv" if kind == "emf" else "wmf2svg")
    if tool is None:
        return None
    source, target = workdir / f"{stem}.{kind}", workdir / f"{stem}.svg"
    source.write_bytes(data)
    args = [tool, "-i", str(source), "-o", str(target)] if kind == "emf" else [tool, "-o", str(target), str(source)]
    try:
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or not target.is_file() or target.stat().st_size > MAX_SVG_BYTES:
        return None
    return sanitised_svg(target.read_bytes())


def sanitised_svg(data: bytes) -> bytes | None:
    """The drawing rebuilt in the SVG namespace from allowed elements and attributes; None when it
    cannot be parsed or draws nothing."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if root is None or etree.QName(root).localname != "svg":
        return None
    clean = _clean(root)
    if not any(etree.QName(el).localname in _DRAWN for el in clean.iter()):
        return None
    _ensure_viewbox(clean)
    return etree.tostring(clean, xml_declaration=True, encoding="UTF-8")


def _clean(el: etree._Element) -> etree._Element:
    out = etree.Element(f"{{{SVG_NS}}}{etree.QName(el).localname}", nsmap={None: SVG_NS, "xlink": XLINK_NS})
    for name, value in el.attrib.items():
        kept = _attribute(name, value)
        if kept:
            out.set(*kept)
    out.text = el.text if etree.QName(el).localname in ("text", "tspan", "desc", "title") else None
    for child in el:
        if not isinstance(child.tag, str):
            continue
        q = etree.QName(child)
        if q.namespace not in (None, SVG_NS) or q.localname not in _ELEMENTS or _unsafe_picture(child):
            continue
        cleaned = _clean(child)
        cleaned.tail = child.tail if q.localname == "tspan" else None
        out.append(cleaned)
    return out


def _unsafe_picture(el: etree._Element) -> bool:
    """An <image> whose picture is not embedded: it would be fetched from elsewhere, or show nothing."""
    if etree.QName(el).localname != "image":
        return False
    href = el.get(f"{{{XLINK_NS}}}href") or el.get("href") or ""
    return not _SAFE_HREF.match(href)


def _attribute(name: str, value: str) -> tuple[str, str] | None:
    q = etree.QName(name)
    local = q.localname
    if q.namespace not in (None, XLINK_NS) or local.lower().startswith("on") or "javascript:" in value.lower():
        return None
    if local == "href":
        return (f"{{{XLINK_NS}}}href", value) if _SAFE_HREF.match(value) else None
    if any(not target.startswith("#") for target in _URL.findall(value)):
        return None  # url(…) to anything but an id inside the drawing
    return local, value


def _ensure_viewbox(svg: etree._Element) -> None:
    """Without a viewBox an <img> clips the drawing instead of scaling it."""
    if svg.get("viewBox"):
        return
    width, height = _NUMBER.match(svg.get("width", "")), _NUMBER.match(svg.get("height", ""))
    if width and height:
        svg.set("viewBox", f"0 0 {width.group(1)} {height.group(1)}")
