"""The showcase plugin: showcase.yml, the converter's catalog and the event order, into the build.

By build event (each returns at once when ``enabled: false``):

- on_config (before other plugins read site_name and the palette): reads showcase.yml through
  converters/config.py (``SHOWCASE_CONFIG`` overrides its path, else the file beside mkdocs.yml)
  into site_name, site_description, site_url, copyright, palette and logo; reads
  ``<docs_dir>/_generated/catalog.json`` and the event order file.
- on_files: the built URL of every experience and facet page (context.SiteUrls).
- on_env: ``showcase`` for every template (context.site_context).
- on_page_markdown: escapes front-matter text that Material prints raw (title, description); keeps
  every page out of Material's search index unless ``material_search_index``.
- on_page_content: the experience header (partials/experience-head.html) at the top of an
  experience page; the page into our search index unless its front matter says
  ``search: {exclude: true}``.
- on_page_context: ``showcase_page`` (related experiences, QR code of the page's address).
- on_post_page / on_post_template (last): the page's Content-Security-Policy as a <meta> (csp.py;
  not under ``showcase serve``, whose inline live-reload script it would block); sitemap.xml gets
  each page's source date as lastmod (seo.py).
- on_post_build (after search writes its index, before offline copies it): writes
  ``assets/javascripts/catalog.js`` and ``search/index.js``; deletes Material's empty index; writes
  the site-wide CSP header for nginx (``nginx-csp.conf``) and, with a site_url, ``robots.txt``.

What a build learned lives on the instance and is reset by on_config; ``findings`` are its problems
as values, read by outputs/export.py after the build. A broken configuration or catalog is also
logged as a MkDocs warning (``--strict`` stops); an event title that matches no experience, and an
unknown key in showcase.yml, are logged on the ``showcase.site`` logger, outside MkDocs' strict
counting: the order file is editorial, and an unknown key is ignored (the CLI reports it too).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.plugins import BasePlugin, event_priority

from converters.config import CONFIG_ENV, CONFIG_NAME, Settings, edition_settings, read_settings
from converters.model import Finding, Severity, error, warning
from converters.outputs.qr import qr_svg
from converters.render import search_index
from converters.render.catalog import CATALOG_FILE, Catalog, read_catalog
from converters.render.event import EventSlot, match_event_order, read_event_order

from . import csp, seo
from .config import ShowcaseConfig
from .context import beian_findings, catalog_script, experience_head, related_context, site_context
from .urls import SiteUrls, experience_slug

CATALOG_SCRIPT = "assets/javascripts/catalog.js"
HEAD_TEMPLATE = "partials/experience-head.html"
PREVIEW_ENV = "SHOWCASE_PREVIEW"  # set by `showcase serve` (cli.py)
LOG_ONLY = frozenset({"CONFIG_UNKNOWN_KEY"})  # logged, uncounted, not a finding of the build

log = logging.getLogger("mkdocs.plugins.showcase")  # counted by --strict
editorial_log = logging.getLogger("showcase.site")  # not counted by --strict


def settings_path(config) -> Path:
    """showcase.yml of this build: $SHOWCASE_CONFIG, else the one beside mkdocs.yml."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent / CONFIG_NAME


