"""Values of 统计表 cells: numbers with units, checkbox rows (☑/□, content controls, "是（√）"),
"是（3）次", option lists. Pure functions over text; read/campaign.py decides what they mean."""

from __future__ import annotations

import re
import unicodedata

from .forms import CHECKED, UNCHECKED, checked_options, join_lines

GLYPHS = CHECKED + UNCHECKED
_BRACKET_MARK = re.compile(r"[(]\s*[√✓✔×xX☑■]?\s*[)]")  # in NFKC form


def norm(text: str) -> str:
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


def parse_number(text: str, unit: str, hint: str = "") -> float | None:
    """'35个' -> 35, '12万元' -> 12, '120000元' in a 万元 row -> 12; None when not a number."""
    core = norm(text)
    if core in ("无", "零", "没有"):
        return 0.0
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万元|万|元|个|人次|人|项|次|名|家|场|期)?", core)
    if not m:
        return None
    value = float(m.group(1))
    if unit == "万元" and (m.group(2) or hint) == "元":
        value /= 10000
    return value


def marked(text: str) -> tuple[list[str], list[str]] | None:
    """(checked, unchecked) option texts of a checkbox row ('☑是（3）次 □否'), None without marks."""
    norm = unicodedata.normalize("NFKC", text).replace("\u00a0", " ")
    if _BRACKET_MARK.search(norm) and not any(g in _BRACKET_MARK.sub("", norm) for g in GLYPHS):
        return checked_options(norm) or [], []  # '是（√） 否（ ）'
    if not any(g in norm for g in GLYPHS):
        return None
    on, off = [], []
    for glyph, option in re.findall(rf"([{re.escape(GLYPHS)}])([^{re.escape(GLYPHS)}]*)", norm):
        (on if glyph in CHECKED else off).append(option.strip(" ：:，,;；"))
    return on, off


def yes_no(text: str) -> tuple[str | None, str]:
    """('是'|'否'|None, the text of the chosen option); None with a reason when unreadable."""
    boxes = marked(text)
    if boxes is None:
        flat = norm(text)
        if re.match(r"^(是|有|√|\d)", flat):
            return "是", flat
        if re.match(r"^(否|无|没有|未|×)", flat):
            return "否", flat
        return None, "应勾选“是”或“否”"
    on = [o for o in boxes[0] if norm(o)[:1] in ("是", "否", "有", "无")]
    answers = {"是" if norm(o)[:1] in ("是", "有") else "否" for o in on}
    if len(answers) == 2:
        return None, "“是”与“否”都已勾选"
    if not answers:
        return None, "“是”与“否”都未勾选"
    answer = answers.pop()
    return answer, next(o for o in on if (norm(o)[:1] in ("是", "有")) == (answer == "是"))


def count(option: str) -> float | None:
    m = re.search(r"(\d+)\s*\)?\s*次", norm(option)) or re.search(r"\((\d+)\)", norm(option))
    return float(m.group(1)) if m else None


def chosen_options(text: str, options: tuple[str, ...]) -> tuple[str, ...]:
    boxes = marked(text)
    chosen = boxes[0] if boxes is not None else re.split(r"[、，,；;\s]+", join_lines(text))
    keys = [norm(c) for c in chosen if norm(c)]
    known = [o for o in options if any(norm(o).lower() in k.lower() or k.lower() == norm(o).lower() for k in keys)]
    other = [join_lines(c) for c in chosen if norm(c) and not any(norm(o).lower() in norm(c).lower() for o in options)]
    return tuple(known + other)
