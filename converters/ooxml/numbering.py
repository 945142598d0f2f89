"""numbering.xml resolved to the labels Word shows (ECMA-376 §17.9).

``Numbering`` holds the definitions; ``NumberingState`` keeps the running counters while the body
is read in order. Counters live per abstract numbering (w:num instances that share an abstractNum
continue each other, as in Word); a w:startOverride restarts its level the first time its w:num is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .numformat import format_number
from .styles import Styles
from .xml import W, W_VAL, on_off, to_int, wval

BULLET_LABEL = "•"
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True, slots=True)
class Level:
    ilvl: int
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # lvlText; None when absent (no label)
    restart: int | None = None  # lvlRestart value (1-based level; 0 = never)
    is_lgl: bool = False
    pstyle: str = ""


@dataclass(slots=True)
class AbstractNum:
    abstract_id: str
    levels: dict[int, Level] = field(default_factory=dict)
    num_style_link: str = ""
    style_link: str = ""


@dataclass(slots=True)
class Num:
    num_id: str
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


class Numbering:
    EMPTY: "Numbering"

    def __init__(self, abstracts: dict[str, AbstractNum], nums: dict[str, Num], styles: Styles):
        self.abstracts = abstracts
        self.nums = nums
        self.styles = styles

    def abstract_for(self, num_id: str) -> AbstractNum | None:
        """The abstractNum of a w:num, following numStyleLink through the numbering style."""
        num = self.nums.get(num_id)
        seen: set[str] = set()
        while num is not None:
            abstract = self.abstracts.get(num.abstract_id)
            if abstract is None or not abstract.num_style_link or abstract.abstract_id in seen:
                return abstract
            seen.add(abstract.abstract_id)
            linked_num_id, _ = self.styles.numbering(abstract.num_style_link)
            if linked_num_id is None:
                # The style may instead be referenced by an abstractNum's styleLink.
                for other in self.abstracts.values():
                    if other.style_link == abstract.num_style_link and other.levels:
                        return other
                return abstract
            num = self.nums.get(linked_num_id)
        return None

    def level(self, num_id: str, ilvl: int) -> tuple[str, Level] | None:
        """(counter key, effective level definition) or None when not numbered."""
        num = self.nums.get(num_id)
        abstract = self.abstract_for(num_id)
        if num is None or abstract is None:
            return None
        lvl = num.level_overrides.get(ilvl) or abstract.levels.get(ilvl)
        if lvl is None:
            return None
        return abstract.abstract_id, lvl

    def levels_of(self, num_id: str) -> dict[int, Level]:
        num = self.nums.get(num_id)
        abstract = self.abstract_for(num_id)
        levels = dict(abstract.levels) if abstract else {}
        if num is not None:
            levels.update(num.level_overrides)
        return levels

    def ilvl_for_style(self, num_id: str, style_id: str) -> int | None:
        """A paragraph style linked to a list level through w:lvl/w:pStyle."""
        for lvl in self.levels_of(num_id).values():
            if lvl.pstyle == style_id:
                return lvl.ilvl
        return None


Numbering.EMPTY = Numbering({}, {}, Styles.EMPTY)


def read_numbering(root: etree._Element | None, styles: Styles) -> Numbering:
    if root is None:
        return Numbering({}, {}, styles)
    abstracts: dict[str, AbstractNum] = {}
    for el in root.iter(W + "abstractNum"):
        abstract_id = el.get(W + "abstractNumId")
        if abstract_id is None:
            continue
        abstract = AbstractNum(
            abstract_id,
            num_style_link=wval(el.find(W + "numStyleLink"), "") or "",
            style_link=wval(el.find(W + "styleLink"), "") or "",
        )
        for lvl_el in el.findall(W + "lvl"):
            lvl = _level(lvl_el)
            if lvl is not None:
                abstract.levels[lvl.ilvl] = lvl
        abstracts.setdefault(abstract_id, abstract)
    nums: dict[str, Num] = {}
    for el in root.iter(W + "num"):
        num_id = el.get(W + "numId")
        abstract_id = wval(el.find(W + "abstractNumId"))
        if num_id is None or abstract_id is None:
            continue
        num = Num(num_id, abstract_id)
        for override in el.findall(W + "lvlOverride"):
            ilvl = to_int(override.get(W + "ilvl"))
            if ilvl is None:
                continue
            start = to_int(wval(override.find(W + "startOverride")))
            if start is not None:
                num.start_overrides[ilvl] = start
            lvl_el = override.find(W + "lvl")
            if lvl_el is not None:
                lvl = _level(lvl_el, default_ilvl=ilvl)
                if lvl is not None:
                    num.level_overrides[ilvl] = lvl
        nums.setdefault(num_id, num)
    return Numbering(abstracts, nums, styles)


def _level(el: etree._Element, default_ilvl: int | None = None) -> Level | None:
    ilvl = to_int(el.get(W + "ilvl"), default_ilvl)
    if ilvl is None or not 0 <= ilvl <= 8:
        return None
    text_el = el.find(W + "lvlText")
    return Level(
        ilvl=ilvl,
        start=to_int(wval(el.find(W + "start")), 1) or 0,
        fmt=wval(el.find(W + "numFmt"), "decimal") or "decimal",
        text=None if text_el is None else (text_el.get(W_VAL) or ""),
        restart=to_int(wval(el.find(W + "lvlRestart"))),
        is_lgl=bool(on_off(el.find(W + "isLgl"))),
        pstyle=wval(el.find(W + "pStyle"), "") or "",
    )


class NumberingState:
    """Running counters while the document is read in order.

    Counters belong to the abstractNum, so w:num instances that share it continue each other (as in
    Word). A w:startOverride restarts its level the first time its w:num is used; later paragraphs of
    any instance continue from there (Word's "restart numbering" on one item, pandoc #8367).
    """

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self._counters: dict[str, list[int | None]] = {}
        self._starts: dict[str, dict[int, int]] = {}  # start values changed by an override, per abstract
        self._overrides_applied: set[tuple[str, int]] = set()

    def next_label(self, num_id: str | None, ilvl: int | None) -> str:
        """Advance the counter of (num_id, ilvl) and return its label ("" if not numbered)."""
        if not num_id or num_id == "0":
            return ""
        ilvl = ilvl or 0
        found = self.numbering.level(num_id, ilvl)
        if found is None:
            return ""
        key, lvl = found
        levels = self.numbering.levels_of(num_id)
        counters = self._counters.setdefault(key, [None] * 9)
        starts = self._starts.setdefault(key, {})
        num = self.numbering.nums[num_id]
        if ilvl in num.start_overrides and (num_id, ilvl) not in self._overrides_applied:
            self._overrides_applied.add((num_id, ilvl))
            counters[ilvl] = None
            starts[ilvl] = num.start_overrides[ilvl]
        start_of = {i: starts.get(i, l.start) for i, l in levels.items()}
        counters[ilvl] = start_of.get(ilvl, lvl.start) if counters[ilvl] is None else counters[ilvl] + 1
        self._reset_deeper(counters, ilvl, levels)
        return self._render(lvl, counters, levels, start_of)

    @staticmethod
    def _reset_deeper(counters: list[int | None], ilvl: int, levels: dict[int, Level]) -> None:
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if restart == 0:
                continue
            # lvlRestart is 1-based: restart when that level (or a higher one) is used.
            if ilvl < (restart if restart is not None else deeper):
                counters[deeper] = None

    @staticmethod
    def _render(lvl: Level, counters: list[int | None], levels: dict[int, Level], start_of: dict[int, int]) -> str:
        if lvl.fmt == "bullet":
            return BULLET_LABEL
        if lvl.text is None:
            return ""

        def placeholder(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            ref = levels.get(index)
            value = counters[index]
            if value is None:
                value = start_of.get(index, 1)
            fmt = ref.fmt if ref is not None else "decimal"
            if lvl.is_lgl:  # legal style: every level in this label as Arabic numerals
                fmt = "decimal"
            if fmt == "bullet":
                return BULLET_LABEL
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(placeholder, lvl.text)

