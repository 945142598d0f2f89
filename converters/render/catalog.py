"""The catalog: what the converter publishes about every experience and browse facet, typed.

One writer, one reader. ``write_indexes`` (called by the pipeline) writes the index pages and
``<docs dir>/_generated/catalog.json``; the site plugin reads it back with ``read_catalog``, which
validates as it goes: an entry of the wrong shape is dropped with a finding naming list, number and
field, so one bad line never ends a build. ``FrontMatter`` is the same for an experience page's
front matter (written by pages.front_matter), as the site and the printed book read it back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, get_type_hints

from ..collation import pinyin_key, unique_slugs
from ..model import Experience, Finding, error, warning
from .browse import Section, write_browse_pages
from .pages import Facet, group_by

CATALOG_FILE = "_generated/catalog.json"  # under the docs dir
UNKNOWN_INDUSTRY = Facet("unknown", "待定")


# ---------------------------------------------------------------- the catalog


@dataclass(frozen=True, slots=True)
class CatalogExperience:
    slug: str = ""
    url: str = ""  # experiences/<slug>/ as written; the site links to the built URL instead
    title: str = ""
    organization: str = ""
    team: str = ""
    recommender: str = ""
    recommender_page: str = ""
    year: int = 0
    industry: str = ""
    industry_code: str = ""  # "unknown" when 待定
    methods: tuple[str, ...] = ()
    method_ids: tuple[str, ...] = ()  # same order as methods
    metrics: dict[str, str] = field(default_factory=dict)  # every published figure by field id
    description: str = ""
    organization_type: str = ""  # normalised for the filter; the page keeps the raw text
    organization_scale: str = ""
    central_soe: bool | None = None


@dataclass(frozen=True, slots=True)
class Industry:
    """A GB/T 4754 门类 (code "unknown": 待定) with its page industries/<code>/."""

    code: str = ""
    name: str = ""
    count: int = 0  # experiences


@dataclass(frozen=True, slots=True)
class Method:
    """A method family with its page methods/<id>/; one experience may count in several."""

    id: str = ""
    name: str = ""
    description: str = ""
    count: int = 0


@dataclass(frozen=True, slots=True)
class Recommender:
    name: str = ""
    count: int = 0
    page: str = ""  # recommenders/<pinyin>/, stable whatever the other recommenders are


@dataclass(frozen=True, slots=True)
class Year:
    year: int = 0  # 申报年度, page years/<year>/
    count: int = 0


@dataclass(frozen=True, slots=True)
class Tally:
    """An organisation type or scale with the number of experiences: filter options, no pages."""

    name: str = ""
    count: int = 0


@dataclass(frozen=True, slots=True)
class Catalog:
    year: int | None = None
    experiences: tuple[CatalogExperience, ...] = ()
    industries: tuple[Industry, ...] = ()
    methods: tuple[Method, ...] = ()
    recommenders: tuple[Recommender, ...] = ()
    years: tuple[Year, ...] = ()
    organization_types: tuple[Tally, ...] = ()
    organization_scales: tuple[Tally, ...] = ()
    association: str = ""  # passed on to catalog.js when a catalog names it; the converter does not

    def as_dict(self) -> dict[str, Any]:
        """The JSON form, keys in the order catalog.json has them."""
        data: dict[str, Any] = {"association": self.association} if self.association else {}
        data["year"] = self.year
        for name in LISTS:
            data[name] = [asdict(item) for item in getattr(self, name)]
        return data


LISTS: dict[str, type] = {
    "experiences": CatalogExperience,
    "industries": Industry,
    "methods": Method,
    "recommenders": Recommender,
    "years": Year,
    "organization_types": Tally,
    "organization_scales": Tally,
}


def write_catalog(content_dir: Path, catalog: Catalog) -> None:
    path = content_dir / CATALOG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(catalog.as_dict(), ensure_ascii=False, indent=1, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------- reading back

_KINDS: dict[Any, tuple[str, Callable[[Any], bool], Callable[[Any], Any]]] = {
    str: ("文本", lambda v: isinstance(v, str), str),
    int: ("整数", lambda v: isinstance(v, int) and not isinstance(v, bool), int),
    tuple[str, ...]: ("文本列表", lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v), tuple),
    dict[str, str]: ("文本映射", lambda v: isinstance(v, dict) and all(isinstance(i, str) for i in v.values()), dict),
    bool | None: ("是/否值", lambda v: isinstance(v, bool), bool),
}


@cache
def _field_kinds(cls: type) -> tuple[tuple[str, tuple], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, _KINDS[hints[f.name]]) for f in fields(cls))


def _entry(cls: type, item: Any) -> tuple[Any, str]:
    """(instance, "") or (None, what is wrong). A missing or null field keeps its default."""
    if not isinstance(item, dict):
        return None, "不是对象"
    values = {}
    for name, (kind, fits, convert) in _field_kinds(cls):
        value = item.get(name)
        if value is None:
            continue
        if not fits(value):
            return None, f"的 {name} 应为{kind}"
        values[name] = convert(value)
    return cls(**values), ""


def read_catalog(path: Path) -> tuple[Catalog, list[Finding]]:
    """The converter's catalog.json; lists default to empty, bad entries are dropped with a finding."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Catalog(), [warning("SITE_CATALOG_MISSING", f"未找到经验目录 {path}：请先运行 showcase convert", str(path))]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Catalog(), [error("SITE_CATALOG_INVALID", f"经验目录 {path} 无法读取：{exc}", str(path))]
    if not isinstance(data, dict):
        return Catalog(), [error("SITE_CATALOG_INVALID", f"经验目录 {path} 应为 JSON 对象", str(path))]
    found: list[Finding] = []
    lists: dict[str, tuple] = {}
    for name, cls in LISTS.items():
        items = data.get(name, [])
        if not isinstance(items, list):
            found.append(error("SITE_CATALOG_INVALID", f"经验目录 {path} 的 {name} 应为列表", str(path)))
            continue
        good = []
        for number, item in enumerate(items, start=1):
            entry, problem = _entry(cls, item)
            if entry is None:
                found.append(warning("SITE_CATALOG_ENTRY", f"经验目录 {path} 的 {name} 第 {number} 项{problem}，已忽略", str(path)))
            else:
                good.append(entry)
        lists[name] = tuple(good)
    year, association = data.get("year"), data.get("association")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        found.append(error("SITE_CATALOG_INVALID", f"经验目录 {path} 的 year 应为整数", str(path)))
        year = None
    if association is not None and not isinstance(association, str):
        found.append(error("SITE_CATALOG_INVALID", f"经验目录 {path} 的 association 应为文本", str(path)))
        association = None
    return Catalog(year=year, association=association or "", **lists), found


