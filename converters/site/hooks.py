"""MkDocs hooks: glue between showcase.yml, the converter's catalog and the Material theme.

Listed under ``hooks:`` in mkdocs.yml. What it does, by build event:

- on_config: reads showcase.yml (the single configuration place; ``SHOWCASE_CONFIG`` overrides its
  path) into site_name, site_description, copyright, palette and logo; loads
  ``<docs_dir>/_generated/catalog.json`` and the event order file.
- on_files: maps experiences, industries, methods, recommenders and years to their built URLs, so
  links follow ``use_directory_urls`` (hosted and file:// builds alike).
- on_env: gives every template ``showcase`` (site facts, numbers at a glance, event order, lists).
- on_page_markdown: escapes front-matter text that Material prints raw (title, description); keeps
  every page out of Material's search index (the plugin stays only for the header's search box,
  which theme/partials/search.html turns into ours).
- on_page_content: puts the experience header (title, byline, chips, metrics) at the top of the
  page HTML; adds the page to our search index (converters/render/search_index.py) unless its front
  matter says ``search: {exclude: true}``.
- on_page_context: gives experience pages ``showcase_page`` (related experiences).
- on_post_build: writes ``assets/javascripts/catalog.js`` (``window.SHOWCASE_CATALOG``; a script,
  not fetch, so the filter page works from file://) and ``search/index.js`` (the search index,
  also a script), and deletes Material's empty search index.

Problems become ``Finding`` values (``build_findings(config)`` after a build). A broken configuration or catalog is also
logged as a MkDocs warning (``--strict`` stops); an event title that matches no experience is only
logged on the ``showcase.site`` logger, outside MkDocs' strict counting, as the order file is
editorial and must not block a build.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any, Callable

import yaml
from markupsafe import Markup, escape
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from converters.render import search_index
from converters.names import title_key
from converters.model import Finding, Severity, error, warning
from converters.read.policy import load_fields
from converters.outputs.qr import qr_svg
from converters.render.stats import count_charts, metric_charts

SHOWCASE_CONFIG_ENV = "SHOWCASE_CONFIG"
CATALOG_PATH = "_generated/catalog.json"
CATALOG_SCRIPT = "assets/javascripts/catalog.js"
RELATED_LIMIT = 6
# True only for bench/search_recall.py's baseline build (set on the hook module MkDocs loaded): lets
# Material's search plugin index the pages as it did before our search replaced it.
KEEP_MATERIAL_SEARCH_INDEX = False
HEAD_TEMPLATE = "partials/experience-head.html"

_mkdocs_log = logging.getLogger("mkdocs.hooks.showcase")  # counted by --strict
_editorial_log = logging.getLogger("showcase.site")  # not counted by --strict

_EXPERIENCE_SRC = re.compile(r"^experiences/([^/]+)/index\.md$")


def _empty_catalog() -> dict[str, Any]:
    return {"experiences": [], "industries": [], "methods": [], "recommenders": [], "years": []}


class _State:
    """What one build learned; module-level because MkDocs hooks are plain functions."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.settings: dict[str, Any] = {}
        self.catalog: dict[str, Any] = _empty_catalog()
        self.event_entries: list[dict[str, str]] = []
        self.urls: dict[str, str] = {}  # "experience:2025-001" / "industry:D" / ... -> site URL
        self.env = None
        self.findings: list[Finding] = []
        self.search_entries: list[search_index.Entry] = []
        self.search_excluded: set[str] = set()  # src_uri of pages whose front matter excludes them


_state = _State()


def findings() -> tuple[Finding, ...]:
    """Findings of the last build that ran through this module object."""
    return tuple(_state.findings)


def build_findings(config) -> tuple[Finding, ...]:
    """Findings of the last build of `config` (a loaded MkDocsConfig), for the CLI's report.

    MkDocs loads this file as its own module ("converters/site/hooks.py" in config.hooks), distinct
    from ``converters.site.hooks``; ask that module, not this import.
    """
    found: list[Finding] = []
    for module in (getattr(config, "hooks", None) or {}).values():
        if hasattr(module, "findings") and module.__file__ and Path(module.__file__).name == "hooks.py":
            found.extend(module.findings())
    return tuple(found)


