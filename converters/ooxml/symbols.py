"""Symbol-font glyphs (w:sym, or text runs in Wingdings/Symbol) mapped to Unicode.

Only glyphs that matter in filled-in forms and bullet lists: boxes, ticks, arrows, common maths.
Codes are the low byte; Word stores them as F0xx (private use area) or as the plain byte.
"""

from __future__ import annotations

_WINGDINGS = {
    0x4A: "☺", 0x4B: "😐", 0x4C: "☹", 0x6C: "●", 0x6D: "❍", 0x6E: "■", 0x6F: "□", 0x70: "◻",
    0x71: "❑", 0x72: "❒", 0x73: "⬧", 0x74: "⧫", 0x75: "◆", 0x76: "❖", 0x77: "⬥", 0x78: "⌧",
    0x9F: "•", 0xA1: "○", 0xA4: "◉", 0xA7: "▪", 0xA8: "☐", 0xAB: "★", 0xD8: "➢", 0xE0: "➔",
    0xE8: "➔", 0xF0: "⇨", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑", 0x9E: "·", 0x6A: "☐",
}
_WINGDINGS_2 = {
    0x4F: "✗", 0x50: "✓", 0x51: "☒", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0xA3: "□", 0x2A: "☐",
    0xA2: "□", 0x97: "●", 0x98: "○",
}
_WINGDINGS_3 = {0x5B: "➔", 0x7D: "▶", 0x71: "▲", 0x72: "▼", 0x75: "◆"}
_SYMBOL = {
    0xB0: "°", 0xB1: "±", 0xB3: "≥", 0xA3: "≤", 0xB4: "×", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡",
    0xBB: "≈", 0xA5: "∞", 0xB7: "•", 0xAE: "→", 0xAC: "←", 0xAD: "↑", 0xAF: "↓", 0xAB: "↔",
    0xD6: "√", 0xD7: "⋅", 0xDE: "⇒", 0xDB: "⇔", 0xF2: "∫", 0xE5: "∑", 0xD5: "∏", 0xB6: "∂",
    0xD1: "∇", 0xCE: "∈", 0xC7: "∩", 0xC8: "∪", 0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠",
    0xD9: "∧", 0xDA: "∨", 0xDC: "⇐", 0xDD: "⇑", 0xDF: "⇓", 0xE0: "◊", 0xC4: "⊗", 0xC5: "⊕", 0xC6: "∅",
    0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCF: "∉", 0xD0: "∠", 0xA2: "′", 0xB2: "″",
    0xA6: "ƒ", 0xC0: "ℵ", 0xBD: "|", 0xBE: "—",
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2D: "−", 0x40: "≅", 0x5C: "∴", 0x5E: "⊥", 0xBC: "…",
}
_GREEK_LOWER = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"
_GREEK_UPPER = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
for _i, _ch in enumerate(_GREEK_LOWER):
    _SYMBOL[0x61 + _i] = _ch
for _i, _ch in enumerate(_GREEK_UPPER):
    _SYMBOL[0x41 + _i] = _ch

_TABLES = {
    "wingdings": _WINGDINGS,
    "wingdings 2": _WINGDINGS_2,
    "wingdings 3": _WINGDINGS_3,
    "symbol": _SYMBOL,
}


def is_symbol_font(font: str | None) -> bool:
    return bool(font) and font.strip().lower() in _TABLES


def symbol_char(font: str | None, code: int) -> str | None:
    """Unicode for glyph `code` of `font`; None if the font/glyph is unknown."""
    table = _TABLES.get((font or "").strip().lower())
    low = code & 0xFF if 0xF000 <= code <= 0xF0FF else code
    if table is not None and low in table:
        return table[low]
    if 0xF000 <= code <= 0xF0FF or table is not None:
        return None
    return chr(code)


def map_symbol_text(font: str, text: str) -> str:
    """Text typed in a symbol font (e.g. 'þ' in Wingdings) as the glyphs it shows."""
    out = []
    for ch in text:
        mapped = symbol_char(font, ord(ch))
        out.append(mapped if mapped is not None else ch)
    return "".join(out)