def apply_settings(config, settings: Settings) -> None:
    """Project facts into the MkDocs config; a URL given for this build (--site-url, CI) wins."""
    title = settings.site_title.strip()
    if title:
        config["site_name"] = title
    description = settings.site_description.strip()
    if description:
        config["site_description"] = description
    url = settings.site_url.strip()
    if url and not config.get("site_url"):
        config["site_url"] = url if url.endswith("/") else url + "/"
    association = settings.association.strip()
    if association:
        config["copyright"] = escape(f"© {settings.year} {association}".replace("  ", " ").strip())
    colors = {k: v for k, v in (("primary", settings.colors.primary), ("accent", settings.colors.accent)) if v}
    if colors:
        config.theme["palette"] = {"scheme": "default", **colors}
    logo = settings.logo.strip()
    if logo:
        config.theme["logo"] = logo
        config.theme["favicon"] = logo


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        """Forget the previous build (mkdocs serve may reuse the instance)."""
        self.settings: Settings | None = None
        self.catalog = Catalog()
        self.event_order: list[EventSlot] = []
        self.urls = SiteUrls()
        self.findings: list[Finding] = []
        self._env = None  # a theme environment for the experience header
        self._search_entries: list[search_index.Entry] = []
        self._search_excluded: set[str] = set()  # src_uri of pages whose front matter excludes them
        self._inline_code = csp.InlineCode()  # union over the pages, for the web server's header
        self._page_dates: dict[str, str] = {}  # canonical URL -> sitemap lastmod

    def _record(self, found: list[Finding], logger: logging.Logger) -> None:
        """Keep the findings and log them; errors are logged as warnings (``--strict`` stops on them)."""
        for finding in found:
            self.findings.append(finding)
            logger.log(logging.INFO if finding.severity is Severity.INFO else logging.WARNING, finding.message)

    # ------------------------------------------------------------ events

    @event_priority(50)  # before the other plugins read site_name and the palette
    def on_config(self, config):
        if not self.config.enabled:
            return config
        self._start()
        path = settings_path(config)
        self.settings, found = read_settings(path)
        for finding in found:
            if finding.code in LOG_ONLY:
                editorial_log.warning(finding.message)
        self._record([f for f in found if f.code not in LOG_ONLY], log)

        docs_dir = Path(config.docs_dir)
        self.catalog, found = read_catalog(docs_dir / CATALOG_FILE)
        self._record(found, log)
        self.settings = edition_settings(self.settings, self.catalog.year)  # one year of an archive: its event
        apply_settings(config, self.settings)
        self._record(beian_findings(self.settings, config.get("site_url") or ""), editorial_log)  # not for --strict

        order_path = self.settings.event_order_path(docs_dir)
        if order_path is not None:
            entries, found = read_event_order(order_path)
            self.event_order, unmatched = match_event_order(entries, self.catalog.experiences, str(order_path))
            self._record(found + unmatched, editorial_log)
        return config

    def on_pre_build(self, *, config):
        """After every plugin's on_config: the fork of Material (theme materialx) announces its search
        in the page config, and its script then starts the search worker on every page; ours needs
        neither (Material 9 sets nothing here)."""
        if self.config.enabled and not self.config.material_search_index:
            config.extra.pop("search_config", None)

    def on_files(self, files, *, config):
        if self.config.enabled:
            self.urls = SiteUrls.from_files(files, self.catalog)
        return files

    def on_env(self, env, *, config, files):
        if self.config.enabled:
            env.globals["showcase"] = site_context(self.settings, self.catalog, self.event_order, self.urls)
            self._page_dates = seo.page_dates(f.page for f in files.documentation_pages() if f.page)
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        """Material prints title and description unescaped: make document text inert here."""
        if not self.config.enabled:
            return markdown
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = escape(value)
        self._silence_material_search(page)
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled:
            return html
        if experience_slug(page.file.src_uri) is not None:
            html = self._with_experience_head(html, page, config)
        self._add_to_search(html, page)
        return html

    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled:
            return context
        slug = experience_slug(page.file.src_uri)
        related = related_context(slug, self.catalog, self.urls) if slug is not None else []
        qr = ""
        if slug is not None and page.canonical_url:
            # Scanned at the event from posters and the printed programme: the public address of this page.
            qr = Markup(qr_svg(page.canonical_url, label=f"本页二维码：{page.canonical_url}"))
        context["showcase_page"] = {"slug": slug or "", "related": related, "qr": qr}
        context["showcase_jsonld"] = self._jsonld(page) if slug is not None else ""
        return context

    @event_priority(-100)  # last: the policy must cover every inline script other plugins added
    def on_post_page(self, output, *, page, config):
        return self._with_csp(output) if self.config.enabled else output

    @event_priority(-100)
    def on_post_template(self, output_content, *, template_name, config):
        if not self.config.enabled:
            return output_content
        if template_name == "sitemap.xml":
            return seo.sitemap_with_dates(output_content, self._page_dates)
        return self._with_csp(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-50)  # after the search plugin writes its (empty) index, before the offline plugin copies it
    def on_post_build(self, *, config):
        if not self.config.enabled:
            return
        site_dir = Path(config.site_dir)
        target = site_dir / CATALOG_SCRIPT
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(catalog_script(self.catalog, self.urls), encoding="utf-8")
        self._record(search_index.write_index(site_dir, self._search_entries), log)
        if not self.config.material_search_index:
            search_index.remove_material_index(site_dir)
        self._write_deploy_files(site_dir, config.get("site_url") or "")

    # ------------------------------------------------------------ helpers

    def _silence_material_search(self, page) -> None:
        """Remember the author's ``search: {exclude: true}``, then exclude the page from Material's index.

        Material's search plugin stays enabled only because its header template shows the search box
        when it is; its lunr index (prefix matching only) is replaced by ours.
        """
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            self._search_excluded.add(page.file.src_uri)
        if not self.config.material_search_index:
            page.meta["search"] = dict(search if isinstance(search, dict) else {}, exclude=True)

    def _with_experience_head(self, html: str, page, config) -> str:
        try:
            if self._env is None:  # pages are rendered to HTML before on_env: use a theme env of our own
                self._env = config.theme.get_env()
            head = self._env.get_template(HEAD_TEMPLATE).render(head=experience_head(page, self.urls))
        except Exception as exc:  # a template error must name the page, not end the build with a traceback
            self._record([error("SITE_TEMPLATE", f"经验页 {page.file.src_uri} 的页头无法生成：{exc}", page.file.src_uri)], log)
            return html
        return head + html

    def _add_to_search(self, html: str, page) -> None:
        if page.file.src_uri in self._search_excluded:
            return
        title = page.meta.get("title") or page.title or ""
        title = title.unescape() if isinstance(title, Markup) else str(title)  # escaped by on_page_markdown
        try:
            entry = search_index.page_entry(
                page.url, title, html, dict(page.meta), experience=experience_slug(page.file.src_uri) is not None
            )
        except Exception as exc:  # one odd page must not end the build; it is only missing from search
            self._record([warning("SEARCH_PAGE_SKIPPED", f"页面 {page.file.src_uri} 未能加入搜索索引：{exc}", page.file.src_uri)], log)
            return
        self._search_entries.append(entry)

    # ------------------------------------------------------------ deployment (csp.py, seo.py)

    def _with_csp(self, html: str) -> str:
        if os.environ.get(PREVIEW_ENV):  # showcase serve: its inline live-reload script would be blocked
            return html
        html, code = csp.with_meta(html)
        self._inline_code.add(code)
        return html

    def _jsonld(self, page) -> Markup:
        publisher = self.settings.association.strip() if self.settings else ""
        return seo.article(page.meta or {}, url=page.canonical_url, publisher=publisher)

    def _write_deploy_files(self, site_dir: Path, site_url: str) -> None:
        """The union CSP header for nginx; robots.txt pointing at the sitemap when the address is known."""
        (site_dir / csp.HEADER_FILE).write_text(csp.nginx_snippet(self._inline_code), encoding="utf-8")
        if site_url:
            (site_dir / "robots.txt").write_text(seo.robots_txt(site_url), encoding="utf-8")