# ---------------------------------------------------------------- pure helpers




def load_yaml_file(path: Path, what: str) -> tuple[Any, list[Finding]]:
    """Read a YAML file; a missing or broken file becomes a finding naming it."""
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh), []
    except FileNotFoundError:
        return None, [warning("SITE_FILE_MISSING", f"未找到{what}文件 {path}", str(path))]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, [error("SITE_FILE_INVALID", f"{what}文件 {path} 无法读取：{exc}", str(path))]


def load_settings(path: Path) -> tuple[dict[str, Any], list[Finding]]:
    """showcase.yml as a dict (empty when unreadable, with a finding)."""
    data, found = load_yaml_file(path, "项目配置（showcase.yml）")
    if data is None:
        return {}, found
    if not isinstance(data, dict):
        return {}, [error("SITE_CONFIG_INVALID", f"项目配置 {path} 应为键值映射", str(path))]
    return data, found


def load_catalog(path: Path) -> tuple[dict[str, Any], list[Finding]]:
    """The converter's catalog.json; lists default to empty, bad entries are dropped with a finding."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return _empty_catalog(), [
            warning("SITE_CATALOG_MISSING", f"未找到经验目录 {path}：请先运行 showcase convert", str(path))
        ]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _empty_catalog(), [error("SITE_CATALOG_INVALID", f"经验目录 {path} 无法读取：{exc}", str(path))]
    if not isinstance(data, dict):
        return _empty_catalog(), [error("SITE_CATALOG_INVALID", f"经验目录 {path} 应为 JSON 对象", str(path))]
    catalog = _empty_catalog() | {k: v for k, v in data.items() if k not in _empty_catalog()}
    found: list[Finding] = []
    for key in _empty_catalog():
        items = data.get(key, [])
        if not isinstance(items, list):
            found.append(error("SITE_CATALOG_INVALID", f"经验目录 {path} 的 {key} 应为列表", str(path)))
            continue
        good = [item for item in items if isinstance(item, dict)]
        if len(good) != len(items):
            found.append(warning("SITE_CATALOG_ENTRY", f"经验目录 {path} 的 {key} 有非对象条目，已忽略", str(path)))
        catalog[key] = good
    return catalog, found


def parse_event_order(data: Any, source: str) -> tuple[list[dict[str, str]], list[Finding]]:
    """event.yml: a list (or ``order:`` list) of titles, or of mappings with ``title`` and ``time``."""
    if data is None:
        return [], []
    items = data.get("order", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], [warning("EVENT_ORDER_INVALID", f"发表顺序文件 {source} 应为经验名称列表", source)]
    entries: list[dict[str, str]] = []
    found: list[Finding] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict) and item.get("title"):
            entries.append({"title": str(item["title"]).strip(), "time": str(item.get("time") or "").strip()})
        elif isinstance(item, (str, int, float)) and str(item).strip():
            entries.append({"title": str(item).strip(), "time": ""})
        else:
            found.append(warning("EVENT_ORDER_ENTRY", f"发表顺序文件 {source} 第 {number} 项不是经验名称，已忽略", source))
    return entries, found


def match_event_order(
    entries: list[dict[str, str]], experiences: list[dict[str, Any]], source: str = ""
) -> tuple[list[dict[str, str]], list[Finding]]:
    """Attach the catalog slug to each ordered title; an unknown title stays, unlinked, with a warning."""
    by_title = {title_key(e.get("title", "")): e for e in experiences if e.get("title")}
    matched: list[dict[str, str]] = []
    found: list[Finding] = []
    for number, entry in enumerate(entries, start=1):
        exp = by_title.get(title_key(entry["title"]))
        if exp is None:
            found.append(
                warning(
                    "EVENT_TITLE_UNMATCHED",
                    f"发表顺序第 {number} 项“{entry['title']}”与任何经验名称都不一致，首页将不带链接列出",
                    source,
                )
            )
        matched.append(
            {
                "number": str(number),
                "title": entry["title"],
                "time": entry.get("time", ""),
                "slug": str(exp.get("slug", "")) if exp else "",
                "organization": str(exp.get("organization", "")) if exp else "",
                "team": str(exp.get("team", "")) if exp else "",
            }
        )
    return matched, found


def _method_ids(exp: dict[str, Any]) -> list[str]:
    ids = exp.get("method_ids") or []
    return [str(i) for i in ids] if isinstance(ids, list) else []


def related_experiences(slug: str, experiences: list[dict[str, Any]], limit: int = RELATED_LIMIT) -> list[dict]:
    """Experiences sharing a method family (weighs most) or the industry, best first, at most `limit`."""
    me = next((e for e in experiences if str(e.get("slug")) == slug), None)
    if me is None:
        return []
    my_methods = set(_method_ids(me))
    my_industry = str(me.get("industry_code") or "")
    scored = []
    for other in experiences:
        if str(other.get("slug")) == slug:
            continue
        shared = my_methods.intersection(_method_ids(other))
        same_industry = bool(my_industry) and str(other.get("industry_code") or "") == my_industry
        score = 2 * len(shared) + (1 if same_industry else 0)
        if score:
            reasons = [m for m, i in zip(other.get("methods") or [], _method_ids(other)) if i in shared]
            if same_industry:
                reasons.append(str(other.get("industry") or ""))
            scored.append((-score, str(other.get("slug")), other, reasons))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [dict(other, reasons=[r for r in reasons if r]) for _s, _slug, other, reasons in scored[:limit]]


def numbers_at_a_glance(catalog: dict[str, Any]) -> dict[str, int]:
    """Counts for the home page: experiences, resolved industries, method families, recommenders."""

    def used(items: list[dict], key: str) -> int:
        return sum(1 for i in items if i.get(key) and int(i.get("count") or 0) > 0)

    return {
        "experiences": len(catalog["experiences"]),
        "industries": used(catalog["industries"], "code"),
        "methods": used(catalog["methods"], "id"),
        "recommenders": used(catalog["recommenders"], "name"),
    }


def format_date(value: Any) -> str:
    """2025-08-20 (YAML date or text) -> 2025年8月20日; anything else is shown as written."""
    if isinstance(value, _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value or "").strip()
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.year}年{day.month}月{day.day}日"


def _dict_list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def catalog_script(catalog: dict[str, Any], url_for: Callable[[str, str], str]) -> str:
    """``window.SHOWCASE_CATALOG = …;`` with URLs relative to the site root, as built."""
    experiences = []
    for exp in catalog["experiences"]:
        slug = str(exp.get("slug", ""))
        item = {k: exp.get(k) for k in (
            "slug", "title", "organization", "team", "recommender", "year", "industry",
            "industry_code", "methods", "method_ids", "metrics", "description",
            "organization_type", "organization_scale", "central_soe",
        )}
        item["url"] = url_for("experience", slug) or exp.get("url") or ""
        experiences.append(item)
    data = {
        "association": catalog.get("association", ""),
        "year": catalog.get("year", ""),
        "experiences": experiences,
        "industries": [dict(i, url=url_for("industry", str(i.get("code", "")))) for i in catalog["industries"]],
        "methods": [dict(m, url=url_for("method", str(m.get("id", "")))) for m in catalog["methods"]],
        "recommenders": [dict(r, url=url_for("recommender", str(r.get("name", "")))) for r in catalog["recommenders"]],
        "years": [dict(y, url=url_for("year", str(y.get("year", "")))) for y in catalog["years"]],
        # Filter options only; there are no pages to link to. Older catalogs lack them.
        "organization_types": _dict_list(catalog.get("organization_types")),
        "organization_scales": _dict_list(catalog.get("organization_scales")),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Keep the JSON inert inside any script context.
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return "window.SHOWCASE_CATALOG = " + text + ";\n"


# ---------------------------------------------------------------- config helpers


def _settings_path(config) -> Path:
    override = os.environ.get(SHOWCASE_CONFIG_ENV)
    if override:
        return Path(override)
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent / "showcase.yml"


def _event_order_path(settings: dict[str, Any], settings_path: Path, docs_dir: Path) -> Path | None:
    """order_file is relative to showcase.yml; a path inside content_dir means the docs dir in use."""
    event = settings.get("event") if isinstance(settings.get("event"), dict) else {}
    order_file = str(event.get("order_file") or "").strip()
    if not order_file:
        return None
    content_dir = str(settings.get("content_dir") or "content").strip("/")
    rel = posixpath.normpath(order_file)
    if rel.startswith(content_dir + "/"):
        return docs_dir / rel[len(content_dir) + 1 :]
    return settings_path.parent / rel


def _record(found: list[Finding], log: logging.Logger) -> None:
    """Keep the findings and log them; errors are logged as warnings (``--strict`` stops on them)."""
    for finding in found:
        _state.findings.append(finding)
        level = logging.INFO if finding.severity is Severity.INFO else logging.WARNING
        log.log(level, finding.message)


def _apply_settings(config, settings: dict[str, Any]) -> None:
    title = str(settings.get("site_title") or "").strip()
    if title:
        config["site_name"] = title
    description = str(settings.get("site_description") or "").strip()
    if description:
        config["site_description"] = description
    if settings.get("site_url") and not config.get("site_url"):
        # A URL given for this build (showcase build --site-url, CI) wins over showcase.yml's.
        url = str(settings["site_url"]).strip()
        config["site_url"] = url if url.endswith("/") else url + "/"
    association = str(settings.get("association") or "").strip()
    if association:
        year = str(settings.get("year") or "").strip()
        config["copyright"] = escape(f"© {year} {association}".replace("  ", " ").strip())
    colors = settings.get("colors") if isinstance(settings.get("colors"), dict) else {}
    if colors:
        palette = {"scheme": "default"}
        palette.update({k: str(v) for k, v in colors.items() if k in ("primary", "accent") and v})
        config.theme["palette"] = palette
    logo = str(settings.get("logo") or "").strip()
    if logo:
        config.theme["logo"] = logo
        config.theme["favicon"] = logo


def _site_context() -> dict[str, Any]:
    settings = _state.settings
    event = settings.get("event") if isinstance(settings.get("event"), dict) else {}
    catalog = _state.catalog
    order = [dict(e, url=_state.urls.get("experience:" + e["slug"], "") if e["slug"] else "") for e in _state.event_entries]
    return {
        "association": str(settings.get("association") or ""),
        "year": str(settings.get("year") or ""),
        "site_title": str(settings.get("site_title") or ""),
        "icp": str(settings.get("icp") or "").strip(),
        "event": {
            "name": str(event.get("name") or ""),
            "date": format_date(event.get("date")),
            "place": str(event.get("place") or ""),
            "order": order,
        },
        "numbers": numbers_at_a_glance(catalog),
        "stats": _stats_figures(catalog),
        "industries": _with_urls(catalog["industries"], "industry", "code"),
        "methods": _with_urls(catalog["methods"], "method", "id"),
        "recommenders": _with_urls(catalog["recommenders"], "recommender", "name"),
        "years": _with_urls(catalog["years"], "year", "year"),
        "urls": {
            "industries": _state.urls.get("index:industries", ""),
            "methods": _state.urls.get("index:methods", ""),
            "recommenders": _state.urls.get("index:recommenders", ""),
            "years": _state.urls.get("index:years", ""),
            "filter": _state.urls.get("page:filter", ""),
            "stats": _state.urls.get("page:stats", ""),
            "about": _state.urls.get("page:about", ""),
        },
    }


def _stats_figures(catalog: dict[str, Any]) -> dict[str, Any]:
    """SVG charts for the statistics page; our own SVG writer escapes every label."""
    specs, _ = load_fields()
    percent_labels = {k: spec.label for k, spec in specs.items() if spec.type == "percent"}

    def marked(figure: dict) -> dict:
        return dict(figure, svg=Markup(figure["svg"]), table=Markup(figure["table"]))

    return {
        "counts": {facet: marked(f) for facet, f in count_charts(catalog).items()},
        "metrics": [marked(f) for f in metric_charts(catalog, percent_labels)],
    }


def _with_urls(items: list[dict], kind: str, key: str) -> list[dict]:
    return [dict(i, url=_state.urls.get(f"{kind}:{i.get(key, '')}", "")) for i in items]


def _url_for(kind: str, key: str) -> str:
    return _state.urls.get(f"{kind}:{key}", "")


# ---------------------------------------------------------------- MkDocs events


@event_priority(50)  # before the plugins read site_name and the palette
def on_config(config, **_kwargs):
    _state.reset()
    settings_path = _settings_path(config)
    settings, found = load_settings(settings_path)
    _record(found, _mkdocs_log)
    _state.settings = settings
    _apply_settings(config, settings)

    docs_dir = Path(config.docs_dir)
    catalog_path = docs_dir / CATALOG_PATH
    _state.catalog, found = load_catalog(catalog_path)
    _record(found, _mkdocs_log)

    order_path = _event_order_path(settings, settings_path, docs_dir)
    if order_path is not None:
        data, found = load_yaml_file(order_path, "交流会发表顺序")
        entries, more = parse_event_order(data, str(order_path))
        matched, unmatched = match_event_order(entries, _state.catalog["experiences"], str(order_path))
        _record(found + more + unmatched, _editorial_log)
        _state.event_entries = matched
    return config


def on_files(files, config, **_kwargs):
    """Remember each target's built URL (``experiences/2025-001/`` or ``…/index.html``)."""
    urls: dict[str, str] = {}
    by_src = {f.src_uri: f for f in files.documentation_pages()}
    for src, f in by_src.items():
        m = _EXPERIENCE_SRC.match(src)
        if m:
            urls["experience:" + m.group(1)] = f.url
    for kind, folder in (("industries", "industries"), ("methods", "methods"), ("recommenders", "recommenders"), ("years", "years")):
        if f"{folder}/index.md" in by_src:
            urls["index:" + kind] = by_src[f"{folder}/index.md"].url
    for name in ("filter", "stats", "about"):
        if f"{name}.md" in by_src:
            urls["page:" + name] = by_src[f"{name}.md"].url
    catalog = _state.catalog
    for item in catalog["industries"]:
        _map_page(urls, by_src, "industry", str(item.get("code", "")), f"industries/{item.get('code', '')}.md")
    for item in catalog["methods"]:
        _map_page(urls, by_src, "method", str(item.get("id", "")), f"methods/{item.get('id', '')}.md")
    for item in catalog["recommenders"]:
        _map_page(urls, by_src, "recommender", str(item.get("name", "")), str(item.get("page") or ""))
    for item in catalog["years"]:
        _map_page(urls, by_src, "year", str(item.get("year", "")), f"years/{item.get('year', '')}.md")
    _state.urls = urls
    return files


