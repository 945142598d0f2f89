"""The built URL of every page the catalog names, learned from MkDocs' files, so links follow
``use_directory_urls``: ``experiences/2025-001/`` hosted, ``experiences/2025-001/index.html`` in the
offline (file://) build.
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

from converters.render.catalog import Catalog

EXPERIENCE_SRC = re.compile(r"^experiences/([^/]+)/index\.md$")
INDEXES = ("industries", "methods", "recommenders", "years", "campaign")  # <folder>/index.md
PAGES = ("filter", "stats", "about")  # <name>.md


def experience_slug(src_uri: str) -> str | None:
    """The slug of an experience page's source (experiences/<slug>/index.md), else None."""
    m = EXPERIENCE_SRC.match(src_uri)
    return m.group(1) if m else None


class SiteUrls:
    """(kind, key) -> site URL; kinds: experience, industry, method, recommender, year, index, page."""

    def __init__(self, urls: dict[tuple[str, str], str] | None = None) -> None:
        self._urls = urls or {}

    @classmethod
    def from_files(cls, files, catalog: Catalog) -> SiteUrls:
        by_src = {f.src_uri: f for f in files.documentation_pages()}
        urls: dict[tuple[str, str], str] = {}
        for src, f in by_src.items():
            slug = experience_slug(src)
            if slug is not None:
                urls["experience", slug] = f.url
        for folder in INDEXES:
            if f"{folder}/index.md" in by_src:
                urls["index", folder] = by_src[f"{folder}/index.md"].url
        for name in PAGES:
            if f"{name}.md" in by_src:
                urls["page", name] = by_src[f"{name}.md"].url
        targets = (
            [("industry", i.code, f"industries/{i.code}.md") for i in catalog.industries]
            + [("method", m.id, f"methods/{m.id}.md") for m in catalog.methods]
            + [("recommender", r.name, r.page) for r in catalog.recommenders]
            + [("year", str(y.year), f"years/{y.year}.md") for y in catalog.years]
        )
        for kind, key, target in targets:
            url = _find_page(by_src, target)
            if key and url:
                urls[kind, key] = url
        return cls(urls)

    def get(self, kind: str, key: str) -> str:
        return self._urls.get((kind, key), "")

    def relative(self, kind: str, key: str, page_url: str) -> str:
        """The URL as a link from the page at `page_url`; "" when there is no such page."""
        url = self.get(kind, key)
        return get_relative_url(url, page_url) if url else ""


def _find_page(by_src: dict, target: str) -> str:
    """`target` may be a source path (x/y.md) or a URL (x/y/, x/y.html) as the catalog gives it."""
    if not target:
        return ""
    target = target.lstrip("/")
    candidates = [target]
    if not target.endswith(".md"):
        stem = target.removesuffix("index.html").removesuffix(".html").rstrip("/")
        candidates += [stem + ".md", stem + "/index.md"]
    for candidate in candidates:
        if candidate in by_src:
            return by_src[candidate].url
    return ""
