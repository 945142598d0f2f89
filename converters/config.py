"""showcase.yml: the one place for names, paths and the event, and its only reader.

As MkDocs' config does, validation collects instead of stopping at the first problem: an unknown
key is a warning, a value of the wrong type is an error naming the key, what it should be and what
it is (in Chinese). The caller decides what to do: the ``showcase`` CLI stops on errors
(``load_settings``), the site plugin reports them as build findings (``read_settings``). Wherever
the file is silent or wrong, the default below holds.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .model import Finding, Severity, error, warning

CONFIG_NAME = "showcase.yml"
# Names the showcase.yml a site build reads, when it is not the one beside mkdocs.yml (set by the CLI for --config).
CONFIG_ENV = "SHOWCASE_CONFIG"


class ConfigError(Exception):
    """The configuration file cannot be used; the message is Chinese and names the file."""


@dataclass(frozen=True, slots=True)
class Event:
    name: str = ""
    date: str = ""  # ISO date (2025-08-20) or free text; see render/event.format_date
    place: str = ""
    order_file: str = ""  # relative to showcase.yml; see Settings.event_order_path


@dataclass(frozen=True, slots=True)
class Colors:
    """Material palette names (``indigo``, ``deep orange``); empty keeps the theme's."""

    primary: str = ""
    accent: str = ""


@dataclass(frozen=True, slots=True)
class Edition:
    """One year of the archive (``editions:`` in showcase.yml): converted from its inbox, or, when
    ``frozen``, never read from Word again and taken from its kept archive (see converters/editions.py)."""

    year: int
    inbox: str = ""  # relative to showcase.yml; may be empty for a frozen edition
    event: Event = field(default_factory=Event)
    frozen: bool = False


@dataclass(frozen=True, slots=True)
class Media:
    """发表视频 and 演示文稿: files larger than max_mb are not converted (a finding names each)."""

    max_mb: float = 500.0


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path  # folder holding showcase.yml; relative paths resolve against it
    association: str = "质量管理协会"
    year: int = 2025
    site_title: str = "质量信得过班组建设典型经验"
    site_description: str = ""
    site_url: str = ""  # e.g. https://example.org/showcase/2025/ — canonical links and og:image become absolute
    inbox: str = "samples/inbox"
    content_dir: str = "content"
    site_dir: str = "site"
    report: str = "build/report.json"
    event: Event = field(default_factory=Event)
    icp: str = ""
    police_beian: str = ""  # 公安机关备案号 (苏公网安备 32010202000000号), footer; see _check_footer
    organizer: str = ""  # 主办单位 in the footer; empty: the association
    contact_page: str = "contact.md"  # footer link: a page under the docs dir, or an http(s) address
    logo: str = ""  # relative to the docs dir
    colors: Colors = field(default_factory=Colors)
    theme: str = "auto"  # theme package: auto, material or materialx (outputs/themes.py)
    media: Media = field(default_factory=Media)
    policy: str = ""
    overrides: str = ""
    accepted: str = ""
    editions: tuple[Edition, ...] = ()  # oldest first; empty: one edition of `year` from `inbox`, as before
    publish_work_summary: bool = False  # 附件5 工作总结: publish its 推进经验及做法 on the 推进活动 page
    file: Path | None = None  # the showcase.yml read (None: defaults); the site build reads the same file

    def path(self, value: str) -> Path:
        p = Path(value)
        return p if p.is_absolute() else self.root / p

    def event_order_path(self, docs_dir: Path) -> Path | None:
        """event.order_file, relative to showcase.yml; a path inside content_dir means `docs_dir`,
        the docs dir of this run (a build into another folder reads its own copy)."""
        order_file = self.event.order_file.strip()
        if not order_file:
            return None
        content = self.content_dir.strip("/")
        rel = posixpath.normpath(order_file)
        if rel.startswith(content + "/"):
            return docs_dir / rel[len(content) + 1 :]
        return self.path(rel)


# ---------------------------------------------------------------- validation

_TEXT, _INTEGER, _BOOLEAN, _POSITIVE = "文本", "整数", "是/否值（true 或 false）", "正数"
# key -> expected kind, or the dataclass of a nested mapping
_SCHEMA: dict[str, Any] = {f.name: (_INTEGER if f.name == "year" else _TEXT) for f in fields(Settings) if f.name != "root"}
_SCHEMA["publish_work_summary"] = _BOOLEAN
_SCHEMA.update(event=Event, colors=Colors, media=Media)
_EDITIONS = "版次列表"
_SCHEMA["editions"] = _EDITIONS
_SECTION_SCHEMA = {cls: {f.name: _TEXT for f in fields(cls)} for cls in (Event, Colors)}
_SECTION_SCHEMA[Media] = {"max_mb": _POSITIVE}


