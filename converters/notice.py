"""The notice's vocabulary (苏质协〔2025〕9号), shared by every stage.

- data/notice.yml: the parts of a 典型经验 with their titles and word limits, the naming rule of
  经验名称, the endings of 班组名称 and the rule texts (`load_notice`; the packaged file is `NOTICE`,
  and `PARTS`, `PART_TITLES`, `PART_LIMITS` are its parts as plain tables).
- data/fields.yml: the fields of the 申报表 and 汇总表 with their labels, types and publication class
  (`load_fields`); the percent fields the rules check are the ones of type percent.
- `part_key`, `split_inline_title`: the part titles recognised in any written form.

The part constants live here, not in model.py, because they are read from notice.yml through
datafiles, which needs model's findings: model imports nothing, so everything can import model.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .datafiles import (DATA_DIR, DataFileError, cached_loader, mapping_items, read_yaml, str_list, top_level,
                        unknown_keys)
from .model import Finding, error, warning
from .names import label_key

NOTICE_PATH = DATA_DIR / "notice.yml"
FIELDS_FILE = DATA_DIR / "fields.yml"


# ---------------------------------------------------------------- notice.yml


@dataclass(frozen=True, slots=True)
class Part:
    key: str  # identifier used by the model, pages and templates ("name" is the 经验名称)
    title: str  # the title as the notice writes it
    limit: int  # word limit (Word's 字数)


@dataclass(frozen=True)
class Notice:
    path: Path
    parts: tuple[Part, ...]  # in document order, the 经验名称 first
    title_verbs: tuple[str, ...]
    title_method: str  # what stands between verb and ending, in words
    title_endings: tuple[str, ...]
    title_example: str
    team_suffixes: tuple[str, ...]
    team_generic: str  # "班组": the generic word, not the name of a unit
    rules: dict[str, str]  # rule code -> one Chinese sentence, placeholders filled in
    title_pattern: re.Pattern = field(repr=False, compare=False)
    team_pattern: re.Pattern = field(repr=False, compare=False)

    @property
    def title_rule(self) -> str:
        """'实施/运用/推行 + 质量管理方法、手段或工艺 + 经验/实践/探索'."""
        return _title_rule(self.title_verbs, self.title_method, self.title_endings)

    @property
    def body_parts(self) -> tuple[Part, ...]:
        return self.parts[1:]


def _title_rule(verbs: tuple[str, ...], method: str, endings: tuple[str, ...]) -> str:
    return f"{'/'.join(verbs)} + {method} + {'/'.join(endings)}"


def choices(words: tuple[str, ...] | list[str], quoted: bool = False) -> str:
    """('班', '组', '室') -> '班、组或室', or with `quoted` '“班”“组”或“室”', as the notice writes lists."""
    items = [f"“{w}”" for w in words] if quoted else list(words)
    head = ("" if quoted else "、").join(items[:-1])
    return f"{head}或{items[-1]}" if head else "".join(items)


def _part_limits(parts: tuple[Part, ...]) -> str:
    """'班组概况、实施背景、实施效果各 500 字，实施过程 5000 字': parts grouped by limit, in order."""
    by_limit: dict[int, list[str]] = {}
    for part in parts:
        by_limit.setdefault(part.limit, []).append(part.title)
    return "，".join(f"{'、'.join(titles)}{'各 ' if len(titles) > 1 else ' '}{limit} 字"
                    for limit, titles in by_limit.items())


_NOTICE_TOP = ("version", "parts", "title", "team_name", "rules")
_PART_KEYS = ("key", "title", "limit")
_TITLE_KEYS = ("verbs", "method", "endings", "example")
_TEAM_KEYS = ("suffixes", "generic")
_PART_KEY = re.compile(r"^[a-z][a-z_]*$")
_RULE_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
TITLE_PART = "name"  # key of the part that is the 经验名称


def _text(value: object, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}应为非空文字")
        return ""
    return value.strip()


def _section(data: dict, key: str, allowed: tuple[str, ...], problems: list[str]) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        problems.append(f"{key} 应为映射（{'、'.join(allowed)}）")
        return {}
    unknown_keys(value, allowed, f"{key} ", problems)
    return value


def _parse_parts(raw: object, problems: list[str]) -> tuple[Part, ...]:
    items = mapping_items(raw, "parts", _PART_KEYS, problems)
    if len(items) == 1:
        problems.append("parts 应至少有两项（经验名称及正文各部分）")
    parts: list[Part] = []
    for where, item in items:
        key, title, limit = item.get("key"), item.get("title"), item.get("limit")
        if not isinstance(key, str) or not _PART_KEY.match(key):
            problems.append(f"{where}：key 应为小写字母和下划线组成的 ASCII 标识")
        elif key in {p.key for p in parts}:
            problems.append(f"{where}：key“{key}”重复")
        elif not isinstance(title, str) or not title or any(ch.isspace() for ch in title):
            problems.append(f"{where}：title 应为不含空白的标题")
        elif unicodedata.normalize("NFKC", title) in {p.title for p in parts}:
            problems.append(f"{where}：title“{title}”重复")
        elif isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
            problems.append(f"{where}：limit 应为正整数（字数上限），实际为“{limit}”")
        else:
            parts.append(Part(key, unicodedata.normalize("NFKC", title), limit))
    if parts and parts[0].key != TITLE_PART:
        problems.append(f"parts 的第一项应为经验名称（key: {TITLE_PART}），实际为“{parts[0].key}”")
    return tuple(parts)


_PLACEHOLDERS = ("title_limit", "title_rule", "part_limits", "body_parts", "team_suffixes", "team_generic")


def _rule_texts(raw: object, problems: list[str]) -> dict[str, str]:
    """Rule code -> text with its placeholders still in; every code, text and placeholder checked."""
    if not isinstance(raw, dict) or not raw:
        problems.append("rules 应为“规则代码: 说明”的映射")
        return {}
    rules: dict[str, str] = {}
    for code, text in raw.items():
        where = f"rules 中的“{code}”"
        if not isinstance(code, str) or not _RULE_CODE.match(code):
            problems.append(f"{where}：规则代码应为大写字母、数字和下划线")
            continue
        text = _text(text, where, problems)
        try:
            names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
        except ValueError:
            problems.append(f"{where}：花括号不成对（占位符写作 {{title_limit}}，花括号本身写作 {{{{ }}}}）")
            continue
        unknown = sorted(names - set(_PLACEHOLDERS))
        if unknown:
            problems.append(f"{where}：未知的占位符 {'、'.join(unknown)}（可用：{'、'.join(_PLACEHOLDERS)}）")
            continue
        rules[code] = text
    return rules


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _parse_notice(path: Path) -> Notice:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, _NOTICE_TOP, "顶层", problems)
    parts = _parse_parts(data.get("parts"), problems)
    title = _section(data, "title", _TITLE_KEYS, problems)
    verbs = str_list(title.get("verbs"), "title.verbs ", problems)
    endings = str_list(title.get("endings"), "title.endings ", problems)
    if title and not (verbs and endings):
        problems.append("title.verbs 与 title.endings 都不能为空")
    method = _text(title.get("method"), "title.method ", problems) if title else ""
    example = _text(title.get("example"), "title.example ", problems) if title else ""
    team = _section(data, "team_name", _TEAM_KEYS, problems)
    suffixes = str_list(team.get("suffixes"), "team_name.suffixes ", problems)
    if team and not suffixes:
        problems.append("team_name.suffixes 不能为空")
    generic = _text(team.get("generic"), "team_name.generic ", problems) if team else ""
    rules = _rule_texts(data.get("rules"), problems)
    # The notice's pattern; "的" before the ending is covered by ".+".
    title_pattern = re.compile(f"^({_alternatives(verbs)}).+({_alternatives(endings)})$")
    if example and verbs and endings and not title_pattern.match(example):
        problems.append(f"title.example“{example}”本身不符合命名规则")
    if problems:
        raise DataFileError(path, problems)
    body = parts[1:]
    values = {
        "title_limit": str(parts[0].limit),
        "title_rule": _title_rule(tuple(verbs), method, tuple(endings)),
        "part_limits": _part_limits(body),
        "body_parts": choices([p.title for p in body]),
        "team_suffixes": choices(suffixes, quoted=True),
        "team_generic": generic,
    }
    return Notice(path, parts, tuple(verbs), method, tuple(endings), example, tuple(suffixes), generic,
                  {code: text.format(**values) for code, text in rules.items()},
                  title_pattern, re.compile(f"({_alternatives(suffixes)})$"))


_load_notice = cached_loader(_parse_notice, NOTICE_PATH)


def load_notice(path: Path | None = None) -> Notice:
    """The notice's facts from `path` (default converters/data/notice.yml); raises DataFileError."""
    return _load_notice(path)


