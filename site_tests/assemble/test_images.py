"""Picture preparation (Pillow) and EMF/WMF conversion (LibreOffice)."""

import io
import shutil
import struct

import pytest
from PIL import Image

from converters.assemble import images
from converters.assemble.images import LIBREOFFICE_MISSING, convert_metafiles, prepare_image
from converters.model import Asset, Severity


def jpeg_with_exif(size=(40, 20), orientation=6) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "CameraMaker"
    gps = {1: "N", 2: (32.0, 3.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def open_bytes(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_jpeg_is_auto_oriented_and_metadata_stripped():
    asset, findings = prepare_image(Asset("photo.jpg", "image/jpeg", jpeg_with_exif()))
    assert findings == ()
    img = open_bytes(asset.data)
    assert img.size == (20, 40)  # orientation 6 = rotate 90°
    assert not img.getexif() and "exif" not in img.info and "comment" not in img.info
    assert b"CameraMaker" not in asset.data and b"secret comment" not in asset.data
    assert asset.name == "photo.jpg" and asset.content_type == "image/jpeg"


def test_long_side_is_limited():
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), "white").save(out, "JPEG")
    asset, _ = prepare_image(Asset("wide.jpeg", "image/jpeg", out.getvalue()), max_side=1600)
    assert open_bytes(asset.data).size == (1600, 400)


def test_png_with_transparency_stays_png_without_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "张三")
    out = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    asset, _ = prepare_image(Asset("logo.png", "image/png", out.getvalue()))
    img = open_bytes(asset.data)
    assert asset.content_type == "image/png" and img.mode == "RGBA" and "Author" not in img.info


def test_large_photo_saved_as_png_becomes_small_jpeg():
    import random

    rnd = random.Random(1)
    img = Image.linear_gradient("L").resize((1200, 900)).convert("RGB")
    noise = Image.frombytes("RGB", (1200, 900), bytes(rnd.randrange(40) for _ in range(1200 * 900 * 3)))
    photo = Image.blend(img, noise, 0.3)
    out = io.BytesIO()
    photo.save(out, "PNG")
    assert len(out.getvalue()) > 250 * 1024
    asset, _ = prepare_image(Asset("image2.png", "image/png", out.getvalue()))
    assert asset.content_type == "image/jpeg" and asset.name == "image2-png.jpg"
    assert len(asset.data) <= 250 * 1024


def test_bmp_becomes_png():
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(out, "BMP")
    asset, _ = prepare_image(Asset("image3.bmp", "image/bmp", out.getvalue()))
    assert asset.content_type == "image/png" and asset.name == "image3-bmp.png"


def test_gif_is_kept_as_is():
    out = io.BytesIO()
    frames = [Image.new("P", (8, 8), i) for i in range(3)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    asset = Asset("anim.gif", "image/gif", out.getvalue())
    assert prepare_image(asset) == (asset, ())


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n" + b"\0" * 20])
def test_broken_image_is_dropped_with_warning(data):
    asset, findings = prepare_image(Asset("bad.png", "image/png", data))
    assert asset is None
    assert findings[0].severity == Severity.WARNING and "bad.png" in findings[0].message


def test_svg_with_script_is_dropped():
    svg = Asset("x.svg", "image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    assert prepare_image(svg)[0] is None


def test_missing_libreoffice_gives_the_install_hint(monkeypatch, tmp_path):
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    converted, findings = convert_metafiles([Asset("a.emf", "image/x-emf", b"x")], tmp_path)
    assert converted == {} and findings[0].message == LIBREOFFICE_MISSING


def tiny_emf() -> bytes:
    """An EMF drawing one red rectangle on a 200x100 px frame."""

    def record(kind: int, payload: bytes) -> bytes:
        return struct.pack("<II", kind, 8 + len(payload)) + payload

    brush = record(39, struct.pack("<IIII", 1, 0, 0x000000FF, 0))  # CREATEBRUSHINDIRECT, BS_SOLID, red
    select = record(37, struct.pack("<I", 1))
    rect = record(43, struct.pack("<iiii", 50, 20, 150, 80))
    eof = record(14, struct.pack("<III", 0, 16, 20))
    body = brush + select + rect + eof
    header_payload = (
        struct.pack("<iiii", 0, 0, 199, 99)  # bounds (px)
        + struct.pack("<iiii", 0, 0, 5291, 2645)  # frame (0.01 mm)
        + struct.pack("<IIIIHHIII", 0x464D4520, 0x10000, 0, 0, 2, 0, 0, 0, 0)
        + struct.pack("<iiii", 1920, 1080, 508, 286)  # device px, device mm
    )
    header = record(1, header_payload)
    total = len(header) + len(body)
    header = header[:8 + 32 + 8] + struct.pack("<II", total, 5) + header[8 + 32 + 16:]
    return header + body


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装：跳过 EMF 转换测试")
def test_emf_the_dedicated_converter_cannot_draw_is_converted_by_libreoffice_to_a_cropped_png(tmp_path, monkeypatch):
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "emf2svg-conv" else real(name, *a, **k))
    converted, findings = convert_metafiles([Asset("image5.emf", "image/x-emf", tiny_emf())], tmp_path, timeout=180)
    assert findings == ()
    png = converted["image5.emf"]
    assert png.name == "image5-emf.png" and png.content_type == "image/png"
    img = open_bytes(png.data).convert("RGB")
    w, h = img.size
    assert w > h  # cropped to the 100x60 rectangle, not the page
    r, g, b = img.getpixel((w // 2, h // 2))
    assert r > 200 and g < 80 and b < 80


def _jpeg_with_exif(size=(800, 600)) -> bytes:
    from PIL import Image

    img = Image.new("RGB", size, (90, 140, 200))
    exif = Image.Exif()
    exif[0x010F] = "样例相机"  # Make
    exif[0x8825] = {1: "N", 2: (31.0, 57.0, 12.0)}  # GPS
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, exif=exif, comment=b"secret comment")
    return out.getvalue()


def test_web_sized_jpeg_loses_its_metadata_losslessly():
    from converters.assemble.images import prepare_image, strip_jpeg_metadata
    from converters.model import Asset
    from PIL import Image

    original = _jpeg_with_exif()
    prepared, findings = prepare_image(Asset("photo.jpg", "image/jpeg", original))
    assert findings == () and prepared.name == "photo.jpg"
    assert prepared.data == strip_jpeg_metadata(original)
    assert b"secret comment" not in prepared.data and "样例相机".encode() not in prepared.data
    with Image.open(io.BytesIO(prepared.data)) as img, Image.open(io.BytesIO(original)) as before:
        assert not img.getexif() and img.tobytes() == before.tobytes()  # same pixels: nothing re-encoded


def test_large_jpeg_is_still_resized_and_reencoded():
    from converters.assemble.images import prepare_image
    from converters.model import Asset
    from PIL import Image

    prepared, _ = prepare_image(Asset("big.jpg", "image/jpeg", _jpeg_with_exif((3200, 2400))))
    with Image.open(io.BytesIO(prepared.data)) as img:
        assert max(img.size) == 1600 and not img.getexif()