def _map_page(urls: dict[str, str], by_src: dict, kind: str, key: str, target: str) -> None:
    """`target` may be a source path (x/y.md) or a URL (x/y/, x/y.html) as the catalog gives it."""
    if not key or not target:
        return
    target = target.lstrip("/")
    candidates = [target]
    if not target.endswith(".md"):
        stem = target.removesuffix("index.html").removesuffix(".html").rstrip("/")
        candidates += [stem + ".md", stem + "/index.md"]
    for candidate in candidates:
        if candidate in by_src:
            urls[f"{kind}:{key}"] = by_src[candidate].url
            return


def on_env(env, config, files, **_kwargs):
    env.globals["showcase"] = _site_context()
    return env


def on_page_markdown(markdown, page, config, files, **_kwargs):
    """Material prints title and description unescaped: make document text inert here."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)
    _silence_material_search(page)
    return markdown


def _silence_material_search(page) -> None:
    """Remember the author's ``search: {exclude: true}``, then exclude the page from Material's index.

    Material's search plugin stays enabled only because its header template shows the search box
    when it is; its lunr index (prefix matching only) is replaced by ours.
    """
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        _state.search_excluded.add(page.file.src_uri)
    if not KEEP_MATERIAL_SEARCH_INDEX:
        page.meta["search"] = dict(search if isinstance(search, dict) else {}, exclude=True)


def _experience_slug(page) -> str | None:
    m = _EXPERIENCE_SRC.match(page.file.src_uri)
    return m.group(1) if m else None


def _as_items(value: Any) -> list[dict[str, str]]:
    """metrics/facts front matter: a list of {label, value, unit}; anything malformed is skipped."""
    if not isinstance(value, list):
        return []
    items = []
    for item in value:
        if isinstance(item, dict) and item.get("label") and item.get("value") not in (None, ""):
            items.append({k: str(item.get(k) or "") for k in ("id", "label", "value", "unit")})
    return items


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if value not in (None, "") else []


def _text(value: Any) -> str:
    """Markup (already escaped by on_page_markdown) stays as it is; anything else becomes text."""
    return value if isinstance(value, Markup) else str(value or "")


def experience_head_context(page) -> dict[str, Any]:
    """What partials/experience-head.html shows, from the page's front matter, URLs page-relative."""
    meta = page.meta

    def rel(url: str) -> str:
        return get_relative_url(url, page.url) if url else ""

    code = str(meta.get("industry_code") or "")
    methods = _as_strings(meta.get("methods"))
    method_ids = _as_strings(meta.get("method_ids"))
    return {
        "title": _text(meta.get("title") or page.title),
        "organization": str(meta.get("organization") or ""),
        "team": str(meta.get("team") or ""),
        "recommender": str(meta.get("recommender") or ""),
        "recommender_url": rel(_url_for("recommender", str(meta.get("recommender") or ""))),
        "year": str(meta.get("year") or ""),
        "year_url": rel(_url_for("year", str(meta.get("year") or ""))),
        "industry": str(meta.get("industry") or ""),
        "industry_url": rel(_url_for("industry", code)) if code else "",
        "methods": [
            {"name": name, "url": rel(_url_for("method", method_ids[i])) if i < len(method_ids) else ""}
            for i, name in enumerate(methods)
        ],
        "method_details": _as_strings(meta.get("method_details")),
        "metrics": _as_items(meta.get("metrics")),
        "facts": _as_items(meta.get("facts")),
    }


