"""Parsed styles.xml is shared by the documents of one template: parsed once per content, equal to a
fresh parse, and a malformed part still reports its finding in every document."""

from __future__ import annotations

import zipfile
from pathlib import Path

from converters.ooxml import read_docx, styles
from converters.ooxml.package import open_package
from converters.ooxml.xml import parse_xml

import submissions


def _styles_of(path: Path) -> styles.Styles:
    package = open_package(path)
    try:
        return styles.read_styles(parse_xml(package.read("word/styles.xml")))
    finally:
        package.close()


def _same_template(tmp_path: Path) -> tuple[Path, Path]:
    a = submissions.write_experience(tmp_path / "a.docx", "运用PDCA循环降低装配不良率的实践", "装配一班")
    b = submissions.write_experience(tmp_path / "b.docx", "运用QC七种工具降低焊接缺陷率的实践", "焊接二班")
    return a, b


def test_documents_of_one_template_share_one_parse_equal_to_a_fresh_one(tmp_path: Path, monkeypatch):
    a, b = _same_template(tmp_path)
    styles._parsed.clear()
    calls = []
    real = styles.read_styles
    monkeypatch.setattr("converters.ooxml.read_styles", lambda root: calls.append(1) or real(root))
    first, second = read_docx(a, "a.docx"), read_docx(b, "b.docx")
    assert len(calls) == 1  # the second document's styles.xml was not parsed again
    assert first.blocks and second.blocks
    cached = next(iter(styles._parsed.values()))
    fresh = _styles_of(b)
    assert cached.by_id == fresh.by_id and cached.defaults_rpr == fresh.defaults_rpr
    assert cached.default_ids == fresh.default_ids
    styles._parsed.clear()
    assert read_docx(b, "b.docx") == second  # with or without the cache: the same document


def test_a_malformed_styles_part_is_not_remembered_and_warns_every_time(tmp_path: Path):
    a, _b = _same_template(tmp_path)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(a) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", b"<w:style")
            dst.writestr(info, data)
    styles._parsed.clear()
    for _ in range(2):
        doc = read_docx(broken, "broken.docx")
        assert [f.code for f in doc.findings].count("DOCX_PART_MALFORMED") == 1
    assert not styles._parsed


def test_the_cache_keeps_at_most_its_size(monkeypatch):
    styles._parsed.clear()
    monkeypatch.setattr(styles, "STYLES_CACHE_SIZE", 2)
    for n in range(4):
        styles.cached_styles(str(n).encode(), lambda: styles.Styles.EMPTY, clean=lambda: True)
    assert len(styles._parsed) == 2
    styles._parsed.clear()
