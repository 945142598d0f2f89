"""Benchmarks in one run on the same synthetic documents (bench/gen.py), printed as one table.

    .venv/bin/python bench/run.py [--n 50,200[,1000]] [--quick] [--peers/--no-peers] [--json FILE]

Measured, in this order:
1. conversion per document, in-process: ours (read_docx + split_parts + Markdown writing, pictures
   written as found; then the same with image transcoding) against pandoc (pypandoc-binary,
   `-t gfm --extract-media`, a subprocess per document and pypandoc's in-process loop) and mammoth
   (`convert_to_html`, pictures written to files); medians of --runs runs, tools interleaved;
2. conversion per document as a whole `showcase convert` run (cold cache) at the smallest N, and on
   the realistic inbox of bench/realistic.py (EMF/WMF pictures, legacy .doc, ZIPs) against pandoc;
3. inbox -> built site (`showcase build`, cold cache) per N: wall time, CPU use, peak memory;
4. re-running at N=200 after one document changed, with the conversion cache at work;
5. the built site: search index (raw, gzip), total size, median experience page weight
   (HTML + CSS + JS; pictures separately), whether a page's HTML grows with N;
6. the first search in headless Chromium (served over http on 127.0.0.1): bytes fetched until the
   first result (gzip-equivalent) and time from typing to results.

The CLI runs as subprocesses under /usr/bin/time (peak RSS of the process tree's largest member).
Only bench/.cache/ is written (inboxes, work folders, the build cache of each work folder).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import gen  # noqa: E402
from converters.outputs.chromium import ARGS as CHROMIUM_LAUNCH_ARGS  # noqa: E402
from converters.outputs.chromium import serve_directory  # noqa: E402

TIME = Path("/usr/bin/time")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = CHROMIUM_LAUNCH_ARGS  # converters/outputs/chromium.py: the flags this machine needs
SEARCH_QUERY = "合格率"
KB, MB = 1024, 1024 * 1024

# Targets of issue 7.
TARGET_PANDOC_RATIO = 3.0
TARGET_BUILD_200_S = 60.0
TARGET_RERUN_S = 2.0
TARGET_PAGE_KB = 300
TARGET_PHOTO_KB = 250
TARGET_SEARCH_MB = 1.5
TARGET_SEARCH_S = 1.0
GROWTH_TOLERANCE = 1 * KB  # an experience page may differ by a few bytes of counts, not grow


# ====================================================================== results


@dataclass
class Row:
    id: str  # stable key, e.g. "convert.ours.core" (the smoke test looks for these)
    label: str  # Chinese, for the reader
    value: str
    compare: str = ""  # peers or ratios
    target: str = ""
    verdict: str = ""  # PASS / FAIL / "" (no target)


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # raw numbers for --json

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "FAIL")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def size(n: float) -> str:
    if n >= MB:
        return f"{n / MB:,.2f} MB"
    return f"{n / KB:,.1f} KB"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ====================================================================== machine


def machine() -> dict:
    def read(path: str) -> str:
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    cpu = re.search(r"model name\s*:\s*(.+)", read("/proc/cpuinfo"))
    mem = re.search(r"MemTotal:\s*(\d+) kB", read("/proc/meminfo"))
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu.group(1).strip() if cpu else platform.processor(),
        "memory_gb": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "load": os.getloadavg(),
        "python": platform.python_version(),
        "versions": versions(),
    }


def versions() -> dict:
    from importlib import metadata

    out = {}
    for name in ("mkdocs", "mkdocs-material", "python-docx", "lxml", "Pillow", "jieba", "pypandoc-binary",
                 "mammoth", "playwright"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    pandoc = pandoc_path()
    if pandoc:
        first = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()
        out["pandoc"] = first[0].split()[-1] if first else "?"
    if CHROMIUM.exists():
        line = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout
        found = re.search(r"\d+(?:\.\d+){2,3}", line)
        out["chromium"] = found.group(0) if found else "?"
    return out


# ====================================================================== per-document converters


def ours(path: Path, out: Path, transcode: bool) -> None:
    """Our conversion of one 典型经验: read, split into the five parts, write Markdown and pictures."""
    from converters.assemble import images
    from converters.ooxml import read_docx
    from converters.assemble.structure import split_parts
    from converters.render.markdown import render_blocks, render_notes
    from converters.text import referenced_assets

    source = path.name
    doc = read_docx(path, source)
    st = split_parts(doc, source)
    names: dict[str, str] = {}
    for name in [n for blocks in st.parts.values() for n in referenced_assets(blocks)]:
        asset = doc.assets.get(name)
        if asset is None or name in names:
            continue
        if transcode:
            asset, _ = images.prepare_image(asset)
            if asset is None:
                continue
        (out / asset.name).write_bytes(asset.data)
        names[name] = asset.name
    body = [f"# {st.title}"] + [render_blocks(blocks, names.get) for blocks in st.parts.values()]
    body.append(render_notes(doc.notes, names.get))
    (out / "index.md").write_text("\n\n".join(body), encoding="utf-8")


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except Exception:  # noqa: BLE001 - missing or broken peer: its rows say so
        return None


def pandoc_subprocess(path: Path, out: Path) -> None:
    subprocess.run([pandoc_path(), str(path), "-f", "docx", "-t", "gfm", "--extract-media", str(out / "media"),
                    "-o", str(out / "index.md")], check=True, capture_output=True)


def pandoc_inprocess(path: Path, out: Path) -> None:
    import pypandoc

    pypandoc.convert_file(str(path), "gfm", format="docx", outputfile=str(out / "index.md"),
                          extra_args=[f"--extract-media={out / 'media'}"])


def mammoth_html(path: Path, out: Path) -> None:
    import mammoth

    counter = iter(range(1, 10_000))

    def write_image(image):
        ext = image.content_type.partition("/")[2] or "bin"
        name = f"image{next(counter)}.{ext}"
        with image.open() as stream:
            (out / name).write_bytes(stream.read())
        return {"src": name}

    with open(path, "rb") as fh:
        result = mammoth.convert_to_html(fh, convert_image=mammoth.images.img_element(write_image))
    (out / "index.html").write_text(result.value, encoding="utf-8")


@dataclass
class Tool:
    key: str
    label: str
    run: Callable[[Path, Path], None]


def tools(peers: bool) -> list[Tool]:
    out = [
        Tool("ours.core", "本项目（进程内，读取+结构+写 Markdown，不转码图片）", functools.partial(ours, transcode=False)),
        Tool("ours.images", "本项目（进程内，含图片转码）", functools.partial(ours, transcode=True)),
    ]
    if not peers:
        return out
    if pandoc_path():
        out.append(Tool("pandoc.cli", "pandoc（每文档一个子进程，-t gfm --extract-media）", pandoc_subprocess))
        out.append(Tool("pandoc.loop", "pandoc（pypandoc 进程内循环）", pandoc_inprocess))
    with contextlib.suppress(ImportError):
        import mammoth  # noqa: F401

        out.append(Tool("mammoth", "mammoth（convert_to_html，图片写文件）", mammoth_html))
    return out


def _ours_in(args: tuple[Path, Path]) -> None:
    path, folder = args
    folder.mkdir(parents=True, exist_ok=True)
    ours(path, folder, transcode=True)


def time_parallel(docs: list[Path], runs: int, work: Path, workers: int) -> list[float]:
    """Seconds per document of ours (with transcoding) over `workers` processes: what both cores give."""
    from concurrent.futures import ProcessPoolExecutor

    out = []
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_ours_in, [(docs[0], work / f"warm{i}") for i in range(workers)]))  # imports, once each
        for _ in range(runs):
            with tempfile.TemporaryDirectory(dir=work) as tmp:
                start = time.perf_counter()
                list(pool.map(_ours_in, [(p, Path(tmp) / str(i)) for i, p in enumerate(docs)]))
                out.append((time.perf_counter() - start) / len(docs))
    return out


def time_per_document(docs: list[Path], toolset: list[Tool], runs: int, work: Path) -> dict[str, dict]:
    """Mean seconds per document per run, for every tool; runs interleave the tools (shared machine)."""
    per_run: dict[str, list[float]] = {t.key: [] for t in toolset}
    failures: dict[str, str] = {}
    for tool in toolset:  # warm-up: imports, first-call caches, page cache for the file
        with tempfile.TemporaryDirectory(dir=work) as tmp:
            try:
                tool.run(docs[0], Path(tmp))
            except Exception as exc:  # noqa: BLE001 - a failing peer is reported, not fatal
                failures[tool.key] = f"{type(exc).__name__}: {exc}"
    for r in range(runs):
        for tool in toolset:
            if tool.key in failures:
                continue
            total = 0.0
            for path in docs:
                with tempfile.TemporaryDirectory(dir=work) as tmp:
                    start = time.perf_counter()
                    tool.run(path, Path(tmp))
                    total += time.perf_counter() - start
            per_run[tool.key].append(total / len(docs))
        log(f"  每文档转换：第 {r + 1}/{runs} 轮完成")
    return {t.key: {"label": t.label, "runs": per_run[t.key], "median": statistics.median(per_run[t.key])
                    if per_run[t.key] else None, "error": failures.get(t.key, "")} for t in toolset}


# ====================================================================== the CLI under /usr/bin/time


@dataclass
class Timed:
    wall: float
    user: float
    system: float
    peak_kb: int
    code: int
    output: str = ""

    @property
    def cpu_share(self) -> float:
        return (self.user + self.system) / self.wall if self.wall else 0.0


def run_timed(args: list[str], cwd: Path) -> Timed:
    """Run a command; wall, CPU and peak RSS from /usr/bin/time when present, else from getrusage."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        prefix = [str(TIME), "-f", "%e %U %S %M", "-o", tf.name] if TIME.exists() else []
        start = time.perf_counter()
        proc = subprocess.run(prefix + args, cwd=cwd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        fields = tf.read().split()
    if len(fields) >= 4 and prefix:
        return Timed(wall, float(fields[1]), float(fields[2]), int(fields[3]), proc.returncode,
                     proc.stdout + proc.stderr)
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # cumulative; peak is the largest child so far
    return Timed(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, proc.returncode, proc.stdout + proc.stderr)


# The CLI runs from a snapshot of the project taken when the benchmark starts: the code stays the
# same for the whole run (other people may be editing converters/ meanwhile, which would change the
# cache's code fingerprint), and the conversion cache (build/cache under the project root) is the
# benchmark's own, neither polluting nor pruned by anyone else's builds.
PROJECT_PARTS = ("converters", "theme", "content", "mkdocs.yml", "showcase.yml")


def snapshot_project(work: Path) -> Path:
    from converters.render.pages import GENERATED_DIRS

    root = work / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", *GENERATED_DIRS)
    for name in PROJECT_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        elif source.exists():
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return root


# `showcase` itself: run with cwd = the snapshot, `-m` puts the snapshot's converters/ first on sys.path.
CLI = [sys.executable, "-m", "converters"]


@functools.lru_cache(maxsize=None)
def cli_supports(project: Path, flag: str) -> bool:
    out = subprocess.run(CLI + ["build", "--help"], capture_output=True, text=True, cwd=project).stdout
    return flag in out


@dataclass
class Workspace:
    """One N's work folder: inbox, docs dir, site and report; the CLI runs from `project`."""

    root: Path
    inbox: Path
    project: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def report(self) -> Path:
        return self.root / "report.json"


def cache_args(ws: Workspace, cold: bool) -> list[str]:
    """Cold: no conversion cache at all (--no-cache, or an emptied cache folder on older CLIs)."""
    if not cold:
        return []
    if cli_supports(ws.project, "--no-cache"):
        return ["--no-cache"]
    shutil.rmtree(ws.project / "build" / "cache", ignore_errors=True)
    return []


def showcase_build(ws: Workspace, cold: bool) -> Timed:
    shutil.rmtree(ws.site, ignore_errors=True)
    return run_timed(CLI + ["build", "--inbox", str(ws.inbox), "--content", str(ws.content),
                                        "--site", str(ws.site), "--report", str(ws.report)] + cache_args(ws, cold),
                     cwd=ws.project)


def showcase_convert(ws: Workspace, cold: bool, out: Path | None = None) -> Timed:
    out = out or ws.root / "convert-only"
    return run_timed(CLI + ["convert", str(ws.inbox), "--out", str(out),
                                        "--report", str(ws.root / "convert-report.json")] + cache_args(ws, cold),
                     cwd=ws.project)


_SITE_ONLY = (
    "import sys; from pathlib import Path; from converters.config import load_settings; "
    "from converters.cli import run_mkdocs_build; "
    "run_mkdocs_build(load_settings(None)[0], Path(sys.argv[1]), Path(sys.argv[2]))"
)


def mkdocs_only(ws: Workspace) -> Timed:
    """The site stage alone (MkDocs on the converted docs dir), through the CLI's own build function."""
    out = ws.root / "site-only"
    shutil.rmtree(out, ignore_errors=True)
    t = run_timed([sys.executable, "-c", _SITE_ONLY, str(ws.content), str(out)], cwd=ws.project)
    shutil.rmtree(out, ignore_errors=True)
    return t


def check(t: Timed, what: str) -> Timed:
    if t.code != 0:
        tail = "\n".join(t.output.strip().splitlines()[-15:])
        raise SystemExit(f"{what} 失败（退出码 {t.code}）：\n{tail}")
    return t


# ====================================================================== the built site


def gzip_size(data: bytes) -> int:
    if data[:2] == b"\x1f\x8b":  # already gzip (Pagefind fragments): it travels as is
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


_COMPRESSED = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".woff", ".woff2", ".gz", ".zip"}


