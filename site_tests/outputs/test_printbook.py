"""The printable 汇编 (`showcase pdf`): read back with poppler's pdftotext / pdfinfo / pdffonts.

The book is printed once per module from the session's converted samples, with an event order file
that puts three experiences first in an order no sort would give.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import browser
from converters.outputs import printbook
from converters.collation import pinyin_key
from converters.config import load_settings
from converters.model import Severity
from converters.notice import PARTS

REPO = Path(__file__).resolve().parents[2]
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdffonts"))
needs_pdf = pytest.mark.skipif(
    not (POPPLER and browser.chromium_available()), reason="需要 chromium 与 poppler-utils（pdftotext、pdfinfo、pdffonts）"
)


def _flat(text: str) -> str:
    """Titles wrap across lines in the PDF: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


def _catalog(content_dir: Path) -> list[dict]:
    return json.loads((content_dir / "_generated/catalog.json").read_text(encoding="utf-8"))["experiences"]


@pytest.fixture(scope="module")
def book(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("book")
    experiences = _catalog(built_site.content_dir)
    by_title = sorted(experiences, key=lambda e: e["title"])
    chosen = [by_title[-1], by_title[0], by_title[len(by_title) // 2]]  # deliberately unsorted
    order = root / "event.yml"
    order.write_text(
        "order:\n"
        + "".join(f"  - title: {json.dumps(e['title'], ensure_ascii=False)}\n    time: '9:{10 + i}'\n" for i, e in enumerate(chosen))
        + "  - 不存在的经验名称\n",
        encoding="utf-8",
    )
    settings, _ = load_settings(REPO / "showcase.yml")
    result = printbook.make_book(
        REPO / "mkdocs.yml", built_site.content_dir, printbook.book_info(settings), root / "book.pdf", order_file=order,
    )
    rest = sorted((e for e in experiences if e not in chosen), key=lambda e: (pinyin_key(e["recommender"]), pinyin_key(e["title"])))
    return result, [e["title"] for e in chosen + rest], settings


@pytest.fixture(scope="module")
def pdf_pages(book) -> list[str]:
    result, _expected, _settings = book
    assert result.pdf_path is not None, result.findings
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.pdf_path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return text.split("\f")


@pytest.fixture(scope="module")
def starts(book) -> dict[str, int]:
    """Experience slug -> first page, from the PDF's named destinations."""
    result, _expected, _settings = book
    dests = printbook.pdf_destinations(result.pdf_path)
    return {e.slug: dests[f"exp-{e.slug}"] for e in result.entries}


@needs_pdf
def test_the_book_is_printed_without_errors_and_reports_the_unknown_event_title(book):
    result, _expected, _settings = book
    assert result.ok and result.pdf_path and result.pdf_path.stat().st_size > 0, result.findings
    unmatched = [f for f in result.findings if f.code == "BOOK_EVENT_TITLE_UNMATCHED"]
    assert len(unmatched) == 1 and "不存在的经验名称" in unmatched[0].message


@needs_pdf
def test_experiences_follow_the_event_order_then_recommender_and_title(book, starts, pdf_pages):
    result, expected, _settings = book
    assert [e.title for e in result.entries] == expected
    pages = [starts[e.slug] for e in result.entries]
    assert pages == sorted(pages) and len(set(pages)) == len(pages), pages
    for entry in result.entries:
        assert _flat(entry.title) in _flat(pdf_pages[starts[entry.slug] - 1]), f"第 {starts[entry.slug]} 页应以“{entry.title}”开始"


@needs_pdf
def test_every_title_is_on_the_cover_contents_and_body(book, pdf_pages):
    result, expected, settings = book
    whole = _flat("".join(pdf_pages))
    assert _flat(settings.association) in _flat(pdf_pages[0])
    assert _flat(settings.event.name) in _flat(pdf_pages[0])
    for title in expected:
        assert whole.count(_flat(title)) >= 2, f"“{title}”应出现在目录和正文中"


@needs_pdf
def test_every_experience_has_its_four_part_titles_and_metadata(book, starts, pdf_pages):
    result, _expected, _settings = book
    bounds = [starts[e.slug] for e in result.entries] + [len(pdf_pages)]
    for i, entry in enumerate(result.entries):
        text = _flat("".join(pdf_pages[bounds[i] - 1 : bounds[i + 1] - 1]))
        missing = [title for _key, title, _limit in PARTS[1:] if title not in text]
        assert not missing, f"“{entry.title}”缺少部分：{missing}"
        assert _flat(entry.organization) in text and _flat(entry.recommender) in text


def _header(pdf: Path, page: int) -> str:
    """Text of the top 24 mm of one page: the running header's margin box."""
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0", "-W", "600", "-H", "66", str(pdf), "-"],
        capture_output=True, check=True,
    )
    return _flat(done.stdout.decode("utf-8"))


@needs_pdf
def test_pages_carry_numbers_and_the_running_header_of_their_experience(book, starts, pdf_pages):
    result, _expected, settings = book
    for number, text in enumerate(pdf_pages[1:-1], start=2):  # the cover has none; the last split is empty
        assert f"第{number}页" in _flat(text), f"第 {number} 页没有页码"
    assert _header(result.pdf_path, 1) == ""
    assert _header(result.pdf_path, 2) == _flat(printbook._short(printbook.book_info(settings).title))
    for entry in result.entries:
        assert _header(result.pdf_path, starts[entry.slug]) == _flat(printbook._short(entry.title))


@needs_pdf
def test_the_contents_give_the_page_each_experience_starts_on(book, starts):
    result, _expected, _settings = book
    html = result.html_path.read_text(encoding="utf-8")
    listed = [int(n) for n in re.findall(r'class="toc__page">(\d+)<', html)]
    assert listed == [starts[e.slug] for e in result.entries]


@needs_pdf
def test_no_replacement_characters_and_every_font_is_embedded_with_unicode_map(book, pdf_pages):
    result, _expected, _settings = book
    assert "\ufffd" not in "".join(pdf_pages)
    table = subprocess.run(["pdffonts", str(result.pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in table.splitlines()[2:] if line.strip()]
    assert rows, "PDF 中没有字体"
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert emb == "yes" and uni == "yes", row
    # Skia writes the CFF-based Noto CJK faces as unnamed Type 3 fonts; that the CJK text round-trips
    # through their ToUnicode maps (titles above) shows those glyphs are CJK ones.
    assert not [f for f in result.findings if f.code == "BOOK_MISSING_GLYPH"], result.findings


@needs_pdf
def test_the_html_book_is_one_self_contained_file(book):
    result, _expected, _settings = book
    html = result.html_path.read_text(encoding="utf-8")
    sources = re.findall(r'<img\b[^>]*\ssrc="([^"]+)"', html)
    assert sources and all(s.startswith("data:image/") for s in sources)
    assert not re.search(r'(src|href)="https?://', html)


# ---------------------------------------------------------------- units, no browser


def _entry(slug: str, title: str, recommender: str = "甲") -> printbook.BookEntry:
    return printbook.BookEntry(slug, title, "组织", "班组", recommender, "制造业", (), "2025", (), "<p>正文</p>")


def test_titles_not_in_the_event_order_follow_by_recommender_then_title():
    entries = [_entry("a", "丙经验", "B市质协"), _entry("b", "2号经验", "A市质协"), _entry("c", "1号经验", "B市质协"), _entry("d", "1号经验", "A市质协")]
    ordered, findings = printbook.order_entries(entries, ["丙 经验", "无此经验"], "event.yml")
    assert [e.slug for e in ordered] == ["a", "d", "b", "c"]
    assert [f.code for f in findings] == ["BOOK_EVENT_TITLE_UNMATCHED"]


def test_running_header_strings_cannot_close_the_style_element():
    literal = printbook.css_string('A"</style><script>\\')
    assert "<" not in literal and ">" not in literal and '"' not in literal[1:-1]


def test_ids_and_their_links_get_the_experience_prefix():
    html = '<h2 id="班组概况">x</h2><a href="#fn:1">1</a><a href="other.html#x">y</a>'
    out = printbook.prefix_ids(html, "2025-001")
    assert 'id="2025-001-班组概况"' in out and 'href="#2025-001-fn:1"' in out and 'href="other.html#x"' in out


def test_missing_pictures_are_reported_and_existing_ones_inlined(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    html, findings = printbook.inline_images('<img src="a.png"><img src="b.png"><img src="../x.png">', tmp_path, "页面")
    assert 'src="data:image/png;base64,' in html
    assert sorted(f.message for f in findings) == sorted(["页面：图片 b.png 不存在，汇编中无法显示", "页面：图片 ../x.png 不存在，汇编中无法显示"])


def test_characters_no_installed_font_has_are_reported():
    coverage = printbook.installed_coverage()
    if coverage is None:
        pytest.skip("需要 fontconfig 的 fc-list")
    assert printbook.missing_glyphs("质量信得过班组 ABC", coverage) == []
    assert printbook.missing_glyphs("私用区\ue000", coverage) == ["\ue000"]


def test_an_empty_docs_dir_is_an_error_finding_not_a_traceback(tmp_path):
    result = printbook.make_book(REPO / "mkdocs.yml", tmp_path, printbook.BookInfo("汇编", "协会", "2025"), tmp_path / "b.pdf")
    assert not result.ok and [f.code for f in result.findings] == ["BOOK_EMPTY"]


def test_without_chromium_the_html_is_still_written(tmp_path, monkeypatch):
    page = tmp_path / "experiences" / "2025-001" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: 运用PDCA提升合格率的实践\n---\n\n## 班组概况\n\n正文。\n", encoding="utf-8")
    monkeypatch.setattr(printbook, "find_chromium", lambda: None)
    result = printbook.make_book(REPO / "mkdocs.yml", tmp_path, printbook.BookInfo("汇编", "协会", "2025"), tmp_path / "out" / "b.pdf")
    assert result.pdf_path is None and [f.code for f in result.findings if f.severity is Severity.ERROR] == ["BOOK_NO_CHROMIUM"]
    assert "运用PDCA提升合格率的实践" in result.html_path.read_text(encoding="utf-8")


@needs_pdf
def test_without_pdfinfo_the_contents_have_no_page_numbers_but_the_pdf_is_made(tmp_path, monkeypatch):
    page = tmp_path / "experiences" / "2025-001" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: 运用PDCA提升合格率的实践\n---\n\n## 班组概况\n\n正文。\n", encoding="utf-8")
    monkeypatch.setattr(printbook, "pdf_destinations", lambda pdf: None)
    result = printbook.make_book(REPO / "mkdocs.yml", tmp_path, printbook.BookInfo("汇编", "协会", "2025"), tmp_path / "b.pdf")
    assert result.ok and result.pdf_path and result.pdf_path.read_bytes().startswith(b"%PDF")
    assert [f.code for f in result.findings if f.code == "BOOK_NO_PAGE_NUMBERS"] == ["BOOK_NO_PAGE_NUMBERS"]
    assert 'class="toc__page"></span>' in result.html_path.read_text(encoding="utf-8")


def test_recommenders_and_titles_follow_pinyin_order_not_code_points():
    # Code points put 南京 (U+5357) < 宿迁 (U+5BBF) < 常州 (U+5E38); readers look them up as 常州 < 南京 < 宿迁.
    entries = [_entry("s", "甲经验", "宿迁市质量协会"), _entry("n", "乙经验", "南京市质量协会"),
               _entry("c2", "质量改进", "常州市质量协会"), _entry("c1", "安全生产", "常州市质量协会")]
    ordered, _ = printbook.order_entries(entries, [], "event.yml")
    assert [e.slug for e in ordered] == ["c1", "c2", "n", "s"]
