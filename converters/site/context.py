"""What the templates and scripts get: ``showcase`` (site facts, numbers at a glance, the event
order, the facet lists), the experience header, related experiences, and catalog.js.

Plain dicts and lists with URLs as built (SiteUrls), so theme/ reads them as before; document text
stays text, the templates escape it.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit
from typing import Any

from markupsafe import Markup

from converters.config import Settings, police_record_number
from converters.model import Finding, warning
from converters.outputs.export import placeholder_url
from converters.read.policy import load_fields
from converters.render.catalog import Catalog, CatalogExperience, FrontMatter
from converters.render.event import EventSlot, format_date
from converters.render.stats import count_charts, metric_charts, year_charts

from .urls import INDEXES, PAGES, SiteUrls

RELATED_LIMIT = 6
# Fields of an experience in catalog.js (the filter page's data), in this order.
SCRIPT_FIELDS = (
    "slug", "title", "organization", "team", "recommender", "year", "industry", "industry_code", "methods",
    "method_ids", "metrics", "description", "organization_type", "organization_scale", "central_soe",
)


def _with_urls(items, kind: str, key: str, urls: SiteUrls) -> list[dict[str, Any]]:
    return [dict(asdict(i), url=urls.get(kind, str(getattr(i, key)))) for i in items]


def numbers_at_a_glance(catalog: Catalog) -> dict[str, int]:
    """Counts for the home page: experiences, resolved industries, method families, recommenders."""
    return {
        "experiences": len(catalog.experiences),
        "industries": sum(1 for i in catalog.industries if i.code and i.count > 0),
        "methods": sum(1 for m in catalog.methods if m.id and m.count > 0),
        "recommenders": sum(1 for r in catalog.recommenders if r.name and r.count > 0),
    }


def stats_figures(catalog: Catalog) -> dict[str, Any]:
    """SVG charts for the statistics page; our own SVG writer escapes every label."""
    specs, _ = load_fields()
    percent_labels = {k: spec.label for k, spec in specs.items() if spec.type == "percent"}
    data = catalog.as_dict()

    def marked(figure: dict) -> dict:
        return dict(figure, svg=Markup(figure["svg"]), table=Markup(figure["table"]))

    return {
        "counts": {facet: marked(f) for facet, f in count_charts(data).items()},
        "metrics": [marked(f) for f in metric_charts(data, percent_labels)],
        "years": [marked(f) for f in year_charts(data)],  # editions: across years, empty for one year
    }


def site_context(settings: Settings, catalog: Catalog, order: list[EventSlot], urls: SiteUrls) -> dict[str, Any]:
    """``showcase`` in every template."""
    event = settings.event
    return {
        "association": settings.association,
        "year": str(settings.year),
        "site_title": settings.site_title,
        "icp": settings.icp.strip(),
        "event": {
            "name": event.name,
            "date": format_date(event.date),
            "place": event.place,
            "order": [dict(asdict(slot), url=urls.get("experience", slot.slug) if slot.slug else "") for slot in order],
        },
        "footer": footer_context(settings),
        "downloads": download_links,  # a function of the docs dir: templates call showcase.downloads(config.docs_dir)
        "numbers": numbers_at_a_glance(catalog),
        "stats": stats_figures(catalog),
        "industries": _with_urls(catalog.industries, "industry", "code", urls),
        "methods": _with_urls(catalog.methods, "method", "id", urls),
        "recommenders": _with_urls(catalog.recommenders, "recommender", "name", urls),
        "years": _with_urls(catalog.years, "year", "year", urls),
        "urls": {name: urls.get("index", name) for name in INDEXES} | {name: urls.get("page", name) for name in PAGES},
        "reading": reading_context(settings, catalog, order, urls),
    }


@dataclass(frozen=True, slots=True)
class Related:
    experience: CatalogExperience
    reasons: tuple[str, ...]  # the shared method families, then the shared industry


def related_experiences(slug: str, experiences, limit: int = RELATED_LIMIT) -> list[Related]:
    """Experiences sharing a method family (weighs most) or the industry, best first, at most `limit`."""
    me = next((e for e in experiences if e.slug == slug), None)
    if me is None:
        return []
    my_methods = set(me.method_ids)
    scored = []
    for other in experiences:
        if other.slug == slug:
            continue
        shared = my_methods.intersection(other.method_ids)
        same_industry = bool(me.industry_code) and other.industry_code == me.industry_code
        score = 2 * len(shared) + (1 if same_industry else 0)
        if score:
            reasons = [m for m, i in zip(other.methods, other.method_ids) if i in shared]
            if same_industry:
                reasons.append(other.industry)
            scored.append((-score, other.slug, Related(other, tuple(r for r in reasons if r))))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [related for _score, _slug, related in scored[:limit]]


def related_context(slug: str, catalog: Catalog, urls: SiteUrls) -> list[dict[str, Any]]:
    """``showcase_page.related``: the related experiences that have a page."""
    found = []
    for related in related_experiences(slug, catalog.experiences):
        exp = related.experience
        url = urls.get("experience", exp.slug)
        if url:
            found.append({"slug": exp.slug, "title": exp.title, "organization": exp.organization, "team": exp.team,
                          "url": url, "reasons": list(related.reasons)})
    return found


def experience_head(page, urls: SiteUrls) -> dict[str, Any]:
    """What partials/experience-head.html shows, from the page's front matter, URLs page-relative."""
    meta = FrontMatter.from_meta(page.meta)
    page_title = page.title if isinstance(page.title, Markup) else str(page.title or "")
    return {
        "title": meta.title or page_title,  # Markup when on_page_markdown escaped it
        "subtitle": meta.subtitle,
        "organization": meta.organization,
        "team": meta.team,
        "recommender": meta.recommender,
        "recommender_url": urls.relative("recommender", meta.recommender, page.url),
        "year": meta.year,
        "year_url": urls.relative("year", meta.year, page.url),
        "industry": meta.industry,
        "industry_url": urls.relative("industry", meta.industry_code, page.url) if meta.industry_code else "",
        "methods": [
            {"name": name, "url": urls.relative("method", meta.method_ids[i], page.url) if i < len(meta.method_ids) else ""}
            for i, name in enumerate(meta.methods)
        ],
        "method_details": list(meta.method_details),
        "metrics": list(meta.metrics),
        "facts": list(meta.facts),
    } | reading_head(page)


