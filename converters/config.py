"""showcase.yml: the one place for names, paths and the event, validated on load.

As MkDocs' config does, validation collects: unknown keys and bad types become messages
(in Chinese, naming the key), and the caller decides whether to stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

CONFIG_NAME = "showcase.yml"


class ConfigError(Exception):
    """The configuration file cannot be used; the message is Chinese and names the file."""


@dataclass(frozen=True, slots=True)
class Event:
    name: str = ""
    date: str = ""
    place: str = ""
    order_file: str = ""


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
    logo: str = ""
    colors: dict = field(default_factory=dict)
    policy: str = ""
    overrides: str = ""
    accepted: str = ""

    def path(self, value: str) -> Path:
        p = Path(value)
        return p if p.is_absolute() else self.root / p


_TYPES = {
    "association": str,
    "year": int,
    "site_title": str,
    "site_description": str,
    "site_url": str,
    "inbox": str,
    "content_dir": str,
    "site_dir": str,
    "report": str,
    "event": dict,
    "icp": str,
    "logo": str,
    "colors": dict,
    "policy": str,
    "overrides": str,
    "accepted": str,
}
_EVENT_KEYS = {"name", "date", "place", "order_file"}


def find_config(start: Path | None = None) -> Path | None:
    """showcase.yml in `start` or the nearest parent, like git finds its repository."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Return settings and warnings; raise ConfigError when the file is unusable."""
    path = path or find_config()
    if path is None:
        return Settings(root=Path.cwd()), [f"未找到 {CONFIG_NAME}，使用默认配置"]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}：无法读取配置文件（{exc}）") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}：配置文件应为键值映射")
    warnings: list[str] = []
    values: dict = {}
    for key, value in raw.items():
        expected = _TYPES.get(key)
        if expected is None:
            warnings.append(f"{path}：未知配置项 “{key}”，已忽略")
            continue
        if value is None:
            continue
        if expected is str and isinstance(value, (int, float)) or expected is str and not isinstance(value, str):
            value = str(value)
        if not isinstance(value, expected):
            raise ConfigError(f"{path}：配置项 “{key}” 应为 {expected.__name__}，实际为 {value!r}")
        values[key] = value
    event_raw = values.pop("event", {})
    unknown = set(event_raw) - _EVENT_KEYS
    for key in sorted(unknown):
        warnings.append(f"{path}：未知配置项 “event.{key}”，已忽略")
    event = Event(**{k: str(v) for k, v in event_raw.items() if k in _EVENT_KEYS and v is not None})
    return Settings(root=path.parent.resolve(), event=event, **values), warnings