def transfer_size(path: Path) -> int:
    """Bytes a server with gzip would send: gzip -6 for text, as-is for already compressed formats."""
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in _COMPRESSED else gzip_size(data)


def search_index_files(site: Path) -> list[Path]:
    found = []
    for folder in ("search", "pagefind", "_pagefind"):
        if (site / folder).is_dir():
            found += [p for p in (site / folder).rglob("*") if p.is_file()]
    return sorted(found)


_REF = re.compile(r"""<(?:link[^>]+rel="?stylesheet"?[^>]*href|script[^>]+src)="([^"]+)\"""")
_IMG = re.compile(r"""<img[^>]+src="([^"]+)\"""")


def local_file(site: Path, page: Path, url: str) -> Path | None:
    if re.match(r"^[a-z]+:", url) or url.startswith("//"):
        return None
    url = url.split("#")[0].split("?")[0]
    path = (site / url.lstrip("/")) if url.startswith("/") else (page.parent / url)
    path = path.resolve()
    return path if path.is_file() else None


def page_weight(site: Path, page: Path) -> dict:
    html = page.read_text("utf-8")
    assets = {p for u in _REF.findall(html) if (p := local_file(site, page, u))}
    pictures = {p for u in _IMG.findall(html) if (p := local_file(site, page, u))}
    raw = len(html.encode()) + sum(p.stat().st_size for p in assets)
    gz = gzip_size(html.encode()) + sum(transfer_size(p) for p in assets)
    return {
        "html": len(html.encode()),
        "page_raw": raw,
        "page_gzip": gz,
        "pictures": sum(p.stat().st_size for p in pictures),
        "largest_picture": max((p.stat().st_size for p in pictures), default=0),
        "picture_count": len(pictures),
    }


