"""Sharded search at archive scale: what the first search costs a cold browser, and whether its
results are those of the whole (unsharded) index.

    .venv/bin/python bench/search_scale.py [--sizes 200,1000,2000,10000] [--queries 200] [--work DIR]

The samples are built once (``showcase build`` of samples/); for each N the site is copied and its
search index replaced by one of N synthetic experiences (render/search_shards.py, as the build
writes it) plus the samples' other pages. The experiences are made cheaply, with no Word file:
their sentences, titles, teams and organisations are the samples' own, recombined at random
(about 6,000 characters each, as bench/gen.py's experiences). For each N, in headless Chromium
(/usr/bin/chromium) over http on 127.0.0.1:
- first search: a fresh browser context opens the home page, types 合格率 into the search box and
  waits for the first screen of results; bytes of every file fetched until then (gzip -6, as a
  server would send them; the page included) and the time from typing to the first result;
- agreement with the whole index, on random 1–6 character fragments of the pages, multi-term
  queries and exact titles: both engines in the same page, search.js's scoring in both;
  "identical" compares every result and its order, "recall" counts the whole index's results
  that the sharded search also returns.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from converters.outputs.chromium import launch, serve_directory  # noqa: E402
from converters.render.search_index import Entry, Section, index_data  # noqa: E402
from converters.render.search_shards import ordered, script_json, write_shards  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FIRST_QUERY = "合格率"
SIZES = (200, 1000, 2000, 10000)
TARGET_BYTES = 300 * 1024
TARGET_SECONDS = 1.0
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
PLACES = ["江宁", "浦口", "吴江", "昆山", "常熟", "宜兴", "江阴", "溧阳", "海门", "如皋", "泰兴", "丹阳",
          "句容", "高邮", "仪征", "东台", "邳州", "新沂", "沭阳", "盱眙", "建湖", "滨海", "射阳", "阜宁"]
REFERENCE = "_bench/reference.js"
_COMPRESSED = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".woff", ".woff2", ".gz", ".zip"}


# ---------------------------------------------------------------- synthetic entries


def read_entries(site: Path) -> list[Entry]:
    """The entries of a built site's sharded index (search/d/<id>.js), in index order."""
    out = []
    for path in sorted((site / "search" / "d").glob("*.js"), key=lambda p: int(p.stem)):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index(",") + 1 : text.rindex(")")])
        sections = tuple(Section(*s) for s in data["s"])
        out.append(Entry(data["u"], data["t"], data["k"], data.get("m") or {}, sections))
    return out


class Pool:
    """The samples' sentences and names, to recombine."""

    def __init__(self, experiences: list[Entry]) -> None:
        self.experiences = experiences
        self.sentences = [s for e in experiences for sec in e.sections[1:] for s in re.findall(r"[^。！？]+[。！？]?", sec.text)
                          if len(s) >= 8]
        self.titles = [e.title for e in experiences]
        self.metas = [e.meta for e in experiences]

    def text(self, rng: random.Random, length: int) -> str:
        parts, size = [], 0
        while size < length:
            parts.append(rng.choice(self.sentences))
            size += len(parts[-1])
        return "".join(parts)


