"""The notice's rules (苏质协〔2025〕9号): each rule is a small function yielding WARNING findings.

Rules warn, they never reject: --strict keeps an experience with a finding of a blocking class
(check.classes) off the site. Every finding names the value and the limit in Chinese, carries
`file=item.source` and a location (the part).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import FieldValues, Finding, info, warning
from ..names import name_key
from ..notice import NOTICE, PART_LIMITS, PART_TITLES, TITLE_PART, choices, percent_fields
from ..wordcount import char_count_no_spaces, word_count

# The notice's facts (data/notice.yml): rule texts, limits, the naming rule, the team-name endings.
RULES: dict[str, str] = NOTICE.rules
TITLE_LIMIT = PART_LIMITS[TITLE_PART]
BODY_PARTS = tuple(p.key for p in NOTICE.body_parts)
TITLE_RULE = NOTICE.title_rule
TITLE_EXAMPLE = NOTICE.title_example
_TEAM_SUFFIXES = choices(NOTICE.team_suffixes, quoted=True)


@dataclass(frozen=True, slots=True)
class RuleInput:
    source: str  # the 典型经验 file as received
    title: str  # 经验名称 from the 典型经验
    parts: dict[str, str]  # plain text per part key present
    team: str  # as published (form, else summary)
    organization: str
    form: FieldValues | None
    summary: FieldValues | None
    form_source: str = ""
    summary_source: str = ""


def _text(value: object) -> str:
    """A field value as stripped text; readers give strings, but a None must not crash a rule."""
    return value.strip() if isinstance(value, str) else ""


def check(item: RuleInput) -> list[Finding]:
    """All single-experience rules, in a stable order."""
    findings: list[Finding] = []
    for rule in (_title_rules, _part_rules, _team_rules, _name_rules, _percent_rules):
        findings.extend(rule(item))
    return findings


# ---------------------------------------------------------------- title


def _title_rules(item: RuleInput) -> Iterator[Finding]:
    title = (item.title or "").strip()
    where = PART_TITLES[TITLE_PART]
    if not title:
        yield warning("TITLE_MISSING", "未找到经验名称，无法核对字数与命名规则", item.source, where)
        return
    words, chars = word_count(title), char_count_no_spaces(title)
    if words > TITLE_LIMIT or chars > TITLE_LIMIT:
        message = f"经验名称“{title}”按 Word 字数统计 {words} 字、字符数（不计空格）{chars} 个，超过 {TITLE_LIMIT} 字上限"
        yield warning("TITLE_TOO_LONG", message, item.source, where)
    compact = "".join(ch for ch in unicodedata.normalize("NFKC", title) if not ch.isspace())
    if not NOTICE.title_pattern.match(compact):
        message = f"经验名称“{title}”不符合命名规则“{TITLE_RULE}”，例如“{TITLE_EXAMPLE}”"
        yield warning("TITLE_PATTERN", message, item.source, where)


# ---------------------------------------------------------------- parts


def _part_rules(item: RuleInput) -> Iterator[Finding]:
    for key in BODY_PARTS:
        name, limit = PART_TITLES[key], PART_LIMITS[key]
        text = (item.parts or {}).get(key) or ""
        if not text.strip():
            yield warning("PART_MISSING", f"未找到“{name}”部分（或该部分没有正文）", item.source, name)
            continue
        words = word_count(text)
        if words > limit:
            yield warning("PART_TOO_LONG", f"{name} {words:,} 字（按 Word 字数统计口径），超过 {limit} 字上限", item.source, name)


# ---------------------------------------------------------------- team name


def _team_rules(item: RuleInput) -> Iterator[Finding]:
    team = name_key(item.team)
    if not team:
        return
    if team.endswith(NOTICE.team_generic):
        yield warning(
            "TEAM_NAME_SUFFIX",
            f"班组名称“{_text(item.team)}”以“{NOTICE.team_generic}”结尾；通知要求使用正式单元名称并区分“班”与“组”，"
            f"以{_TEAM_SUFFIXES}结尾",
            item.source,
            "班组名称",
        )
    elif not NOTICE.team_pattern.search(team):
        yield warning(
            "TEAM_NAME_SUFFIX",
            f"班组名称“{_text(item.team)}”不以{_TEAM_SUFFIXES}结尾；通知要求使用组织最基础行政单元的正式名称",
            item.source,
            "班组名称",
        )


# ---------------------------------------------------------------- consistency


_NAME_FIELDS = (("organization", "组织名称"), ("team", "班组名称"), ("title", "经验名称"))


def _name_rules(item: RuleInput) -> Iterator[Finding]:
    """One finding per field whose spellings differ between the documents that carry it."""
    form_file = item.form_source or (item.form.source if item.form else "")
    summary_file = item.summary_source or (item.summary.source if item.summary else "")
    for key, label in _NAME_FIELDS:
        spellings: list[tuple[str, str, str]] = []  # (document kind, file, value)
        if key == "title" and _text(item.title):
            spellings.append(("典型经验", item.source, _text(item.title)))
        for kind, values, file in (("申报表", item.form, form_file), ("汇总表", item.summary, summary_file)):
            value = _text(values.values.get(key)) if values else ""
            if value:
                spellings.append((kind, file, value))
        if len({name_key(v) for _k, _f, v in spellings}) > 1:
            listed = "；".join(f"{kind}（{file}）为“{value}”" for kind, file, value in spellings)
            yield warning(
                "NAME_MISMATCH",
                f"{label}不一致：{listed}。通知要求三者完全一致，请核对后统一",
                item.source,
                label,
            )


# ---------------------------------------------------------------- percentages


_PERCENT_VALUE = re.compile(r"^([+-]?\d+(?:\.\d+)?)%?$")


def parse_percent(value: str) -> float | None:
    """'98', '98%', '98.5％', ' 98.5 % ' -> float; anything else -> None."""
    text = "".join(unicodedata.normalize("NFKC", value).split())
    m = _PERCENT_VALUE.match(text)
    return float(m.group(1)) if m else None


def _percent_rules(item: RuleInput) -> Iterator[Finding]:
    fields = percent_fields()
    for kind, values in (("申报表", item.form), ("汇总表", item.summary)):
        if values is None:
            continue
        for key, label in fields.items():
            raw = _text(values.values.get(key))
            if not raw:
                continue
            number = parse_percent(raw)
            if number is None:
                problem = "不是数字"
            elif not 0 <= number <= 100:
                problem = "超出 0–100 范围"
            else:
                continue
            yield warning(
                "PERCENT_RANGE",
                f"{kind}（{values.source}）中“{label}”为“{raw}”，{problem}（应为 0–100 之间的百分数）",
                item.source,
                f"{kind}·{label}",
            )


# ---------------------------------------------------------------- duplicates


def _recommender(item: RuleInput) -> str:
    for values in (item.form, item.summary):
        if values is not None and _text(values.values.get("recommender")):
            return _text(values.values.get("recommender"))
    return ""


def _is_duplicate(a: RuleInput, b: RuleInput) -> bool:
    if a.source == b.source or not name_key(a.title):
        return False
    if name_key(a.title) != name_key(b.title):
        return False
    same_team = bool(name_key(a.team)) and name_key(a.team) == name_key(b.team)
    same_org = bool(name_key(a.organization)) and name_key(a.organization) == name_key(b.organization)
    return same_team or same_org


def _describe(item: RuleInput) -> str:
    via = _recommender(item)
    return f"{via}（{item.source}）" if via else item.source


def completeness(item: RuleInput) -> tuple:
    """How good a copy is as the one to publish: with a 申报表, then with a 汇总表 row, then the
    most parts; ties go to the first in the inbox's order (the earliest path)."""
    parts = sum(bool(_text((item.parts or {}).get(k))) for k in BODY_PARTS)
    return (item.form is None, item.summary is None, -parts, item.source)


