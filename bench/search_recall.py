"""Search recall benchmark: does a Chinese fragment typed by a reader find the page it comes from?

    .venv/bin/python bench/search_recall.py --content DIR [--work DIR] [--queries 600] [--seed 7]
    .venv/bin/python bench/search_recall.py --site SITE [--baseline-site SITE]

--content is a converted docs dir (``showcase build --inbox … --content DIR``, e.g. of bench/gen.py's
synthetic inbox); its hand-written pages and assets are refreshed from the repository's content/ (as
``showcase build`` does), then it is built twice into --work: with our search (as the site ships)
and with Material's search indexing the pages as it did before (the baseline: lunr + jieba and the
user dictionary converters/data/search_terms.txt). --site / --baseline-site reuse such builds.

Compared, on the same queries:
(a) Material's search as is: its own worker (lunr), fed search/search_index.json, queried with the
    text as typed, exactly as its search box does;
(b) the same worker fed an index whose text also carries every Han bigram as a word (an n-gram
    field, short of forking Material's worker), so fragments become prefix-matchable words;
(c) ours: search/index.js queried through window.ShowcaseSearch (assets/javascripts/search.js),
    the code the search box runs.
All three run in headless Chromium (/usr/bin/chromium) over http on 127.0.0.1.

Queries: ``--queries`` random Han substrings of 2–6 characters from the experience pages as built
(title, byline, chips and the body of the page; the metrics card, chart SVGs and permalinks left
out), sampled uniformly over (page, length, position) with a fixed seed. A query is found when its
page is anywhere in the results (recall) or on the first 20 (recall@20, one screen of results).
MRR is measured for every experience's exact title and for every team name.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from converters.outputs.chromium import launch, serve_directory  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
MIN_LEN, MAX_LEN = 2, 6
PAGE_OF_RESULTS = 20
FIRST_QUERY = "合格率"
OURS_INDEX = "search/index.js"
MATERIAL_INDEX = "search/search_index.json"
BIGRAM_INDEX = "search/search_index_bigrams.json"


# ---------------------------------------------------------------- the pages and the queries


@dataclass(frozen=True)
class Page:
    url: str  # relative to the site root, as the search results give it
    title: str
    team: str
    text: str  # everything sampled from: title, byline, chips, body


@dataclass(frozen=True)
class Query:
    text: str
    targets: tuple[str, ...]  # page URLs that count as the right answer
    kind: str  # "fragment", "title" or "team"


# Where a browser's innerText would break the line: words on both sides are not one string.
_BLOCK_TAGS = {"p", "div", "li", "dt", "dd", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "figcaption", "caption", "br", "header", "section", "aside", "blockquote", "pre", "dl", "ul", "ol"}


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip() if el is not None else ""


def _separate_blocks(root) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.text = " " + (el.text or "")
            el.tail = " " + (el.tail or "")


def experience_pages(site: Path) -> list[Page]:
    """The experience pages of a built (hosted) site, read from their HTML."""
    import lxml.html

    pages = []
    for path in sorted((site / "experiences").glob("*/index.html")):
        root = lxml.html.document_fromstring(path.read_text(encoding="utf-8"))
        body = root.find_class("sc-experience")
        if not body:
            continue
        body = body[0]
        for el in body.xpath(".//script|.//style|.//*[local-name()='svg']|.//a[contains(@class,'headerlink')]"
                             "|.//*[contains(@class,'sc-metrics')]|.//*[contains(@class,'sc-exp-kicker')]"
                             # what the index leaves out (contents, buttons, results); the title is indexed as such.
                             # Material strips data-search-exclude="…" from the page, so the table hint goes by class.
                             "|.//*[@data-search-exclude and not(contains(@class,'sc-exp-title'))]"
                             "|.//*[contains(@class,'sc-table__hint')]"):
            el.drop_tree()
        title = _text(next(iter(body.find_class("sc-exp-title")), None))
        team = _text(next(iter(body.find_class("sc-exp-team")), None))
        _separate_blocks(body)
        url = path.parent.relative_to(site).as_posix() + "/"
        pages.append(Page(url, title, team, _text(body)))
    return pages


def sample_fragments(pages: list[Page], count: int, seed: int) -> list[Query]:
    """Han substrings of 2–6 characters, uniform over page, then length, then position."""
    rng = random.Random(seed)
    runs = {p.url: HAN.findall(p.text) for p in pages}
    queries: list[Query] = []
    while len(queries) < count:
        page = rng.choice(pages)
        length = rng.randint(MIN_LEN, MAX_LEN)
        spots = [(run, len(run) - length + 1) for run in runs[page.url] if len(run) >= length]
        if not spots:
            continue
        pick = rng.randrange(sum(n for _run, n in spots))
        for run, n in spots:
            if pick < n:
                queries.append(Query(run[pick : pick + length], (page.url,), "fragment"))
                break
            pick -= n
    return queries


def exact_queries(pages: list[Page]) -> list[Query]:
    """Every title (its own page is the answer) and every team (any page of that team)."""
    by_team: dict[str, list[str]] = {}
    for p in pages:
        if p.team:
            by_team.setdefault(p.team, []).append(p.url)
    return [Query(p.title, (p.url,), "title") for p in pages if p.title] + [
        Query(team, tuple(urls), "team") for team, urls in sorted(by_team.items())
    ]


# ---------------------------------------------------------------- builds


def build(content: Path, site: Path, *, material_index: bool) -> None:
    """mkdocs build of `content`; material_index=True builds the baseline (Material's own index)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    overrides: dict = {"docs_dir": str(content), "site_dir": str(site)}
    if material_index:
        terms = REPO / "converters" / "data" / "search_terms.txt"
        overrides["plugins"] = [
            {"search": {"jieba_dict_user": str(terms)}} if terms.exists() else "search",
            {"showcase": {"material_search_index": True}},  # let Material index the pages and keep its index
        ]
    config = load_config(str(REPO / "mkdocs.yml"), **overrides)
    mkdocs_build(config)


def bigram_index(source: Path, target: Path) -> None:
    """Material's index with each Han run's bigrams appended to the text as words."""
    data = json.loads(source.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        plain = doc.get("text", "").replace("\u200b", "")
        grams = [run[i : i + 2] for run in HAN.findall(plain) for i in range(len(run) - 1)]
        if grams:
            doc["text"] = doc.get("text", "") + " \u200b" + "\u200b".join(grams) + "\u200b"
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def sizes(path: Path) -> dict:
    """Raw and gzip bytes of an index file, or of every file of a sharded index (its folder)."""
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    data = [p.read_bytes() for p in files]
    return {"raw": sum(map(len, data)), "gzip": sum(len(gzip.compress(d, 6)) for d in data)}


# ---------------------------------------------------------------- Chromium


def serve(root: Path):
    return serve_directory(root)


def chromium():
    return launch(CHROMIUM)


_OURS_JS = """async (queries) => {
  const t0 = performance.now();
  await ShowcaseSearch.load();
  const loadMs = performance.now() - t0;
  const out = [];
  for (const q of queries) {
    const t = performance.now();
    const results = await ShowcaseSearch.query(q.text);
    const ms = performance.now() - t;
    const rank = results.findIndex(r => q.targets.includes(r.url)) + 1;
    out.push({rank, total: results.length, ms});
  }
  return {loadMs, out};
}"""

_MATERIAL_JS = """async ({worker, index, queries}) => {
  const t0 = performance.now();
  const data = await (await fetch(index)).json();
  const w = new Worker(worker);
  const next = () => new Promise(res => w.addEventListener('message', e => res(e.data), {once: true}));
  w.postMessage({type: 0, data: {config: data.config, docs: data.docs, options: {suggest: false}}});
  await next();
  const loadMs = performance.now() - t0;
  const out = [];
  for (const q of queries) {
    const t = performance.now();
    w.postMessage({type: 2, data: q.text});
    const msg = await next();
    const ms = performance.now() - t;
    const urls = (msg.data.items || []).map(group => group[0].location.split('#')[0]);
    const rank = urls.findIndex(u => q.targets.includes(u)) + 1;
    out.push({rank, total: urls.length, ms});
  }
  w.terminate();
  return {loadMs, out};
}"""


def run_ours(browser, site: Path, queries: list[Query]) -> dict:
    with serve(site) as base:
        page = browser.new_page()
        try:
            page.goto(base)
            return page.evaluate(_OURS_JS, [asdict(q) | {"targets": list(q.targets)} for q in queries])
        finally:
            page.close()


def run_material(browser, site: Path, index_rel: str, queries: list[Query]) -> dict:
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    with serve(site) as base:
        page = browser.new_page()
        try:
            page.goto(base)
            return page.evaluate(_MATERIAL_JS, {
                "worker": base + worker.relative_to(site).as_posix(),
                "index": base + index_rel,
                "queries": [asdict(q) | {"targets": list(q.targets)} for q in queries],
            })
        finally:
            page.close()


def first_search_ours(browser, site: Path, tries: int = 3) -> dict:
    """Fresh page, type FIRST_QUERY into the search box, wait for the first result (as bench/run.py)."""
    seconds = []
    with serve(site) as base:
        for _ in range(tries):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            try:
                page.goto(base, wait_until="load")
                page.locator("input.md-search__input").click()
                start = time.perf_counter()
                page.keyboard.insert_text(FIRST_QUERY)
                page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
                seconds.append(time.perf_counter() - start)
            finally:
                context.close()
    return {"seconds": statistics.median(seconds), "tries": seconds}


# ---------------------------------------------------------------- figures


def summarise(queries: list[Query], run: dict) -> dict:
    rows = list(zip(queries, run["out"]))
    fragments = [(q, r) for q, r in rows if q.kind == "fragment"]

    def recall(items, limit=None) -> float:
        if not items:
            return 0.0
        return sum(1 for _q, r in items if r["rank"] and (limit is None or r["rank"] <= limit)) / len(items)

    def mrr(kind: str) -> float:
        items = [r for q, r in rows if q.kind == kind]
        return sum(1 / r["rank"] for r in items if r["rank"]) / len(items) if items else 0.0

    by_length = {
        n: round(recall([(q, r) for q, r in fragments if len(q.text) == n]), 3) for n in range(MIN_LEN, MAX_LEN + 1)
    }
    misses = [q.text for q, r in fragments if not r["rank"]]
    times = [r["ms"] for _q, r in rows]
    return {
        "queries": len(fragments),
        "recall": round(recall(fragments), 4),
        "recall_at_20": round(recall(fragments, PAGE_OF_RESULTS), 4),
        "recall_by_length": by_length,
        "mrr_title": round(mrr("title"), 4),
        "mrr_team": round(mrr("team"), 4),
        "median_results": statistics.median(r["total"] for _q, r in fragments) if fragments else 0,
        "load_ms": round(run["loadMs"]),
        "query_ms_median": round(statistics.median(times), 2) if times else 0,
        "query_ms_max": round(max(times), 1) if times else 0,
        "misses": misses[:15],
    }


def _kb(n: int) -> str:
    return f"{n / 1024 / 1024:.2f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def report(results: dict) -> str:
    lines = [
        f"搜索召回基准：{results['pages']} 个经验页面，{results['fragments']} 个随机片段（{MIN_LEN}–{MAX_LEN} 个汉字，种子 {results['seed']}），"
        f"{results['titles']} 个标题、{results['teams']} 个班组名称",
        "",
        "| 方案 | 召回率 | 前 20 条召回率 | 按长度 2/3/4/5/6 字 | 标题 MRR | 班组 MRR | 结果数中位 | 索引（原始 / gzip） | 载入索引 | 单次查询中位 / 最长 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    names = {"material": "(a) Material 搜索（lunr + jieba）", "bigrams": "(b) Material + 二元组字段",
             "ours": "(c) 本站子串搜索"}
    for key in ("material", "bigrams", "ours"):
        r = results.get(key)
        if not r:
            continue
        lengths = "/".join(f"{v:.2f}" for v in r["recall_by_length"].values())
        lines.append(
            f"| {names[key]} | {r['recall']:.3f} | {r['recall_at_20']:.3f} | {lengths} | {r['mrr_title']:.3f} | "
            f"{r['mrr_team']:.3f} | {r['median_results']:g} | {_kb(r['index']['raw'])} / {_kb(r['index']['gzip'])} | "
            f"{r['load_ms'] / 1000:.2f} s | {r['query_ms_median']:.1f} / {r['query_ms_max']:.0f} ms |"
        )
    first = results.get("first_search")
    if first:
        lines += ["", f"本站搜索框首次搜索“{FIRST_QUERY}”（首页打开后输入到出现结果，{len(first['tries'])} 次中位）：{first['seconds']:.2f} s"]
    for key in ("material", "bigrams", "ours"):
        r = results.get(key)
        if r and r["misses"]:
            lines.append(f"{names[key]} 未找到的片段举例：" + "、".join(r["misses"]))
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="中文片段搜索的召回率基准（本站搜索与 Material 搜索对比）")
    ap.add_argument("--content", type=Path, help="已转换的 docs 目录（showcase build --content 的输出）")
    ap.add_argument("--work", type=Path, default=Path("/tmp/showcase-search-bench"), help="构建输出目录")
    ap.add_argument("--site", type=Path, help="已构建的本站网站（代替 --content）")
    ap.add_argument("--baseline-site", type=Path, help="已构建的基线网站（Material 索引，代替 --content）")
    ap.add_argument("--queries", type=int, default=600, help="随机片段数（默认 600）")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-baseline", action="store_true", help="只测本站搜索")
    ap.add_argument("--no-bigrams", action="store_true", help="不测 (b) 二元组变体")
    ap.add_argument("--json", type=Path, help="结果另存为 JSON")
    args = ap.parse_args(argv)

    site, baseline = args.site, args.baseline_site
    if args.content:
        from converters.cli import stage_hand_written

        stage_hand_written(REPO / "content", args.content)
        site = args.work / "ours"
        build(args.content, site, material_index=False)
        if not args.no_baseline:
            baseline = args.work / "baseline"
            build(args.content, baseline, material_index=True)
    if site is None or not (site / OURS_INDEX).exists():
        print(f"错误：没有可测的网站（需要 --content，或含 {OURS_INDEX} 的 --site）", file=sys.stderr)
        return 2
    pages = experience_pages(site)
    if not pages:
        print(f"错误：{site} 中没有经验页面", file=sys.stderr)
        return 2
    fragments = sample_fragments(pages, args.queries, args.seed)
    exact = exact_queries(pages)
    queries = fragments + exact
    results: dict = {"pages": len(pages), "fragments": len(fragments), "seed": args.seed,
                     "titles": sum(q.kind == "title" for q in exact), "teams": sum(q.kind == "team" for q in exact)}

    with chromium() as browser:
        results["ours"] = summarise(queries, run_ours(browser, site, queries)) | {"index": sizes((site / OURS_INDEX).parent)}
        results["first_search"] = first_search_ours(browser, site)
        if baseline is not None and not args.no_baseline and (baseline / MATERIAL_INDEX).exists():
            results["material"] = summarise(queries, run_material(browser, baseline, MATERIAL_INDEX, queries)) | {
                "index": sizes(baseline / MATERIAL_INDEX)}
            if not args.no_bigrams:
                bigram_index(baseline / MATERIAL_INDEX, baseline / BIGRAM_INDEX)
                results["bigrams"] = summarise(queries, run_material(browser, baseline, BIGRAM_INDEX, queries)) | {
                    "index": sizes(baseline / BIGRAM_INDEX)}
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
