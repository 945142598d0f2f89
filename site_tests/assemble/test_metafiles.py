"""EMF/WMF pictures without a LibreOffice start per document: emf2svg / wmf2svg keep vectors as a
sanitised SVG, bitmaps drawn through a mask become an RGBA PNG, and one whole inbox (pictures and a
legacy .doc) starts LibreOffice once, counted by a real wrapper script on PATH."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from converters import pipeline
from converters.assemble import images, metafiles
from converters.model import Asset

import submissions

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import metafiles as drawn  # noqa: E402  (bench/metafiles.py: EMF/WMF written record by record)
from realistic import with_picture  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
needs_emf2svg = pytest.mark.skipif(not shutil.which("emf2svg-conv"), reason="emf2svg 未安装（scripts/ensure-system-deps.sh）")
needs_wmf2svg = pytest.mark.skipif(not shutil.which("wmf2svg"), reason="libwmf-bin 未安装（scripts/ensure-system-deps.sh）")
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice 未安装")


def parsed(svg: bytes) -> etree._Element:
    return etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))


@needs_emf2svg
def test_emf_is_converted_by_emf2svg_to_a_sanitised_svg_that_draws_the_boxes(tmp_path: Path):
    converted, findings = images.convert_metafiles([Asset("image3.emf", "image/x-emf", drawn.flowchart_emf(4))], tmp_path)
    assert findings == ()
    svg = converted["image3.emf"]
    assert (svg.name, svg.content_type) == ("image3-emf.svg", "image/svg+xml")
    root = parsed(svg.data)
    assert root.tag == SVG + "svg" and root.get("viewBox")
    assert len(root.findall(f".//{SVG}rect")) == 4  # drawn, not blank
    fills = {r.get("fill") for r in root.iter(SVG + "rect")}
    assert "#4F50C0" in fills  # COLORREF 0x00C0504F is BGR
    assert images.prepare_image(svg)[0] is not None  # passes the page's own SVG check too


@needs_wmf2svg
def test_wmf_is_converted_by_wmf2svg_to_an_svg_in_the_svg_namespace_without_its_doctype(tmp_path: Path):
    converted, findings = images.convert_metafiles([Asset("image1.wmf", "image/x-wmf", drawn.boxes_wmf())], tmp_path)
    assert findings == ()
    svg = converted["image1.wmf"]
    assert svg.name == "image1-wmf.svg"
    assert b"<!DOCTYPE" not in svg.data and b"sodipodi" not in svg.data
    root = parsed(svg.data)
    assert root.tag == SVG + "svg" and len(root.findall(f"{SVG}rect")) == 2


def test_bitmap_drawn_through_a_mask_becomes_a_transparent_png():
    png = metafiles.masked_bitmap_png(drawn.masked_bitmap_emf(64, 48))
    assert png is not None
    img = Image.open(io.BytesIO(png))
    assert img.mode == "RGBA" and img.size == (64, 48)
    r, g, b, a = img.getpixel((32, 24))
    assert a == 255 and r > 200 and g < 60 and b < 60  # the red disc, opaque
    assert img.getpixel((1, 1))[3] == 0  # outside the mask: transparent, not black


def test_an_emf_with_shapes_is_not_taken_for_a_masked_bitmap():
    assert metafiles.masked_bitmap_png(drawn.flowchart_emf()) is None
    assert metafiles.masked_bitmap_png(b"not a metafile") is None


def test_sanitiser_keeps_the_drawing_and_drops_scripts_handlers_and_outside_references():
    dirty = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg width="10" height="5" onload="alert(1)">'
             b'<script>alert(2)</script><foreignObject><p>x</p></foreignObject>'
             b'<rect width="10" height="5" fill="url(http://example.com/a)"/>'
             b'<rect width="4" height="4" fill="url(#g)" onclick="x()"/>'
             b'<image xlink:href="http://example.com/a.png" xmlns:xlink="http://www.w3.org/1999/xlink"/>'
             b'<image xlink:href="data:image/png;base64,iVBORw0KGgo=" xmlns:xlink="http://www.w3.org/1999/xlink"/>') + (
             '<text x="1">图一<tspan>说明</tspan></text></svg>'.encode())
    clean = metafiles.sanitised_svg(dirty)
    assert clean is not None
    for bad in (b"script", b"onload", b"onclick", b"foreignObject", b"example.com", b"ENTITY", b"DOCTYPE"):
        assert bad not in clean, bad
    root = parsed(clean)
    assert root.get("viewBox") == "0 0 10 5"
    assert [r.get("fill") for r in root.iter(SVG + "rect")] == [None, "url(#g)"]
    assert len(root.findall(f"{SVG}image")) == 1
    assert "".join(root.find(f"{SVG}text").itertext()) == "图一说明"


def test_an_svg_that_draws_nothing_is_refused_so_the_fallback_runs():
    assert metafiles.sanitised_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>') is None
    assert metafiles.sanitised_svg(b"<html><rect/></html>") is None


# ---------------------------------------------------------------- one LibreOffice start per run


def _experience(path: Path, title: str, team: str, pictures: list[tuple[bytes, str]]) -> bytes:
    submissions.write_experience(path, title, team)
    data = path.read_bytes()
    for n, (blob, ext) in enumerate(pictures, 1):
        data = with_picture(data, blob, ext, n)
    path.write_bytes(data)
    return data


def _counting_soffice(bin_dir: Path, log: Path) -> None:
    """A `soffice` on PATH that records each start, then runs the real LibreOffice."""
    real = shutil.which("soffice")
    bin_dir.mkdir(parents=True)
    wrapper = bin_dir / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)


@needs_soffice
@needs_emf2svg
@needs_wmf2svg
def test_an_inbox_of_metafile_pictures_and_a_legacy_doc_starts_libreoffice_once(tmp_path: Path, monkeypatch):
    inbox = tmp_path / "inbox" / "南京市质量协会"
    made = tmp_path / "made"
    pictures = [[(drawn.flowchart_emf(4, 1), "emf")], [(drawn.flowchart_emf(3, 2), "emf"), (drawn.boxes_wmf(), "wmf")],
                [(drawn.masked_bitmap_emf(), "emf")], [(drawn.flowchart_emf(5, 3), "emf")]]
    for i, pics in enumerate(pictures):
        _experience(inbox / f"班组{i}" / "附件1.docx", f"运用PDCA循环降低第{i + 1}道工序不良率的实践", f"装配{i + 1}班", pics)
    legacy_source = made / "legacy.docx"
    _experience(legacy_source, "运用QC七种工具降低焊接缺陷率的实践", "焊接班", [(drawn.flowchart_emf(2, 4), "emf")])
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(made), str(legacy_source)], check=True, capture_output=True,
                   timeout=180)
    (inbox / "焊接班").mkdir()
    shutil.copyfile(made / "legacy.doc", inbox / "焊接班" / "附件1.doc")

    log = tmp_path / "soffice.log"
    _counting_soffice(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    outcome = pipeline.convert(tmp_path / "inbox", tmp_path / "content", pipeline.Options(year=2025))

    assert len(outcome.published) == 5
    starts = log.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1 and "--convert-to docx" in starts[0], starts
    codes = [f.code for e in outcome.report.experiences for f in e.findings]
    assert "IMAGE_METAFILE_FAILED" not in codes and "IMAGE_NO_LIBREOFFICE" not in codes
    shown = sorted(p.name for p in (tmp_path / "content" / "experiences").rglob("*-[ew]mf.*"))
    assert len(shown) == 6 and all(p.endswith((".svg", ".png")) for p in shown), shown
