"""Picture finding codes, each from a 典型经验 whose picture makes the pipeline emit it (issue 12).

The picture is dropped from the page with a warning naming it and the file; the experience itself is
still published (the warnings block only under --strict).
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import zipfile
from pathlib import Path

from docx import Document
from PIL import Image

from converters import pipeline
from converters.assemble import images
from converters.check.classes import blocks, finding_class
from converters.model import Asset, Finding, Severity
from converters.render.pictures import SHARE_NAME
from converters.render.report import PUBLISHED

import submissions

CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCE = "南京市质量协会/焊接一班/附件1.docx"
TITLE = "运用QC工具降低焊接缺陷率的实践"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def tiny_emf() -> bytes:
    """An EMF drawing one red rectangle on a 200x100 px frame (as in test_images)."""

    def record(kind: int, payload: bytes) -> bytes:
        return struct.pack("<II", kind, 8 + len(payload)) + payload

    brush = record(39, struct.pack("<IIII", 1, 0, 0x000000FF, 0))
    body = brush + record(37, struct.pack("<I", 1)) + record(43, struct.pack("<iiii", 50, 20, 150, 80))
    body += record(14, struct.pack("<III", 0, 16, 20))
    header = record(1, struct.pack("<iiii", 0, 0, 199, 99) + struct.pack("<iiii", 0, 0, 5291, 2645)
                    + struct.pack("<IIIIHHIII", 0x464D4520, 0x10000, 0, 0, 2, 0, 0, 0, 0)
                    + struct.pack("<iiii", 1920, 1080, 508, 286))
    total = len(header) + len(body)
    header = header[:8 + 32 + 8] + struct.pack("<II", total, 5) + header[8 + 32 + 16:]
    return header + body


def experience_with_picture(inbox: Path, ext: str, data: bytes) -> Path:
    """A 典型经验 with one picture in 实施过程, whose media part is then `data` saved as `.ext`."""
    path = inbox / SOURCE
    submissions.write_experience(path, TITLE, "焊接一班")
    doc = Document(path)
    doc.paragraphs[-2].add_run().add_picture(io.BytesIO(png_bytes()))
    doc.save(path)
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    media = next(n for n in members if n.startswith("word/media/"))
    renamed = media.rsplit(".", 1)[0] + "." + ext
    del members[media]
    members[renamed] = data
    rels = "word/_rels/document.xml.rels"
    members[rels] = members[rels].replace(media.removeprefix("word/").encode(), renamed.removeprefix("word/").encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return path


def convert(tmp_path: Path, ext: str, data: bytes) -> pipeline.Outcome:
    experience_with_picture(tmp_path / "inbox", ext, data)
    return pipeline.convert(tmp_path / "inbox", tmp_path / "content", pipeline.Options(year=2025))


def the_published(outcome: pipeline.Outcome, code: str) -> Finding:
    [entry] = outcome.report.experiences
    assert entry.status == PUBLISHED and len(outcome.published) == 1
    found = [f for f in entry.findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in entry.findings]
    return found[0]


def assert_picture_warning(f: Finding) -> None:
    assert f.severity is Severity.WARNING
    assert finding_class(f).id == "broken" and blocks(f)
    assert CJK.search(f.message), f.message
    assert f.file == SOURCE


def page_pictures(tmp_path: Path) -> list[str]:
    """The document's pictures on the page (not the share image or phone copies made from them)."""
    return [p.name for p in (tmp_path / "content").rglob("*") if p.suffix.lower() in (".png", ".jpg", ".svg", ".emf")
            and p.name != SHARE_NAME and not p.name.endswith(".phone.jpg")]


def test_damaged_picture_is_image_broken_and_the_experience_is_published(tmp_path: Path):
    outcome = convert(tmp_path, "png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    f = the_published(outcome, "IMAGE_BROKEN")
    assert_picture_warning(f)
    assert "image1.png" in f.message
    assert page_pictures(tmp_path) == []


def test_svg_with_a_script_is_image_svg_unsafe(tmp_path: Path):
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>'
           b'<rect width="10" height="10"/></svg>')
    outcome = convert(tmp_path, "svg", svg)
    f = the_published(outcome, "IMAGE_SVG_UNSAFE")
    assert_picture_warning(f)
    assert "image1.svg" in f.message
    assert page_pictures(tmp_path) == []


# The dedicated EMF/WMF converters draw these pictures without LibreOffice; hidden here so that
# the LibreOffice fallback is what runs.
_DEDICATED = ("emf2svg-conv", "wmf2svg")


def _no_soffice(name: str, *args, **kwargs):
    return None if name in ("soffice", "libreoffice", *_DEDICATED) else _real_which(name, *args, **kwargs)


def _soffice_is(program: str):
    found = _real_which(program)
    return lambda name, *a, **k: (found if name in ("soffice", "libreoffice") else None if name in _DEDICATED
                                  else _real_which(name, *a, **k))


_real_which = shutil.which


def test_emf_without_libreoffice_is_image_no_libreoffice(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", _no_soffice)
    outcome = convert(tmp_path, "emf", tiny_emf())
    f = the_published(outcome, "IMAGE_NO_LIBREOFFICE")
    assert_picture_warning(f)
    assert "apt-get install libreoffice-draw" in f.message
    assert page_pictures(tmp_path) == []


def test_emf_that_libreoffice_does_not_convert_is_image_metafile_failed(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", _soffice_is("true"))
    outcome = convert(tmp_path, "emf", tiny_emf())
    f = the_published(outcome, "IMAGE_METAFILE_FAILED")
    assert_picture_warning(f)
    assert "image1.emf" in f.message and "转换失败" in f.message


def test_emf_converter_failing_as_a_whole_is_one_image_metafile_failed(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(shutil, "which", _soffice_is("false"))
    outcome = convert(tmp_path, "emf", tiny_emf())
    f = the_published(outcome, "IMAGE_METAFILE_FAILED")
    assert_picture_warning(f)
    assert "退出码 1" in f.message


def test_prepare_image_refuses_a_metafile_with_image_metafile():
    # The pipeline hands EMF/WMF to convert_metafiles, never to prepare_image; this is the guard for
    # any other caller of the public helper.
    prepared, found = images.prepare_image(Asset("image1.emf", "image/x-emf", tiny_emf()))
    assert prepared is None
    [f] = found
    assert f.code == "IMAGE_METAFILE" and f.severity is Severity.WARNING and finding_class(f).id == "note"
    assert "image1.emf" in f.message and CJK.search(f.message)


def test_a_sound_picture_is_published_without_a_picture_finding(tmp_path: Path):
    # The control for the tests above: the same document with a readable picture keeps it.
    outcome = convert(tmp_path, "png", png_bytes())
    [entry] = outcome.report.experiences
    assert entry.status == PUBLISHED and not [f for f in entry.findings if f.code.startswith("IMAGE_")]
    assert page_pictures(tmp_path) == ["image1.png"]
