"""Published URLs: once an experience's address is public (QR codes, printed programmes, shared
links), it never changes or disappears silently.

The state is ``archive/published-urls.json`` beside showcase.yml, kept in the repository with the
editions' archives (build/ and the docs dir are rebuilt; this file is not): every experience URL
ever published, its title, team and year, and what became of it. At each multi-edition build,
``compare`` sets the new catalog against it:

- still published: recorded again;
- gone, with no replacement: a page at the old URL says the experience was withdrawn (URL_WITHDRAWN);
- gone, and a new URL of the same year holds the same experience (same team and a similar title, or
  the same title): the URL would change. That is an error, the build stops, unless the change is
  confirmed (``--accept-url-changes``): then the old URL becomes a page pointing to the new one
  (URL_REDIRECTED), for good.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .assemble.pairing import SIMILAR
from .model import Finding, info
from .names import loose_key, name_key
from .render.catalog import CatalogExperience

STATE_FILE = "published-urls.json"
STATE_VERSION = 1
PUBLISHED, WITHDRAWN, REDIRECTED = "published", "withdrawn", "redirected"


@dataclass(frozen=True, slots=True)
class Gone:
    """A URL no experience holds any more: its page says so, or points to `replaced_by`."""

    url: str
    slug: str
    title: str
    year: int
    replaced_by: str = ""  # the new URL (experiences/<slug>/), "" when withdrawn
    replaced_title: str = ""


@dataclass
class Check:
    state: dict[str, dict]
    gone: list[Gone] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load(path: Path) -> dict[str, dict]:
    """url -> record; none before the first build. An unusable file stops the build (without it no
    URL can be guaranteed): it is kept under the key "" for compare to report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {"": {"problem": f"已发布网址清单 {path} 无法读取（{exc}）"}}
    records = data.get("urls") if isinstance(data, dict) else None
    if not isinstance(records, dict) or not all(isinstance(v, dict) for v in records.values()):
        return {"": {"problem": f"已发布网址清单 {path} 格式不对"}}
    return records


COMMENT = "showcase 发布过的每个经验网址；请随存档一起提交到版本库，勿手工删除（删除后无法保证网址不变）"


def save(path: Path, state: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"comment": COMMENT, "version": STATE_VERSION, "urls": dict(sorted(state.items()))},
                      ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def compare(state: dict[str, dict], experiences: Iterable[CatalogExperience], *, accept_changes: bool = False) -> Check:
    """The new state, the pages for gone URLs, and the URL changes that stop the build."""
    if "" in state:
        return Check(state, errors=[state[""]["problem"] + "：无法核对网址是否改变。请从版本库恢复该文件后再构建"])
    current = {e.url: e for e in experiences}
    check = Check({url: _record(e) for url, e in current.items()})
    fresh = [e for url, e in current.items() if url not in state]
    for url, rec in sorted(state.items()):
        if url in current:
            continue
        if rec.get("status") in (WITHDRAWN, REDIRECTED):  # already answered for: keep its page
            check.state[url] = rec
            check.gone.append(_gone(url, rec, rec.get("replaced_by", ""), rec.get("replaced_title", "")))
            continue
        replacement = _replacement(rec, fresh)
        if replacement is not None and not accept_changes:
            check.errors.append(
                f"已发布的网址将改变：{url}（{rec.get('year')} 年“{rec.get('title')}”）→ {replacement.url}"
                f"（“{replacement.title}”）。已发布的网址不能悄悄改变；若确是同一经验改了名称，"
                "请加 --accept-url-changes 确认，旧网址将成为指向新网址的页面")
            continue
        if replacement is not None:
            check.state[url] = dict(rec, status=REDIRECTED, replaced_by=replacement.url, replaced_title=replacement.title)
            check.gone.append(_gone(url, rec, replacement.url, replacement.title))
            check.findings.append(info("URL_REDIRECTED", f"{url}：经验已改为 {replacement.url}，旧网址保留为指向新网址的页面", url))
        else:
            check.state[url] = dict(rec, status=WITHDRAWN)
            check.gone.append(_gone(url, rec))
            check.findings.append(info("URL_WITHDRAWN", f"{url}：{rec.get('year')} 年“{rec.get('title')}”已不再发布，"
                                                        "该网址保留为“已撤回”页面", url))
    return check


def _record(e: CatalogExperience) -> dict:
    return {"title": e.title, "team": e.team, "organization": e.organization, "year": e.year, "status": PUBLISHED}


def _gone(url: str, rec: dict, replaced_by: str = "", replaced_title: str = "") -> Gone:
    slug = url.strip("/").rsplit("/", 1)[-1]
    year = rec.get("year") if isinstance(rec.get("year"), int) else 0
    return Gone(url, slug, str(rec.get("title") or ""), year, replaced_by, replaced_title)


def _replacement(rec: dict, fresh: list[CatalogExperience]) -> CatalogExperience | None:
    """A newly published experience of the same year that is the same one: the same title, or the
    same team with a title as similar as pairing asks."""
    title, team = loose_key(str(rec.get("title") or "")), name_key(str(rec.get("team") or ""))
    candidates = [e for e in fresh if e.year == rec.get("year")]
    for e in candidates:
        if title and loose_key(e.title) == title:
            return e
    for e in candidates:
        if team and name_key(e.team) == team and difflib.SequenceMatcher(None, loose_key(e.title), title).ratio() >= SIMILAR:
            return e
    return None
