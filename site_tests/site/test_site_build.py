"""The site build: mkdocs.yml + theme/ + the showcase plugin (converters/site/), without a browser.

Most tests build small stages of fake experience pages (site_stage.py); the ones taking `built_site`
check the real samples site built by the session fixture in conftest.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from converters.model import Severity
from converters.names import title_key
from converters.render.catalog import CatalogExperience, read_catalog
from converters.render.event import EventEntry, format_date, parse_event_order
from converters.site.context import related_experiences
from site_stage import build, catalog_entry, fake_experience, make_stage

HOSTILE_TITLE = '运用<img src=x onerror="alert(1)">提升&质量的"实践"'
HOSTILE_ORG = "<b>粗体</b>示例公司"
EVENT = {"name": "测试交流会", "date": "2025-08-20", "place": "江苏·南京"}
ICP = "苏ICP备12345678号-1"


# ---------------------------------------------------------------- stages (built once per module)


@pytest.fixture(scope="module")
def stage5(tmp_path_factory):
    """5 experiences; no.2 has hostile text; event order with one unknown title; ICP set."""
    root = tmp_path_factory.mktemp("stage5")
    order = [
        fake_experience(3)["title"].replace("提升", " 提升 "),  # whitespace differs: still matches
        {"title": "一项不存在的经验", "time": "10:20"},
        HOSTILE_TITLE,
    ]
    stage = make_stage(
        root,
        5,
        order=order,
        settings={
            "event": dict(EVENT, order_file="content/event.yml"),
            "icp": ICP,
            "logo": "assets/logo.png",
            "colors": {"primary": "teal", "accent": "amber"},
        },
        overrides={2: {"title": HOSTILE_TITLE, "organization": HOSTILE_ORG}},
    )
    (stage.content_dir / "assets" / "logo.png").write_bytes((stage.content_dir / "experiences/2025-001/image1.png").read_bytes())
    config, found = build(stage)
    return stage, config, found


@pytest.fixture(scope="module")
def plain5(tmp_path_factory):
    """5 experiences with the repository's showcase.yml as it is."""
    stage = make_stage(tmp_path_factory.mktemp("plain5"), 5)
    build(stage)
    return stage


@pytest.fixture(scope="module")
def stage40(tmp_path_factory):
    stage = make_stage(tmp_path_factory.mktemp("stage40"), 40)
    build(stage)
    return stage


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


class _Links(HTMLParser):
    """Collects src/href attribute values and <meta property> contents."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attr, value)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                self.urls.append((tag, attrs.get("rel") or "", attrs[name]))
        if tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content") or ""


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


# ---------------------------------------------------------------- the real site (session fixture)

EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)
ALLOWED_EXTERNAL = ("https://beian.miit.gov.cn", "https://beian.mps.gov.cn")  # ICP and 公安 备案 in the footer


def _external_references(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*.html"):
        for tag, rel, url in links(path.read_text(encoding="utf-8")).urls:
            if EXTERNAL.match(url) and rel != "canonical" and not url.startswith(ALLOWED_EXTERNAL):
                found.append(f"{path.relative_to(site)}: <{tag}> {url}")
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8")):
            if EXTERNAL.match(url):
                found.append(f"{path.relative_to(site)}: url({url})")
    # Our own scripts must not name any external URL (Material's bundle only names lazy fallbacks).
    for name in ("catalog.js", "filter.js", "showcase.js", "search.js", "iframe-worker-shim.js"):
        path = site / "assets" / "javascripts" / name
        if path.exists():
            found += [f"{name}: {u}" for u in re.findall(r"https?://[^\s\"')]+", path.read_text(encoding="utf-8"))]
    return found


def test_built_site_references_no_external_url_except_canonical_and_beian(built_site):
    assert _external_references(Path(built_site.site_dir)) == []


def test_search_index_is_a_script_holding_every_experience_as_plain_text(built_site):
    """Our search (search/index.js and its shards, loaded by <script>s) replaces Material's jieba/lunr index."""
    from converters.render.search_shards import read_whole_index

    site = Path(built_site.site_dir)
    text = read(site, "search/index.js")
    assert text.startswith("window.__showcaseSearchIndex = ")
    assert json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))["v"] == 2  # the shards' manifest
    index = read_whole_index(site / "search")
    catalog = json.loads(read(site, "assets/javascripts/catalog.js").split("=", 1)[1].strip().rstrip(";"))
    docs = {d["u"]: d for d in index["docs"]}
    for exp in catalog["experiences"]:
        doc = docs[exp["url"]]
        assert doc["t"] == exp["title"] and doc["k"] == "e" and doc["m"]["team"] == exp["team"]
        headings = [s[1] for s in doc["s"]]
        assert "实施过程" in headings and any(len(s[2]) > 100 for s in doc["s"])
    bodies = " ".join(s[2] for d in index["docs"] for s in d["s"])
    assert re.search(r"[\u4e00-\u9fff]{20}", bodies) and "\u200b" not in bodies  # whole text, not jieba's words
    assert not (site / "search/search_index.json").exists()  # Material's index is no longer written


