"""Industry 门类 and 大类 (GB/T 4754-2017, data/industries.yml) from 所属行业, organisation and 央企集团.

`classify_industry` trusts the 所属行业 text first (a 门类 or 大类 name, a code, a keyword), then
guesses from the organisation name and the 央企集团 ("low" confidence); otherwise 门类 is "待定".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..datafiles import (DATA_DIR, DataFileError, Matcher, alias_key, cached_loader, mapping_items, read_yaml,
                         top_level, unknown_keys)

INDUSTRIES_PATH = DATA_DIR / "industries.yml"

UNRESOLVED_NAME = "待定"


@dataclass(frozen=True, slots=True)
class Industry:
    code: str  # GB/T 4754 门类 letter; "" when unresolved
    name: str  # 门类 name; "待定" when unresolved
    raw: str  # 所属行业 as written
    confidence: str  # "high" (所属行业 matched), "low" (organisation guess), "none" (unresolved)
    division: str = ""  # 大类 code ("36") when known


@dataclass(frozen=True, slots=True)
class _Code:
    section: str
    division: str = ""


@dataclass(frozen=True)
class IndustryTable:
    path: Path
    sections: tuple[tuple[str, str], ...]
    divisions: dict[str, str]
    division_section: dict[str, str]
    exact: dict[str, _Code]
    keywords: Matcher
    dominant: Matcher
    organization: Matcher
    soe_groups: Matcher

    def section_name(self, code: str) -> str:
        return dict(self.sections).get(code, UNRESOLVED_NAME)

    def section_code(self, value: object) -> str | None:
        """The 门类 an editor names: "C", "c36" (a 大类 of C) or "制造业"; None when it names none."""
        text = "".join(unicodedata.normalize("NFKC", str(value)).split())
        m = _CODE.match(text.upper())
        if m and m.group(1) in dict(self.sections) and (
            not m.group(2) or self.division_section.get(m.group(2)) == m.group(1)
        ):
            return m.group(1)
        for code, name in self.sections:
            if alias_key(name) == alias_key(text):
                return code
        return None

    def _make(self, code: _Code, raw: str, confidence: str) -> Industry:
        return Industry(code.section, self.section_name(code.section), raw, confidence, code.division)

    def _from_code_prefix(self, text: str) -> _Code | None:
        """'C', 'C36', 'C-制造业', 'C汽车零部件', '36 汽车制造业', '3670' -> a code.

        A letter glued to Chinese text counts only when that text agrees ("A级企业" is no 门类 A).
        """
        m = re.match(r"^([A-T])(\d{2})?(?![A-Za-z\d])(.*)$", text)
        if m and (m.group(2) is None or self.division_section.get(m.group(2)) == m.group(1)):
            letter, tail = m.group(1), m.group(3)
            rest = tail.lstrip(_CODE_SEPARATORS)
            rest_code = (self.exact.get(alias_key(rest)) or self._from_keywords(rest)) if rest else None
            agrees = rest_code is not None and rest_code.section == letter
            if not rest or tail[0] in _CODE_SEPARATORS or agrees:
                return _Code(letter, m.group(2) or (rest_code.division if agrees else ""))
        m = re.match(r"^(\d{2})\d{0,2}(?!\d)", text)
        if m and m.group(1) in self.division_section:
            return _Code(self.division_section[m.group(1)], m.group(1))
        return None

    def _from_keywords(self, text: str) -> _Code | None:
        hits = self.keywords.find(text)
        dominant = self.dominant.find(text)
        if dominant:
            section = dominant[0][2].section  # type: ignore[attr-defined]
            division = next((c.division for _s, _e, c in hits if c.section == section and c.division), "")
            return _Code(section, division)
        if not hits:
            return None
        start, end, best = max(hits, key=lambda h: (h[1] - h[0], -h[0]))
        if not best.division:
            division = next((c.division for _s, _e, c in hits if c.section == best.section and c.division), "")
            return _Code(best.section, division)
        return best

    def _from_name(self, matcher: Matcher, name: str) -> _Code | None:
        """The signal nearest the end of an organisation name: Chinese names end with their kind."""
        hits = matcher.find(name)
        if not hits:
            return None
        return max(hits, key=lambda h: (h[1], h[1] - h[0]))[2]  # type: ignore[return-value]

    def classify(self, raw: str, organization: str = "", soe_group: str = "") -> Industry:
        raw = (raw or "").strip()
        text = "".join(unicodedata.normalize("NFKC", raw).split()).strip("。.，,;；、")
        if text:
            code = self.exact.get(alias_key(text)) or self._from_code_prefix(text) or self._from_keywords(text)
            if code is not None:
                return self._make(code, raw, "high")
        guesses = (
            lambda: self._from_name(self.organization, organization or ""),
            lambda: self._from_name(self.soe_groups, soe_group or ""),
            lambda: self._from_keywords("".join((organization or "").split())),
        )
        for guess in guesses:
            code = guess()
            if code is not None:
                return self._make(code, raw, "low")
        return Industry("", UNRESOLVED_NAME, raw, "none")


_INDUSTRY_TOP = ("version", "sections", "divisions", "dominant", "keywords", "organization_signals", "soe_groups")
_CODE = re.compile(r"^([A-T])(\d{2})?$")
_CODE_SEPARATORS = " -—–:：、.．/／（()）|"


def _parse_industries(path: Path) -> IndustryTable:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, _INDUSTRY_TOP, "顶层", problems)

    sections: list[tuple[str, str]] = []
    ranges: dict[str, tuple[int, int]] = {}
    for where, sec in mapping_items(data.get("sections"), "sections", ("code", "name", "divisions"), problems):
        code, name, span = str(sec.get("code", "")), str(sec.get("name", "")).strip(), str(sec.get("divisions", ""))
        m = re.match(r"^(\d{2})-(\d{2})$", span)
        if not re.match(r"^[A-T]$", code) or code in ranges or not name or not m:
            problems.append(f"{where}：code 应为不重复的 A–T 字母，name 不能为空，divisions 形如“13-43”")
            continue
        sections.append((code, name))
        ranges[code] = (int(m.group(1)), int(m.group(2)))

    divisions: dict[str, str] = {}
    division_section: dict[str, str] = {}
    raw_divisions = data.get("divisions") or {}
    if not isinstance(raw_divisions, dict):
        problems.append("divisions 应为“两位代码: 大类名称”的映射")
        raw_divisions = {}
    for dcode, dname in raw_divisions.items():
        dcode = f"{dcode:02d}" if isinstance(dcode, int) else str(dcode)
        owner = [c for c, (lo, hi) in ranges.items() if re.match(r"^\d{2}$", dcode) and lo <= int(dcode) <= hi]
        if not owner or not isinstance(dname, str) or not dname.strip():
            problems.append(f"divisions 中的大类“{dcode}”不在任何门类的范围内，或名称为空")
            continue
        divisions[dcode] = dname.strip()
        division_section[dcode] = owner[0]

    def codes(key: str) -> dict[str, _Code]:
        table = data.get(key) or {}
        if not isinstance(table, dict):
            problems.append(f"{key} 应为“关键词: 代码”的映射")
            return {}
        out: dict[str, _Code] = {}
        keys: dict[str, str] = {}
        for word, value in table.items():
            word = str(word).strip()
            m = _CODE.match(str(value).strip())
            if not m or m.group(1) not in ranges:
                problems.append(f"{key} 中“{word}”的代码“{value}”无效，应形如“C”或“C36”")
                continue
            if m.group(2) and division_section.get(m.group(2)) != m.group(1):
                problems.append(f"{key} 中“{word}”的大类 {m.group(2)} 不属于门类 {m.group(1)}")
                continue
            k = alias_key(word)
            if not k or k in keys:
                problems.append(f"{key} 中的关键词“{word}”为空或与“{keys.get(k, '')}”重复")
                continue
            keys[k] = word
            out[word] = _Code(m.group(1), m.group(2) or "")
        return out

    tables = {k: codes(k) for k in ("dominant", "keywords", "organization_signals", "soe_groups")}
    if problems:
        raise DataFileError(path, problems)

    exact: dict[str, _Code] = {}
    named = [(n, _Code(c)) for c, n in sections] + [(n, _Code(division_section[d], d)) for d, n in divisions.items()]
    for name, code in named:  # divisions after sections: "教育" gets its 大类 83
        exact[alias_key(name)] = code
        if name.endswith("业") and len(name) > 2:
            exact.setdefault(alias_key(name[:-1]), code)
    return IndustryTable(
        path, tuple(sections), divisions, division_section, exact,
        Matcher(tables["keywords"]), Matcher(tables["dominant"]),
        Matcher(tables["organization_signals"]), Matcher(tables["soe_groups"]),
    )


_load = cached_loader(_parse_industries, INDUSTRIES_PATH)


def load_industries(path: Path | None = None) -> IndustryTable:
    """The industry table from `path` (default converters/data/industries.yml); raises DataFileError."""
    return _load(path)


def classify_industry(raw: str, organization: str = "", soe_group: str = "") -> Industry:
    """所属行业 text -> GB/T 4754 门类 (+大类 when known).

    "high": the raw text names a 门类/大类, gives a code, or holds a keyword. "low": the raw text
    is empty or unknown and the organisation name or 央企集团 suggests the 门类. Otherwise the
    code is "" and the name "待定" (fix it in overrides.yml). The raw text is always kept.
    """
    return load_industries().classify(raw, organization, soe_group)


def industry_sections() -> list[tuple[str, str]]:
    """[("A", "农、林、牧、渔业"), ..., ("T", "国际组织")]."""
    return list(load_industries().sections)