# ---------------------------------------------------------------- experience front matter


@dataclass(frozen=True, slots=True)
class Figure:
    """A published metric (满意度 98.5 %) or fact (班组人数 12 人) of an experience."""

    id: str
    label: str
    value: str
    unit: str = ""


def _text(value: Any) -> str:
    """Text as it is (Markup stays Markup); anything else as text, nothing as ""."""
    return value if isinstance(value, str) else str(value or "")


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if v not in (None, ""))
    return (str(value),) if value not in (None, "") else ()


def _figures(value: Any) -> tuple[Figure, ...]:
    """[{id, label, value, unit}]; an entry without a label or a value is skipped."""
    if not isinstance(value, list):
        return ()
    return tuple(
        Figure(_text(item.get("id")), _text(item.get("label")), str(item.get("value")), _text(item.get("unit")))
        for item in value
        if isinstance(item, dict) and item.get("label") and item.get("value") not in (None, "")
    )


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """An experience page's front matter, read back leniently: the page may have been edited by hand."""

    title: str = ""
    organization: str = ""
    team: str = ""
    recommender: str = ""
    year: str = ""
    industry: str = ""
    industry_code: str = ""
    methods: tuple[str, ...] = ()
    method_ids: tuple[str, ...] = ()
    method_details: tuple[str, ...] = ()
    metrics: tuple[Figure, ...] = ()
    facts: tuple[Figure, ...] = ()
    subtitle: str = ""

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> FrontMatter:
        return cls(**{name: read(meta.get(name)) for name, read in _front_matter_readers()})


@cache
def _front_matter_readers() -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    readers = {str: _text, tuple[str, ...]: _texts, tuple[Figure, ...]: _figures}
    hints = get_type_hints(FrontMatter)
    return tuple((f.name, readers[hints[f.name]]) for f in fields(FrontMatter))