@dataclass(frozen=True, slots=True)
class Duplicates:
    findings: list[Finding]  # DUPLICATE_SUBMISSION on every copy set aside, DUPLICATE_KEPT on the one kept
    canonical_of: dict[str, str]  # source of a copy set aside -> source of the copy published


def duplicates(items: list[RuleInput], rank: Callable[[RuleInput], tuple] = completeness) -> Duplicates:
    """Same normalised 经验名称 with the same team or organisation from different files: one
    experience, submitted twice (two folders, or two channels).

    The notice forbids submitting one experience through several channels. One copy is published
    (the lowest `rank`); every other copy gets a finding naming it and is not published.
    """
    findings: list[Finding] = []
    canonical_of: dict[str, str] = {}
    # Copies share a normalised title: compare within those groups only (linear, not every pair).
    by_title: dict[str, list[RuleInput]] = {}
    for item in items:
        by_title.setdefault(name_key(item.title), []).append(item)
    for item in items:
        copies = [o for o in by_title[name_key(item.title)] if o is item or _is_duplicate(item, o)]
        copies = list({o.source: o for o in copies}.values())
        if len(copies) < 2:
            continue
        kept = min(copies, key=rank)
        name = f"经验“{_text(item.title)}”（{_text(item.team) or _text(item.organization)}）"
        where = PART_TITLES[TITLE_PART]
        if kept is item:
            listed = _listed(o for o in copies if o is not item)
            findings.append(info("DUPLICATE_KEPT", f"{name}另见于 {listed}；以本份为准发布，其余不发布",
                                 item.source, where))
            continue
        canonical_of[item.source] = kept.source
        findings.append(
            warning(
                "DUPLICATE_SUBMISSION",
                f"{name}与 {_describe(kept)} 重复；通知规定同一经验不得通过多个渠道重复申报，"
                f"以 {kept.source} 为准发布，本份不发布",
                item.source,
                where,
            )
        )
    return Duplicates(findings, canonical_of)


def _listed(items) -> str:
    seen: set[str] = set()
    return "、".join(d for d in (_describe(o) for o in items) if not (d in seen or seen.add(d)))


def check_duplicates(items: list[RuleInput]) -> list[Finding]:
    """The findings of `duplicates` (the copy with the fullest submission is the one kept)."""
    return duplicates(items).findings