def test_stage_references_no_external_url(stage5):
    stage, _config, _hook = stage5
    assert _external_references(stage.site_dir) == []


# ---------------------------------------------------------------- configuration from showcase.yml


def test_site_name_and_event_come_from_showcase_yml(stage5):
    stage, config, _hook = stage5
    home = read(stage.site_dir, "index.html")
    assert config.site_name == "2025年江苏省质量信得过班组建设典型经验"
    assert "<title>2025年江苏省质量信得过班组建设典型经验</title>" in home
    assert "测试交流会" in home and "2025年8月20日" in home and "江苏·南京" in home
    assert "© 2025 江苏省质量管理协会" in home


def test_logo_and_colours_come_from_showcase_yml(stage5):
    home = read(stage5[0].site_dir, "index.html")
    assert '<img src="assets/logo.png"' in home and '<link rel="icon" href="assets/logo.png">' in home
    assert 'data-md-color-primary="teal"' in home and 'data-md-color-accent="amber"' in home


def test_home_shows_numbers_at_a_glance_from_the_catalog(stage5):
    stage, _config, _hook = stage5
    home = read(stage.site_dir, "index.html")
    values = re.findall(r'sc-number__value">(\d+)<', home)
    # 5 experiences, 3 industries, methods used by 5 fake experiences, 3 recommenders
    used_methods = {m for n in range(1, 6) for m in fake_experience(n)["method_ids"]}
    assert values == ["5", "3", str(len(used_methods)), "3"]


def test_icp_number_links_to_beian_only_when_configured(stage5, stage40):
    with_icp = read(stage5[0].site_dir, "index.html")
    assert re.search(r'<a href="https://beian\.miit\.gov\.cn/"[^>]*>苏ICP备12345678号-1</a>', with_icp)
    assert "beian.miit.gov.cn" not in read(stage40.site_dir, "index.html")


def test_no_google_fonts_or_generator_link(stage5):
    home = read(stage5[0].site_dir, "index.html")
    assert "fonts.googleapis" not in home and "squidfunk.github.io" not in home
    assert "iframe-worker-shim.js" in home  # search from file:// without unpkg


# ---------------------------------------------------------------- event order


def test_event_order_links_matching_titles_despite_whitespace(stage5):
    stage, _config, _hook = stage5
    home = read(stage.site_dir, "index.html")
    order = home[home.index('class="sc-order__list"') :]
    first = re.search(r'<a class="sc-order__title" href="([^"]+)">([^<]+)</a>', order)
    assert first and first.group(1) == "experiences/2025-003/"


def test_unknown_event_title_is_listed_unlinked_and_warned_not_failed(stage5):
    stage, _config, found = stage5  # the strict build succeeded although a title is unknown
    home = read(stage.site_dir, "index.html")
    assert '<span class="sc-order__title">一项不存在的经验</span>' in home
    warnings = [f for f in found if f.code == "EVENT_TITLE_UNMATCHED"]
    assert len(warnings) == 1 and warnings[0].severity is Severity.WARNING
    assert "一项不存在的经验" in warnings[0].message and warnings[0].file.endswith("event.yml")


# ---------------------------------------------------------------- experience pages


def test_experience_page_shows_header_chips_metrics_and_related(stage5):
    stage, _config, _hook = stage5
    html = read(stage.site_dir, "experiences/2025-001/index.html")
    exp = fake_experience(1)
    assert re.search(rf'<h1 class="sc-exp-title"[^>]*>{re.escape(exp["title"])}</h1>', html)
    assert f'href="../../industries/{exp["industry_code"]}/"' in html
    assert f'href="../../methods/{exp["method_ids"][0]}/"' in html
    assert "96.5" in html and "产品/服务满意度" in html and "班组人数" in html
    related = html[html.index('class="sc-related"') :]
    for slug in re.findall(r'href="\.\./\.\./experiences/([^/]+)/"', related):
        other = next(fake_experience(n) for n in range(1, 6) if fake_experience(n)["slug"] == slug)
        assert set(other["method_ids"]) & set(exp["method_ids"]) or other["industry_code"] == exp["industry_code"]


def test_document_text_never_becomes_live_html(stage5):
    stage, _config, _hook = stage5
    html = read(stage.site_dir, "experiences/2025-002/index.html")
    assert "<img src=x" not in html and "<b>粗体</b>" not in html
    assert "&lt;img src=x onerror=" in html and "&lt;b&gt;粗体&lt;/b&gt;" in html
    parsed = links(html)
    assert parsed.meta["og:title"] == HOSTILE_TITLE  # inert attribute text, shown as written
    home = read(stage.site_dir, "index.html")
    assert "<img src=x" not in home and "&lt;img src=x" in home
    related_pages = [read(stage.site_dir, f"experiences/2025-00{n}/index.html") for n in (1, 3, 4, 5)]
    assert all("<b>粗体</b>" not in page for page in related_pages)


