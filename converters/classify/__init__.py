"""Classification: industry 门类 (GB/T 4754-2017) and quality-method families, from data files.

Data lives in converters/data/ (methods.yml, industries.yml, overrides.yml); each file is validated
when loaded (unknown keys, duplicate aliases or keywords, bad codes) and cached by path and mtime.
A broken data file raises DataFileError whose message names the file and every problem;
`check_data_files()` returns the same problems as ERROR findings for the CLI's check.

Precedence, highest first: editor override (overrides.yml) > what the documents say (所属行业,
组织名称, title and body) > default (门类 "待定", method family "其他方法").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Finding, error, info, warning
from ..names import name_key

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
METHODS_PATH = DATA_DIR / "methods.yml"
INDUSTRIES_PATH = DATA_DIR / "industries.yml"
OVERRIDES_PATH = DATA_DIR / "overrides.yml"

UNRESOLVED_NAME = "待定"
MAX_FAMILIES = 4  # primary + up to three secondary families per experience
MAX_METHODS = 8
TIERS = ("strong", "normal", "weak")


class DataFileError(ValueError):
    """A data file under converters/data (or an editor's copy) is malformed."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"数据文件 {path} 有误：" + "；".join(problems))

    def findings(self) -> list[Finding]:
        return [error("DATA_FILE_INVALID", p, str(self.path)) for p in self.problems]


# ---------------------------------------------------------------- text matching


_QUOTES = dict.fromkeys(map(ord, "“”„‟‘’‚‛「」『』〝〞〟\"'"), None)
_DASHES = "-‐‑‒–—―~"
_DASH_TABLE = {ord(c): "-" for c in _DASHES}


def _norm(text: str) -> str:
    """Matching form: NFKC, case-folded, quotes dropped (“三不”原则 = 三不原则)."""
    return unicodedata.normalize("NFKC", text or "").casefold().translate(_QUOTES)


def _key(text: str) -> str:
    """Identity of an alias: matching form without whitespace, every dash the same."""
    return "".join(_norm(text).translate(_DASH_TABLE).split())


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _class(ch: str) -> str:
    if ch.isascii() and ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "other"


def _alias_pattern(alias: str) -> str:
    """Regex for one alias: optional spaces where it has spaces or changes script, any dash for a dash,
    and no ASCII letter or digit glued on at an ASCII end ("IE" must not match "DIE")."""
    text = _norm(alias).strip()
    out = []
    for i, ch in enumerate(text):
        if i and not ch.isspace() and not text[i - 1].isspace() and _class(ch) != _class(text[i - 1]):
            out.append(r"\s*")  # writers often put a space between Latin, digits and Chinese
        if ch.isspace():
            if not out or out[-1] != r"\s*":
                out.append(r"\s*")
        elif ch in _DASHES:
            out.append(r"\s*[" + re.escape(_DASHES) + r"]\s*")
        else:
            out.append(re.escape(ch))
    body = "".join(out)
    if _is_ascii_alnum(text[0]):
        body = r"(?<![a-z0-9])" + body
    if _is_ascii_alnum(text[-1]):
        body += r"(?![a-z0-9])"
    return body


class _Matcher:
    """Longest-alias-first, non-overlapping scan of a text for a table of aliases."""

    def __init__(self, table: dict[str, object]):
        self._payload = {_key(alias): value for alias, value in table.items()}
        aliases = sorted(table, key=lambda a: (-len(_key(a)), _key(a)))
        self._regex = re.compile("|".join(_alias_pattern(a) for a in aliases)) if aliases else None

    def find(self, text: str) -> list[tuple[int, int, object]]:
        if self._regex is None or not text:
            return []
        hits = []
        for m in self._regex.finditer(_norm(text)):
            hits.append((m.start(), m.end(), self._payload[_key(m.group(0))]))
        return hits


# ---------------------------------------------------------------- YAML with duplicate-key detection


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键“{key}”（第 {key_node.start_mark.line + 1} 行）", key_node.start_mark
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, ["文件不存在"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, [f"无法读取（{exc.__class__.__name__}），请保存为 UTF-8 文本"]) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行：" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(path, [f"YAML 格式错误，{where}{problem}"]) from None


def _unknown_keys(mapping: dict, allowed: Iterable[str], where: str, problems: list[str]) -> None:
    extra = [str(k) for k in mapping if k not in allowed]
    if extra:
        problems.append(f"{where}有未知的键：{', '.join(extra)}（允许：{', '.join(allowed)}）")


def _str_list(value: object, where: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}应为非空文字组成的列表")
        return []
    return [v.strip() for v in value]


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


# ---------------------------------------------------------------- methods


@dataclass(frozen=True, slots=True)
class Family:
    id: str  # ASCII slug, used in URLs (methods/<id>/)
    name: str  # Chinese display name
    description: str  # one Chinese sentence
    methods: tuple[str, ...]  # canonical method names
    group: str = ""  # domain §3 group code, A–J ("" for the fallback)
    group_name: str = ""


@dataclass(frozen=True, slots=True)
class Methods:
    families: tuple[str, ...]  # family ids, primary first; ("other",) when nothing was recognised
    methods: tuple[str, ...]  # canonical method names found, title first

    @property
    def recognised(self) -> bool:
        return bool(self.methods)


@dataclass(frozen=True, slots=True)
class _Alias:
    family: str
    method: str
    tier: str
    key: str


@dataclass
class _Stats:
    strong: int = 0
    normal: int = 0
    weak: int = 0
    first: int = 1 << 30

    def add(self, tier: str, pos: int) -> None:
        setattr(self, tier, getattr(self, tier) + 1)
        self.first = min(self.first, pos)

    @property
    def total(self) -> int:
        return self.strong + self.normal + self.weak

    @property
    def qualifies(self) -> bool:
        # A strong alias once, or ordinary aliases twice; weak words never count on their own.
        return self.strong >= 1 or self.strong + self.normal >= 2


def _dedup(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


@dataclass(frozen=True)
class MethodTaxonomy:
    path: Path
    families: tuple[Family, ...]
    fallback: Family
    aliases: tuple[tuple[str, _Alias], ...]  # (alias as written, what it means), in file order
    also: dict[str, tuple[str, ...]]  # alias key -> extra family ids
    ignore: tuple[str, ...]
    matcher: _Matcher = field(repr=False, compare=False)

    def family(self, id_or_name: str) -> Family | None:
        wanted = _key(id_or_name)
        for fam in (*self.families, self.fallback):
            if wanted in (_key(fam.id), _key(fam.name)):
                return fam
        return None

    def _hits(self, text: str) -> list[tuple[int, _Alias]]:
        return [(pos, a) for pos, _end, a in self.matcher.find(text) if isinstance(a, _Alias)]

    def classify(self, title: str, body: str) -> Methods:
        title_hits = self._hits(title)
        usable = [a for _p, a in title_hits if a.tier != "weak"] or [a for _p, a in title_hits]
        families = _dedup(a.family for a in usable)
        methods = _dedup(a.method for a in usable)
        families += [f for a in usable for f in self.also.get(a.key, ())]

        fam_stats: dict[str, _Stats] = {}
        method_stats: dict[tuple[str, str], _Stats] = {}
        body_hits = self._hits(body)
        for pos, a in body_hits:
            fam_stats.setdefault(a.family, _Stats()).add(a.tier, pos)
            method_stats.setdefault((a.family, a.method), _Stats()).add(a.tier, pos)
        ranked = sorted((s for s in fam_stats.items() if s[1].qualifies), key=lambda s: (-s[1].total, s[1].first))
        for fam_id, _stats in ranked:
            families.append(fam_id)
            families += [f for _p, a in body_hits if a.family == fam_id for f in self.also.get(a.key, ())]
        families = _dedup(families)[:MAX_FAMILIES]

        body_methods = sorted(
            ((fm, s) for fm, s in method_stats.items() if s.qualifies and fm[0] in families),
            key=lambda item: (-item[1].total, item[1].first),
        )
        methods = _dedup(methods + [m for (_f, m), _s in body_methods])[:MAX_METHODS]
        if not families:
            return Methods((self.fallback.id,), ())
        return Methods(tuple(families), tuple(methods))


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_METHODS_TOP = ("version", "groups", "fallback", "ignore", "also", "families")
_FAMILY_KEYS = ("id", "name", "group", "description", "methods")
_METHOD_KEYS = ("name", "en", "tier", "strong", "aliases", "weak")


def _parse_methods(path: Path) -> MethodTaxonomy:
    data = _read_yaml(path)
    problems: list[str] = []
    if not isinstance(data, dict):
        raise DataFileError(path, ["顶层应为映射（键: 值）"])
    _unknown_keys(data, _METHODS_TOP, "顶层", problems)
    groups = data.get("groups") or {}
    if not isinstance(groups, dict) or not all(isinstance(v, str) for v in groups.values()):
        problems.append("groups 应为“代码: 中文名”的映射")
        groups = {}

    seen_alias: dict[str, str] = {}  # key -> where it was defined
    aliases: list[tuple[str, _Alias]] = []

    def register(alias: str, meaning: _Alias | None, where: str) -> None:
        k = _key(alias)
        if not k:
            problems.append(f"{where}：别名不能为空")
        elif k in seen_alias:
            problems.append(f"{where}：别名“{alias}”重复（已在{seen_alias[k]}中定义）；每个别名只能属于一个方法")
        else:
            seen_alias[k] = where
            if meaning is not None:
                aliases.append((alias, meaning))

    families: list[Family] = []
    ids: set[str] = set()
    names: set[str] = set()
    raw_families = data.get("families")
    if not isinstance(raw_families, list) or not raw_families:
        problems.append("families 应为非空列表")
        raw_families = []
    for i, fam in enumerate(raw_families, 1):
        where = f"families 第 {i} 项"
        if not isinstance(fam, dict):
            problems.append(f"{where}应为映射")
            continue
        _unknown_keys(fam, _FAMILY_KEYS, where, problems)
        fid, name = str(fam.get("id", "")), str(fam.get("name", "")).strip()
        where = f"方法族“{fid or i}”"
        if not _SLUG.match(fid):
            problems.append(f"{where}：id 应为小写字母、数字和连字符组成的 ASCII 短名")
        if fid in ids:
            problems.append(f"{where}：id 重复")
        if not name or name in names:
            problems.append(f"{where}：name 为空或重复")
        if fam.get("group") not in groups:
            problems.append(f"{where}：group“{fam.get('group')}”不在 groups 中")
        if not isinstance(fam.get("description"), str) or not fam["description"].strip():
            problems.append(f"{where}：缺少 description（一句话说明）")
        ids.add(fid)
        names.add(name)
        method_names: list[str] = []
        raw_methods = fam.get("methods")
        if not isinstance(raw_methods, list) or not raw_methods:
            problems.append(f"{where}：methods 应为非空列表")
            raw_methods = []
        for j, m in enumerate(raw_methods, 1):
            mwhere = f"{where}的第 {j} 个方法"
            if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m["name"].strip():
                problems.append(f"{mwhere}应为带 name 的映射")
                continue
            _unknown_keys(m, _METHOD_KEYS, mwhere, problems)
            mname = m["name"].strip()
            mwhere = f"{where}的方法“{mname}”"
            tier = m.get("tier", "normal")
            if tier not in TIERS:
                problems.append(f"{mwhere}：tier 应为 strong、normal 或 weak")
                tier = "normal"
            method_names.append(mname)
            register(mname, _Alias(fid, mname, tier, _key(mname)), mwhere)
            for list_key, list_tier in (("strong", "strong"), ("aliases", "normal"), ("weak", "weak")):
                for alias in _str_list(m.get(list_key), f"{mwhere}的 {list_key}", problems):
                    register(alias, _Alias(fid, mname, list_tier, _key(alias)), mwhere)
        families.append(
            Family(fid, name, str(fam.get("description", "")).strip(), tuple(method_names),
                   str(fam.get("group", "")), str(groups.get(fam.get("group"), "")))
        )

    fb = data.get("fallback")
    if not isinstance(fb, dict) or not all(isinstance(fb.get(k), str) for k in ("id", "name", "description")):
        problems.append("fallback 应为含 id、name、description 的映射")
        fb = {"id": "other", "name": "其他方法", "description": ""}
    else:
        _unknown_keys(fb, ("id", "name", "description"), "fallback ", problems)
        if fb["id"] in ids or fb["name"] in names:
            problems.append("fallback 的 id 或 name 与某个方法族重复")
    fallback = Family(fb["id"], fb["name"], fb["description"], ())

    ignore = _str_list(data.get("ignore"), "ignore", problems)
    for word in ignore:
        register(word, None, "ignore")
    also: dict[str, tuple[str, ...]] = {}
    raw_also = data.get("also") or {}
    if not isinstance(raw_also, dict):
        problems.append("also 应为“别名: [方法族 id]”的映射")
        raw_also = {}
    for alias, extra in raw_also.items():
        targets = _str_list(extra, f"also 中“{alias}”", problems)
        if _key(str(alias)) not in seen_alias or str(alias) in ignore:
            problems.append(f"also 中的“{alias}”不是任何方法的别名")
        bad = [t for t in targets if t not in ids]
        if bad:
            problems.append(f"also 中“{alias}”指向未知的方法族：{', '.join(bad)}")
        also[_key(str(alias))] = tuple(targets)

    if problems:
        raise DataFileError(path, problems)
    table: dict[str, object] = {alias: meaning for alias, meaning in aliases}
    table.update({word: None for word in ignore})
    return MethodTaxonomy(path, tuple(families), fallback, tuple(aliases), also, tuple(ignore), _Matcher(table))


@lru_cache(maxsize=8)
def _methods_cached(path: str, _mtime_ns: int) -> MethodTaxonomy:
    return _parse_methods(Path(path))


def load_methods(path: Path | None = None) -> MethodTaxonomy:
    """The method taxonomy from `path` (default converters/data/methods.yml); raises DataFileError."""
    p = Path(path) if path else METHODS_PATH
    return _methods_cached(str(p.resolve()), _mtime(p))


def classify_methods(title: str, body: str) -> Methods:
    """Method families used by an experience: primary from the title, secondary from the body.

    Title: every strong or ordinary alias found (longest first) gives a family, in title order;
    weak words count only when nothing else matched. Body: a family is added when one of its
    strong aliases occurs once or its ordinary aliases twice, most mentioned first; at most
    MAX_FAMILIES in all. Nothing found -> the fallback family ("其他方法").
    """
    return load_methods().classify(title or "", body or "")


def method_families() -> list[Family]:
    """All browsable families in file order, the fallback ("其他方法") last."""
    tax = load_methods()
    return [*tax.families, tax.fallback]


def method_family(id_or_name: str) -> Family | None:
    return load_methods().family(id_or_name or "")


# ---------------------------------------------------------------- industries


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
    keywords: _Matcher
    dominant: _Matcher
    organization: _Matcher
    soe_groups: _Matcher

    def section_name(self, code: str) -> str:
        return dict(self.sections).get(code, UNRESOLVED_NAME)

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
            rest_code = (self.exact.get(_key(rest)) or self._from_keywords(rest)) if rest else None
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

    def _from_name(self, matcher: _Matcher, name: str) -> _Code | None:
        """The signal nearest the end of an organisation name: Chinese names end with their kind."""
        hits = matcher.find(name)
        if not hits:
            return None
        return max(hits, key=lambda h: (h[1], h[1] - h[0]))[2]  # type: ignore[return-value]

    def classify(self, raw: str, organization: str = "", soe_group: str = "") -> Industry:
        raw = (raw or "").strip()
        text = "".join(unicodedata.normalize("NFKC", raw).split()).strip("。.，,;；、")
        if text:
            code = self.exact.get(_key(text)) or self._from_code_prefix(text) or self._from_keywords(text)
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
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(path, ["顶层应为映射（键: 值）"])
    problems: list[str] = []
    _unknown_keys(data, _INDUSTRY_TOP, "顶层", problems)

    sections: list[tuple[str, str]] = []
    ranges: dict[str, tuple[int, int]] = {}
    for i, sec in enumerate(data.get("sections") or [], 1):
        where = f"sections 第 {i} 项"
        if not isinstance(sec, dict):
            problems.append(f"{where}应为映射")
            continue
        _unknown_keys(sec, ("code", "name", "divisions"), where, problems)
        code, name, span = str(sec.get("code", "")), str(sec.get("name", "")).strip(), str(sec.get("divisions", ""))
        m = re.match(r"^(\d{2})-(\d{2})$", span)
        if not re.match(r"^[A-T]$", code) or code in ranges or not name or not m:
            problems.append(f"{where}：code 应为不重复的 A–T 字母，name 不能为空，divisions 形如“13-43”")
            continue
        sections.append((code, name))
        ranges[code] = (int(m.group(1)), int(m.group(2)))
    if not sections:
        problems.append("sections 应列出 GB/T 4754 的门类")

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
            k = _key(word)
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
        exact[_key(name)] = code
        if name.endswith("业") and len(name) > 2:
            exact.setdefault(_key(name[:-1]), code)
    return IndustryTable(
        path, tuple(sections), divisions, division_section, exact,
        _Matcher(tables["keywords"]), _Matcher(tables["dominant"]),
        _Matcher(tables["organization_signals"]), _Matcher(tables["soe_groups"]),
    )


@lru_cache(maxsize=8)
def _industries_cached(path: str, _mtime_ns: int) -> IndustryTable:
    return _parse_industries(Path(path))


def load_industries(path: Path | None = None) -> IndustryTable:
    """The industry table from `path` (default converters/data/industries.yml); raises DataFileError."""
    p = Path(path) if path else INDUSTRIES_PATH
    return _industries_cached(str(p.resolve()), _mtime(p))


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


# ---------------------------------------------------------------- editor overrides


class Overrides(dict):
    """Valid override entries keyed by normalised 经验名称 or slug; `findings` lists rejected ones."""

    def __init__(self, entries: dict[str, dict] | None = None, findings: Iterable[Finding] = (), path: str = ""):
        super().__init__(entries or {})
        self.findings: list[Finding] = list(findings)
        self.path = path


_OVERRIDE_KEYS = ("industry", "methods", "note")


def _override_industry(value: object, table: IndustryTable) -> str | None:
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    m = _CODE.match(text.upper())
    if m and m.group(1) in dict(table.sections) and (not m.group(2) or table.division_section.get(m.group(2)) == m.group(1)):
        return m.group(1)
    for code, name in table.sections:
        if _key(name) == _key(text):
            return code
    return None


def _parse_override(key: str, entry: object, file: str) -> tuple[dict | None, list[Finding]]:
    where = f"覆盖项“{key}”"
    if not isinstance(entry, dict):
        return None, [error("OVERRIDE_INVALID", f"{where}应为映射（industry / methods）", file, key)]
    findings: list[Finding] = []
    extra = [str(k) for k in entry if k not in _OVERRIDE_KEYS]
    if extra:
        findings.append(error("OVERRIDE_INVALID", f"{where}有未知的键：{', '.join(extra)}（允许 industry、methods、note）", file, key))
    out: dict = {}
    if "industry" in entry:
        code = _override_industry(entry["industry"], load_industries())
        if code is None:
            findings.append(error("OVERRIDE_INVALID", f"{where}的 industry“{entry['industry']}”不是 GB/T 4754 门类代码（A–T）或门类名称", file, key))
        else:
            out["industry"] = code
    if "methods" in entry:
        raw = entry["methods"]
        raw = [raw] if isinstance(raw, str) else raw
        ids: list[str] = []
        for item in raw if isinstance(raw, list) else [None]:
            fam = method_family(str(item)) if isinstance(item, str) else None
            if fam is None:
                findings.append(error("OVERRIDE_INVALID", f"{where}的 methods 中“{item}”不是已知的方法族 id 或名称", file, key))
            else:
                ids.append(fam.id)
        if ids:
            out["methods"] = _dedup(ids)
    return (out or None), findings


def load_overrides(path: Path | None) -> Overrides:
    """Editor overrides: {经验名称 or slug: {industry: "C", methods: ["pdca", "lean"]}}.

    Keys are normalised like names in the rules (NFKC, quotes, brackets, whitespace). Bad entries
    are left out and reported in the returned mapping's `findings` (ERROR, naming the file).
    A missing default file means no overrides; a missing explicit file is an error finding.
    """
    p = Path(path) if path else OVERRIDES_PATH
    file = str(p)
    if not p.exists():
        if path is None:
            return Overrides(path=file)
        return Overrides(findings=[error("OVERRIDE_FILE_MISSING", "覆盖文件不存在", file)], path=file)
    try:
        data = _read_yaml(p)
    except DataFileError as exc:
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", m, file) for m in exc.problems], path=file)
    except Exception as exc:  # a broken method or industry data file must not crash the run
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", f"无法读取覆盖文件：{exc}", file)], path=file)
    if data is None:
        return Overrides(path=file)
    if not isinstance(data, dict) or set(data) - {"overrides", "version"}:
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", "顶层应为映射，只含 overrides（及可选 version）", file)], path=file)
    raw = data.get("overrides") or {}
    if not isinstance(raw, dict):
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", "overrides 应为“经验名称: {industry, methods}”的映射", file)], path=file)
    entries: dict[str, dict] = {}
    findings: list[Finding] = []
    for key, entry in raw.items():
        norm = name_key(str(key))
        if norm in entries:
            findings.append(warning("OVERRIDE_DUPLICATE", f"覆盖项“{key}”与前面的某项归一后相同，后者生效", file, str(key)))
        try:
            parsed, found = _parse_override(str(key), entry, file)
        except DataFileError as exc:
            parsed, found = None, exc.findings()
        findings += found
        if parsed:
            entries[norm] = parsed
    return Overrides(entries, findings, file)


def apply_overrides(
    overrides: dict[str, dict] | None,
    title: str,
    industry_code: str,
    method_ids: list[str],
    source: str = "",
    slug: str = "",
) -> tuple[str, list[str], list[Finding]]:
    """Override > document > default. Returns (门类 code, family ids, INFO findings naming changes).

    The entry is looked up by slug first (more specific), then by normalised 经验名称. An
    override's methods replace the detected families entirely, primary first, as listed.
    """
    entry = None
    if overrides:
        entry = (overrides.get(name_key(slug)) if slug else None) or overrides.get(name_key(title))
    if not entry:
        return industry_code, list(method_ids), []
    findings: list[Finding] = []
    code, ids = industry_code, list(method_ids)
    if entry.get("industry") and entry["industry"] != industry_code:
        code = entry["industry"]
        before = industry_code or UNRESOLVED_NAME
        findings.append(info("OVERRIDE_APPLIED", f"按编辑覆盖文件将行业门类由“{before}”改为“{code}”", source, "行业"))
    if entry.get("methods") and list(entry["methods"]) != ids:
        ids = list(entry["methods"])
        findings.append(
            info("OVERRIDE_APPLIED", f"按编辑覆盖文件将方法族由“{'、'.join(method_ids) or '无'}”改为“{'、'.join(ids)}”", source, "方法")
        )
    return code, ids, findings


def unused_overrides(overrides: dict[str, dict], titles: Iterable[str], slugs: Iterable[str] = ()) -> list[Finding]:
    """Override keys that match no experience: usually a typo in the 经验名称."""
    known = {name_key(t) for t in titles} | {name_key(s) for s in slugs}
    file = getattr(overrides, "path", "")
    return [
        warning("OVERRIDE_UNUSED", f"覆盖项“{key}”没有对应的经验（请核对经验名称或页面短名）", file, key)
        for key in overrides
        if key not in known
    ]


# ---------------------------------------------------------------- data file check


def check_data_files(methods_path: Path | None = None, industries_path: Path | None = None) -> list[Finding]:
    """Every problem in the method and industry data files, as ERROR findings (empty when fine)."""
    findings: list[Finding] = []
    for loader, path in ((load_methods, methods_path), (load_industries, industries_path)):
        try:
            loader(path)
        except DataFileError as exc:
            findings += exc.findings()
    return findings


# ---------------------------------------------------------------- search dictionary
