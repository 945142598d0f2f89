"""The browse pages: industries/, methods/, recommenders/, years/ — an index of cards (name, count,
most used methods, latest experiences) and one page of experience cards per value, each with a
breadcrumb trail back to the home page.

Markdown with HTML blocks (md_in_html): every link is a Markdown link to the .md source, so MkDocs
resolves it for the hosted site, a sub-path and the offline copy alike; every text is escaped for
Markdown by escape_markdown before it gets here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..collation import pinyin_key
from ..model import Experience
from .markdown import escape_markdown
from .pages import Facet, TEMPLATES, yaml_text

TOP_METHODS = 3  # method families named on a card
LATEST = 3  # experiences named on a card
HOME = "../index.md"  # from <folder>/…md
SEP = " · "


def newest_first(items: list[Experience]) -> list[Experience]:
    """Newest 申报年度 first, then titles in pinyin order."""
    return sorted(items, key=lambda e: (-e.year, pinyin_key(e.title)))


def _top(names: list[str], limit: int) -> list[str]:
    counts = Counter(n for n in names if n)
    return [name for name, _n in sorted(counts.items(), key=lambda kv: (-kv[1], pinyin_key(kv[0])))[:limit]]


def _card(folder: str, facet: Facet, members: list[Experience]) -> dict:
    """One value of the index: count, what is used most (methods; industries on the methods index), latest."""
    if folder == "methods":
        label, names = "多见于", _top([e.industry_name for e in members], TOP_METHODS)
    else:
        label, names = "常用方法", _top([m for e in members for m in e.methods], TOP_METHODS)
    return {
        "name": escape_markdown(facet.name),
        "href": f"{facet.key}.md",
        "count": len(members),
        "top_label": label,
        "top": escape_markdown(SEP.join(names)),
        "latest": [_entry(e) for e in newest_first(members)[:LATEST]],
    }


def _entry(exp: Experience) -> dict:
    """An experience as a card line or card: escaped texts, the link to its source page."""
    return {
        "title": escape_markdown(exp.title),
        "href": f"../experiences/{exp.slug}/index.md",
        "byline": escape_markdown(SEP.join(t for t in (exp.organization, exp.team) if t)),
        "sub": escape_markdown(SEP.join(t for t in (exp.recommender, f"{exp.year}年" if exp.year else "") if t)),
        "chips": [escape_markdown(t) for t in (exp.industry_name, *exp.methods) if t],
    }


def _write(path: Path, title: str, crumbs: list[dict], body: dict, meta: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATES.get_template("listing.md.j2").render(
        front_matter=yaml_text({"title": title, **(meta or {})}), heading=escape_markdown(title),
        groups=[], crumbs=crumbs, **body,
    )
    path.write_text(text, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Section:
    """One browse dimension: its folder under the docs dir, index heading, values and intro."""

    folder: str
    heading: str
    facets: list[Facet]
    intro: str


def write_browse_pages(content_dir: Path, section: Section, members: dict[str, list[Experience]]) -> list[dict]:
    """<folder>/index.md (cards of the values that have experiences) and <folder>/<key>.md for each;
    returns [{key, name, count}] of those values, in `facets` order."""
    folder, heading, facets, intro = section.folder, section.heading, section.facets, section.intro
    counted = [f for f in facets if members.get(f.key)]
    home = {"label": "首页", "href": HOME}
    _write(content_dir / folder / "index.md", heading, [home, {"label": escape_markdown(heading), "href": ""}],
           {"intro": intro, "cards": [_card(folder, f, members[f.key]) for f in counted], "experiences": []})
    for facet in counted:
        items = newest_first(members[facet.key])
        crumbs = [home, {"label": escape_markdown(heading), "href": "index.md"}, {"label": escape_markdown(facet.name), "href": ""}]
        methods = _top([m for e in items for m in e.methods], TOP_METHODS) if folder != "methods" else []
        summary = f"共 {len(items)} 项典型经验" + (f"，常用方法：{SEP.join(methods)}" if methods else "") + "。"
        _write(content_dir / folder / f"{facet.key}.md", facet.name, crumbs,
               {"intro": escape_markdown(summary), "description": escape_markdown(facet.description),
                "cards": [], "experiences": [_entry(e) for e in items]},
               meta={"facet": folder})
    return [{"key": f.key, "name": f.name, "count": len(members[f.key])} for f in counted]
