"""The sharded search index gives exactly the whole index's results, in the same order, with the
same scores: on the samples site, on a test-made set of 300 experiences (text recombined from the
samples, bench/search_scale.py), online over http and from file:// in an offline build.

Both engines run in the same page of Debian's Chromium: the shards through ShowcaseSearch.load()
(search.js + search-shards.js, as the search box uses them), the whole index (rebuilt from the
pages' files) through search.js's own whole-index search.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import browser

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import search_scale  # noqa: E402

pytestmark = browser.BROWSER_TESTS

COMPARE_JS = """async (queries) => {
  const sharded = await ShowcaseSearch.load();
  await new Promise((ok, no) => { const s = document.createElement('script'); s.src = '_bench/reference.js';
    s.onload = ok; s.onerror = no; document.head.appendChild(s); });
  const whole = new ShowcaseSearch.WholeIndex(ShowcaseSearch.prepare(window.__benchWhole));
  const key = r => [r.doc.url, r.score, r.hits].join(' ');
  const out = [];
  for (const q of queries) {
    const a = await (await sharded.session(q)).take(Infinity);
    const b = await (await whole.session(q)).take(Infinity);
    out.push([a.map(key), b.map(key)]);
  }
  return out;
}"""


def _queries(entries, count: int = 120) -> list[str]:
    """Fragments of 1–6 characters, two-term queries, exact titles and teams, and misses."""
    found = search_scale.sample_queries(entries, count, seed=11)
    teams = sorted({e.meta["team"] for e in entries if e.meta.get("team")})[:10]
    return found + teams + ["ＰＤＣＡ", "qc", "不存在的词语组合", "合格率 班组 质量", "哈哈"]


def _with_reference(site: Path, target: Path, entries) -> Path:
    """A copy of `site` whose index holds `entries`, with the whole index at _bench/reference.js."""
    search_scale.site_for(site, entries, target)
    return target


def _compare(chromium, url: str, queries: list[str]) -> None:
    with browser.open_page(chromium) as (page, log):
        page.goto(url)
        out = page.evaluate(COMPARE_JS, queries)
        differ = [(q, a[:3], b[:3]) for q, (a, b) in zip(queries, out) if a != b]
        assert differ == [], differ[:3]
        assert sum(1 for a, _b in out if a) > len(queries) // 2  # most queries find something
        assert log.problems() == []


@pytest.fixture(scope="module")
def samples_copy(built_site, tmp_path_factory):
    site = Path(built_site.site_dir)
    entries = search_scale.read_entries(site)
    return _with_reference(site, tmp_path_factory.mktemp("shards-samples") / "site", entries), entries


@pytest.fixture(scope="module")
def larger(built_site, tmp_path_factory):
    site = Path(built_site.site_dir)
    entries = search_scale.ordered(search_scale.synthetic_index(search_scale.read_entries(site), 300, seed=5))
    return _with_reference(site, tmp_path_factory.mktemp("shards-larger") / "site", entries), entries


def test_samples_results_are_those_of_the_whole_index(chromium, samples_copy):
    site, entries = samples_copy
    titles = [e.title for e in entries]
    with browser.serve(site) as url:
        _compare(chromium, url, _queries(entries) + titles)


def test_larger_set_results_are_those_of_the_whole_index(chromium, larger):
    site, entries = larger
    with browser.serve(site) as url:
        _compare(chromium, url, _queries(entries, 150))


def test_a_query_loads_only_a_few_shards(chromium, larger):
    site, _entries = larger
    with browser.serve(site) as url, browser.open_page(chromium) as (page, log):
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(url)
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill("合格率")
        page.wait_for_function("() => document.getElementById('sc-search-list').getAttribute('data-query') === '合格率'")
        shards = [u for u in requested if "/search/" in u]
        pages = [u for u in shards if "/search/d/" in u]
        assert len(pages) <= 20 and len(shards) <= 30, shards  # of 300 pages' files and hundreds of buckets
        assert page.locator(".md-search-result__item").count() == 10  # the first screen
        assert log.problems() == []


@pytest.fixture(scope="module")
def offline_larger(built_site, tmp_path_factory):
    """An offline build (Material's offline plugin, as the export builds it) with the larger set."""
    from converters.outputs.export import offline_plugins
    from site_stage import build, make_stage

    stage = make_stage(tmp_path_factory.mktemp("shards-offline"), 2)
    build(stage, config_overrides={"plugins": offline_plugins(REPO / "mkdocs.yml")})
    entries = search_scale.ordered(
        search_scale.synthetic_index(search_scale.read_entries(Path(built_site.site_dir)), 300, seed=5)
    )
    return _with_reference(stage.site_dir, tmp_path_factory.mktemp("shards-offline-site") / "site", entries), entries


def test_results_from_file_url_are_those_of_the_whole_index(chromium, offline_larger):
    site, entries = offline_larger
    _compare(chromium, (site / "index.html").as_uri(), _queries(entries, 80))


def test_search_box_from_file_url_shows_the_whole_index_first_screen(chromium, offline_larger):
    site, entries = offline_larger
    with browser.open_page(chromium) as (page, log):
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto((site / "index.html").as_uri())
        reference = [k.split(" ")[0] for k in page.evaluate(COMPARE_JS, ["质量"])[0][1]]
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").fill("质量")
        page.wait_for_function("() => document.getElementById('sc-search-list').getAttribute('data-query') === '质量'")
        hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        shown = [unquote(urlsplit(h).path)[len(unquote(urlsplit(site.as_uri()).path)) + 1 :] for h in hrefs]
        assert shown == reference[: len(shown)] and len(shown) == 10
        assert all(u.startswith(("file:", "data:", "blob:")) for u in requested)
        assert log.problems() == []