def test_experiences_stay_out_of_the_navigation(stage5):
    html = read(stage5[0].site_dir, "experiences/2025-001/index.html")
    nav = html[html.index('class="md-nav md-nav--primary"') : html.index("</nav>")]
    assert "2025-00" not in nav


def test_experience_page_size_does_not_grow_with_the_number_of_experiences(plain5, stage40):
    # Same page content and settings in both stages; only the site around the page grows 8x.
    small = (plain5.site_dir / "experiences/2025-004/index.html").stat().st_size
    large = (stage40.site_dir / "experiences/2025-004/index.html").stat().st_size
    assert large / small < 1.1


# ---------------------------------------------------------------- published files


def test_catalog_script_lists_every_experience_with_its_built_url(stage40):
    text = read(stage40.site_dir, "assets/javascripts/catalog.js")
    assert text.startswith("window.SHOWCASE_CATALOG = ")
    data = json.loads(text[len("window.SHOWCASE_CATALOG = ") :].rstrip().rstrip(";"))
    assert [e["slug"] for e in data["experiences"]] == [f"2025-{n:03d}" for n in range(1, 41)]
    assert all((stage40.site_dir / e["url"] / "index.html").exists() for e in data["experiences"])
    assert {i["code"]: i["url"] for i in data["industries"]}["C"] == "industries/C/"


def test_catalog_script_cannot_close_a_script_element(stage5):
    text = read(stage5[0].site_dir, "assets/javascripts/catalog.js")
    assert "</" not in text and "<\\/b>" in text


def test_generated_data_and_event_order_are_not_published(stage5):
    site = stage5[0].site_dir
    assert not (site / "_generated").exists() and not (site / "event.yml").exists()


def test_offline_build_links_to_html_files(tmp_path):
    stage = make_stage(tmp_path, 3, order=[fake_experience(2)["title"]])
    build(stage, config_overrides={"use_directory_urls": False})
    home = read(stage.site_dir, "index.html")
    assert 'href="experiences/2025-002/index.html"' in home
    page = read(stage.site_dir, "experiences/2025-001/index.html")
    assert re.search(r'href="\.\./\.\./industries/[A-Z]\.html"', page)
    assert '"url":"experiences/2025-001/index.html"' in read(stage.site_dir, "assets/javascripts/catalog.js")


# ---------------------------------------------------------------- plugin helpers (no build)


def test_titles_match_after_nfkc_quotes_and_whitespace():
    assert title_key("运用“ＱＣ” 小组\u3000活动的实践") == title_key('运用"QC"小组活动的实践')


def test_event_order_accepts_plain_titles_and_mappings_and_skips_the_rest():
    entries, found = parse_event_order(
        {"order": ["甲", {"title": "乙", "time": "9:30"}, {"time": "10:00"}, None]}, "event.yml"
    )
    assert entries == [EventEntry("甲"), EventEntry("乙", "9:30")]
    assert [f.code for f in found] == ["EVENT_ORDER_ENTRY", "EVENT_ORDER_ENTRY"]
    assert "第 3 项" in found[0].message and found[0].file == "event.yml"


def test_event_order_that_is_not_a_list_is_a_warning():
    entries, found = parse_event_order({"order": "甲"}, "event.yml")
    assert entries == [] and found[0].code == "EVENT_ORDER_INVALID"


def test_broken_catalog_becomes_a_finding_naming_the_file(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text("{not json", encoding="utf-8")
    catalog, found = read_catalog(path)
    assert catalog.experiences == () and found[0].code == "SITE_CATALOG_INVALID"
    assert str(path) in found[0].message


def test_missing_catalog_tells_to_run_the_converter(tmp_path):
    _catalog, found = read_catalog(tmp_path / "none.json")
    assert found[0].severity is Severity.WARNING and "showcase convert" in found[0].message


def test_catalog_entries_that_are_not_objects_are_dropped(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"experiences": [{"slug": "a"}, "x"], "industries": 3}), encoding="utf-8")
    catalog, found = read_catalog(path)
    assert catalog.experiences == (CatalogExperience(slug="a"),) and catalog.industries == ()
    assert {f.code for f in found} == {"SITE_CATALOG_ENTRY", "SITE_CATALOG_INVALID"}


def test_related_experiences_prefer_shared_methods_and_stop_at_the_limit():
    exps = [catalog_entry(fake_experience(n)) for n in range(1, 31)]
    related = related_experiences("2025-001", exps, limit=6)
    assert len(related) == 6 and all(r.experience.slug != "2025-001" for r in related)
    mine = set(exps[0].method_ids)
    shared = [len(mine & set(r.experience.method_ids)) for r in related]
    assert shared == sorted(shared, reverse=True) and shared[0] >= 1


def test_unknown_slug_has_no_related_experiences():
    assert related_experiences("nope", [catalog_entry(fake_experience(1))]) == []


def test_event_date_is_written_the_chinese_way():
    import datetime

    assert format_date(datetime.date(2025, 8, 20)) == "2025年8月20日"
    assert format_date("2025-08-05") == "2025年8月5日"
    assert format_date("八月下旬") == "八月下旬"
