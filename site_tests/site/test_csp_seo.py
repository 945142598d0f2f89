"""What the build writes for browsers' security policy and for search engines: a CSP <meta> in every
page matching its inline scripts, the union as nginx's header, sitemap lastmod from the source
documents (stable across rebuilds), robots.txt only with a site_url, JSON-LD on experience pages
that no title can break out of, canonical links from site_url."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from converters.outputs import export
from converters.site import csp, seo
from site_stage import build, make_stage

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://www.jsqa.example.cn/showcase/2025/"
BREAKOUT_TITLE = '运用</script><script>window.__pwned=1</script>&“质量”的实践'
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def samples_site(built_site, tmp_path_factory) -> Path:
    """The samples built for a production address (twice: the second build with another build date)."""
    site = tmp_path_factory.mktemp("seo") / "site"
    findings = export.build_site(REPO / "mkdocs.yml", built_site.content_dir, site, site_url=SITE_URL, epoch=1_700_000_000)
    assert not [f for f in findings if f.severity.name == "ERROR"], findings
    return site


@pytest.fixture(scope="module")
def breakout_site(tmp_path_factory) -> Path:
    stage = make_stage(tmp_path_factory.mktemp("breakout"), 2, overrides={1: {"title": BREAKOUT_TITLE}},
                       settings={"site_url": ""})
    build(stage)
    return stage.site_dir


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_carries_a_policy_with_the_hashes_of_its_own_inline_scripts(samples_site):
    assert len(pages(samples_site)) >= 20
    for page in pages(samples_site):
        html = page.read_text(encoding="utf-8")
        [policy] = META.findall(html)
        assert html.index(policy) < html.index("<script"), page  # before any script runs
        for digest in csp.inline_code(html).scripts:
            assert digest in policy, page
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "frame-ancestors" not in policy  # ignored in <meta>; the header has it
        assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_the_nginx_header_is_the_union_of_every_page_s_inline_code(samples_site):
    union = csp.InlineCode()
    for page in pages(samples_site):
        union.add(csp.inline_code(page.read_text(encoding="utf-8")))
    snippet = (samples_site / csp.HEADER_FILE).read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{csp.policy(union, header=True)}" always;' in snippet
    assert "frame-ancestors 'none'" in snippet
    assert len(union.scripts) >= 2  # Material's base.html writes inline scripts; they are all allowed


def test_inline_code_is_hashed_as_the_browser_hashes_it():
    html = ('<script>var a = "&amp;";</script><script src="x.js"></script><script type="application/json">{}</script>'
            '<style>p{}</style><form onsubmit="return false" style="width: 1px"></form>')
    code = csp.inline_code(html)
    assert code.scripts == {csp.source_hash('var a = "&amp;";')}  # element text is raw; src and JSON are not inline code
    assert code.styles == {csp.source_hash("p{}")}
    assert code.script_attrs == {csp.source_hash("return false")}
    assert code.style_attrs == {csp.source_hash("width: 1px")}
    # Known value (RFC 4648 base64 of SHA-256 of the empty string), as browsers print in their console.
    assert csp.source_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    policy = csp.policy(code, header=False)
    assert "'unsafe-hashes' " + csp.source_hash("return false") in policy


def test_sitemap_dates_are_the_documents_dates_and_survive_a_rebuild(samples_site, built_site, tmp_path):
    sitemap = (samples_site / "sitemap.xml").read_text(encoding="utf-8")
    dates = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert len(dates) == sitemap.count("<url>") >= 20
    assert all(url.startswith(SITE_URL) for url in dates)
    # The sample .docx files were last saved on 2025-06-20 (samples/make_samples.py, core properties);
    # the build ran with SOURCE_DATE_EPOCH 1700000000 (2023-11-14), which must not show.
    assert set(dates.values()) == {"2025-06-20"}
    again = tmp_path / "site"
    export.build_site(REPO / "mkdocs.yml", built_site.content_dir, again, site_url=SITE_URL, epoch=1_800_000_000)
    assert (again / "sitemap.xml").read_text(encoding="utf-8") == sitemap


def test_sitemap_lastmod_follows_each_page_s_own_date():
    xml = ("<urlset><url>\n<loc>https://a.cn/x/</loc>\n<lastmod>2030-01-01</lastmod>\n</url>"
           "<url><loc>https://a.cn/y/</loc><lastmod>2030-01-01</lastmod></url></urlset>")
    out = seo.sitemap_with_dates(xml, {"https://a.cn/x/": "2025-03-02"})
    assert "<lastmod>2025-03-02</lastmod>" in out and "2030-01-01" not in out
    assert out.count("<lastmod>") == 1  # no date known for /y/: no lastmod rather than the build day


def test_robots_txt_points_at_the_sitemap_only_with_a_site_url(samples_site, breakout_site):
    robots = (samples_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots
    assert "User-agent: *" in robots
    assert not (breakout_site / "robots.txt").exists()


def test_experience_pages_have_article_json_ld_and_canonical_links(samples_site):
    experience_pages = sorted(samples_site.glob("experiences/*/index.html"))
    assert experience_pages
    for page in experience_pages:
        html = page.read_text(encoding="utf-8")
        [raw] = JSONLD.findall(html)
        data = json.loads(raw)
        url = SITE_URL + page.parent.relative_to(samples_site).as_posix() + "/"
        assert data["@type"] == "Article" and data["headline"]
        assert data["author"]["@type"] == "Organization" and data["author"]["name"]
        assert data["datePublished"] == "2025-06-20"
        assert data["url"] == url
        assert f'<link rel="canonical" href="{url}">' in html
    assert not JSONLD.findall((samples_site / "index.html").read_text(encoding="utf-8"))


def test_a_title_cannot_end_the_json_ld_script(breakout_site):
    html = (breakout_site / "experiences/2025-001/index.html").read_text(encoding="utf-8")
    [raw] = JSONLD.findall(html)
    assert "</" not in raw and "<" not in raw
    assert json.loads(raw)["headline"] == BREAKOUT_TITLE  # the text itself, not HTML entities
    assert "window.__pwned=1</script>" not in html.split('<script type="application/ld+json">')[1].split("</script>")[0]


@pytest.mark.parametrize(("preview", "with_meta"), [("", True), ("1", False)])
def test_the_preview_server_s_pages_get_no_meta_policy(monkeypatch, preview, with_meta):
    # `showcase serve` adds an inline live-reload script to every page; a policy would block it.
    from converters.site.plugin import PREVIEW_ENV, ShowcasePlugin

    monkeypatch.setenv(PREVIEW_ENV, preview)
    plugin = ShowcasePlugin()
    plugin.load_config({})
    html = "<html><head><title>t</title></head><body><script>var x = 1;</script></body></html>"
    out = plugin.on_post_page(html, page=None, config=None)
    assert ('http-equiv="Content-Security-Policy"' in out) is with_meta
