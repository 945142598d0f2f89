"""The printable 汇编: one self-contained HTML (cover, table of contents, every experience in the
order of the event) made from the generated Markdown pages, and a PDF of it.

Source: ``<docs dir>/experiences/*/index.md`` — front matter for the heading and metadata line, the
body rendered with the Markdown extensions of mkdocs.yml, as on the site. Pictures are inlined as
data URIs, so the HTML is one file. Order: the titles of the event order file first (same file,
format and matching as the site's home page, render/event.py), then the rest by recommender and title.

PDF: headless Chromium (Playwright, Debian's /usr/bin/chromium), already used for the site's tests,
instead of adding WeasyPrint and its Pango stack. Chromium (≥ 131) prints CSS page-margin boxes, so
page numbers and running headers come from ``@page`` rules; each experience is a named page whose
header is its own title. Chromium cannot compute ``target-counter()``, so the table of contents gets
its page numbers in a second pass, from the named destinations of the first PDF (``pdfinfo -dests``,
Debian poppler-utils); without pdfinfo the contents still link, but carry no numbers.
"""

from __future__ import annotations

import base64
import bisect
import mimetypes
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .chromium import ARGS as CHROMIUM_ARGS
from .chromium import find_chromium
from ..collation import pinyin_key
from ..model import Finding, Severity, error, info, warning
from ..names import title_key
from ..render.catalog import Figure, FrontMatter
from ..render.event import format_date, read_event_order

PAGE_NUMBER_PLACEHOLDER = "000"  # same width as the real numbers, so pass 2 paginates like pass 1
MAX_PASSES = 3
HEADER_LIMIT = 40  # characters of a title in the running header

