"""Transfer size of the home page and the experience pages as nginx serves them (deploy/, gzip), at N.

    .venv/bin/python bench/deploy_size.py [--n 200] [--json FILE]

Generates (or reuses, bench/.cache/) the synthetic inbox of bench/gen.py, runs `showcase build` with a
site_url at a loopback nginx address, serves the site with Debian's nginx and the shipped deploy/
configuration (site_tests/nginx_host.py: the shipped files with only port and web root replaced), then:

- opens the home page and one experience page in headless Chromium with an empty cache and sums
  what the first visit transfers (Resource Timing transferSize: headers and gzip'ed bodies; the
  decoded size beside it), pictures included, search index excluded (loaded on first use);
- fetches every experience page's HTML with gzip accepted and reports median and largest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "site_tests"))
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
import nginx_host  # noqa: E402
from converters.outputs.chromium import launch  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FIRST_VISIT = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  const sum = key => entries.reduce((total, e) => total + (e[key] || 0), 0);
  const nav = performance.getEntriesByType('navigation')[0];
  return {requests: entries.length, transfer: sum('transferSize'), decoded: sum('decodedBodySize'),
          html_transfer: nav.transferSize, html_decoded: nav.decodedBodySize};
}"""


def build(inbox: Path, work: Path, site_url: str) -> Path:
    site = work / "www"
    command = [sys.executable, "-m", "converters", "build", "--inbox", str(inbox), "--content", str(work / "content"),
               "--site", str(site), "--report", str(work / "report.json"), "--site-url", site_url]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"showcase build 失败（退出码 {done.returncode}）：\n{done.stderr[-2000:]}")
    return site


def gzip_html_size(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers.get("Content-Encoding") == "gzip", url
        return len(answer.read())


def first_visit(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        return page.evaluate(FIRST_VISIT)
    finally:
        context.close()


def measure(n: int) -> dict:
    inbox = gen.Generator(gen.DEFAULT_SEED, gen.CACHE).inbox(n)
    with tempfile.TemporaryDirectory(prefix="deploy-size-") as tmp:
        work = Path(tmp)
        port = nginx_host.free_port()
        url = f"http://127.0.0.1:{port}/"
        site = build(inbox, work, url)
        experiences = sorted(p.parent.name for p in site.glob("experiences/*/index.html"))
        with nginx_host.NginxHost.session(work / "nginx") as host:
            host.start("site", port, nginx_host.root_server(port, site), site / "nginx-csp.conf")
            html = [gzip_html_size(f"{url}experiences/{slug}/") for slug in experiences]
            with launch(CHROMIUM) as browser:
                home = first_visit(browser, url)
                experience = first_visit(browser, f"{url}experiences/{experiences[0]}/")
    return {"n": n, "experiences": len(experiences), "home": home, "experience": experience,
            "experience_html_gzip_median": statistics.median(html), "experience_html_gzip_max": max(html)}


def kb(value: float) -> str:
    return f"{value / 1024:.1f} KB"


def table(result: dict) -> str:
    rows = [
        "| 页面 | HTML（gzip 传输） | 首次打开共传输（请求数） | 解压后共 |",
        "|---|---|---|---|",
    ]
    for name, key in (("首页", "home"), ("经验页（第 1 项）", "experience")):
        r = result[key]
        rows.append(f"| {name} | {kb(r['html_transfer'])}（解压后 {kb(r['html_decoded'])}） | "
                    f"{kb(r['transfer'])}（{r['requests']} 个） | {kb(r['decoded'])} |")
    rows.append(f"\n{result['experiences']} 个经验页的 HTML（gzip 后正文）：中位数 {kb(result['experience_html_gzip_median'])}，"
                f"最大 {kb(result['experience_html_gzip_max'])}。")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="nginx（deploy/ 配置，gzip）提供的首页与经验页的传输大小。")
    p.add_argument("--n", type=int, default=200, help="经验数量（默认 200）")
    p.add_argument("--json", type=Path, help="另存全部数字为 JSON")
    args = p.parse_args(argv)
    if not nginx_host.available():
        raise SystemExit("需要 nginx：scripts/ensure-system-deps.sh 会安装")
    result = measure(args.n)
    print(f"N = {result['n']}\n")
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
