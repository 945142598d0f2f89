"""Quality-method families (data/methods.yml): which methods an experience uses, primary first.

The taxonomy groups canonical method names into families (the browse pages methods/<id>/); each
method has aliases in three tiers. `classify_methods` reads the title for the primary families and
the body for secondary ones; nothing recognised gives the fallback family ("其他方法").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import (DATA_DIR, DataFileError, Matcher, alias_key, cached_loader, mapping_items, read_yaml,
                         str_list, top_level, unknown_keys)

METHODS_PATH = DATA_DIR / "methods.yml"

MAX_FAMILIES = 4  # primary + up to three secondary families per experience
MAX_METHODS = 8
TIERS = ("strong", "normal", "weak")


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
    matcher: Matcher = field(repr=False, compare=False)

    def family(self, id_or_name: str) -> Family | None:
        wanted = alias_key(id_or_name)
        for fam in (*self.families, self.fallback):
            if wanted in (alias_key(fam.id), alias_key(fam.name)):
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
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, _METHODS_TOP, "顶层", problems)
    groups = data.get("groups") or {}
    if not isinstance(groups, dict) or not all(isinstance(v, str) for v in groups.values()):
        problems.append("groups 应为“代码: 中文名”的映射")
        groups = {}

    seen_alias: dict[str, str] = {}  # key -> where it was defined
    aliases: list[tuple[str, _Alias]] = []

    def register(alias: str, meaning: _Alias | None, where: str) -> None:
        k = alias_key(alias)
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
    for i, (where, fam) in enumerate(mapping_items(data.get("families"), "families", _FAMILY_KEYS, problems), 1):
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
            unknown_keys(m, _METHOD_KEYS, mwhere, problems)
            mname = m["name"].strip()
            mwhere = f"{where}的方法“{mname}”"
            tier = m.get("tier", "normal")
            if tier not in TIERS:
                problems.append(f"{mwhere}：tier 应为 strong、normal 或 weak")
                tier = "normal"
            method_names.append(mname)
            register(mname, _Alias(fid, mname, tier, alias_key(mname)), mwhere)
            for list_key, list_tier in (("strong", "strong"), ("aliases", "normal"), ("weak", "weak")):
                for alias in str_list(m.get(list_key), f"{mwhere}的 {list_key}", problems):
                    register(alias, _Alias(fid, mname, list_tier, alias_key(alias)), mwhere)
        families.append(
            Family(fid, name, str(fam.get("description", "")).strip(), tuple(method_names),
                   str(fam.get("group", "")), str(groups.get(fam.get("group"), "")))
        )

    fb = data.get("fallback")
    if not isinstance(fb, dict) or not all(isinstance(fb.get(k), str) for k in ("id", "name", "description")):
        problems.append("fallback 应为含 id、name、description 的映射")
        fb = {"id": "other", "name": "其他方法", "description": ""}
    else:
        unknown_keys(fb, ("id", "name", "description"), "fallback ", problems)
        if fb["id"] in ids or fb["name"] in names:
            problems.append("fallback 的 id 或 name 与某个方法族重复")
    fallback = Family(fb["id"], fb["name"], fb["description"], ())

    ignore = str_list(data.get("ignore"), "ignore", problems)
    for word in ignore:
        register(word, None, "ignore")
    also: dict[str, tuple[str, ...]] = {}
    raw_also = data.get("also") or {}
    if not isinstance(raw_also, dict):
        problems.append("also 应为“别名: [方法族 id]”的映射")
        raw_also = {}
    for alias, extra in raw_also.items():
        targets = str_list(extra, f"also 中“{alias}”", problems)
        if alias_key(str(alias)) not in seen_alias or str(alias) in ignore:
            problems.append(f"also 中的“{alias}”不是任何方法的别名")
        bad = [t for t in targets if t not in ids]
        if bad:
            problems.append(f"also 中“{alias}”指向未知的方法族：{', '.join(bad)}")
        also[alias_key(str(alias))] = tuple(targets)

    if problems:
        raise DataFileError(path, problems)
    table: dict[str, object] = {alias: meaning for alias, meaning in aliases}
    table.update({word: None for word in ignore})
    return MethodTaxonomy(path, tuple(families), fallback, tuple(aliases), also, tuple(ignore), Matcher(table))


_load = cached_loader(_parse_methods, METHODS_PATH)


def load_methods(path: Path | None = None) -> MethodTaxonomy:
    """The method taxonomy from `path` (default converters/data/methods.yml); raises DataFileError."""
    return _load(path)


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


