"""The exchange event: its order of presentation (content/event.yml) and its date, for the site's
home page and the printed book alike.

The order file is a list of experience titles, or of mappings with ``title`` and ``time``, either
as the whole file or under ``order:``. Titles are matched to experiences by names.title_key
(NFKC, quotes and whitespace ignored), so an editor's retyped title still finds its page.
Where the file is (``event.order_file`` in showcase.yml) is Settings.event_order_path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model import Finding, error, warning
from ..names import title_key
from .catalog import CatalogExperience

WHAT = "交流会发表顺序"


@dataclass(frozen=True, slots=True)
class EventEntry:
    """One line of the order file."""

    title: str
    time: str = ""  # as written: 9:30, 上午第一场


@dataclass(frozen=True, slots=True)
class EventSlot:
    """One presentation as the home page lists it; the experience fields are empty when no
    experience has the title."""

    number: int
    title: str
    time: str = ""
    slug: str = ""
    organization: str = ""
    team: str = ""


def read_event_order(path: Path) -> tuple[list[EventEntry], list[Finding]]:
    """The order file at `path`; a missing, unreadable or malformed one becomes findings."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [warning("EVENT_ORDER_MISSING", f"未找到{WHAT}文件 {path}", str(path))]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [], [error("EVENT_ORDER_UNREADABLE", f"{WHAT}文件 {path} 无法读取：{exc}", str(path))]
    return parse_event_order(data, str(path))


def parse_event_order(data: Any, source: str) -> tuple[list[EventEntry], list[Finding]]:
    """The order file's YAML value; an entry that names no title is skipped with a warning."""
    if data is None:
        return [], []
    items = data.get("order", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], [warning("EVENT_ORDER_INVALID", f"发表顺序文件 {source} 应为经验名称列表", source)]
    entries: list[EventEntry] = []
    found: list[Finding] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict) and item.get("title"):
            entries.append(EventEntry(str(item["title"]).strip(), str(item.get("time") or "").strip()))
        elif isinstance(item, (str, int, float)) and str(item).strip():
            entries.append(EventEntry(str(item).strip()))
        else:
            found.append(warning("EVENT_ORDER_ENTRY", f"发表顺序文件 {source} 第 {number} 项不是经验名称，已忽略", source))
    return entries, found


def match_event_order(
    entries: Sequence[EventEntry], experiences: Sequence[CatalogExperience], source: str = ""
) -> tuple[list[EventSlot], list[Finding]]:
    """Attach the experience to each ordered title; an unknown title stays, unlinked, with a warning."""
    by_title = {title_key(e.title): e for e in experiences if e.title}
    slots: list[EventSlot] = []
    found: list[Finding] = []
    for number, entry in enumerate(entries, start=1):
        exp = by_title.get(title_key(entry.title))
        if exp is None:
            found.append(warning("EVENT_TITLE_UNMATCHED",
                                 f"发表顺序第 {number} 项“{entry.title}”与任何经验名称都不一致，首页将不带链接列出", source))
            slots.append(EventSlot(number, entry.title, entry.time))
        else:
            slots.append(EventSlot(number, entry.title, entry.time, exp.slug, exp.organization, exp.team))
    return slots, found


def format_date(value: Any) -> str:
    """2025-08-20 (YAML date or text) -> 2025年8月20日; anything else is shown as written."""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value or "").strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.year}年{day.month}月{day.day}日"