def _received(value: Any) -> str:
    """What the file holds, in words: 列表 ['a', 'b']."""
    if isinstance(value, bool):
        kind = "是/否值"
    elif isinstance(value, int):
        kind = "整数"
    elif isinstance(value, float):
        kind = "小数"
    elif isinstance(value, str):
        kind = "文本"
    elif isinstance(value, (dt.date, dt.datetime)):
        kind = "日期"
    elif isinstance(value, list):
        kind = "列表"
    elif isinstance(value, dict):
        kind = "键值映射"
    else:
        kind = type(value).__name__
    return f"{kind} {value!r}"


def _value(expected: Any, value: Any) -> tuple[Any, bool]:
    """(converted value, ok). Text also takes numbers and dates as YAML reads them (year: 2025 in a title)."""
    if expected == _INTEGER:
        return value, isinstance(value, int) and not isinstance(value, bool)
    if expected == _BOOLEAN:
        return value, isinstance(value, bool)
    if expected == _POSITIVE:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        return (float(value) if ok else value), ok
    if isinstance(value, str):
        return value, True
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return str(value), True
    return value, False


def _validate(raw: dict, schema: dict[str, Any], source: str, prefix: str = "") -> tuple[dict, list[Finding]]:
    values: dict[str, Any] = {}
    found: list[Finding] = []
    for key, value in raw.items():
        name = f"{prefix}{key}"
        expected = schema.get(key) if isinstance(key, str) else None
        if expected is None:
            found.append(warning("CONFIG_UNKNOWN_KEY", f"{source}：未知配置项 “{name}”，已忽略", source))
            continue
        if value is None:
            continue
        if expected is _EDITIONS:
            values[key], more = _editions(value, source)
            found += more
            continue
        if isinstance(expected, type):  # a nested mapping: event, colors
            if not isinstance(value, dict):
                found.append(error("CONFIG_INVALID", f"{source}：配置项 “{name}” 应为键值映射，实际为{_received(value)}", source))
                continue
            inner, more = _validate(value, _SECTION_SCHEMA[expected], source, prefix=f"{name}.")
            found += more
            values[key] = expected(**inner)
            continue
        converted, ok = _value(expected, value)
        if not ok:
            found.append(error("CONFIG_INVALID", f"{source}：配置项 “{name}” 应为{expected}，实际为{_received(value)}", source))
            continue
        values[key] = converted
    return values, found


# 公安机关备案号 carry a 14-digit record number; the footer links it to the registry's search page.
_POLICE_NUMBER = re.compile(r"\d{10,}")
_WEB_ADDRESS = re.compile(r"^https?://[^\s/]+", re.I)


def police_record_number(police_beian: str) -> str:
    """The digits of 苏公网安备 32010202000000号 ("" when there are none)."""
    m = _POLICE_NUMBER.search(police_beian)
    return m.group(0) if m else ""


def _check_footer(values: dict, source: str) -> list[Finding]:
    """police_beian must hold its record number; contact_page is a .md page path or a web address.
    A bad value is an error and falls back to the default, as a value of the wrong type does."""
    found = []
    police = values.get("police_beian", "").strip()
    if police and not police_record_number(police):
        found.append(error("CONFIG_INVALID", f"{source}：配置项 “police_beian” 应写明公安机关备案编号（如 “苏公网安备 32010202000000号”），"
                                             f"实际为 {police!r}", source))
        values.pop("police_beian")
    page = values.get("contact_page", "").strip()
    if page and not _WEB_ADDRESS.match(page):
        parts = page.replace("\\", "/").split("/")
        if not page.endswith(".md") or page.startswith("/") or ".." in parts:
            found.append(error("CONFIG_INVALID", f"{source}：配置项 “contact_page” 应为 content 目录下的页面（如 “contact.md”）"
                                                 f"或以 http:// / https:// 开头的网址，实际为 {page!r}", source))
            values.pop("contact_page")
    return found


def read_settings(path: Path) -> tuple[Settings, list[Finding]]:
    """showcase.yml at `path`, validated; never raises. A missing file is a warning (defaults hold),
    an unreadable one or a value of the wrong type an error."""
    source = str(path)
    root = path.parent.resolve()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(root=root), [warning("CONFIG_MISSING", f"未找到项目配置文件 {source}，使用默认配置", source)]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return Settings(root=root, file=path), [error("CONFIG_UNREADABLE", f"{source}：无法读取配置文件（{exc}）", source)]
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return Settings(root=root, file=path), [error("CONFIG_INVALID", f"{source}：配置文件应为键值映射，实际为{_received(raw)}", source)]
    values, found = _validate(raw, _SCHEMA, source)
    found += _check_footer(values, source)
    return Settings(root=root, file=path, **_current_edition(values)), found


