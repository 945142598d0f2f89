"""make compat: the sample site built with other theme/engine packages against the default build.

    python scripts/compat_compare.py 参照网站目录 其他网站目录 [...]

For each other build: the same pages, the same page text, the same search index and catalog, every
page loading in headless Chromium without console errors, failed or external requests, and the
same search results for the samples' queries. Prints a Chinese summary; exit code 1 on any
difference.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "site_tests"))

import browser  # noqa: E402  (site_tests/browser.py: Debian Chromium, local server, page log)

QUERIES = ("质量", "班组", "六西格玛", "QC", "合格率", "精益", "创新")  # each has results in the samples
SAME_BYTES = ("search/index.js", "assets/javascripts/catalog.js")
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S)
_TAG = re.compile(r"<[^>]+>")


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def article_text(path: Path) -> str:
    match = _ARTICLE.search(path.read_text(encoding="utf-8"))
    body = match.group(1) if match else ""
    return " ".join(html.unescape(_TAG.sub(" ", body)).split())


def static_differences(reference: Path, other: Path) -> list[str]:
    problems = []
    ref_pages, other_pages = pages(reference), pages(other)
    if ref_pages != other_pages:
        missing = sorted(set(ref_pages) - set(other_pages))
        extra = sorted(set(other_pages) - set(ref_pages))
        problems.append(f"页面不同：缺少 {missing[:5]}，多出 {extra[:5]}")
    for page in sorted(set(ref_pages) & set(other_pages)):
        if article_text(reference / page) != article_text(other / page):
            problems.append(f"页面正文不同：{page}")
    for name in SAME_BYTES:
        a, b = reference / name, other / name
        if not (a.is_file() and b.is_file() and a.read_bytes() == b.read_bytes()):
            problems.append(f"文件不同或缺少：{name}")
    return problems


def browse(site: Path, chromium) -> tuple[list[str], dict[str, list[str]]]:
    """Every page visited (problems found), and the result paths of each query."""
    problems: list[str] = []
    results: dict[str, list[str]] = {}
    with browser.serve(site) as base:
        with browser.open_page(chromium) as (page, log):
            # 404.html links its assets from site_url's path (/showcase/2025/…), as a host serves it for
            # any missing page; served from / here it cannot load them (test_subpath.py covers it).
            for name in (n for n in pages(site) if n != "404.html"):
                url = base + (name[: -len("index.html")] if name.endswith("index.html") else name)
                response = page.goto(url)
                page.wait_for_load_state("networkidle")
                if response is None or response.status != 200:
                    problems.append(f"{name}：HTTP {response.status if response else '无响应'}")
            problems += log.problems()
        for query in QUERIES:  # a fresh page each: no results of the previous query on screen
            with browser.open_page(chromium) as (page, log):
                page.goto(base)
                page.wait_for_load_state("networkidle")
                results[query] = [h.removeprefix(base) for h in browser.search(page, query)]
                problems += log.problems()
    return problems, results


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    sites = [Path(a) for a in argv]
    for site in sites:
        if not (site / "index.html").is_file():
            print(f"不是构建好的网站目录：{site}", file=sys.stderr)
            return 2
    reference, others = sites[0], sites[1:]
    failed = False
    with browser.launch() as chromium:
        ref_problems, ref_results = browse(reference, chromium)
        for p in ref_problems:
            print(f"{reference}：{p}")
        failed |= bool(ref_problems)
        for other in others:
            problems = static_differences(reference, other)
            more, results = browse(other, chromium)
            problems += more
            problems += [f"搜索“{q}”的结果不同：{results.get(q)} ≠ {ref_results[q]}" for q in QUERIES
                         if results.get(q) != ref_results[q]]
            status = "一致" if not problems else f"{len(problems)} 处不同"
            print(f"{other}：{len(pages(other))} 个页面，{len(QUERIES)} 个搜索词，与 {reference} {status}")
            for p in problems:
                print(f"  - {p}")
            failed |= bool(problems)
    print(f"参照 {reference}：{len(pages(reference))} 个页面；各搜索词的结果数："
          + "、".join(f"{q} {len(r)}" for q, r in ref_results.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
