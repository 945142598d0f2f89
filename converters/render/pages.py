"""Write the generated part of the docs dir: experience pages, their pictures, index pages (the
catalog beside them is render/catalog.py).

Only folders this module owns are replaced (GENERATED_DIRS); hand-written pages beside them stay.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..collation import pinyin_key
from ..model import Experience
from ..notice import PARTS
from ..text import description, referenced_assets
from . import media
from .markdown import PageAssets, escape_markdown, render_blocks, render_notes
from .pictures import SHARE_NAME, SHARE_SIZE, phone_copies
from .results import before_after, share_description

GENERATED_DIRS = ("experiences", "industries", "methods", "recommenders", "years", "campaign", "_generated")

TEMPLATES = Environment(
    loader=PackageLoader("converters.render", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # Markdown output: every value is escaped by the writer before it gets here
)


@dataclass(frozen=True, slots=True)
class Facet:
    """One browse dimension value: an industry, a method family, a recommender, a year."""

    key: str  # file stem under its folder
    name: str
    description: str = ""


# libyaml's emitter when PyYAML was built with it (the wheels are): same YAML, far faster.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def yaml_text(data: dict) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)


def _first_image(exp: Experience) -> str:
    for key, _title, _limit in PARTS[1:]:
        for name in referenced_assets(exp.parts.get(key, ())):
            if name in exp.assets:
                return exp.assets[name].name
    return ""


def front_matter(exp: Experience) -> dict:
    data = {
        "title": exp.title,
        "organization": exp.organization,
        "team": exp.team,
        "recommender": exp.recommender,
        "year": exp.year,
        "industry": exp.industry_name,
        "industry_code": exp.industry_code,
        "industry_raw": exp.industry_raw,
        "methods": list(exp.methods),
        "method_ids": list(exp.method_ids),
        "method_details": list(exp.method_details),
        "metrics": [dict(row) for row in exp.metrics],
        "facts": [dict(row) for row in exp.facts],
        "description": share_description(exp.description or description(exp.parts)),
    }
    results = before_after(exp.parts.get("results", ()))
    if results:
        data["results"] = results  # the first screen's before→after figures
    data.update({k: v for k, v in (("subtitle", exp.subtitle), ("written", exp.written)) if v})
    if SHARE_NAME in exp.assets:  # the square link-card picture (pictures.py)
        data.update(image=SHARE_NAME, image_size=SHARE_SIZE)
    elif _first_image(exp):
        data["image"] = _first_image(exp)
    data["source"] = exp.source
    if exp.source_date:  # the document's own date: sitemap lastmod and JSON-LD (converters/site/)
        data["updated"] = exp.source_date
    data["template"] = "experience.html"
    return data


def write_experience(exp: Experience, content_dir: Path) -> Path:
    """The page and its pictures under experiences/<slug>/."""
    folder = content_dir / "experiences" / exp.slug
    folder.mkdir(parents=True, exist_ok=True)
    for asset in exp.assets.values():
        (folder / asset.name).write_bytes(asset.data)
    path = folder / "index.md"
    path.write_text(render_experience(exp), encoding="utf-8")
    return path


def page_assets(exp: Experience) -> PageAssets:
    return PageAssets({key: asset.name for key, asset in exp.assets.items()}, phone_copies(exp.assets))


def render_experience(exp: Experience) -> str:
    """The page's Markdown: depends on this experience only, so the conversion cache keeps it."""

    resolve = page_assets(exp)
    parts = [
        {"title": title, "body": render_blocks(exp.parts.get(key, ()), resolve)}
        for key, title, _limit in PARTS[1:]
    ] + media.sections(exp)  # 发表材料 after 实施效果
    return TEMPLATES.get_template("experience.md.j2").render(
        front_matter=yaml_text(front_matter(exp)),
        preamble=render_blocks(exp.parts.get("preamble", ()), resolve),
        parts=parts,
        notes=render_notes(exp.notes, resolve),
    )


def _item(exp: Experience, prefix: str = "../experiences/") -> dict:
    return {
        "label": escape_markdown(exp.title),
        "href": f"{prefix}{exp.slug}/index.md",
        "note": escape_markdown(f"{exp.organization} · {exp.team}"),
    }


def write_listing(path: Path, heading: str, groups: list[dict], intro: str = "", meta: dict | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fm = {"title": heading, **(meta or {})}
    path.write_text(
        TEMPLATES.get_template("listing.md.j2").render(
            front_matter=yaml_text(fm), heading=escape_markdown(heading), groups=groups, intro=intro
        ),
        encoding="utf-8",
    )


def write_facet_pages(
    content_dir: Path,
    folder: str,
    heading: str,
    facets: list[Facet],
    members: dict[str, list[Experience]],
    intro: str,
) -> list[dict]:
    """An index page listing every facet value with its count, and one page per value."""
    counted = [f for f in facets if members.get(f.key)]
    overview = [
        {
            "title": "",
            "count": None,
            "description": "",
            "entries": [
                {"label": escape_markdown(f.name), "href": f"{f.key}.md", "note": f"{len(members[f.key])} 项"}
                for f in counted
            ],
        }
    ]
    write_listing(content_dir / folder / "index.md", heading, overview, intro=intro)
    for facet in counted:
        items = sorted(members[facet.key], key=lambda e: (-e.year, pinyin_key(e.title)))  # newest year first
        write_listing(
            content_dir / folder / f"{facet.key}.md",
            facet.name,
            [{"title": "", "count": None, "description": escape_markdown(facet.description), "entries": [_item(e) for e in items]}],
            intro=f"共 {len(items)} 项典型经验。",
            meta={"facet": folder},
        )
    return [{"key": f.key, "name": f.name, "count": len(members[f.key])} for f in counted]


def count_by(items, key) -> Counter:
    return Counter(key(i) for i in items)


def group_by(items, keys_of) -> dict[str, list]:
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            groups[key].append(item)
    return groups
