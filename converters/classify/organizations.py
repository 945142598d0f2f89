"""组织类型, 组织规模 and 是否央企 as browse facets, from converters/data/organizations.yml.

The 申报表 gives these as free text; the site filters on a few fixed values. The raw text is never
replaced: it stays in the experience's facts, and only the facet value comes from here. Empty raw
text gives no facet value (""), so an unpublished field never shows up as "其他".

The data file is validated when loaded and cached by path and mtime; a broken file raises
datafiles.DataFileError (Chinese message naming the file and every problem), like methods.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import (DATA_DIR, DataFileError, Matcher, alias_key, cached_loader, read_yaml, str_list,
                         top_level, unknown_keys)

ORGANIZATIONS_PATH = DATA_DIR / "organizations.yml"

_TOP = ("version", "blank", "types", "scales", "central_soe")
_TABLE = ("fallback", "values", "unclear")
_VALUE = ("name", "aliases")
_SOE = ("yes_words", "no_words", "empty_group")
_UNCLEAR = object()  # matcher payload: a known wording that names no single value


@dataclass(frozen=True)
class Table:
    """One normalisation table: raw text -> one of `names`, or `fallback`."""

    names: tuple[str, ...]  # in file order, which is the order of the filter's options
    fallback: str
    exact: dict[str, object] = field(repr=False)  # alias key -> name or _UNCLEAR
    matcher: Matcher = field(repr=False, compare=False)
    blank: frozenset[str] = frozenset()  # keys of "not filled in" placeholders

    def normalise(self, raw: str) -> str:
        key = alias_key(raw or "")
        if not key or key in self.blank:
            return ""
        hit = self.exact.get(key)
        if hit is None:
            found = {v for _s, _e, v in self.matcher.find(raw)} - {_UNCLEAR, self.fallback}
            hit = found.pop() if len(found) == 1 else _UNCLEAR  # several kinds named: cannot tell
        return self.fallback if hit is _UNCLEAR else hit  # type: ignore[return-value]


@dataclass(frozen=True)
class Organizations:
    path: Path
    types: Table
    scales: Table
    soe_yes: tuple[str, ...]  # keys, longest first
    soe_no: tuple[str, ...]
    soe_empty_group: frozenset[str]
    blank: frozenset[str]

    def central_soe(self, raw_yesno: str, soe_group: str = "") -> bool | None:
        key = alias_key(raw_yesno or "")
        if key:
            if key in self.soe_yes or key in self.soe_no:
                return key in self.soe_yes
            # "是（国资委监管）", "否，地方国企": the answer comes first.
            prefixes = [(len(w), True) for w in self.soe_yes if key.startswith(w)]
            prefixes += [(len(w), False) for w in self.soe_no if key.startswith(w)]
            if prefixes:
                return max(prefixes)[1]
        group = alias_key(soe_group or "")
        # The form says "非央企不用填": a real group name there means a central SOE.
        if group and group not in self.soe_empty_group and group not in self.blank:
            return True
        return None


def _parse_table(data: object, where: str, blank: frozenset[str], problems: list[str]) -> Table:
    if not isinstance(data, dict):
        problems.append(f"{where} 应为映射（fallback、values、unclear）")
        data = {}
    unknown_keys(data, _TABLE, f"{where} ", problems)
    names: list[str] = []
    exact: dict[str, object] = {}
    seen: dict[str, str] = {}  # alias key -> where it was defined

    def register(alias: str, meaning: object, owner: str) -> None:
        k = alias_key(alias)
        if not k:
            problems.append(f"{where} 的{owner}：别名不能为空")
        elif k in blank:
            problems.append(f"{where} 的{owner}：“{alias}”已列在 blank 中，不能再作别名")
        elif k in seen:
            problems.append(f"{where} 的{owner}：别名“{alias}”重复（已在{seen[k]}中出现）")
        else:
            seen[k] = owner
            exact[k] = meaning

    values = data.get("values")
    if not isinstance(values, list) or not values:
        problems.append(f"{where}.values 应为非空列表")
        values = []
    for i, item in enumerate(values, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.append(f"{where}.values 第 {i} 项应为带 name 的映射")
            continue
        name = item["name"].strip()
        owner = f"“{name}”"
        unknown_keys(item, _VALUE, f"{where} 的{owner}", problems)
        if name in names:
            problems.append(f"{where} 的{owner}：name 重复")
            continue
        names.append(name)
        register(name, name, owner)
        for alias in str_list(item.get("aliases"), f"{where} 的{owner}的 aliases ", problems):
            register(alias, name, owner)
    for alias in str_list(data.get("unclear"), f"{where}.unclear ", problems):
        register(alias, _UNCLEAR, "unclear")

    fallback = data.get("fallback", "")
    if not isinstance(fallback, str) or (fallback and fallback not in names):
        problems.append(f"{where}.fallback“{fallback}”应为空或 values 中的某个 name")
        fallback = ""
    # Single characters ("大", "中") only count as the whole cell: inside "大中型" they mislead.
    scan = {alias: meaning for alias, meaning in exact.items() if len(alias) > 1}
    return Table(tuple(names), fallback, exact, Matcher(scan), blank)


def _parse(path: Path) -> Organizations:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, _TOP, "顶层", problems)
    blank = frozenset(alias_key(w) for w in str_list(data.get("blank"), "blank ", problems))
    types = _parse_table(data.get("types"), "types", blank, problems)
    scales = _parse_table(data.get("scales"), "scales", blank, problems)
    soe = data.get("central_soe")
    if not isinstance(soe, dict):
        problems.append("central_soe 应为映射（yes_words、no_words、empty_group）")
        soe = {}
    unknown_keys(soe, _SOE, "central_soe ", problems)
    words = {k: [alias_key(w) for w in str_list(soe.get(k), f"central_soe.{k} ", problems)] for k in _SOE}
    if not words["yes_words"] or not words["no_words"]:
        problems.append("central_soe.yes_words 与 no_words 都不能为空")
    both = sorted(set(words["yes_words"]) & set(words["no_words"]))
    if both:
        problems.append(f"central_soe 中“{'、'.join(both)}”同时出现在 yes_words 和 no_words 中")
    if problems:
        raise DataFileError(path, problems)

    def longest_first(keys: list[str]) -> tuple[str, ...]:
        return tuple(sorted(set(keys), key=lambda k: (-len(k), k)))

    return Organizations(path, types, scales, longest_first(words["yes_words"]), longest_first(words["no_words"]),
                         frozenset(words["empty_group"]), blank)


_load = cached_loader(_parse, ORGANIZATIONS_PATH)


def load_organizations(path: Path | None = None) -> Organizations:
    """The tables from `path` (default converters/data/organizations.yml); raises DataFileError."""
    return _load(path)


def organization_type(raw: str) -> str:
    """组织类型 text -> 国有企业/民营企业/…/其他; "" when the text is empty."""
    return load_organizations().types.normalise(raw)


def organization_scale(raw: str) -> str:
    """组织规模 text -> 大型/中型/小型/微型; "" when empty or unclear (nothing is shown)."""
    return load_organizations().scales.normalise(raw)


def central_soe(raw_yesno: str, soe_group: str = "") -> bool | None:
    """是否属于央企 -> True/False; a filled-in 央企集团 means True; None when nothing says."""
    return load_organizations().central_soe(raw_yesno, soe_group)


def organization_types() -> tuple[str, ...]:
    return load_organizations().types.names


def organization_scales() -> tuple[str, ...]:
    return load_organizations().scales.names
