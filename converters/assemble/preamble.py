"""What the lines between a 典型经验's title and 班组概况 are (data/preamble.yml).

Real submissions carry a subtitle, the organisation and team, the recommending unit, a date, "附件1",
an author line or a typed 目录 there. Each is recognised as metadata (kept) or furniture (dropped;
an author is a person's name and is never published); only what is none of these stays preamble.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, str_list, top_level, unknown_keys
from ..notice import NOTICE

PREAMBLE_PATH = DATA_DIR / "preamble.yml"
_KEYS = ("version", "subtitle", "date", "labelled", "labels", "org_endings", "author", "boilerplate", "toc_heading")
_PATTERN_KEYS = ("subtitle", "date", "labelled", "author", "boilerplate", "toc_heading")
LABEL_FIELDS = ("organization", "team", "recommender")
# Longer than this, a line is prose, not an organisation + team line.
_NAME_LINE_MAX = 60
_SENTENCE = re.compile(r"[，。；;！？!?]")


@dataclass(frozen=True)
class PreambleRules:
    patterns: dict[str, tuple[re.Pattern, ...]]
    labels: dict[str, str]  # label as written -> organization / team / recommender
    org_endings: tuple[str, ...]


def _parse(path: Path) -> PreambleRules:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, _KEYS, "顶层", problems)
    patterns: dict[str, tuple[re.Pattern, ...]] = {}
    for key in _PATTERN_KEYS:
        compiled = []
        for text in str_list(data.get(key), key, problems):
            try:
                compiled.append(re.compile(text))
            except re.error as exc:
                problems.append(f"{key} 中的正则表达式“{text}”无法解析：{exc}")
        patterns[key] = tuple(compiled)
    for key in ("subtitle", "labelled"):
        for p in patterns[key]:
            if "value" not in p.groupindex or (key == "labelled" and "key" not in p.groupindex):
                problems.append(f"{key} 中的正则表达式“{p.pattern}”缺少命名组 value" + ("、key" if key == "labelled" else ""))
    raw_labels = data.get("labels")
    labels: dict[str, str] = {}
    if not isinstance(raw_labels, dict):
        problems.append("labels 应为“标签: organization/team/recommender”的映射")
    else:
        for label, fid in raw_labels.items():
            if fid not in LABEL_FIELDS:
                problems.append(f"labels 中“{label}”的取值应为 {'、'.join(LABEL_FIELDS)} 之一，实际为 {fid!r}")
            else:
                labels[str(label)] = fid
    endings = tuple(sorted(str_list(data.get("org_endings"), "org_endings", problems), key=len, reverse=True))
    if problems:
        raise DataFileError(path, problems)
    return PreambleRules(patterns, labels, endings)


load_preamble = cached_loader(_parse, PREAMBLE_PATH)


@dataclass(frozen=True, slots=True)
class Line:
    """What one preamble line is: `kind` in subtitle/date/names/author/boilerplate/toc, or "" (unknown)."""

    kind: str
    values: dict[str, str]


def _flat(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def recognise(text: str) -> Line:
    rules = load_preamble()
    flat = _flat(text)
    for kind in ("boilerplate", "author", "toc_heading", "date"):
        if any(p.match(flat) for p in rules.patterns[kind]):
            return Line("toc" if kind == "toc_heading" else kind, {"date": flat} if kind == "date" else {})
    for p in rules.patterns["subtitle"]:
        m = p.match(flat)
        if m:
            return Line("subtitle", {"subtitle": m.group("value").strip()})
    for p in rules.patterns["labelled"]:
        m = p.match(flat)
        if m and m.group("key") in rules.labels:
            return Line("names", {rules.labels[m.group("key")]: m.group("value").strip()})
    names = organization_and_team(flat, rules.org_endings)
    return Line("names", names) if names else Line("", {})


def organization_and_team(flat: str, endings: tuple[str, ...]) -> dict[str, str]:
    """'示例精密机械有限公司　装配车间焊接二班' -> organization + team; {} for anything else."""
    if len(flat) > _NAME_LINE_MAX or _SENTENCE.search(flat):
        return {}
    pieces = flat.split()
    candidates = [(" ".join(pieces[:i]), "".join(pieces[i:])) for i in range(1, len(pieces))] if len(pieces) > 1 else []
    if not candidates:  # no space: cut after the last organisation ending that leaves a team behind
        for ending in endings:
            at = flat.rfind(ending)
            if at > 0:
                candidates.append((flat[: at + len(ending)], flat[at + len(ending):]))
    for org, team in candidates:
        if org.endswith(endings) and len(team) >= 2 and team.endswith(tuple(NOTICE.team_suffixes)):
            return {"organization": org, "team": team}
    return {}


_LEADER = re.compile(r"[\s.…·．。•_\-]{2,}\s*\d+\s*$|\s+\d+\s*$")


def toc_entry(text: str) -> tuple[str, bool]:
    """A typed 目录 line without its dot leader and page number, and whether it had them."""
    flat = _flat(text)
    stripped = _LEADER.sub("", flat)
    return stripped, stripped != flat