# The packaged notice: a broken notice.yml stops every command with its problems named.
NOTICE = load_notice()
PARTS: tuple[tuple[str, str, int], ...] = tuple((p.key, p.title, p.limit) for p in NOTICE.parts)
PART_TITLES = {key: title for key, title, _ in PARTS}
PART_LIMITS = {key: limit for key, _, limit in PARTS}


# ---------------------------------------------------------------- fields.yml

CLASSES = ("publish", "sensitive", "internal", "never")
TYPES = ("text", "percent", "int", "number", "yesno")
_FIELD_KEYS = ("label", "synonyms", "type", "class", "unit")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    id: str
    label: str  # the Chinese label used in messages
    synonyms: tuple[str, ...]  # every spelling, label included, as written in fields.yml
    type: str
    cls: str  # publication class
    unit: str = ""  # shown after the value on the page: "%", "人", "人次"


def _parse_fields(path: Path) -> tuple[dict[str, FieldSpec], tuple[Finding, ...]]:
    file = str(path)
    try:
        raw = read_yaml(path)
    except DataFileError as exc:
        return {}, tuple(error("CONFIG_UNREADABLE", f"无法读取配置文件 {path.name}：{p}", file) for p in exc.problems)
    out: dict[str, FieldSpec] = {}
    problems: list[Finding] = []
    entries = raw.get("fields") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        return out, (error("CONFIG_INVALID", f"{path.name} 缺少 fields: 映射", file),)
    extra = [str(k) for k in raw if k not in ("version", "fields")]
    if extra:
        problems.append(warning("CONFIG_INVALID", f"{path.name} 有未知的键：{', '.join(extra)}，已忽略", file))
    spelled: dict[str, str] = {}  # label_key -> the field that spelling belongs to
    for field_id, spec in entries.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            problems.append(error("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 缺少 label", file))
            continue
        extra = [str(k) for k in spec if k not in _FIELD_KEYS]
        if extra:
            problems.append(warning("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 有未知的键：{', '.join(extra)}，已忽略", file))
        ftype, cls = spec.get("type", "text"), spec.get("class", "never")
        if ftype not in TYPES:
            problems.append(warning("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 的类型 {ftype} 未知，按文本处理", file))
            ftype = "text"
        if cls not in CLASSES:
            # Unknown class: the safe reading is "never publish".
            problems.append(warning("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 的级别 {cls} 未知，按 never 处理", file))
            cls = "never"
        synonyms = tuple(str(s) for s in (spec.get("synonyms") or ()))
        for spelling in (spec["label"], *synonyms):
            owner = spelled.setdefault(label_key(spelling), str(field_id))
            if owner != str(field_id):
                problems.append(warning("CONFIG_INVALID", f"{path.name} 中“{spelling}”同时是字段 {owner} 与 {field_id} 的写法，按 {owner} 处理", file))
        unit = str(spec.get("unit", "%" if ftype == "percent" else ""))
        out[str(field_id)] = FieldSpec(str(field_id), spec["label"], (spec["label"], *synonyms), ftype, cls, unit)
    return out, tuple(problems)


