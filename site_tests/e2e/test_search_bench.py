"""bench/search_recall.py: its queries come from the pages, and it measures the search the site ships."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import browser

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import search_recall  # noqa: E402


@pytest.fixture(scope="module")
def pages(built_site):
    return search_recall.experience_pages(Path(built_site.site_dir))


def test_pages_are_read_from_the_built_html_without_charts_or_permalinks(pages, built_site):
    catalog = (Path(built_site.site_dir) / "assets/javascripts/catalog.js").read_text(encoding="utf-8")
    experiences = json.loads(catalog[catalog.index("=") + 1 :].strip().rstrip(";"))["experiences"]
    assert sorted(p.url for p in pages) == sorted(e["url"] for e in experiences)
    for page in pages:
        assert page.title and page.title in page.text and page.team in page.text
        assert "¶" not in page.text and "<svg" not in page.text


def test_fragments_are_han_substrings_of_their_page_and_reproducible(pages):
    queries = search_recall.sample_fragments(pages, 300, seed=3)
    assert queries == search_recall.sample_fragments(pages, 300, seed=3)
    text = {p.url: p.text for p in pages}
    lengths = set()
    for q in queries:
        (url,) = q.targets
        assert q.text in text[url] and search_recall.HAN.fullmatch(q.text)
        lengths.add(len(q.text))
    assert lengths == {2, 3, 4, 5, 6}


def test_block_boundaries_are_not_joined_into_one_fragment(tmp_path):
    page = tmp_path / "experiences" / "x"
    page.mkdir(parents=True)
    (page / "index.html").write_text(
        '<html><body><div class="sc-experience"><h1 class="sc-exp-title">标题</h1>'
        "<table><tr><td>实施前</td><td>实施后</td></tr></table></div></body></html>",
        encoding="utf-8",
    )
    (only,) = search_recall.experience_pages(tmp_path)
    assert "实施前 实施后" in only.text and "前实" not in only.text


def test_bigram_variant_adds_every_han_bigram_as_a_word(tmp_path):
    source = tmp_path / "search_index.json"
    source.write_text(json.dumps({"config": {}, "docs": [{"location": "a/", "title": "t", "text": "零\u200b部件 ok"}]}), encoding="utf-8")
    search_recall.bigram_index(source, tmp_path / "out.json")
    text = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["docs"][0]["text"]
    assert text.startswith("零\u200b部件 ok") and "\u200b零部\u200b部件\u200b" in text


@pytest.mark.browser
@pytest.mark.skipif(not browser.chromium_available(), reason="需要 /usr/bin/chromium（Debian 的 chromium 包）")
def test_benchmark_runs_our_search_and_reports_full_recall(built_site, capsys, tmp_path):
    out = tmp_path / "result.json"
    code = search_recall.main(["--site", str(built_site.site_dir), "--queries", "60", "--no-baseline", "--json", str(out)])
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))["ours"]
    assert result["queries"] == 60 and result["recall"] == 1.0 and result["mrr_title"] == 1.0
    assert result["index"]["gzip"] < result["index"]["raw"]
    assert "(c) 本站子串搜索 | 1.000" in capsys.readouterr().out