# ---------------------------------------------------------------- editions

_EDITION_KEYS = frozenset({"year", "inbox", "event", "frozen"})
YEAR_RANGE = (1990, 2100)  # a 申报年度 outside is a typo (25, 20255)


def _editions(value: Any, source: str) -> tuple[tuple[Edition, ...], list[Finding]]:
    """editions: a list of {year, inbox, event, frozen}; every problem an error naming the key."""
    if not isinstance(value, list):
        return (), [error("CONFIG_INVALID", f"{source}：配置项 “editions” 应为列表，实际为{_received(value)}", source)]
    editions: list[Edition] = []
    found: list[Finding] = []
    seen: set[int] = set()  # years of earlier editions, valid or not, so a repeated year is found at once
    for number, item in enumerate(value, start=1):
        edition, more = _edition(item, f"editions[{number}]", source)
        found += more
        year = item.get("year") if isinstance(item, dict) else None
        if isinstance(year, int) and year in seen:
            found.append(error("CONFIG_INVALID", f"{source}：配置项 “editions[{number}].year” 的年度 {year} 已在前面的版次中出现，"
                                                 "每个年度只能有一个版次", source))
            continue
        if isinstance(year, int):
            seen.add(year)
        if edition is not None:
            editions.append(edition)
    return tuple(sorted(editions, key=lambda e: e.year)), found


def _edition(item: Any, name: str, source: str) -> tuple[Edition | None, list[Finding]]:
    def problem(text: str) -> Finding:
        return error("CONFIG_INVALID", f"{source}：{text}", source)

    if not isinstance(item, dict):
        return None, [problem(f"配置项 “{name}” 应为键值映射（year、inbox、event、frozen），实际为{_received(item)}")]
    found = [problem(f"配置项 “{name}.{key}” 是未知的版次配置项（可用：year、inbox、event、frozen）")
             for key in item if key not in _EDITION_KEYS]
    year = item.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        found.append(problem(f"配置项 “{name}.year” 应为 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间的四位年度，实际为{_received(year)}"))
    frozen = item.get("frozen", False)
    if not isinstance(frozen, bool):
        found.append(problem(f"配置项 “{name}.frozen” 应为是/否值（true 或 false），实际为{_received(frozen)}"))
    inbox = item.get("inbox")
    if inbox is not None and not isinstance(inbox, str):
        found.append(problem(f"配置项 “{name}.inbox” 应为文本（收件箱路径），实际为{_received(inbox)}"))
    elif not (inbox or "").strip() and frozen is not True:
        found.append(problem(f"配置项 “{name}.inbox” 缺失：未冻结的版次必须给出收件箱路径（或设 frozen: true 从存档发布）"))
    event = Event()
    if item.get("event") is not None:  # checked as the top-level event is, names prefixed
        inner, more = _validate({"event": item["event"]}, {"event": Event}, source, prefix=f"{name}.")
        found += more
        event = inner.get("event", event)
    if any(f.severity is Severity.ERROR for f in found):
        return None, found
    return Edition(year=year, inbox=(inbox or "").strip(), event=event, frozen=frozen), found


def _current_edition(values: dict) -> dict:
    """With editions, the latest is the site's current year: its year, and its event when it has one."""
    editions = values.get("editions") or ()
    if not editions:
        return values
    latest = editions[-1]
    values = dict(values, year=latest.year)
    if latest.event != Event():
        values["event"] = latest.event
    return values


def edition_settings(settings: Settings, year: int | None) -> Settings:
    """The settings as one edition of the archive sees them: its year and event (a site or book of
    that year alone). Unchanged without editions, for the current year, or for a year not listed."""
    edition = next((e for e in settings.editions if e.year == year), None)
    if edition is None or year == settings.year:
        return settings
    return replace(settings, year=edition.year, event=edition.event)


def find_config(start: Path | None = None) -> Path | None:
    """showcase.yml in `start` or the nearest parent, like git finds its repository."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """For the CLI: settings and warnings; ConfigError (every error, one a line) when any.

    Without `path`, showcase.yml is looked for upwards from the current folder; none found means
    the defaults, with a warning. A `path` given must exist.
    """
    path = path or find_config()
    if path is None:
        return Settings(root=Path.cwd()), [f"未找到 {CONFIG_NAME}，使用默认配置"]
    if not path.is_file():
        raise ConfigError(f"{path}：配置文件不存在")
    settings, found = read_settings(path)
    errors = [f.message for f in found if f.severity is Severity.ERROR]
    if errors:
        raise ConfigError("\n".join(errors))
    return settings, [f.message for f in found]