_load_fields = cached_loader(_parse_fields, FIELDS_FILE)


def load_fields(path: Path | None = None) -> tuple[dict[str, FieldSpec], tuple[Finding, ...]]:
    """Field specs by id, validated; problems come back as findings, never as exceptions."""
    return _load_fields(path)


def percent_fields() -> dict[str, str]:
    """Ids and labels of the percent fields (type percent in fields.yml), in file order."""
    specs, _findings = load_fields()
    return {key: spec.label for key, spec in specs.items() if spec.type == "percent"}


# ---------------------------------------------------------------- part titles

# A typed or auto-numbered prefix: 一、 （一） (1) 1. 1、 第一部分 etc.
_PREFIX = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[（(]?[一二三四五六七八九十\d]+[)）]?[、.．:：]?|[①-⑩])?\s*"
)
# The same prefix with full-width digits and punctuation, for text that is not NFKC-normalised.
_PREFIX_WIDE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d０-９]+部分|[（(]?[一二三四五六七八九十\d０-９]+[)）]?[、.．:：]?|[①-⑩])?\s*"
)
_SUFFIX = re.compile(r"[\s:：。.、]*$")


def normalise_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _PREFIX.sub("", text, count=1)
    text = _SUFFIX.sub("", text)
    return re.sub(r"\s+", "", text)


def part_key(text: str) -> str | None:
    """Return the part key ("overview", ...) when `text` is just a part title, else None.

    "一、班组概况", "（二）实施背景：", "3. 实施 过程", "实施效果" all name a part; a longer sentence
    that merely starts with the words does not.
    """
    if len(text) > 40:
        return None  # a part title with its number and spacing is far shorter: skip body text cheaply
    core = normalise_title(text)
    for key, title, _limit in PARTS:
        if core == title:
            return key
    return None


def split_inline_title(text: str) -> tuple[str, str] | None:
    """'经验名称：运用……的实践' -> ('name', '运用……的实践'); a title followed by its content."""
    if "：" not in text and ":" not in text:
        return None  # most paragraphs: no colon, no inline title
    # Match on the text as written so the content after the colon keeps its own characters.
    rest = _PREFIX_WIDE.sub("", text.strip(), count=1)
    for key, title, _limit in PARTS:
        pattern = r"^" + r"\s*".join(title) + r"\s*[:：]\s*(.+)$"
        m = re.match(pattern, rest, flags=re.S)
        if m:
            return key, m.group(1).strip()
    return None
