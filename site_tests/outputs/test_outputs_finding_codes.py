"""Finding codes of the printable 汇编 (outputs/printbook.make_book), from docs dirs and settings a
user could have: a page saved in the wrong encoding, a page without title, a missing picture, a
broken mkdocs.yml or order file, a machine without fontconfig or with a Chromium that will not start."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import browser
from converters.model import Severity
from converters.outputs import printbook

REPO = Path(__file__).resolve().parents[2]
BOOK = printbook.BookInfo("典型经验汇编", "示例协会", "2025")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
GOOD = "---\ntitle: 运用PDCA提升合格率的实践\n---\n\n## 班组概况\n\n班组概况正文。\n"
needs_pdf = pytest.mark.skipif(
    not (browser.chromium_available() and shutil.which("pdfinfo")),
    reason="需要 chromium 与 pdfinfo（poppler-utils）",
)


def _page(docs: Path, slug: str, text: str | bytes) -> Path:
    path = docs / "experiences" / slug / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _only(findings, code: str):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [(f.code, f.message) for f in findings]
    return hits[0]


def _says(f, severity: Severity, file: str) -> None:
    assert f.severity is severity and CHINESE.search(f.message)
    assert file in f.message and f.file == file, (f.message, f.file)


def _book(docs: Path, out: Path, **kwargs):
    return printbook.make_book(REPO / "mkdocs.yml", docs, BOOK, out / "book.pdf", pdf=False, **kwargs)


def test_a_page_saved_in_gbk_is_left_out_of_the_book_with_an_error(tmp_path):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    bad = _page(docs, "2025-002", "---\ntitle: 推行6S管理提升现场效率的经验\n---\n\n正文。\n".encode("gbk"))
    result = _book(docs, tmp_path)
    _says(_only(result.findings, "BOOK_PAGE_UNREADABLE"), Severity.ERROR, str(bad))
    assert [e.slug for e in result.entries] == ["2025-001"] and not result.ok


def test_a_page_without_title_is_left_out_with_a_warning(tmp_path):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    untitled = _page(docs, "2025-002", "---\norganization: 示例公司\n---\n\n## 班组概况\n\n正文。\n")
    result = _book(docs, tmp_path)
    _says(_only(result.findings, "BOOK_PAGE_UNTITLED"), Severity.WARNING, str(untitled))
    assert [e.slug for e in result.entries] == ["2025-001"] and result.ok


def test_a_picture_the_page_names_but_its_folder_lacks_is_book_image_missing(tmp_path):
    docs = tmp_path / "content"
    page = _page(docs, "2025-001", GOOD + "\n![现场改进前后对比](image1.png)\n")
    result = _book(docs, tmp_path)
    f = _only(result.findings, "BOOK_IMAGE_MISSING")
    _says(f, Severity.WARNING, str(page))
    assert "image1.png" in f.message and result.ok and result.html_path.exists()


def test_a_broken_mkdocs_yml_is_book_config_and_nothing_is_written(tmp_path):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 典型经验\nmarkdown_extensions:\n  - toc: [permalink\n", encoding="utf-8")
    result = printbook.make_book(config, docs, BOOK, tmp_path / "out" / "book.pdf", pdf=False)
    _says(_only(result.findings, "BOOK_CONFIG"), Severity.ERROR, str(config))
    assert not result.ok and result.html_path is None and not (tmp_path / "out").exists()


def test_an_order_file_that_is_not_yaml_is_event_order_unreadable_and_the_book_still_made(tmp_path):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    order = docs / "event.yml"
    order.write_text("order:\n  - title: 运用PDCA提升合格率的实践\n    time: [9:30\n", encoding="utf-8")
    result = _book(docs, tmp_path, order_file=order)
    _says(_only(result.findings, "EVENT_ORDER_UNREADABLE"), Severity.ERROR, str(order))
    assert [e.slug for e in result.entries] == ["2025-001"] and result.html_path.exists()


def test_without_fontconfig_the_glyphs_are_unchecked_and_said_so(tmp_path, monkeypatch):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    monkeypatch.setattr(printbook, "_coverage_cache", None)
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # fc-list not found
    result = _book(docs, tmp_path)
    f = _only(result.findings, "BOOK_GLYPHS_UNCHECKED")
    assert f.severity is Severity.INFO and "fc-list" in f.message and CHINESE.search(f.message)
    assert result.ok and result.html_path.exists()


@pytest.mark.skipif(not browser.chromium_available(), reason="需要 chromium")
def test_a_chromium_that_will_not_start_is_book_pdf_failed_and_the_html_is_kept(tmp_path, monkeypatch):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    fake = tmp_path / "chromium"
    fake.write_text("not a browser\n", encoding="utf-8")  # SHOWCASE_CHROMIUM set to a file that is no program
    monkeypatch.setenv("SHOWCASE_CHROMIUM", str(fake))
    pdf = tmp_path / "out" / "book.pdf"
    result = printbook.make_book(REPO / "mkdocs.yml", docs, BOOK, pdf)
    _says(_only(result.findings, "BOOK_PDF_FAILED"), Severity.ERROR, str(pdf))
    assert not result.ok and result.pdf_path is None
    assert "运用PDCA提升合格率的实践" in result.html_path.read_text(encoding="utf-8")


@needs_pdf
def test_page_numbers_still_moving_after_the_last_pass_are_book_page_numbers_unstable(tmp_path, monkeypatch):
    docs = tmp_path / "content"
    _page(docs, "2025-001", GOOD)
    _page(docs, "2025-002", GOOD.replace("运用PDCA提升合格率的实践", "推行6S管理提升现场效率的经验"))
    monkeypatch.setattr(printbook, "MAX_PASSES", 1)  # one pass: the numbers found are never confirmed
    pdf = tmp_path / "book.pdf"
    result = printbook.make_book(REPO / "mkdocs.yml", docs, BOOK, pdf)
    _says(_only(result.findings, "BOOK_PAGE_NUMBERS_UNSTABLE"), Severity.WARNING, str(pdf))
    assert result.ok and result.pdf_path == pdf and pdf.read_bytes().startswith(b"%PDF")