_env = Environment(
    loader=PackageLoader("converters.render", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
)


@dataclass(frozen=True, slots=True)
class BookEntry:
    """One experience as the book shows it."""

    slug: str
    title: str
    organization: str
    team: str
    recommender: str
    industry: str
    methods: tuple[str, ...]
    year: str
    metrics: tuple[Figure, ...]
    body: str  # HTML, ids prefixed with the slug, pictures inlined


@dataclass(frozen=True, slots=True)
class BookInfo:
    title: str  # e.g. 2025年江苏省质量信得过班组建设典型经验汇编
    association: str
    year: str
    event_name: str = ""
    event_date: str = ""
    event_place: str = ""


@dataclass
class BookResult:
    html_path: Path | None = None
    pdf_path: Path | None = None
    entries: list[BookEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


# ---------------------------------------------------------------- reading the pages


def markdown_renderer(config_file: Path) -> Callable[[str], str]:
    """Markdown -> HTML with the markdown_extensions (and their options) of mkdocs.yml."""
    import markdown
    from mkdocs.config import load_config

    from .export import package_overrides

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cfg = load_config(str(config_file), **package_overrides(config_file)[0])
    extensions, configs = list(cfg.markdown_extensions), dict(cfg.mdx_configs)

    def render(text: str) -> str:
        return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)

    return render


def read_page(path: Path) -> tuple[dict[str, Any], str]:
    """Front matter and Markdown body, split as MkDocs splits them."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(path.read_text(encoding="utf-8-sig"))
    return meta, body


_ID = re.compile(r'(\sid=")([^"]+)(")')
_HASH_HREF = re.compile(r'(\shref="#)([^"]+)(")')
_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')
_IMG = re.compile(r"<img\b[^>]*>")
_SRCSET = re.compile(r'\s(?:srcset|sizes)="[^"]*"')


def prefix_ids(html: str, prefix: str) -> str:
    """Ids (headings, footnotes) are unique per page; in one book they must be unique per experience."""
    html = _ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", html)
    return _HASH_HREF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", html)


def inline_images(html: str, folder: Path, page: str) -> tuple[str, list[Finding]]:
    """Relative <img src> -> data: URI from the page's folder, so the book is one file."""
    findings: list[Finding] = []

    def replace(m: re.Match) -> str:
        src = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or src.startswith("/"):
            return m.group(0)
        path = (folder / src.replace("&amp;", "&")).resolve()
        if not path.is_file() or folder.resolve() not in path.parents:
            findings.append(warning("BOOK_IMAGE_MISSING", f"{page}：图片 {src} 不存在，汇编中无法显示", page))
            return m.group(0)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{m.group(1)}data:{mime};base64,{data}{m.group(3)}"

    # The phone copies in srcset would be further files: the book shows the full picture only.
    html = _IMG.sub(lambda m: _SRCSET.sub("", m.group(0)), html)
    return _SRC.sub(replace, html), findings


def load_entries(content_dir: Path, render: Callable[[str], str]) -> tuple[list[BookEntry], list[Finding]]:
    """Every experiences/<slug>/index.md of the docs dir, in slug order; bad pages become findings."""
    entries: list[BookEntry] = []
    findings: list[Finding] = []
    for path in sorted((content_dir / "experiences").glob("*/index.md")):
        page = str(path)
        try:
            meta, body = read_page(path)
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(error("BOOK_PAGE_UNREADABLE", f"{page}：无法读取经验页面（{exc}），汇编中略去", page))
            continue
        if meta.get("withdrawn"):  # a page kept at a withdrawn experience's URL (converters/urls.py)
            continue
        front = FrontMatter.from_meta(meta)
        title = front.title.strip()
        if not title:
            findings.append(warning("BOOK_PAGE_UNTITLED", f"{page}：经验页面没有 title（经验名称），汇编中略去", page))
            continue
        slug = path.parent.name
        html, found = inline_images(prefix_ids(render(body), slug), path.parent, page)
        findings += found
        entries.append(
            BookEntry(
                slug=slug,
                title=title,
                organization=front.organization,
                team=front.team,
                recommender=front.recommender,
                industry=front.industry,
                methods=front.methods,
                year=front.year,
                metrics=front.metrics,
                body=html,
            )
        )
    return entries, findings


# ---------------------------------------------------------------- order


def event_titles(order_path: Path | None) -> tuple[list[str], list[Finding]]:
    """Titles of the event order file (content/event.yml), in order; the site's file and format."""
    if order_path is None or not order_path.exists():
        return [], []  # no order file: the book falls back to recommender and title
    entries, found = read_event_order(order_path)
    return [e.title for e in entries], found


def order_entries(entries: list[BookEntry], titles: list[str], source: str = "") -> tuple[list[BookEntry], list[Finding]]:
    """Event order first; experiences not in it follow, by recommender, then title (pinyin order)."""
    by_title = {title_key(e.title): e for e in entries}
    ordered: list[BookEntry] = []
    findings: list[Finding] = []
    for number, title in enumerate(titles, start=1):
        entry = by_title.get(title_key(title))
        if entry is None:
            findings.append(warning("BOOK_EVENT_TITLE_UNMATCHED", f"{source}：发表顺序第 {number} 项“{title}”没有对应的经验页面，汇编中略去", source))
        elif entry not in ordered:
            ordered.append(entry)
    rest = sorted((e for e in entries if e not in ordered),
                  key=lambda e: (pinyin_key(e.recommender), pinyin_key(e.title), e.slug))
    return ordered + rest, findings


# ---------------------------------------------------------------- HTML


def css_string(text: str) -> str:
    """A CSS string literal that stays inert inside <style> (quotes, backslashes, < and > escaped)."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _short(text: str, limit: int = HEADER_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_html(book: BookInfo, entries: list[BookEntry], page_numbers: dict[str, int] | None = None) -> str:
    """The whole book; page_numbers (slug -> page) fill the contents, placeholders otherwise."""
    numbers = {e.slug: (str(page_numbers[e.slug]) if page_numbers and e.slug in page_numbers else "") for e in entries}
    placeholder = page_numbers is None
    items = [
        {
            "entry": e,
            "number": i,
            "anchor": f"exp-{e.slug}",
            "page_name": f"exp{i}",
            "header": Markup(css_string(_short(e.title))),
            "toc_page": PAGE_NUMBER_PLACEHOLDER if placeholder else numbers[e.slug],
            "body": Markup(e.body),
        }
        for i, e in enumerate(entries, start=1)
    ]
    return _env.get_template("book.html.j2").render(
        book=book,
        event_date=format_date(book.event_date),
        items=items,
        book_header=Markup(css_string(_short(book.title))),
        footer_text=Markup(css_string(book.association)),
    )


# ---------------------------------------------------------------- glyph coverage


_coverage_cache: tuple[list[int], list[int]] | None = None


def installed_coverage() -> tuple[list[int], list[int]] | None:
    """Code points some installed font covers (fontconfig), as disjoint sorted ranges (starts, ends);
    None without fc-list."""
    global _coverage_cache
    if _coverage_cache is not None:
        return _coverage_cache
    tool = shutil.which("fc-list")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    ranges: list[tuple[int, int]] = []
    for token in done.stdout.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    starts: list[int] = []
    ends: list[int] = []
    for low, high in sorted(ranges):
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    _coverage_cache = (starts, ends)
    return _coverage_cache


def _covered(cp: int, coverage: tuple[list[int], list[int]]) -> bool:
    starts, ends = coverage
    i = bisect.bisect_right(starts, cp) - 1
    return i >= 0 and cp <= ends[i]


def missing_glyphs(text: str, coverage: tuple[list[int], list[int]]) -> list[str]:
    """Visible characters no installed font can draw (they would print as empty boxes)."""
    missing = set()
    for ch in set(text):
        if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") or ch in "\n\r\t":
            continue
        if not _covered(ord(ch), coverage):
            missing.add(ch)
    return sorted(missing)


_TAGS = re.compile(r"<[^>]+>|data:[^\"']+")


def check_glyphs(entries: list[BookEntry], book: BookInfo) -> list[Finding]:
    ranges = installed_coverage()
    if ranges is None:
        return [info("BOOK_GLYPHS_UNCHECKED", "未找到 fc-list（fontconfig），无法检查汇编中的字符是否都有字形")]
    import html as html_lib

    findings = []
    front = " ".join([book.title, book.association, book.event_name, book.event_place])
    for label, text in [("封面", front)] + [(e.title, e.title + html_lib.unescape(_TAGS.sub(" ", e.body))) for e in entries]:
        missing = missing_glyphs(text, ranges)
        if missing:
            shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in missing[:10])
            findings.append(warning("BOOK_MISSING_GLYPH", f"汇编中“{label}”有本机字体都没有字形的字符，打印时会显示为方框：{shown}", label))
    return findings


# ---------------------------------------------------------------- PDF


def pdf_destinations(pdf: Path) -> dict[str, int] | None:
    """Named destination -> page number (1-based), via poppler's pdfinfo; None without it."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "-dests", str(pdf)], capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    dests = {}
    for line in done.stdout.splitlines():
        m = re.match(r'\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$', line)
        if m:
            dests[m.group(2)] = int(m.group(1))
    return dests


def print_pdf(book: BookInfo, entries: list[BookEntry], pdf_path: Path, chromium: str) -> tuple[str, list[Finding]]:
    """Print the book; returns the final HTML (with page numbers when pdfinfo is available)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    findings: list[Finding] = []
    html = ""
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort() if route.request.url.startswith(("http:", "https:")) else route.continue_())
                numbers: dict[str, int] | None = None  # None: placeholders of the final width
                for _ in range(MAX_PASSES):
                    html = render_html(book, entries, numbers)
                    _print(page, html, pdf_path)
                    dests = pdf_destinations(pdf_path)
                    if dests is None:
                        findings.append(info("BOOK_NO_PAGE_NUMBERS", "未找到 pdfinfo（poppler-utils），汇编目录不带页码（目录链接仍可点击）"))
                        html = render_html(book, entries, {})
                        _print(page, html, pdf_path)
                        break
                    found = {e.slug: dests[f"exp-{e.slug}"] for e in entries if f"exp-{e.slug}" in dests}
                    if found == numbers:
                        break
                    numbers = found
                else:
                    findings.append(warning("BOOK_PAGE_NUMBERS_UNSTABLE", f"{pdf_path}：目录页码在 {MAX_PASSES} 次排版后仍在变化，可能有个别页码不准", str(pdf_path)))
            finally:
                browser.close()
    except PlaywrightError as exc:
        findings.append(error("BOOK_PDF_FAILED", f"{pdf_path}：Chromium 打印 PDF 失败：{exc}", str(pdf_path)))
    return html, findings


def _print(page, html: str, pdf_path: Path) -> None:
    page.set_content(html, wait_until="load")
    page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)


# ---------------------------------------------------------------- entry point


def book_info(settings) -> BookInfo:
    return BookInfo(
        title=f"{settings.site_title}汇编",
        association=settings.association,
        year=str(settings.year),
        event_name=settings.event.name,
        event_date=settings.event.date,
        event_place=settings.event.place,
    )


def make_book(
    config_file: Path,
    docs_dir: Path,
    book: BookInfo,
    pdf_path: Path,
    *,
    order_file: Path | None = None,
    pdf: bool = True,
) -> BookResult:
    """Write <pdf_path>.html and, when `pdf`, the PDF; every problem comes back as a finding."""
    result = BookResult()
    try:
        render = markdown_renderer(config_file)
    except Exception as exc:  # noqa: BLE001 – a broken mkdocs.yml names itself
        result.findings.append(error("BOOK_CONFIG", f"{config_file}：无法读取 Markdown 设置（{exc}）", str(config_file)))
        return result
    entries, found = load_entries(docs_dir, render)
    result.findings += found
    if not entries:
        result.findings.append(error("BOOK_EMPTY", f"{docs_dir}：没有经验页面，请先运行 showcase convert 或 showcase build", str(docs_dir)))
        return result
    titles, found = event_titles(order_file)
    result.findings += found
    entries, found = order_entries(entries, titles, str(order_file or ""))
    result.findings += found + check_glyphs(entries, book)
    result.entries = entries
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    html_path = pdf_path.with_suffix(".html")
    html = render_html(book, entries, {})
    if pdf:
        chromium = find_chromium()
        if chromium is None:
            result.findings.append(error("BOOK_NO_CHROMIUM", f"{pdf_path}：未找到 Chromium（apt-get install chromium），无法生成 PDF；HTML 版已生成", str(pdf_path)))
        else:
            printed, found = print_pdf(book, entries, pdf_path, chromium)
            html = printed or html
            result.findings += found
            if not any(f.severity is Severity.ERROR for f in found):
                result.pdf_path = pdf_path
    html_path.write_text(html, encoding="utf-8")
    result.html_path = html_path
    return result