def on_page_content(html, page, config, files, **_kwargs):
    if _experience_slug(page) is not None:
        html = _with_experience_head(html, page, config)
    _add_to_search(html, page)
    return html


def _with_experience_head(html: str, page, config) -> str:
    try:
        if _state.env is None:  # pages are rendered to HTML before on_env: use a theme env of our own
            _state.env = config.theme.get_env()
        head = _state.env.get_template(HEAD_TEMPLATE).render(head=experience_head_context(page))
    except Exception as exc:  # a template error must name the page, not end the build with a traceback
        _record([error("SITE_TEMPLATE", f"经验页 {page.file.src_uri} 的页头无法生成：{exc}", page.file.src_uri)], _mkdocs_log)
        return html
    return head + html


def _add_to_search(html: str, page) -> None:
    if page.file.src_uri in _state.search_excluded:
        return
    title = page.meta.get("title") or page.title or ""
    title = title.unescape() if isinstance(title, Markup) else str(title)  # escaped by on_page_markdown
    try:
        entry = search_index.page_entry(
            page.url, title, html, dict(page.meta), experience=_experience_slug(page) is not None
        )
    except Exception as exc:  # one odd page must not end the build; it is only missing from search
        _record([warning("SEARCH_PAGE_SKIPPED", f"页面 {page.file.src_uri} 未能加入搜索索引：{exc}", page.file.src_uri)], _mkdocs_log)
        return
    _state.search_entries.append(entry)


def on_page_context(context, page, config, nav, **_kwargs):
    slug = _experience_slug(page)
    related = []
    if slug is not None:
        for exp in related_experiences(slug, _state.catalog["experiences"]):
            url = _url_for("experience", str(exp.get("slug")))
            if url:
                related.append(dict(exp, url=url))
    qr = ""
    if slug is not None and page.canonical_url:
        # Scanned at the event from posters and the printed programme: the public address of this page.
        qr = Markup(qr_svg(page.canonical_url, label=f"本页二维码：{page.canonical_url}"))
    context["showcase_page"] = {"slug": slug or "", "related": related, "qr": qr}
    return context


@event_priority(-50)  # after the search plugin writes its (empty) index, before the offline plugin copies it
def on_post_build(config, **_kwargs):
    target = Path(config.site_dir) / CATALOG_SCRIPT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(catalog_script(_state.catalog, _url_for), encoding="utf-8")
    _record(search_index.write_index(Path(config.site_dir), _state.search_entries), _mkdocs_log)
    if not KEEP_MATERIAL_SEARCH_INDEX:
        search_index.remove_material_index(Path(config.site_dir))