def site_metrics(site: Path) -> dict:
    index = search_index_files(site)
    pages = sorted((site / "experiences").glob("*/index.html"))
    weights = {p.parent.name: page_weight(site, p) for p in pages}
    files = [p for p in site.rglob("*") if p.is_file()]
    photos = [p for p in (site / "experiences").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]

    def median(key: str) -> float:
        return statistics.median(w[key] for w in weights.values()) if weights else 0

    return {
        "index_files": [str(p.relative_to(site)) for p in index],
        "index_raw": sum(p.stat().st_size for p in index),
        "index_gzip": sum(transfer_size(p) for p in index),
        "site_bytes": sum(p.stat().st_size for p in files),
        "site_files": len(files),
        "pages": len(weights),
        "median_page_raw": median("page_raw"),
        "median_page_gzip": median("page_gzip"),
        "median_html": median("html"),
        "median_pictures": median("pictures"),
        "largest_photo": max((p.stat().st_size for p in photos), default=0),
        "photos": len(photos),
        "html_by_slug": {slug: w["html"] for slug, w in weights.items()},
    }


def html_growth(small: dict, large: dict) -> dict:
    common = sorted(set(small["html_by_slug"]) & set(large["html_by_slug"]))
    diffs = [large["html_by_slug"][s] - small["html_by_slug"][s] for s in common]
    return {"pages": len(common), "max": max(diffs, default=0), "median": statistics.median(diffs) if diffs else 0}