def catalog_script(catalog: Catalog, urls: SiteUrls) -> str:
    """``window.SHOWCASE_CATALOG = …;`` with URLs relative to the site root, as built (a script,
    not fetch, so the filter page works from file://)."""
    experiences = [
        {k: getattr(exp, k) for k in SCRIPT_FIELDS} | {"url": urls.get("experience", exp.slug) or exp.url}
        for exp in catalog.experiences
    ]
    data = {
        "association": catalog.association,
        "year": catalog.year,
        "experiences": experiences,
        "industries": _with_urls(catalog.industries, "industry", "code", urls),
        "methods": _with_urls(catalog.methods, "method", "id", urls),
        "recommenders": _with_urls(catalog.recommenders, "recommender", "name", urls),
        "years": _with_urls(catalog.years, "year", "year", urls),
        # Filter options only; there are no pages to link to.
        "organization_types": [asdict(t) for t in catalog.organization_types],
        "organization_scales": [asdict(t) for t in catalog.organization_scales],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Keep the JSON inert inside any script context.
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return "window.SHOWCASE_CATALOG = " + text + ";\n"


# ---------------------------------------------------------------- reading: first screen, contents, sequence

TOC_DEPTH = 2  # the four parts and their sub-headings


def reading_head(page) -> dict[str, Any]:
    """The experience header's before→after results (front matter ``results``), the 申报表 figures
    split into telling ones and the all-100% ones, and the page's contents for the phone."""
    meta = FrontMatter.from_meta(page.meta)
    telling = [m for m in meta.metrics if not _is_full_mark(m)]
    full = [m for m in meta.metrics if _is_full_mark(m)]
    return {
        "results": _results(page.meta.get("results")),
        "telling_metrics": telling,
        "full_marks": [m.label for m in full],
        "toc": _toc(getattr(page, "toc", None) or [], TOC_DEPTH),
    }


def _is_full_mark(figure) -> bool:
    try:
        return float(str(figure.value).rstrip("%％")) == 100 and figure.unit in ("%", "％")
    except ValueError:
        return False


def _results(value) -> list[dict[str, str]]:
    """Front matter may have been edited by hand: keep well-formed rows only, as text."""
    rows = []
    for row in value if isinstance(value, list) else []:
        if isinstance(row, dict) and all(isinstance(row.get(k), (str, int, float)) for k in ("label", "before", "after")):
            rows.append({k: str(row[k]) for k in ("label", "before", "after")}
                        | {"change": "down" if row.get("change") == "down" else "up"})
    return rows


def _toc(items, depth: int) -> list[dict[str, Any]]:
    """Python-Markdown's toc titles are escaped HTML text already (Material prints them as is)."""
    if depth <= 0:
        return []
    return [{"title": Markup(item.title), "url": item.url, "children": _toc(item.children, depth - 1)}
            for item in items]


def reading_context(settings: Settings, catalog: Catalog, order: list[EventSlot], urls: SiteUrls) -> dict[str, Any]:
    """``showcase.reading``: per experience slug its previous and next experience (presentation order
    first, then the catalog's order) and its slot in the event programme."""
    date = format_date(settings.event.date)
    slots = {slot.slug: slot for slot in order if slot.slug}
    known = {e.slug: e for e in catalog.experiences}
    sequence = [s for s in slots if s in known] + [e.slug for e in catalog.experiences if e.slug not in slots]
    sequence = [slug for slug in sequence if urls.get("experience", slug)]

    def link(slug: str) -> dict[str, str]:
        return {"title": known[slug].title, "url": urls.get("experience", slug)}

    pages: dict[str, dict[str, Any]] = {}
    for i, slug in enumerate(sequence):
        slot = slots.get(slug)
        pages[slug] = {
            "previous": link(sequence[i - 1]) if i > 0 else None,
            "next": link(sequence[i + 1]) if i + 1 < len(sequence) else None,
            "slot": {"number": slot.number, "time": slot.time, "date": date, "event": settings.event.name}
            if slot else None,
        }
    return {"pages": pages, "in_order": bool(slots)}
# ---------------------------------------------------------------- footer, downloads, 备案

POLICE_SEARCH = "https://beian.mps.gov.cn/#/query/webSearch?code="  # the 公安机关 registry's public lookup
ICP_SEARCH = "https://beian.miit.gov.cn/"
DOWNLOADS = "downloads"  # <docs dir>/downloads/: the 汇编 PDF and the offline ZIP, copied from dist/
DOWNLOAD_KINDS = {".pdf": "汇编（可打印 PDF）", ".zip": "离线版（ZIP，解压后双击 index.html）"}
_WEB_ADDRESS = re.compile(r"^https?://", re.I)


def footer_context(settings: Settings) -> dict[str, Any]:
    """``showcase.footer``: 主办单位, the contact page (docs-dir path or web address), ICP and 公安 备案."""
    police = settings.police_beian.strip()
    number = police_record_number(police)
    contact = settings.contact_page.strip()
    return {
        "organizer": settings.organizer.strip() or settings.association.strip(),
        "association": settings.association.strip(),
        "contact_page": "" if _WEB_ADDRESS.match(contact) else contact,
        "contact_url": contact if _WEB_ADDRESS.match(contact) else "",
        "icp": settings.icp.strip(),
        "icp_url": ICP_SEARCH,
        "police_beian": police,
        "police_url": POLICE_SEARCH + number if number else "",
    }


def download_links(docs_dir: str | Path) -> list[dict[str, str]]:
    """The PDF and ZIP files in <docs dir>/downloads/ (MkDocs copies them into the site), by name:
    a link is shown only for a file that is really there."""
    folder = Path(docs_dir) / DOWNLOADS
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        label = DOWNLOAD_KINDS.get(path.suffix.lower())
        if label and path.is_file():
            size = path.stat().st_size
            found.append({"url": f"{DOWNLOADS}/{quote(path.name)}", "label": label, "name": path.name,
                          "size": f"{size / 1_048_576:.1f} MB" if size >= 104_858 else f"{max(1, size // 1024)} KB"})
    return found


def _local(url: str) -> bool:
    """A preview on this machine or the office network (127.0.0.1, 192.168.x.x), not a publication."""
    host = urlsplit(url).hostname or ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or host.endswith(".local")
    return address.is_loopback or address.is_private


def beian_findings(settings: Settings, site_url: str) -> list[Finding]:
    """SITE_BEIAN_MISSING when the site has a real address but its footer carries neither the ICP
    nor the 公安机关 备案号 (a site hosted in mainland China must show them); not for example.org."""
    url = site_url.strip()
    if not url or placeholder_url(url) or _local(url) or settings.icp.strip() or settings.police_beian.strip():
        return []
    return [warning("SITE_BEIAN_MISSING",
                    f"网站地址为 {url}，但 showcase.yml 中没有填写 ICP 备案号（icp）或公安机关备案号（police_beian）："
                    "在中国大陆发布的网站须在页脚显示备案号，请在正式发布前填写", str(settings.file or "showcase.yml"))]
