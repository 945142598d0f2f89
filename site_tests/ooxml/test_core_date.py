"""The day a .docx was last saved (core properties, ECMA-376 Part 2 §11): the source date of its page."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx

from converters.ooxml import read_docx


def saved_docx(path: Path, modified: dt.datetime | None) -> Path:
    document = docx.Document()
    document.add_paragraph("班组概况")
    if modified is not None:
        document.core_properties.modified = modified
    document.save(str(path))
    return path


def with_core_xml(path: Path, core: bytes | None) -> Path:
    """The package rewritten with docProps/core.xml replaced (None: removed)."""
    out = path.with_name("rewritten.docx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename == "docProps/core.xml":
                if core is not None:
                    dst.writestr(info.filename, core)
            else:
                dst.writestr(info, src.read(info.filename))
    return out


def test_the_last_saved_day_is_read_from_the_core_properties(tmp_path):
    path = saved_docx(tmp_path / "a.docx", dt.datetime(2025, 5, 12, 23, 30, 0))
    assert read_docx(path, "a.docx").modified == "2025-05-12"


def test_a_document_without_core_properties_has_no_date(tmp_path):
    path = with_core_xml(saved_docx(tmp_path / "a.docx", dt.datetime(2025, 5, 12)), None)
    document = read_docx(path, "a.docx")
    assert document.modified == "" and document.blocks  # the body is still read


def test_an_unreadable_or_impossible_date_is_no_date_and_no_failure(tmp_path):
    source = saved_docx(tmp_path / "a.docx", dt.datetime(2025, 5, 12))
    ns = ('xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
          'xmlns:dcterms="http://purl.org/dc/terms/"')
    for core in (b"<not xml", f'<cp:coreProperties {ns}><dcterms:modified>2025-13-45T00:00:00Z</dcterms:modified>'
                 "</cp:coreProperties>".encode(), f"<cp:coreProperties {ns}/>".encode()):
        document = read_docx(with_core_xml(source, core), "a.docx")
        assert document.modified == "" and not [f for f in document.findings if f.severity.name == "ERROR"]