# ====================================================================== first search in Chromium


def serve(root: Path):
    return serve_directory(root)


SEARCH_INPUTS = ("input.md-search__input", ".pagefind-ui__search-input", "input[type=search]")
SEARCH_RESULTS = (".md-search-result__item", ".pagefind-ui__result", "[data-search-result]")


def first_search(site: Path, tries: int, query: str = SEARCH_QUERY) -> dict:
    """Open the home page in a fresh browser context, type the query, wait for the first result."""
    from playwright.sync_api import sync_playwright

    outcomes = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(tries):
                outcomes.append(_one_search(browser, base, site, query))
        finally:
            browser.close()
    ok = [o for o in outcomes if o.get("seconds") is not None]
    return {
        "tries": outcomes,
        "seconds": statistics.median(o["seconds"] for o in ok) if ok else None,
        "bytes_gzip": statistics.median(o["bytes_gzip"] for o in ok) if ok else None,
        "bytes_raw": statistics.median(o["bytes_raw"] for o in ok) if ok else None,
        "search_gzip": statistics.median(o["search_gzip"] for o in ok) if ok else None,
        "error": next((o["error"] for o in outcomes if o.get("error")), ""),
    }


def _one_search(browser, base: str, site: Path, query: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(base, wait_until="load")
        field_ = next((s for s in SEARCH_INPUTS if page.locator(s).count()), None)
        if field_ is None:
            return {"error": "首页没有找到搜索框"}
        results = ", ".join(SEARCH_RESULTS)
        page.locator(field_).first.click()
        # Typed right after the load event. insert_text is what an IME commits; Material reads the
        # field on keyup, which the IME's confirming key gives (End here, harmless).
        start = time.perf_counter()
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        page.locator(results).first.wait_for(state="visible", timeout=120_000)
        seconds = time.perf_counter() - start
        fetched = sorted(set(requested))
    except Exception as exc:  # noqa: BLE001 - reported in the table
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
    finally:
        context.close()
    files = [(url, _site_file(site, base, url)) for url in fetched]
    local = [(u, p) for u, p in files if p is not None]
    searchy = [p for u, p in local if re.search(r"search|pagefind|worker", u)]
    return {
        "seconds": seconds,
        "requests": len(fetched),
        "bytes_raw": sum(p.stat().st_size for _, p in local),
        "bytes_gzip": sum(transfer_size(p) for _, p in local),
        "search_gzip": sum(transfer_size(p) for p in searchy),
        "urls": [u.removeprefix(base) for u, _ in local],
    }


def _site_file(site: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    rel = url[len(base):].split("?")[0].split("#")[0]
    path = site / rel
    if path.is_dir() or rel == "" or rel.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


# ====================================================================== the run


@dataclass
class Plan:
    sizes: list[int]
    docs: int
    runs: int
    build_runs: int
    search_tries: int
    peers: bool
    search: bool
    seed: int
    cache: Path
    work: Path
    quick: bool = False
    realistic: bool = True  # the realistic-inbox case (bench/realistic.py)

    @property
    def rerun_n(self) -> int:
        return 200 if 200 in self.sizes else max(self.sizes)

    @property
    def search_n(self) -> int:
        return self.rerun_n


def plan_from(args) -> Plan:
    if args.quick:
        sizes, docs, runs, build_runs, tries = [2, 3], 3, 1, 1, 1
    else:
        sizes = sorted({int(x) for x in args.n.split(",") if x.strip()})
        docs, runs, build_runs, tries = args.docs, args.runs, 1, 3
    if not sizes or min(sizes) < 1 or max(sizes) > gen.MAX_N:
        raise SystemExit(f"--n 须为 1～{gen.MAX_N} 之间的整数，用逗号分隔：{args.n}")
    docs = max(1, min(docs, max(sizes)))
    work = args.work or args.cache_dir / "work"
    return Plan(sizes, docs, runs, build_runs, tries, args.peers, args.search, args.seed, args.cache_dir, work,
                args.quick, args.realistic)


WORK_MARKER = ".bench-work"


def prepare_work(work: Path, default: bool) -> None:
    """Empty the work folder: the default one under the cache, or a --work folder this benchmark made."""
    if not default and work.exists() and any(work.iterdir()) and not (work / WORK_MARKER).exists():
        raise SystemExit(f"工作目录 {work} 非空且不是基准创建的，为安全起见不清空，请换一个目录")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / WORK_MARKER).write_text("bench/run.py 的工作目录，每次运行前清空\n", encoding="utf-8")


def run(plan: Plan) -> Results:
    res = Results()
    res.data["machine"] = machine()
    res.data["plan"] = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(plan).items()}
    prepare_work(plan.work, default=plan.work == plan.cache / "work")
    g = gen.Generator(plan.seed, plan.cache)
    project = snapshot_project(plan.work)

    inboxes = {}
    for n in plan.sizes:
        log(f"生成收件箱 N={n} …")
        start = time.perf_counter()
        inboxes[n] = g.inbox(n, progress=_progress(f"  生成 N={n}"))
        log(f"  完成，{time.perf_counter() - start:.1f} s")

    measure_documents(res, plan, g, project)
    if plan.realistic:
        import realistic

        realistic.measure(res, g, project, plan.work / "realistic", 3 if plan.quick else realistic.DEFAULT_N,
                          plan.runs, plan.peers)
    workspaces = measure_builds(res, plan, inboxes, project)
    measure_rerun(res, plan, g, workspaces[plan.rerun_n])
    measure_site(res, plan, workspaces)
    if plan.search:
        measure_search(res, plan, workspaces[plan.search_n])
    res.data["machine"]["load_after"] = os.getloadavg()
    return res


