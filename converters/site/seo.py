"""What search engines read (Baidu, Sogou, 360 as much as Bing): sitemap dates, robots.txt, JSON-LD.

- ``lastmod`` in sitemap.xml is the date of the source document, never the build time: an experience
  page has ``updated`` in its front matter (the .docx core properties' last-saved day, written by
  the converter); every other page (home, browse lists, hand-written pages) takes the latest of those,
  since that is when its listed content last changed. Without any dated experience the element is
  left out (it is optional) rather than invented.
- robots.txt only when site_url is set: the sitemap line needs an absolute URL.
- JSON-LD ``Article`` on experience pages, serialised so that no text can close the <script>.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any, Iterable, Mapping

from markupsafe import Markup

DATE_KEY = "updated"  # front matter of an experience page (converters/render/pages.py)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SITEMAP_URL = re.compile(r"(<url>\s*<loc>)([^<]*)(</loc>)(\s*<lastmod>[^<]*</lastmod>)?", re.S)
# Characters that could end the <script> element or start markup, as JSON escapes.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def page_date(meta: Mapping[str, Any]) -> str | None:
    """The page's source date (YYYY-MM-DD) from its front matter, or None."""
    value = meta.get(DATE_KEY)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        return value.strip()
    return None


def page_dates(pages: Iterable[Any]) -> dict[str, str]:
    """canonical URL -> lastmod for every page that has a URL; undated pages get the latest date."""
    pages = [p for p in pages if getattr(p, "canonical_url", None)]
    dated = {p.canonical_url: page_date(p.meta or {}) for p in pages}
    latest = max((d for d in dated.values() if d), default=None)
    return {url: date or latest for url, date in dated.items() if date or latest}


def sitemap_with_dates(xml: str, dates: Mapping[str, str]) -> str:
    """MkDocs' sitemap.xml with each <lastmod> replaced by the page's date (or removed without one)."""

    def replace(match: re.Match) -> str:
        date = dates.get(html.unescape(match.group(2).strip()))
        lastmod = f"\n         <lastmod>{date}</lastmod>" if date else ""
        return match.group(1) + match.group(2) + match.group(3) + lastmod

    return _SITEMAP_URL.sub(replace, xml)


def robots_txt(site_url: str) -> str:
    return f"User-agent: *\nDisallow:\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"


def script_json(data: Any) -> Markup:
    """JSON for inside <script type="application/ld+json">: '<', '>' and '&' as \\u escapes, so a
    title holding '</script>' stays text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup("".join(_SCRIPT_SAFE.get(ch, ch) for ch in text))


def _plain(value: Any) -> str:
    """Front-matter text; titles arrive HTML-escaped by the plugin (Markup) and go back to text here."""
    if isinstance(value, Markup):
        return value.unescape()
    return str(value) if value is not None else ""


def article(meta: Mapping[str, Any], *, url: str | None, publisher: str) -> Markup:
    """schema.org Article of an experience page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": _plain(meta.get("title")),
        "author": {"@type": "Organization", "name": _plain(meta.get("organization"))},
        "inLanguage": "zh-CN",
    }
    date = page_date(meta)
    if date:
        data["datePublished"] = date
        data["dateModified"] = date
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if url:
        data["mainEntityOfPage"] = url
        data["url"] = url
    methods = [m for m in (meta.get("methods") or []) if isinstance(m, str)]
    if methods:
        data["keywords"] = ",".join(methods)
    return script_json(data)