def synthetic_entry(pool: Pool, number: int, rng: random.Random) -> Entry:
    model = rng.choice(pool.experiences)
    a, b = rng.choice(pool.titles), rng.choice(pool.titles)
    title = a[: len(a) // 2] + b[len(b) // 2 :]
    meta = dict(rng.choice(pool.metas))
    place = rng.choice(PLACES)
    meta["team"] = place + str(meta.get("team") or "质量班组")
    meta["org"] = place + str(meta.get("org") or "示例公司")[2:]
    meta["year"] = f"{rng.randint(2016, 2025)}年"
    meta["ind"] = str(rng.choice(pool.metas).get("ind") or "")
    total = rng.randint(3000, 9000)
    heads = model.sections[1:] or (Section("正文", "正文", ""),)
    sections = [Section("", "", " · ".join(v for v in (meta["org"], meta["team"], meta.get("methods", "")) if v))]
    sections += [Section(s.anchor, s.heading, pool.text(rng, total // len(heads))) for s in heads]
    return Entry(f"experiences/s{number:05d}/", title, "e", {k: v for k, v in meta.items() if v}, tuple(sections))


def synthetic_index(base: list[Entry], n: int, seed: int = 7) -> list[Entry]:
    """N synthetic experiences, then the base site's other pages."""
    rng = random.Random(seed)
    pool = Pool([e for e in base if e.kind == "e"])
    return [synthetic_entry(pool, i, rng) for i in range(n)] + [e for e in base if e.kind != "e"]


# ---------------------------------------------------------------- site per N


def samples_site(work: Path) -> Path:
    site = work / "samples-site"
    if not (site / "search" / "index.js").exists():
        from converters.cli import main

        code = main(["--config", str(REPO / "showcase.yml"), "build", "--inbox", str(REPO / "samples"),
                     "--content", str(work / "samples-content"), "--site", str(site),
                     "--report", str(work / "samples-report.json")])
        if code != 0:
            raise SystemExit(f"错误：样例网站构建失败（退出码 {code}）")
    return site


def site_for(base_site: Path, entries: list[Entry], target: Path) -> dict:
    """A copy of the base site with the sharded index of `entries`, and the whole index beside it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(base_site, target, ignore=shutil.ignore_patterns("search"))
    shutil.copytree(REPO / "content" / "assets", target / "assets", dirs_exist_ok=True)  # this checkout's search.js
    start = time.perf_counter()
    write_shards(target / "search", entries, "__showcaseSearchIndex")
    seconds = time.perf_counter() - start
    (target / REFERENCE).parent.mkdir(parents=True, exist_ok=True)
    (target / REFERENCE).write_text(f"window.__benchWhole = {script_json(index_data(entries))};\n", encoding="utf-8")
    files = [p for p in (target / "search").rglob("*") if p.is_file()]
    return {"write_s": seconds, "files": len(files), "raw": sum(p.stat().st_size for p in files),
            "whole_gzip": transfer_size(target / REFERENCE)}


# ---------------------------------------------------------------- measuring


def transfer_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in _COMPRESSED else len(gzip.compress(data, 6, mtime=0))


def local_path(site: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    rel = url[len(base):].split("?")[0].split("#")[0]
    path = site / rel
    if rel == "" or rel.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def first_search(browser, site: Path, base: str, query: str = FIRST_QUERY) -> dict:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(base, wait_until="load")
        page.locator("label.md-header__button[for='__search']").click()
        start = time.perf_counter()
        page.keyboard.insert_text(query)
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
        first = time.perf_counter() - start
        page.wait_for_function("q => document.getElementById('sc-search-list').getAttribute('data-query') === q",
                               arg=query, timeout=60_000)
        files = [p for u in sorted(set(requested)) if (p := local_path(site, base, u))]
    finally:
        context.close()
    search = [p for p in files if "search" in p.relative_to(site).as_posix()]
    return {"seconds": first, "bytes": sum(transfer_size(p) for p in files), "requests": len(files),
            "search_bytes": sum(transfer_size(p) for p in search), "search_files": len(search)}


def sample_queries(entries: list[Entry], count: int, seed: int) -> list[str]:
    """Han fragments of 1–6 characters of the experiences' text, a few two-term queries, titles."""
    rng = random.Random(seed)
    runs = [r for e in entries if e.kind == "e" for s in e.sections for r in HAN.findall(s.text) if len(r) >= 6]
    out = []
    for _ in range(count):
        run, length = rng.choice(runs), rng.randint(1, 6)
        at = rng.randrange(len(run) - length + 1)
        out.append(run[at : at + length])
    out += [f"{rng.choice(runs)[:2]} {rng.choice(runs)[:3]}" for _ in range(count // 10)]
    experiences = [e for e in entries if e.kind == "e"]
    out += [e.title for e in rng.sample(experiences, min(len(experiences), max(1, count // 10)))]
    return out


_COMPARE_JS = """async (queries) => {
  const sharded = await ShowcaseSearch.load();
  await new Promise((ok, no) => { const s = document.createElement('script'); s.src = '""" + REFERENCE + """';
    s.onload = ok; s.onerror = no; document.head.appendChild(s); });
  const whole = new ShowcaseSearch.WholeIndex(ShowcaseSearch.prepare(window.__benchWhole));
  window.__benchWhole = null;
  const key = r => r.doc.url + ' ' + r.score + ' ' + r.hits;
  const out = [];
  for (const q of queries) {
    const a = (await (await sharded.session(q)).take(Infinity)).map(key);
    const b = (await (await whole.session(q)).take(Infinity)).map(key);
    const ref = new Set(b);
    out.push({same: a.join('|') === b.join('|'), found: a.filter(x => ref.has(x)).length, expected: b.length});
  }
  return out;
}"""


def agreement(browser, base: str, queries: list[str]) -> dict:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base, wait_until="load")
        out = page.evaluate(_COMPARE_JS, queries)
    finally:
        context.close()
    expected = sum(r["expected"] for r in out)
    return {"queries": len(out), "identical": sum(r["same"] for r in out) / len(out),
            "recall": sum(r["found"] for r in out) / expected if expected else 1.0}


# ---------------------------------------------------------------- report


def kb(n: float) -> str:
    return f"{n / 1024 / 1024:.2f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def report(rows: list[dict]) -> str:
    lines = [
        "| N | 索引文件数 / 原始大小 | 整体索引 gzip（对照） | 写出分片 | 首次搜索下载量（gzip，含页面） | 其中搜索 | 输入到首条结果 | 与整体索引结果相同 | 召回率 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        f, a = r["first"], r["agreement"]
        lines.append(
            f"| {r['n']:,} | {r['index']['files']:,} / {kb(r['index']['raw'])} | {kb(r['index']['whole_gzip'])} | "
            f"{r['index']['write_s']:.1f} s | {kb(f['bytes'])}（{f['requests']} 个文件） | {kb(f['search_bytes'])}"
            f"（{f['search_files']} 个） | {f['seconds']:.2f} s | {a['identical'] * 100:.1f}%（{a['queries']} 个查询） | "
            f"{a['recall']:.4f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="分片搜索的规模基准：首次搜索下载量、用时，及与整体索引的一致性")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="经验数，逗号分隔（默认 200,1000,2000,10000）")
    ap.add_argument("--queries", type=int, default=200, help="每个 N 的随机片段查询数（默认 200）")
    ap.add_argument("--tries", type=int, default=3, help="首次搜索重复次数（取中位数）")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--first-query", default=FIRST_QUERY, help=f"首次搜索输入的词（默认 {FIRST_QUERY}）")
    ap.add_argument("--work", type=Path, default=Path("/tmp/showcase-search-scale"))
    ap.add_argument("--json", type=Path, help="结果另存为 JSON")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"错误：需要 {CHROMIUM}", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    base_site = samples_site(args.work)
    base = read_entries(base_site)
    rows = []
    with launch(CHROMIUM) as browser:
        for n in [int(x) for x in args.sizes.split(",") if x.strip()]:
            entries = ordered(synthetic_index(base, n, args.seed))
            site = args.work / f"n{n}"
            index = site_for(base_site, entries, site)
            queries = sample_queries(entries, args.queries, args.seed)
            with serve_directory(site) as url:
                tries = [first_search(browser, site, url, args.first_query) for _ in range(args.tries)]
                first = {k: statistics.median(t[k] for t in tries) for k in tries[0]}
                rows.append({"n": n, "index": index, "first": first, "agreement": agreement(browser, url, queries)})
            print(report(rows[-1:]).splitlines()[-1], file=sys.stderr)
    print(report(rows))
    ok = all(r["first"]["bytes"] <= TARGET_BYTES and r["first"]["seconds"] <= TARGET_SECONDS
             and r["agreement"]["recall"] >= 0.99 for r in rows)
    print(f"\n目标（每个 N）：首次搜索 ≤ {TARGET_BYTES // 1024} KB、≤ {TARGET_SECONDS:g} s，召回率 ≥ 0.99：{'达到' if ok else '未达到'}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
