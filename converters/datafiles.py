"""The data files under converters/data/ (and editors' copies): one strict reader, one error, one matcher.

Every data file (methods, industries, organizations, overrides, fields, policy, notice) is read by
`read_yaml`, which refuses what PyYAML would silently accept (a key written twice keeps only its
last value there) and reports problems in Chinese, naming the file and the line. Parsers collect
their problems in a list and raise one `DataFileError` naming every one of them; `findings()`
turns it into ERROR findings for the report and `showcase check`. `cached_loader` re-reads a
file only when it was edited (path and modification time).

Aliases in the tables are matched through `Matcher` on a *matching form* of the text:

- ``matching_form``: NFKC, case-folded, quotes dropped ("“三不”原则" = "三不原则", "ＰＤＣＡ" = "pdca").
  Text is scanned in this form, so a hit's offsets are offsets into it.
- ``alias_key``: the identity of an alias: its matching form without whitespace and with every
  dash the same, so "因 果 图" and "因果图", "8-D" and "8—D" are one alias (defined twice = error).
- ``alias_pattern``: the regular expression one alias is found by (see its docstring).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml

from .model import Finding, error

DATA_DIR = Path(__file__).resolve().parent / "data"

T = TypeVar("T")


class DataFileError(ValueError):
    """A data file under converters/data (or an editor's copy) is malformed."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"数据文件 {path} 有误：" + "；".join(problems))

    def findings(self) -> list[Finding]:
        return [error("DATA_FILE_INVALID", p, str(self.path)) for p in self.problems]


def problems_of(load: Callable[[Path | None], object], path: Path | None = None) -> list[Finding]:
    """Every problem `load(path)` finds, as ERROR findings (empty when the file is fine)."""
    try:
        load(path)
    except DataFileError as exc:
        return exc.findings()
    return []


# ---------------------------------------------------------------- strict YAML


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (PyYAML silently keeps the last one)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    first_line: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            seen = key in first_line
        except TypeError:  # an unhashable key; the base constructor names it
            break
        if seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键“{key}”（第 {first_line[key]} 行已有此键）", key_node.start_mark
            )
        first_line[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> object:
    """The YAML document in `path`; raises DataFileError naming the file and the line at fault."""
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


def top_level(data: object, path: Path) -> dict:
    """The top level of a data file, which must be a mapping."""
    if not isinstance(data, dict):
        raise DataFileError(path, ["顶层应为映射（键: 值）"])
    return data


def unknown_keys(mapping: dict, allowed: Iterable[str], where: str, problems: list[str]) -> None:
    """Note keys of `mapping` not in `allowed` (usually a typo that would silently do nothing)."""
    allowed = tuple(allowed)
    extra = [str(k) for k in mapping if k not in allowed]
    if extra:
        problems.append(f"{where}有未知的键：{', '.join(extra)}（允许：{', '.join(allowed)}）")


def mapping_items(value: object, where: str, allowed: Iterable[str], problems: list[str]) -> list[tuple[str, dict]]:
    """The items of the non-empty list `where` as ("<where> 第 N 项", mapping), unknown keys noted;
    a missing or empty list and an item that is no mapping are problems."""
    allowed = tuple(allowed)
    if not isinstance(value, list) or not value:
        problems.append(f"{where} 应为非空列表")
        return []
    items = []
    for i, item in enumerate(value, 1):
        at = f"{where} 第 {i} 项"
        if isinstance(item, dict):
            unknown_keys(item, allowed, at, problems)
            items.append((at, item))
        else:
            problems.append(f"{at}应为映射（{'、'.join(allowed)}）")
    return items


def str_list(value: object, where: str, problems: list[str]) -> list[str]:
    """A list of non-empty strings, stripped; None is the empty list, anything else a problem."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}应为非空文字组成的列表")
        return []
    return [v.strip() for v in value]


def mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=64)
def _resolved(path: str) -> str:
    """Path.resolve() once per path: loaders are called for every text scanned (thousands per run)."""
    return str(Path(path).resolve())


def cached_loader(parse: Callable[[Path], T], default: Path) -> Callable[[Path | None], T]:
    """`load(path=None)` calling `parse` once per file version (resolved path and mtime);
    None means `default`. An edited file is read again, an unchanged one is not."""

    @lru_cache(maxsize=8)
    def cached(path: str, _mtime_ns: int) -> T:
        return parse(Path(path))

    def load(path: Path | None = None) -> T:
        p = Path(path) if path else default
        return cached(_resolved(str(p)), mtime(p))

    return load


# ---------------------------------------------------------------- alias matching


_QUOTES = dict.fromkeys(map(ord, "“”„‟‘’‚‛「」『』〝〞〟\"'"), None)
_DASHES = "-‐‑‒–—―~"
_DASH_TABLE = {ord(c): "-" for c in _DASHES}


def matching_form(text: str) -> str:
    """The form text is scanned in: NFKC, case-folded, quotes dropped (“三不”原则 = 三不原则)."""
    return unicodedata.normalize("NFKC", text or "").casefold().translate(_QUOTES)


def alias_key(text: str) -> str:
    """Identity of an alias: matching form without whitespace, every dash the same."""
    return "".join(matching_form(text).translate(_DASH_TABLE).split())


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _script(ch: str) -> str:
    if ch.isascii() and ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "other"


def alias_pattern(alias: str) -> str:
    """Regex for one alias: optional spaces where it has spaces or changes script, any dash for a dash,
    and no ASCII letter or digit glued on at an ASCII end ("IE" must not match "DIE")."""
    text = matching_form(alias).strip()
    out = []
    for i, ch in enumerate(text):
        if i and not ch.isspace() and not text[i - 1].isspace() and _script(ch) != _script(text[i - 1]):
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


class Matcher:
    """Longest-alias-first, non-overlapping scan of a text for a table {alias: meaning}."""

    def __init__(self, table: dict[str, object]):
        self._payload = {alias_key(alias): value for alias, value in table.items()}
        aliases = sorted(table, key=lambda a: (-len(alias_key(a)), alias_key(a)))
        self._regex = re.compile("|".join(alias_pattern(a) for a in aliases)) if aliases else None

    def find(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, meaning) per hit, in text order; offsets are into matching_form(text)."""
        if self._regex is None or not text:
            return []
        return [(m.start(), m.end(), self._payload[alias_key(m.group(0))])
                for m in self._regex.finditer(matching_form(text))]
