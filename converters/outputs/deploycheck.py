"""`showcase deploy --check URL`: crawl a deployed copy of the site and report what a host got wrong.

Only the host and the path prefix of URL are crawled (links elsewhere are neither followed nor
fetched), within the limits of data/deploy.yml. Reported, in Chinese, each with the URL and the
page that refers to it: broken links and resources (status ≥ 400 or no answer), missing response
headers, text sent uncompressed, a wrong Content-Type for a known extension, http:// resources on a
page meant for https (mixed content, blocked by browsers), resources from other hosts, and a
missing path that does not answer 404. The report is a value; only cli.py prints it.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
import zlib
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag, urljoin, urlsplit

from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, str_list, top_level, unknown_keys

DEPLOY_PATH = DATA_DIR / "deploy.yml"
MISSING_PROBE = "showcase-deploy-check-missing/"  # a path no build writes: must answer 404
_LIMIT_KEYS = ("pages", "requests", "seconds", "body_bytes", "compress_min_bytes")
_KIND_KEYS = ("broken", "header", "csp", "compress", "mixed", "external", "type", "not_found")
_HASH = re.compile(r"'sha256-[A-Za-z0-9+/=]+'")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_SUBRESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
                      ("iframe", "src"), ("link", "href"), ("video", "poster")}
_NOT_FETCHED = ("data:", "blob:", "javascript:", "mailto:", "tel:", "about:")


# ---------------------------------------------------------------- rules (data/deploy.yml)


@dataclass(frozen=True)
class Rules:
    limits: dict[str, int]
    page_headers: tuple[str, ...]
    all_headers: tuple[str, ...]
    compressible: frozenset[str]
    types: dict[str, tuple[str, ...]]
    kinds: dict[str, str]


def parse_rules(path: Path) -> Rules:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, ("version", "limits", "page_headers", "all_headers", "compressible", "types", "kinds"), "", problems)
    limits = data.get("limits") if isinstance(data.get("limits"), dict) else {}
    unknown_keys(limits, _LIMIT_KEYS, "limits ", problems)
    for key in _LIMIT_KEYS:
        if not isinstance(limits.get(key), int) or isinstance(limits.get(key), bool) or limits[key] <= 0:
            problems.append(f"limits.{key} 应为正整数")
    kinds = data.get("kinds") if isinstance(data.get("kinds"), dict) else {}
    unknown_keys(kinds, _KIND_KEYS, "kinds ", problems)
    problems += [f"kinds.{k} 应为非空文字" for k in _KIND_KEYS if not isinstance(kinds.get(k), str) or not kinds[k].strip()]
    types_raw = data.get("types") if isinstance(data.get("types"), dict) else {}
    types = {str(ext).lower(): tuple(str_list(v, f"types.{ext} ", problems)) for ext, v in types_raw.items()}
    rules = Rules(
        limits=dict(limits),
        page_headers=tuple(str_list(data.get("page_headers"), "page_headers ", problems)),
        all_headers=tuple(str_list(data.get("all_headers"), "all_headers ", problems)),
        compressible=frozenset(t.lower() for t in str_list(data.get("compressible"), "compressible ", problems)),
        types=types,
        kinds=dict(kinds),
    )
    if problems:
        raise DataFileError(path, problems)
    return rules


load_rules = cached_loader(parse_rules, DEPLOY_PATH)


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class Problem:
    kind: str  # a key of Rules.kinds
    url: str
    detail: str  # Chinese
    referrer: str = ""  # the page that links to or loads `url`


@dataclass
class DeployReport:
    start: str
    pages: int = 0
    resources: int = 0
    problems: list[Problem] = field(default_factory=list)
    truncated: bool = False  # a limit of deploy.yml stopped the crawl


def report_lines(report: DeployReport, rules: Rules | None = None) -> list[str]:
    """The report as the lines cli.py prints."""
    kinds = (rules or load_rules()).kinds
    lines = [f"检查 {report.start}：{report.pages} 个页面，{report.resources} 个资源"]
    if report.truncated:
        lines.append("已达到检查上限（converters/data/deploy.yml 的 limits），其余地址未检查")
    for p in report.problems:
        where = f"（引用自 {p.referrer}）" if p.referrer else ""
        lines.append(f"  [{kinds.get(p.kind, p.kind)}] {p.url}：{p.detail}{where}")
    lines.append(f"共 {len(report.problems)} 处问题" if report.problems else "未发现问题")
    return lines


# ---------------------------------------------------------------- fetching


@dataclass(frozen=True)
class Response:
    url: str
    status: int  # 0: no answer
    headers: dict[str, str]  # lower-case names
    body: bytes  # decoded (gzip/deflate undone)
    error: str = ""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def encoding(self) -> str:
        return self.headers.get("content-encoding", "").strip().lower()


def fetch(url: str, rules: Rules) -> Response:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "User-Agent": "showcase-deploy-check"})
    try:
        with urllib.request.urlopen(request, timeout=rules.limits["seconds"]) as answer:
            return _response(answer.geturl(), answer.status, answer.headers, answer.read(rules.limits["body_bytes"]))
    except urllib.error.HTTPError as exc:
        return _response(url, exc.code, exc.headers, exc.read(rules.limits["body_bytes"]))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Response(url, 0, {}, b"", error=str(getattr(exc, "reason", exc)))


def _response(url: str, status: int, headers, raw: bytes) -> Response:
    lower = {k.lower(): v for k, v in headers.items()}
    coding = lower.get("content-encoding", "").lower()
    try:
        body = gzip.decompress(raw) if coding == "gzip" else zlib.decompress(raw) if coding == "deflate" else raw
    except (OSError, zlib.error, EOFError):
        body = raw  # truncated at body_bytes: the links in what was read still count
    return Response(url, status, lower, body)


# ---------------------------------------------------------------- parsing


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []  # <a href>: pages
        self.resources: list[str] = []  # what the page loads itself
        self.canonical = ""
        self.meta_csp = ""  # the policy of <meta http-equiv="Content-Security-Policy">

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "link" and values.get("rel", "").lower() == "canonical":
            self.canonical = values.get("href", "")
        elif tag == "link" and values.get("rel", "").lower() in ("alternate", "search"):
            pass  # references, not loaded by the page
        else:
            self.resources += [values[a] for t, a in _SUBRESOURCE_ATTRS if t == tag and values.get(a)]
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.resources.append(candidate.split()[0])
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.meta_csp = values.get("content", "") or " "


def page_refs(body: bytes) -> _Refs:
    refs = _Refs()
    refs.feed(body.decode("utf-8", "replace"))
    refs.close()
    return refs


# ---------------------------------------------------------------- the crawl


class _Crawl:
    def __init__(self, start: str, rules: Rules) -> None:
        self.rules = rules
        self.report = DeployReport(start)
        parts = urlsplit(start)
        self.origin = (parts.scheme, parts.netloc)
        self.prefix = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
        self.queue: deque[tuple[str, str]] = deque([(start, "")])  # url, the page referring to it
        self.seen = {start}
        self.requests = 0
        self.reported: set[tuple[str, str, str]] = set()

    def in_scope(self, url: str) -> bool:
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc) == self.origin and parts.path.startswith(self.prefix)

    def problem(self, kind: str, url: str, detail: str, referrer: str = "") -> None:
        """Each problem once per URL, with the first page that showed it."""
        if (kind, url, detail) not in self.reported:
            self.reported.add((kind, url, detail))
            self.report.problems.append(Problem(kind, url, detail, referrer))

    def run(self) -> DeployReport:
        while self.queue:
            if self.requests >= self.rules.limits["requests"] or self.report.pages >= self.rules.limits["pages"]:
                self.report.truncated = True
                break
            url, referrer = self.queue.popleft()
            self.visit(url, referrer)
        self.check_missing_page()
        return self.report

    def get(self, url: str) -> Response:
        self.requests += 1
        return fetch(url, self.rules)

    def visit(self, url: str, referrer: str) -> None:
        answer = self.get(url)
        if answer.status == 0 or answer.status >= 400:
            detail = f"无法访问（{answer.error}）" if answer.status == 0 else f"返回 {answer.status}"
            self.problem("broken", url, detail, referrer)
            return
        is_page = answer.content_type == "text/html"
        if is_page:
            self.report.pages += 1
        else:
            self.report.resources += 1
        self.check_response(answer, is_page)
        if is_page and self.in_scope(answer.url):
            self.follow_page(answer)
        elif answer.content_type == "text/css":
            for ref in _CSS_URL.findall(answer.body.decode("utf-8", "replace")):
                self.resource(ref, answer.url, https_page=urlsplit(answer.url).scheme == "https")

    def check_response(self, answer: Response, is_page: bool) -> None:
        names = (self.rules.page_headers if is_page else ()) + self.rules.all_headers
        meta_csp = page_refs(answer.body).meta_csp if is_page else ""
        for name in names:
            if name.lower() not in answer.headers and not (name.lower() == "content-security-policy" and meta_csp):
                self.problem("header", answer.url, f"缺少响应头 {name}")
        header_csp = answer.headers.get("content-security-policy", "")
        stale = sorted(set(_HASH.findall(meta_csp)) - set(_HASH.findall(header_csp))) if header_csp else []
        if stale:  # both policies apply: the header would block the page's own inline scripts
            self.problem("csp", answer.url, f"响应头的内容安全策略缺少本页内联代码的 {len(stale)} 个哈希，"
                                            "请用本次构建的 nginx-csp.conf 更新服务器配置后重新加载")
        size = len(answer.body)
        if (answer.content_type in self.rules.compressible and size >= self.rules.limits["compress_min_bytes"]
                and answer.encoding not in ("gzip", "br", "deflate", "zstd")):
            self.problem("compress", answer.url, f"{answer.content_type} 共 {size} 字节，未压缩传输（应开启 gzip）")
        expected = self.rules.types.get(PurePosixPath(urlsplit(answer.url).path).suffix.lower())
        if expected and answer.content_type not in expected:
            self.problem("type", answer.url, f"内容类型为 {answer.content_type or '（无）'}，应为 {' 或 '.join(expected)}")

    def follow_page(self, answer: Response) -> None:
        refs = page_refs(answer.body)
        https_page = urlsplit(answer.url).scheme == "https" or refs.canonical.startswith("https://")
        for href in refs.links:
            target = urldefrag(urljoin(answer.url, href)).url
            if target.startswith(("http://", "https://")) and self.in_scope(target):
                self.enqueue(target, answer.url)
        for ref in refs.resources:
            self.resource(ref, answer.url, https_page=https_page)

    def resource(self, ref: str, page: str, *, https_page: bool) -> None:
        if ref.strip().lower().startswith(_NOT_FETCHED):
            return
        target = urldefrag(urljoin(page, ref.strip())).url
        if https_page and ref.strip().lower().startswith("http://"):  # relative refs follow the page's scheme
            self.problem("mixed", target, "https 页面引用了 http 资源，浏览器会拦截", page)
        if not target.startswith(("http://", "https://")):
            return
        if urlsplit(target).netloc != self.origin[1]:
            self.problem("external", target, "从其他主机加载资源（网站应不向外部主机发请求）", page)
            return
        if self.in_scope(target):
            self.enqueue(target, page)

    def enqueue(self, url: str, referrer: str) -> None:
        if url not in self.seen:
            self.seen.add(url)
            self.queue.append((url, referrer))

    def check_missing_page(self) -> None:
        url = urljoin(self.report.start, MISSING_PROBE)
        answer = self.get(url)
        if answer.status == 0:
            return  # already reported for the start page if the host is down
        if answer.status != 404:
            self.problem("not_found", url, f"不存在的地址返回 {answer.status}，应返回 404 与网站的 404 页面")
            return
        if answer.content_type != "text/html":
            self.problem("not_found", url, "不存在的地址返回 404，但没有网站的 404 页面")
            return
        refs = [urldefrag(urljoin(url, r)).url for r in page_refs(answer.body).resources]
        if not any(self.in_scope(r) for r in refs):
            self.problem("not_found", url, "不存在的地址返回 404，但不是网站自己的 404 页面（没有加载网站的样式与脚本）")
            return
        self.check_response(answer, True)
        for ref in page_refs(answer.body).resources:  # the 404 page uses absolute URLs: wrong site_url shows here
            self.resource(ref, url, https_page=urlsplit(url).scheme == "https")
        while self.queue:
            target, referrer = self.queue.popleft()
            self.visit(target, referrer)


def check_deployment(url: str, rules: Rules | None = None) -> DeployReport:
    """Crawl the site at `url` (http or https). Raises ValueError for something that is no such URL."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"网址应以 http:// 或 https:// 开头：{url}")
    return _Crawl(url.strip(), rules or load_rules()).run()
