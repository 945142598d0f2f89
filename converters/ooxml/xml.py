"""Namespaces and small lxml helpers shared by the part readers.

Strict OOXML (ISO/IEC 29500 Strict) uses ``http://purl.oclc.org/ooxml/...`` namespaces; package.py
rewrites them to the transitional ones before parsing, so every reader only knows one set.
"""

from __future__ import annotations

import re

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "xml": "http://www.w3.org/XML/1998/namespace",
}

# mc:Choice Requires="..." prefixes we understand (their content is read like any other markup).
UNDERSTOOD_PREFIXES = frozenset({"w14", "wps", "wpg", "wpc", "w15", "w16se", "wp14", "a14", "v", "o", "m"})

_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/(\w+)")


def strict_to_transitional(data: bytes) -> bytes:
    """Map Strict namespaces (and relationship types) to their transitional twins."""
    if b"purl.oclc.org/ooxml" not in data:
        return data
    return _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", data)


def q(name: str) -> str:
    """'w:p' -> '{http://...}p' (Clark notation)."""
    prefix, local = name.split(":", 1)
    return "{%s}%s" % (NS[prefix], local)


W = "{%s}" % NS["w"]
R_ID = q("r:id")
R_EMBED = q("r:embed")
R_LINK = q("r:link")
W_VAL = q("w:val")


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def prefixed(el: etree._Element) -> str:
    """'{w-ns}p' -> 'w:p' for the namespaces we know; unknown namespaces keep Clark notation."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        for prefix, known in NS.items():
            if known == uri:
                return f"{prefix}:{local}"
    return tag


def wval(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W_VAL, default)


def on_off(el: etree._Element | None) -> bool | None:
    """ST_OnOff: element present without val means on; None when absent."""
    if el is None:
        return None
    val = el.get(W_VAL)
    if val is None:
        return True
    return val.lower() not in ("0", "false", "off", "none")


def to_int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


class DoctypeError(etree.XMLSyntaxError):
    """A part declares a DTD or entities: Word never writes one, and entities are how XML bombs and
    external-entity reads work. Refused, with a message that says so (not as an empty document)."""


_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# The prolog of a part is short; a DOCTYPE can only come before the root element.
_PROLOG = 4096


def _refuse_doctype(data: bytes) -> None:
    head = data[:_PROLOG]
    if _DOCTYPE.search(head.replace(b"\x00", b"")):
        raise DoctypeError("XML 中含有文档类型定义（DTD）或实体声明", 0, 1, 1)


def parse_xml(data: bytes) -> etree._Element:
    """Parse a part; tolerant of a UTF-8 BOM, huge trees and recoverable errors; never a DTD."""
    _refuse_doctype(data)
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False, no_network=True)
    data = strict_to_transitional(data)
    return etree.fromstring(data.lstrip(b"\xef\xbb\xbf") if data[:3] == b"\xef\xbb\xbf" else data, parser)


def parse_xml_recover(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, recover=True, no_network=True)
    try:
        _refuse_doctype(data)
        root = etree.fromstring(strict_to_transitional(data), parser)
    except etree.XMLSyntaxError:
        return None
    return root
