"""styles.xml: paragraph/character/table styles with basedOn chains (ECMA-376 §17.7).

A missing part is ``Styles.EMPTY``; a malformed one is read with lxml's recovering parser and
reported by the caller. Run properties are plain dicts (see ``run_props``), merged base-first.

``cached_styles`` keeps parsed parts by the SHA-256 of their bytes: an inbox's documents come from
a handful of Word templates, and parsing styles.xml was half the time of reading a document. Styles
are never changed after reading, so documents share them.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from .xml import W, W_VAL, on_off, to_int, wval

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*\d$", re.I)


# Toggle properties (§17.7.3) we use, by our key and their w: element. Their values in styles combine
# by XOR across the levels of the style hierarchy; see Styles.run_style_props.
TOGGLES = (("bold", "b"), ("italic", "i"), ("caps", "caps"), ("strike", "strike"), ("hidden", "vanish"))


def run_props(rpr: etree._Element | None) -> dict:
    """Run properties we use: bold, italic, caps, underline, strike, dstrike, vertical, hidden, fonts.

    Callers read strikethrough as ``strike or dstrike`` (see ``struck``): only w:strike is a toggle."""
    props: dict = {}
    if rpr is None:
        return props
    for key, tag in TOGGLES + (("dstrike", "dstrike"),):
        value = on_off(rpr.find(W + tag))
        if value is not None:
            props[key] = value
    u = rpr.find(W + "u")
    if u is not None:
        props["underline"] = (u.get(W_VAL) or "single").lower() != "none"
    va = rpr.find(W + "vertAlign")
    if va is not None:
        val = (va.get(W_VAL) or "").lower()
        props["vertical"] = val if val in ("superscript", "subscript") else ""
    fonts = rpr.find(W + "rFonts")
    if fonts is not None:
        for attr in ("eastAsia", "ascii", "hAnsi"):
            value = fonts.get(W + attr)
            if value:
                props["font_" + attr] = value
    return props


@dataclass(frozen=True, slots=True)
class Style:
    style_id: str
    name: str
    type: str  # paragraph, character, table, numbering
    based_on: str = ""
    rpr: dict = field(default_factory=dict)
    outline_level: int | None = None  # 0..8 from pPr/outlineLvl; 9 = body text
    num_id: str | None = None  # pPr/numPr
    ilvl: int | None = None
    jc: str = ""
    table_first_row: bool = False  # table style defines tblStylePr type=firstRow


class Styles:
    EMPTY: "Styles"

    def __init__(self, styles: dict[str, Style], defaults_rpr: dict, default_ids: dict[str, str]):
        self.by_id = styles
        self.defaults_rpr = defaults_rpr
        self.default_ids = default_ids  # type -> default style id

    # ------------------------------------------------------------ lookup

    def get(self, style_id: str | None) -> Style | None:
        if not style_id:
            return None
        return self.by_id.get(style_id)

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and its basedOn ancestors, nearest first; cycles cut."""
        out: list[Style] = []
        seen: set[str] = set()
        style = self.get(style_id)
        while style is not None and style.style_id not in seen:
            seen.add(style.style_id)
            out.append(style)
            style = self.get(style.based_on)
        return out

    def paragraph_style_id(self, style_id: str | None) -> str:
        if style_id and style_id in self.by_id:
            return style_id
        return self.default_ids.get("paragraph", "")

    def name(self, style_id: str | None) -> str:
        style = self.get(style_id)
        return style.name if style else ""

    def rpr_of(self, style_id: str | None) -> dict:
        """Run properties from a style chain, base first so nearer styles win (within one level of the
        hierarchy the first value met along basedOn is the style's value, toggles included)."""
        merged: dict = {}
        for style in reversed(self.chain(style_id)):
            merged.update(style.rpr)
        return merged

    def run_style_props(self, paragraph_style: str | None, character_style: str | None) -> dict:
        """Run properties before direct formatting: document defaults, then the paragraph style, then the
        character style (§17.7.2). Ordinary properties: the last value wins. Toggle properties (§17.7.3):
        true when the document defaults say so, else the XOR of the paragraph-style and character-style
        values, so bold in a character style applied inside a bold paragraph style gives plain text."""
        para, char = self.rpr_of(paragraph_style), self.rpr_of(character_style)
        merged = {**self.defaults_rpr, **para, **char}
        for key, _tag in TOGGLES:
            if self.defaults_rpr.get(key):
                merged[key] = True
            elif key in para or key in char:
                merged[key] = bool(para.get(key)) ^ bool(char.get(key))
        return merged

    def heading_level(self, style_id: str | None) -> int | None:
        """1-based heading level from the style's name or outline level (inherited)."""
        for style in self.chain(style_id):
            m = _HEADING_NAME.match(style.name.strip()) or _HEADING_NAME.match(style.style_id)
            if m and 1 <= int(m.group(1)) <= 9:
                return int(m.group(1))
            if style.name.strip().lower() in ("title", "标题"):
                return 1
            if style.outline_level is not None:
                return style.outline_level + 1 if style.outline_level < 9 else None
        return None

    def is_toc(self, style_id: str | None) -> bool:
        style = self.get(style_id)
        return bool(style and (_TOC_NAME.match(style.name.strip()) or _TOC_NAME.match(style.style_id)))

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style carries through its chain."""
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        return num_id, ilvl

    def jc(self, style_id: str | None) -> str:
        for style in self.chain(style_id):
            if style.jc:
                return style.jc
        return ""

    def table_first_row(self, style_id: str | None) -> bool:
        return any(style.table_first_row for style in self.chain(style_id))


Styles.EMPTY = Styles({}, {}, {})

# Distinct styles.xml parts remembered per process (a few templates recur; each is ~1 MB parsed).
STYLES_CACHE_SIZE = 32
_parsed: OrderedDict[str, Styles] = OrderedDict()


def cached_styles(data: bytes | None, parse: Callable[[], Styles], clean: Callable[[], bool]) -> Styles:
    """The Styles of a styles.xml part with these bytes, parsed by `parse` once per content. `clean`
    tells, after parsing, whether the part was read without problems: only then is it remembered, so
    a malformed part reports its finding in every document that has it."""
    if data is None:
        return parse()
    key = hashlib.sha256(data).hexdigest()
    styles = _parsed.get(key)
    if styles is not None:
        _parsed.move_to_end(key)
        return styles
    styles = parse()
    if clean():
        _parsed[key] = styles
        while len(_parsed) > STYLES_CACHE_SIZE:
            _parsed.popitem(last=False)
    return styles


def read_styles(root: etree._Element | None) -> Styles:
    """Build Styles from the styles.xml root (iter() so a nested <w:styles> root still works)."""
    if root is None:
        return Styles.EMPTY
    defaults_rpr: dict = {}
    for rpr_default in root.iter(W + "rPrDefault"):
        defaults_rpr.update(run_props(rpr_default.find(W + "rPr")))
    styles: dict[str, Style] = {}
    default_ids: dict[str, str] = {}
    for el in root.iter(W + "style"):
        style = _style(el)
        if style is None:
            continue
        styles.setdefault(style.style_id, style)
        if (el.get(W + "default") or "").lower() in ("1", "true", "on"):
            default_ids.setdefault(style.type, style.style_id)
    return Styles(styles, defaults_rpr, default_ids)


def _style(el: etree._Element) -> Style | None:
    style_id = el.get(W + "styleId")
    if not style_id:
        return None
    ppr = el.find(W + "pPr")
    num_id = ilvl = None
    outline = None
    jc = ""
    if ppr is not None:
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            num_id = wval(numpr.find(W + "numId"))
            ilvl = to_int(wval(numpr.find(W + "ilvl")))
        outline = to_int(wval(ppr.find(W + "outlineLvl")))
        jc = wval(ppr.find(W + "jc"), "") or ""
    first_row = any(p.get(W + "type") == "firstRow" for p in el.findall(W + "tblStylePr"))
    return Style(
        style_id=style_id,
        name=wval(el.find(W + "name"), "") or "",
        type=el.get(W + "type", "paragraph"),
        based_on=wval(el.find(W + "basedOn"), "") or "",
        rpr=run_props(el.find(W + "rPr")),
        outline_level=outline,
        num_id=num_id,
        ilvl=ilvl,
        jc=jc,
        table_first_row=first_row,
    )


def struck(props: dict) -> bool:
    """Single or double strikethrough."""
    return bool(props.get("strike")) or bool(props.get("dstrike"))


__all__ = ["TOGGLES", "Style", "Styles", "cached_styles", "read_styles", "run_props", "struck"]