# ---------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """What classification knows that the indexes list, handed over by the pipeline: this module
    never reads classify's data files."""

    industries: tuple[Facet, ...]  # GB/T 4754 门类, code order (待定 is added here)
    methods: tuple[Facet, ...]  # method families, file order, the fallback last
    organization_types: tuple[str, ...]  # names in the data file's order
    organization_scales: tuple[str, ...]
    organization_type: Callable[[str], str]  # raw 组织类型 -> normalised name or ""
    organization_scale: Callable[[str], str]
    central_soe: Callable[[str, str], bool | None]  # (是否央企, 央企集团) -> yes/no/unknown


def write_indexes(published: list[Experience], content_dir: Path, year: int, taxonomy: Taxonomy) -> Catalog:
    """The index pages (industries/, methods/, recommenders/, years/) and catalog.json."""
    by_industry = group_by(published, lambda e: [e.industry_code or "unknown"])
    by_method = group_by(published, lambda e: e.method_ids)
    recommenders = sorted({e.recommender for e in published}, key=pinyin_key)
    rec_keys = unique_slugs(recommenders)  # stable page addresses: recommenders/nanjingshizhiliangxiehui/
    by_rec = group_by(published, lambda e: [rec_keys[e.recommender]])
    years = sorted({e.year for e in published}, reverse=True)
    by_year = group_by(published, lambda e: [str(e.year)])
    ind = write_browse_pages(content_dir, Section("industries", "按行业浏览", [*taxonomy.industries, UNKNOWN_INDUSTRY],
                             "按国民经济行业分类（GB/T 4754-2017）门类浏览典型经验。"), by_industry)
    met = write_browse_pages(content_dir, Section("methods", "按方法浏览", list(taxonomy.methods),
                             "按质量管理方法族浏览典型经验；一项经验可运用多种方法。"), by_method)
    rec = write_browse_pages(content_dir, Section("recommenders", "按推荐单位浏览", [Facet(rec_keys[n], n) for n in recommenders],
                             "按推荐地市、行业质协浏览。"), by_rec)
    yrs = write_browse_pages(content_dir, Section("years", "按年度浏览", [Facet(str(y), f"{y} 年") for y in years],
                             "按申报年度浏览。"), by_year)
    family_desc = {f.key: f.description for f in taxonomy.methods}
    org = {e.slug: _organization_facets(e, taxonomy) for e in published}
    catalog = Catalog(
        year=year,
        experiences=tuple(
            CatalogExperience(
                slug=e.slug,
                url=f"experiences/{e.slug}/",
                title=e.title,
                organization=e.organization,
                team=e.team,
                recommender=e.recommender,
                recommender_page=f"recommenders/{rec_keys[e.recommender]}/",
                year=e.year,
                industry=e.industry_name,
                industry_code=e.industry_code or "unknown",
                methods=tuple(e.methods),
                method_ids=tuple(e.method_ids),
                metrics=e.figures(),
                description=e.description,
                **org[e.slug],
            )
            for e in sorted(published, key=lambda e: (pinyin_key(e.recommender), pinyin_key(e.title)))
        ),
        industries=tuple(Industry(r["key"], r["name"], r["count"]) for r in ind),
        methods=tuple(Method(r["key"], r["name"], family_desc.get(r["key"], ""), r["count"]) for r in met),
        recommenders=tuple(Recommender(r["name"], r["count"], f"recommenders/{r['key']}/") for r in rec),
        years=tuple(Year(int(r["key"]), r["count"]) for r in yrs),
        organization_types=_counts(org.values(), "organization_type", taxonomy.organization_types),
        organization_scales=_counts(org.values(), "organization_scale", taxonomy.organization_scales),
    )
    write_catalog(content_dir, catalog)
    return catalog


def _organization_facets(e: Experience, taxonomy: Taxonomy) -> dict:
    """组织类型/规模/央企 for the filter, normalised from the published raw fields (the page keeps those)."""
    raw = e.figures()
    return {
        "organization_type": taxonomy.organization_type(raw.get("organization_type", "")),
        "organization_scale": taxonomy.organization_scale(raw.get("organization_scale", "")),
        "central_soe": taxonomy.central_soe(raw.get("central_soe", ""), raw.get("soe_group", "")),
    }


def _counts(facets, key: str, names: tuple[str, ...]) -> tuple[Tally, ...]:
    """The values that occur, with their counts, in the data file's order."""
    facets = list(facets)
    counts = {n: sum(1 for f in facets if f[key] == n) for n in names}
    return tuple(Tally(n, c) for n, c in counts.items() if c)
