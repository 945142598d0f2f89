"""The pages of a multi-year archive (converters/editions.py): a page per year (its event, the
programme order, statistics, its experiences), the 历届 index, the 往届经验 links between one
experience submitted in two years, and the pages kept at URLs no experience holds any more.

Written into the staging docs dir after catalog.write_indexes, so years/ is replaced here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..collation import pinyin_key
from ..config import Edition
from ..model import Experience
from .catalog import Catalog, CatalogExperience
from .event import format_date, match_event_order, read_event_order
from .markdown import escape_markdown
from .pages import write_listing


@dataclass(frozen=True, slots=True)
class YearInfo:
    year: int
    event_name: str = ""
    event_date: str = ""
    event_place: str = ""
    order_path: Path | None = None

    @classmethod
    def of(cls, edition: Edition, order_path: Path | None) -> YearInfo:
        ev = edition.event
        return cls(edition.year, ev.name, format_date(ev.date), ev.place, order_path)


def _entry(exp: CatalogExperience, prefix: str = "../experiences/") -> dict:
    return {"label": escape_markdown(exp.title), "href": f"{prefix}{exp.slug}/index.md",
            "note": escape_markdown(f"{exp.organization} · {exp.team}")}


def _group(title: str, entries: list[dict], description: str = "") -> dict:
    return {"title": title, "count": None, "description": description, "entries": entries}


def write_year_pages(content_dir: Path, catalog: Catalog, infos: list[YearInfo], current: int) -> None:
    """years/<year>.md for every edition with experiences, and years/index.md (历届); `current` is
    the site's current year (本届)."""
    by_year: dict[int, list[CatalogExperience]] = {}
    for exp in catalog.experiences:
        by_year.setdefault(exp.year, []).append(exp)
    shown = [i for i in sorted(infos, key=lambda i: -i.year) if by_year.get(i.year)]
    for info in shown:
        _year_page(content_dir, info, by_year[info.year], catalog, current=info.year == current)
    entries = [{"label": f"{i.year} 年" + ("（本届）" if i.year == current else ""), "href": f"{i.year}.md",
                "note": escape_markdown(" · ".join(x for x in (i.event_name, f"{len(by_year[i.year])} 项") if x))}
               for i in shown]
    write_listing(content_dir / "years" / "index.md", "历届典型经验", [_group("", entries)],
             intro="每年的交流会、发表顺序、统计与全部典型经验；最新一届即首页。")


def _year_page(content_dir: Path, info: YearInfo, members: list[CatalogExperience], catalog: Catalog,
               current: bool) -> None:
    groups = []
    slots = _order(info, members)
    if slots:
        groups.append(_group("交流会发表顺序", slots))
    industries = {i.code: i.name for i in catalog.industries}
    methods = {m.id: m.name for m in catalog.methods}
    by_industry = Counter(e.industry_code for e in members)
    by_method = Counter(m for e in members for m in e.method_ids)
    groups.append(_group("按行业统计", [
        {"label": escape_markdown(industries.get(code, code)), "href": f"../industries/{code}.md", "note": f"{n} 项"}
        for code, n in sorted(by_industry.items(), key=lambda kv: (-kv[1], kv[0]))]))
    groups.append(_group("按质量方法统计", [
        {"label": escape_markdown(methods.get(mid, mid)), "href": f"../methods/{mid}.md", "note": f"{n} 项"}
        for mid, n in sorted(by_method.items(), key=lambda kv: (-kv[1], kv[0]))]))
    listed = sorted(members, key=lambda e: (pinyin_key(e.recommender), pinyin_key(e.title)))
    groups.append(_group(f"全部典型经验（{len(members)} 项）", [_entry(e) for e in listed]))
    when = " · ".join(x for x in (info.event_name, info.event_date, info.event_place) if x)
    intro = escape_markdown(when) + ("（本届）" if current else "") if when else ("本届。" if current else "")
    write_listing(content_dir / "years" / f"{info.year}.md", f"{info.year} 年典型经验", groups, intro=intro,
             meta={"facet": "years"})


def _order(info: YearInfo, members: list[CatalogExperience]) -> list[dict]:
    """The programme order of that year's event, linked where a title matches one of its experiences."""
    if info.order_path is None or not info.order_path.is_file():
        return []
    entries, _found = read_event_order(info.order_path)  # the home page's build reports its problems
    slots, _unmatched = match_event_order(entries, members)
    out = []
    for slot in slots:
        label = f"{slot.number}. {escape_markdown(slot.title)}"
        note = escape_markdown(" · ".join(x for x in (slot.time, slot.organization, slot.team) if x))
        if slot.slug:
            out.append({"label": label, "href": f"../experiences/{slot.slug}/index.md", "note": note})
        else:
            out.append({"label": label, "href": "#", "note": note})
    return out


def link_resubmissions(content_dir: Path, links: dict[str, list[Experience]]) -> None:
    """A 往届经验 (and 后续年度) section at the end of each experience submitted in several years."""
    for slug, others in links.items():
        page = content_dir / "experiences" / slug / "index.md"
        if not page.is_file():
            continue
        year = int(slug.split("-", 1)[0]) if slug.split("-", 1)[0].isdigit() else 0
        sections = []
        for title, chosen in (("往届经验", [o for o in others if o.year < year]),
                              ("后续年度再次申报", [o for o in others if o.year > year])):
            if chosen:
                lines = [f"- [{o.year} 年：{escape_markdown(o.title)}](../{o.slug}/index.md) · "
                         f"{escape_markdown(o.organization)} · {escape_markdown(o.team)}" for o in chosen]
                sections.append(f"## {title}\n\n" + "\n".join(lines) + "\n")
        if sections:
            text = page.read_text(encoding="utf-8").rstrip("\n")
            page.write_text(text + "\n\n" + "\n".join(sections), encoding="utf-8")


def write_gone_pages(content_dir: Path, gone) -> None:
    """A page at every URL no experience holds any more (urls.Gone): withdrawn, or moved."""
    for item in gone:
        folder = content_dir / "experiences" / item.slug
        folder.mkdir(parents=True, exist_ok=True)
        title = escape_markdown(item.title)
        if item.replaced_by:
            target = item.replaced_by.strip("/").rsplit("/", 1)[-1]
            body = (f"“{title}”（{item.year} 年）已改为新的页面：\n\n"
                    f"**[{escape_markdown(item.replaced_title)}](../{target}/index.md)**\n")
            heading = "本经验已移至新网址"
        else:
            body = f"“{title}”（{item.year} 年）已撤回，不再展示。"
            if (content_dir / "years" / f"{item.year}.md").is_file():
                body += f"可浏览[{item.year} 年的其他典型经验](../../years/{item.year}.md)。"
            body += "\n"
            heading = "本经验已撤回"
        (folder / "index.md").write_text(
            f"---\ntitle: {heading}\nsearch:\n  exclude: true\nwithdrawn: true\n---\n\n{body}",  # the header shows the title
            encoding="utf-8")