def _progress(prefix: str):
    last = [0.0]

    def report(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 10 or done == total:
            last[0] = time.perf_counter()
            log(f"{prefix}：{done}/{total}")

    return report


def measure_documents(res: Results, plan: Plan, g: gen.Generator, project: Path) -> None:
    docs = [g.body_path(i) for i in range(plan.docs)]
    log(f"每文档转换：{len(docs)} 份文档 × {plan.runs} 轮 …")
    timing = time_per_document(docs, tools(plan.peers), plan.runs, plan.work)
    res.data["per_document"] = timing
    for key in ("ours.core", "ours.images"):
        if timing[key]["median"] is None:  # our own converter broke: say so; no ratios without it
            res.add(f"convert.{key}", f"每文档转换：{timing[key]['label']}", f"失败：{timing[key]['error']}")
    if timing["ours.core"]["median"] is None or timing["ours.images"]["median"] is None:
        return
    core = timing["ours.core"]["median"]
    res.add("convert.ours.core", f"每文档转换：{timing['ours.core']['label']}", ms(core))
    res.add("convert.ours.images", f"每文档转换：{timing['ours.images']['label']}", ms(timing["ours.images"]["median"]))
    cores = os.cpu_count() or 1
    if cores > 1:
        parallel = statistics.median(time_parallel(docs, plan.runs, plan.work, cores))
        res.data["per_document"]["ours.parallel"] = {"workers": cores, "median": parallel}
        res.add("convert.ours.parallel", f"每文档转换：本项目含图片转码，{cores} 个进程并行（演示多核收益）", ms(parallel),
                f"比单进程快 {timing['ours.images']['median'] / parallel:.1f}×（流水线在 8 项以上时同样用两核并行）")

    n = min(plan.sizes)
    ws = Workspace(plan.work / f"cli-n{n}", g.inbox(n), project)
    ws.root.mkdir(parents=True, exist_ok=True)
    walls = []
    for _ in range(plan.runs):
        shutil.rmtree(ws.root / "convert-only", ignore_errors=True)
        walls.append(check(showcase_convert(ws, cold=True), "showcase convert").wall)
    cli = statistics.median(walls) / n
    res.data["cli_convert"] = {"n": n, "walls": walls}
    res.add("convert.ours.cli", f"每文档转换：showcase convert 整体运行（冷缓存，N={n}，墙钟/N）", ms(cli))

    if not plan.peers:
        res.add("convert.peers", "对照工具（pandoc、mammoth）", "已跳过（--no-peers）")
        return
    for key in ("pandoc.cli", "pandoc.loop", "mammoth"):
        t = timing.get(key)
        if t is None or t["median"] is None:
            reason = t["error"] if t else "未安装"
            res.add(f"convert.{key}", f"每文档转换：{key}", f"不可用：{reason}")
            continue
        ratio = t["median"] / core
        target, ok = "", None
        if key == "pandoc.cli":
            target, ok = f"≥ {TARGET_PANDOC_RATIO:g}×", ratio >= TARGET_PANDOC_RATIO
        res.add(f"convert.{key}", f"每文档转换：{t['label']}", ms(t["median"]),
                f"本项目（不转码）快 {ratio:.1f}×；含转码快 {t['median'] / timing['ours.images']['median']:.1f}×；"
                f"整体 CLI 快 {t['median'] / cli:.1f}×", target, verdict(ok))


def measure_builds(res: Results, plan: Plan, inboxes: dict[int, Path], project: Path) -> dict[int, Workspace]:
    workspaces = {}
    res.data["builds"] = {}
    for n in plan.sizes:
        ws = Workspace(plan.work / f"build-n{n}", plan.work / f"build-n{n}" / "inbox", project)
        ws.root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(inboxes[n], ws.inbox)
        log(f"构建 N={n}：showcase convert（冷）…")
        conv = check(showcase_convert(ws, cold=True), f"showcase convert N={n}")
        builds = []
        for r in range(plan.build_runs):
            log(f"构建 N={n}：showcase build（冷）第 {r + 1}/{plan.build_runs} 次 …")
            builds.append(check(showcase_build(ws, cold=True), f"showcase build N={n}"))
        b = sorted(builds, key=lambda t: t.wall)[len(builds) // 2]
        log(f"构建 N={n}：单独计时 MkDocs 阶段 …")
        site_stage = mkdocs_only(ws)
        stage = f"MkDocs 构建 {site_stage.wall:.1f} s" if site_stage.code == 0 else "MkDocs 阶段未能单独计时"
        res.data["builds"][n] = {"convert": asdict(conv) | {"output": ""}, "mkdocs": asdict(site_stage),
                                 "build": [asdict(t) | {"output": ""} for t in builds]}
        threads = "主要为单线程" if b.cpu_share < 1.2 else f"多核（{b.cpu_share:.1f} 核）"
        target, ok = ("", None)
        if n == 200:
            target, ok = f"< {TARGET_BUILD_200_S:g} s", b.wall < TARGET_BUILD_200_S
        res.add(f"build.n{n}", f"收件箱 → 网站（showcase build，冷缓存），N={n}",
                f"{b.wall:.1f} s（分阶段单独计时：转换 {conv.wall:.1f} s，{stage}）",
                f"CPU {b.cpu_share * 100:.0f}%（{threads}）；峰值内存 {b.peak_kb / 1024:.0f} MB；每项经验 {b.wall / n * 1000:.0f} ms",
                target, verdict(ok))
        workspaces[n] = ws
    return workspaces


def measure_rerun(res: Results, plan: Plan, g: gen.Generator, ws: Workspace) -> None:
    """The conversion cache at work: fill it, rerun unchanged, then edit one document and rerun.

    The build after an edit converts that document (the cache stores it), so the convert-only
    rerun gets a second, different edit of the same document to stay a real one-miss run.
    """
    n = plan.rerun_n
    has_cache = cli_supports(ws.project, "--no-cache")
    log(f"重跑 N={n}：填充缓存 …")
    fill = check(showcase_convert(ws, cold=False), "showcase convert（填充缓存）")
    log(f"重跑 N={n}：未改动 …")
    same_conv = check(showcase_convert(ws, cold=False), "showcase convert（未改动）")
    same_build = check(showcase_build(ws, cold=False), "showcase build（未改动）")
    log(f"重跑 N={n}：改动 1 份文档 …")
    edit_document(g, ws, n, revision=1)
    build = check(showcase_build(ws, cold=False), "showcase build（改动 1 份）")
    edit_document(g, ws, n, revision=2)
    conv = check(showcase_convert(ws, cold=False), "showcase convert（改动 1 份）")
    clean = {k: asdict(t) | {"output": ""} for k, t in
             (("fill_convert", fill), ("unchanged_convert", same_conv), ("unchanged_build", same_build),
              ("changed_build", build), ("changed_convert", conv))}
    res.data["rerun"] = {"n": n, "cache_in_cli": has_cache, **clean,
                         "cache_lines": [line for line in conv.output.splitlines() if "缓存" in line][-3:]}
    cold = res.data["builds"][n]["convert"]["wall"]
    cache_note = "" if has_cache else "（CLI 没有 --no-cache：冷运行前清空缓存目录）"
    res.add("rerun.convert", f"改动 1 份文档后重跑转换（showcase convert，N={n}）{cache_note}", f"{conv.wall:.1f} s",
            f"未改动重跑 {same_conv.wall:.1f} s；冷转换 {cold:.1f} s；首次写缓存 {fill.wall:.1f} s；"
            f"改动文档的边际成本 {max(0.0, conv.wall - same_conv.wall):.2f} s",
            f"< {TARGET_RERUN_S:g} s", verdict(conv.wall < TARGET_RERUN_S))
    res.add("rerun.build", f"改动 1 份文档后重建网站（showcase build，N={n}）", f"{build.wall:.1f} s",
            f"未改动重建 {same_build.wall:.1f} s；冷构建 {res.data['builds'][n]['build'][0]['wall']:.1f} s；"
            f"峰值内存 {build.peak_kb / 1024:.0f} MB")


def edit_document(g: gen.Generator, ws: Workspace, n: int, revision: int) -> None:
    """Replace experience 0's 典型经验 in its package by an edited version (the other files unchanged)."""
    unit = gen.unit_of(0)
    indices = [i for i in range(n) if gen.unit_of(i) == unit]
    entries = g.package_entries(unit, indices, {0: g.changed_body(0, revision)})
    gen.ms.write_zip(ws.inbox / f"{unit}.zip", entries, gen.package_names(unit))


def measure_site(res: Results, plan: Plan, workspaces: dict[int, Workspace]) -> None:
    metrics = {n: site_metrics(ws.site) for n, ws in workspaces.items()}
    res.data["site"] = {n: {k: v for k, v in m.items() if k != "html_by_slug"} for n, m in metrics.items()}
    for n, m in metrics.items():
        res.add(f"site.index.n{n}", f"搜索索引（N={n}）", f"{size(m['index_raw'])}（gzip {size(m['index_gzip'])}）",
                "、".join(m["index_files"][:3]) + ("…" if len(m["index_files"]) > 3 else ""))
        res.add(f"site.total.n{n}", f"网站总体积（N={n}）", size(m["site_bytes"]), f"{m['site_files']} 个文件")
    n = plan.rerun_n
    m = metrics[n]
    # Judged on what is transferred (gzip, as any static host serves text); raw bytes shown beside it.
    res.add("page.weight", f"经验页面中位数：HTML+CSS+JS 传输体积（N={n}，gzip，不含图片）", size(m["median_page_gzip"]),
            f"未压缩 {size(m['median_page_raw'])}；其中 HTML 未压缩 {size(m['median_html'])}",
            f"≤ {TARGET_PAGE_KB} KB", verdict(m["median_page_gzip"] <= TARGET_PAGE_KB * KB))
    res.add("page.pictures", f"经验页面中位数：图片（N={n}）", size(m["median_pictures"]),
            f"单张最大 {size(m['largest_photo'])}（共 {m['photos']} 张）",
            f"单张 ≤ {TARGET_PHOTO_KB} KB", verdict(m["largest_photo"] <= TARGET_PHOTO_KB * KB))
    small, large = min(plan.sizes), max(s for s in plan.sizes if s <= max(200, min(plan.sizes)))
    if small != large:
        growth = html_growth(metrics[small], metrics[large])
        res.data["html_growth"] = growth
        res.add("page.growth", f"同一经验页面 HTML 随 N 增长（N={small} → N={large}）",
                f"最大 {growth['max']:+,} B，中位数 {growth['median']:+,} B",
                f"比较 {growth['pages']} 个相同页面", f"≤ {GROWTH_TOLERANCE // KB} KB",
                verdict(growth["max"] <= GROWTH_TOLERANCE))


def measure_search(res: Results, plan: Plan, ws: Workspace) -> None:
    n = plan.search_n
    if not CHROMIUM.exists():
        res.add("search.first", f"首次搜索（N={n}）", f"已跳过：没有 {CHROMIUM}")
        return
    log(f"首次搜索：N={n}，{plan.search_tries} 次 …")
    out = first_search(ws.site, plan.search_tries)
    res.data["search"] = out
    if out["seconds"] is None:
        res.add("search.bytes", f"首次搜索下载量（N={n}）", f"失败：{out['error']}", "", f"≤ {TARGET_SEARCH_MB} MB", "FAIL")
        res.add("search.time", f"首次搜索：输入到出结果（N={n}）", f"失败：{out['error']}", "", f"≤ {TARGET_SEARCH_S:g} s", "FAIL")
        return
    res.add("search.bytes", f"首次搜索前下载量（N={n}，gzip 等效，打开首页到出结果）", size(out["bytes_gzip"]),
            f"未压缩 {size(out['bytes_raw'])}；其中搜索相关 {size(out['search_gzip'])}",
            f"≤ {TARGET_SEARCH_MB} MB", verdict(out["bytes_gzip"] <= TARGET_SEARCH_MB * MB))
    res.add("search.time", f"首次搜索：开始输入到出现结果（N={n}，无头 Chromium）", f"{out['seconds']:.2f} s",
            f"{len(out['tries'])} 次中位数；查询“{SEARCH_QUERY}”", f"≤ {TARGET_SEARCH_S:g} s",
            verdict(out["seconds"] <= TARGET_SEARCH_S))


# ====================================================================== output


def table(res: Results) -> str:
    head = "| 编号 | 指标 | 结果 | 对照 / 说明 | 目标 | 结论 |"
    lines = [head, "|---|---|---|---|---|---|"]
    for r in res.rows:
        cells = [r.id, r.label, r.value, r.compare, r.target, r.verdict]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def header(res: Results) -> str:
    m = res.data["machine"]
    v = m["versions"]
    load = " ".join(f"{x:.2f}" for x in m["load"])
    load_after = " ".join(f"{x:.2f}" for x in m.get("load_after", m["load"]))
    plan = res.data["plan"]
    return "\n".join([
        f"机器：{m['nproc']} 核，{m['memory_gb']} GB 内存，{m['cpu']}；开始/结束时负载 {load} / {load_after}",
        "版本：" + "，".join(f"{k} {val}" for k, val in v.items()) + f"，Python {m['python']}",
        f"规模：N={','.join(map(str, plan['sizes']))}；每文档对比 {plan['docs']} 份文档 × {plan['runs']} 轮（取中位数）；"
        f"种子 {plan['seed']}" + ("；快速模式：只验证流程，数字不作结论" if plan["quick"] else ""),
    ])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="基准测试：转换速度、构建时间、页面与索引体积，与 pandoc、mammoth 同场比较。")
    p.add_argument("--n", default="50,200", help="网站构建的经验数量，逗号分隔（默认 50,200；最多 1000）")
    p.add_argument("--quick", action="store_true", help="快速冒烟运行（N=2,3，各 1 轮），只验证流程，不作结论")
    p.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True, help="是否同场运行 pandoc 与 mammoth")
    p.add_argument("--search", action=argparse.BooleanOptionalAction, default=True, help="是否在无头 Chromium 中测首次搜索")
    p.add_argument("--realistic", action=argparse.BooleanOptionalAction, default=True,
                   help="是否运行真实收件箱对比（bench/realistic.py：EMF/WMF、.doc、ZIP 包，与 pandoc 同场）")
    p.add_argument("--docs", type=int, default=50, help="每文档转换对比所用文档数（默认 50）")
    p.add_argument("--runs", type=int, default=3, help="每文档转换与 CLI 转换的轮数（取中位数，默认 3）")
    p.add_argument("--seed", type=int, default=gen.DEFAULT_SEED, help="生成器种子（默认 2025）")
    p.add_argument("--cache-dir", type=Path, default=gen.CACHE, help="生成的收件箱缓存（默认 bench/.cache）")
    p.add_argument("--work", type=Path, help="工作目录（默认 <cache-dir>/work，每次运行前清空）")
    p.add_argument("--json", type=Path, help="另存全部原始数字为 JSON")
    args = p.parse_args(argv)
    plan = plan_from(args)
    res = run(plan)
    print(header(res))
    print()
    print(table(res))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res.data | {"rows": [asdict(r) for r in res.rows]}, ensure_ascii=False,
                                        indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
