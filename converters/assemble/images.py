"""Web-ready pictures: metadata stripped, upright, at most `max_side` pixels, small files.

``prepare_image`` re-encodes one picture with Pillow (EXIF/GPS/XMP/comments dropped, colour profile
converted to sRGB then dropped); ``convert_metafiles`` turns EMF/WMF into SVG or PNG with the
dedicated converters of ``metafiles``, and what they cannot draw into PNG with one headless
LibreOffice call (the page margin cropped away). Neither prints nor raises: problems are findings.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import signal
import subprocess
from pathlib import Path

from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

from ..model import Asset, Finding, warning
from . import metafiles

TARGET_BYTES = 250 * 1024  # aim per photo
MIN_JPEG_QUALITY = 60
MIN_LONG_SIDE = 800  # never shrink a photo below this just to meet the byte target
MAX_PIXELS = 120_000_000  # larger is a decompression bomb, not a photo
METAFILE_TYPES = ("image/x-emf", "image/x-wmf", "image/emf", "image/wmf")
LIBREOFFICE_MISSING = "未安装 LibreOffice，无法转换 EMF/WMF 图片：请运行 apt-get install libreoffice-draw"
_SVG_DANGER = re.compile(rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY", re.I)


# ---------------------------------------------------------------- raster pictures


def prepare_image(asset: Asset, *, max_side: int = 1600, jpeg_quality: int = 82) -> tuple[Asset | None, tuple[Finding, ...]]:
    """A web copy of `asset`, or (None, warning) when the picture cannot be read (the original is dropped:
    publishing bytes we cannot inspect could leak metadata or break pages)."""
    ctype = asset.content_type.lower()
    if ctype == "image/svg+xml":
        return _prepare_svg(asset)
    if ctype in METAFILE_TYPES:
        return None, (warning("IMAGE_METAFILE", f"图片 {asset.name} 为 EMF/WMF 矢量格式，需先转换为 PNG 才能显示"),)
    try:
        return _prepare_raster(asset, max_side, jpeg_quality), ()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return None, (warning("IMAGE_BROKEN", f"图片 {asset.name} 无法识别或已损坏（{type(exc).__name__}），已从页面中省略"),)


def _prepare_raster(asset: Asset, max_side: int, jpeg_quality: int) -> Asset:
    with Image.open(io.BytesIO(asset.data)) as probe:
        if probe.width * probe.height > MAX_PIXELS:
            raise Image.DecompressionBombError(f"{probe.width}x{probe.height}")
        source_format = (probe.format or "").upper()
        if source_format == "GIF":
            probe.load()  # verify it decodes; GIF is kept byte for byte (animation)
            return asset
        if _web_ready_jpeg(probe, len(asset.data), max_side):
            # Verify it decodes before publishing its bytes; 1/8-scale DCT decoding reads the whole
            # scan at a fraction of the cost.
            probe.draft(probe.mode, (max(1, probe.width // 8), max(1, probe.height // 8)))
            probe.load()
            return Asset(asset.name, "image/jpeg", strip_jpeg_metadata(asset.data))
        probe.load()
        img = ImageOps.exif_transpose(probe) or probe
        img = _to_srgb(img)
    if max(img.size) > max_side:
        img = img.copy()
        img.thumbnail((max_side, max_side), Image.LANCZOS)
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    if source_format in ("JPEG", "MPO") and not has_alpha:
        data = _jpeg_within_target(img, jpeg_quality)
        return Asset(_renamed(asset.name, "jpg" if not asset.name.lower().endswith((".jpg", ".jpeg")) else ""), "image/jpeg", data)
    png = _png_bytes(img)
    if not has_alpha and len(png) > TARGET_BYTES and img.mode not in ("P", "1", "L"):
        jpeg = _jpeg_within_target(img, jpeg_quality)
        if len(jpeg) * 2 < len(png):  # a photo saved as PNG: JPEG is far smaller
            return Asset(_renamed(asset.name, "jpg"), "image/jpeg", jpeg)
    return Asset(_renamed(asset.name, "png" if not asset.name.lower().endswith(".png") else ""), "image/png", png)


# APPn segments that carry only metadata (EXIF/GPS and XMP in APP1, IPTC in APP13 …) and comments.
# APP0 (JFIF) and APP14 (Adobe colour transform) change how the pixels decode, so they stay.
_JPEG_KEEP_APP = {0xE0, 0xEE}


def _web_ready_jpeg(probe: Image.Image, size: int, max_side: int) -> bool:
    """Already small and upright, plain sRGB: re-encoding would only lose quality and time."""
    if (probe.format or "").upper() != "JPEG" or probe.mode not in ("RGB", "L"):
        return False
    if size > TARGET_BYTES or max(probe.size) > max_side or probe.info.get("icc_profile"):
        return False
    orientation = probe.getexif().get(0x0112, 1)
    return orientation in (0, 1)


def strip_jpeg_metadata(data: bytes) -> bytes:
    """The same JPEG without EXIF/GPS, XMP, IPTC or comments, losslessly (the scan is copied as is)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError("broken JPEG segment")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[pos:]
            return bytes(out)
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos : pos + 2 + length]
        drop = (0xE1 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP) or marker == 0xFE
        if not drop:
            out += segment
        pos += 2 + length
    raise ValueError("JPEG without image data")


def _to_srgb(img: Image.Image) -> Image.Image:
    icc = img.info.get("icc_profile")
    if img.mode == "CMYK" or icc:
        try:
            from PIL import ImageCms

            if icc:
                src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                mode = "RGBA" if img.mode in ("RGBA", "LA", "PA") else "RGB"
                converted = ImageCms.profileToProfile(img, src, ImageCms.createProfile("sRGB"), outputMode=mode)
                if converted is not None:
                    img = converted
        except Exception:  # noqa: BLE001 - a broken profile only costs colour accuracy
            pass
    if img.mode == "CMYK":
        img = img.convert("RGB")
    elif img.mode in ("I;16", "I", "F"):
        img = ImageOps.autocontrast(img.convert("L"))
    img.info.pop("icc_profile", None)
    return img


def _png_bytes(img: Image.Image) -> bytes:
    if img.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        img = img.convert("RGBA" if "A" in img.mode else "RGB")
    img = _without_metadata(img, keep=("transparency",))
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)  # no pnginfo: text chunks, EXIF and ICC are not written
    return out.getvalue()


def _jpeg_within_target(img: Image.Image, quality: int) -> bytes:
    img = img.convert("RGB") if img.mode != "RGB" else img
    data = _jpeg_bytes(img, quality)
    while len(data) > TARGET_BYTES and quality > MIN_JPEG_QUALITY:
        quality = max(MIN_JPEG_QUALITY, quality - 8)
        data = _jpeg_bytes(img, quality)
    while len(data) > TARGET_BYTES and max(img.size) * 0.85 >= MIN_LONG_SIDE:
        img = img.resize((round(img.width * 0.85), round(img.height * 0.85)), Image.LANCZOS)
        data = _jpeg_bytes(img, quality)
    return data


def _jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    img = _without_metadata(img)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)  # no exif=, no icc_profile=
    return out.getvalue()


def _without_metadata(img: Image.Image, keep: tuple[str, ...] = ()) -> Image.Image:
    """Pillow re-writes some of img.info (comment, exif, icc_profile, dpi) on save: start clean."""
    if any(key not in keep for key in img.info):
        img = img.copy()
        img.info = {k: v for k, v in img.info.items() if k in keep}
    return img


def _renamed(name: str, ext: str) -> str:
    """Same name, or 'image3-bmp.png' when the format changes (stays unique among the document's names)."""
    if not ext:
        return name
    stem, old = posixpath.splitext(name)
    return f"{stem}-{old.lstrip('.').lower()}.{ext}" if old else f"{stem}.{ext}"


def _prepare_svg(asset: Asset) -> tuple[Asset | None, tuple[Finding, ...]]:
    if _SVG_DANGER.search(asset.data) or b"<svg" not in asset.data[:4096].lower():
        return None, (warning("IMAGE_SVG_UNSAFE", f"SVG 图片 {asset.name} 含脚本或无法识别，已从页面中省略"),)
    return asset, ()


# ---------------------------------------------------------------- EMF / WMF


def convert_metafiles(
    assets: list[Asset], workdir: Path, *, timeout: int = 120
) -> tuple[dict[str, Asset], tuple[Finding, ...]]:
    """EMF/WMF -> sanitised SVG or PNG, keyed by the original asset name.

    The dedicated converters (converters.assemble.metafiles) take milliseconds; only what they cannot
    draw goes to LibreOffice (cropped PNG), in one run for all of those files."""
    if not assets:
        return {}, ()
    workdir = Path(workdir)
    converted, rest = _without_libreoffice(assets, workdir / "metafiles-fast")
    more, findings = _with_libreoffice(rest, workdir, timeout)
    return {**converted, **more}, findings


def _without_libreoffice(assets: list[Asset], workdir: Path) -> tuple[dict[str, Asset], list[Asset]]:
    converted: dict[str, Asset] = {}
    rest: list[Asset] = []
    for i, asset in enumerate(assets):
        kind = _metafile_kind(asset)
        png = metafiles.masked_bitmap_png(asset.data) if kind == "emf" else None
        if png is not None:
            converted[asset.name] = Asset(_renamed(asset.name, "png"), "image/png", png)
            continue
        workdir.mkdir(parents=True, exist_ok=True)
        svg = metafiles.dedicated_svg(asset.data, kind, workdir, f"m{i:04d}")
        if svg is not None:
            converted[asset.name] = Asset(_renamed(asset.name, "svg"), "image/svg+xml", svg)
        else:
            rest.append(asset)
    return converted, rest


def _metafile_kind(asset: Asset) -> str:
    """By content first: LibreOffice saves EMF pictures of a converted .doc as "image1.wmf"."""
    if asset.data[40:44] == b" EMF":
        return "emf"
    if asset.data[:4] == b"\xd7\xcd\xc6\x9a":  # placeable WMF
        return "wmf"
    return "wmf" if "wmf" in asset.content_type.lower() else "emf"


def _with_libreoffice(assets: list[Asset], workdir: Path, timeout: int) -> tuple[dict[str, Asset], tuple[Finding, ...]]:
    if not assets:
        return {}, ()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {}, (warning("IMAGE_NO_LIBREOFFICE", LIBREOFFICE_MISSING),)
    indir, outdir, profile = workdir / "metafiles-in", workdir / "metafiles-out", workdir / "lo-profile"
    for folder in (indir, outdir, profile):
        folder.mkdir(parents=True, exist_ok=True)
    inputs: dict[str, Asset] = {}
    for i, asset in enumerate(assets):
        ext = _metafile_kind(asset)
        stem = f"m{i:04d}"
        (indir / f"{stem}.{ext}").write_bytes(asset.data)
        inputs[stem] = asset
    findings: list[Finding] = []
    problem = _run_soffice(soffice, profile, outdir, sorted(indir.iterdir()), timeout)
    if problem:
        findings.append(warning("IMAGE_METAFILE_FAILED", problem))
    converted: dict[str, Asset] = {}
    for stem, asset in inputs.items():
        png = outdir / f"{stem}.png"
        if not png.exists():
            if not problem:
                findings.append(warning("IMAGE_METAFILE_FAILED", f"EMF/WMF 图片 {asset.name} 转换失败，已从页面中省略"))
            continue
        try:
            data = _cropped_png(png.read_bytes())
        except (OSError, ValueError, UnidentifiedImageError) as exc:
            findings.append(warning("IMAGE_METAFILE_FAILED", f"EMF/WMF 图片 {asset.name} 转换结果无法读取（{exc}），已省略"))
            continue
        converted[asset.name] = Asset(_renamed(asset.name, "png"), "image/png", data)
    return converted, tuple(findings)


def _run_soffice(soffice: str, profile: Path, outdir: Path, files: list[Path], timeout: int) -> str:
    """Run LibreOffice once; return '' or a Chinese problem description."""
    cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", "png", "--outdir", str(outdir), *map(str, files)]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return f"无法启动 LibreOffice（{exc}），EMF/WMF 图片未转换"
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # only the group we started
        proc.communicate()
        return f"LibreOffice 转换 EMF/WMF 图片超时（超过 {timeout} 秒），部分图片未转换"
    if proc.returncode != 0:
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        return f"LibreOffice 转换 EMF/WMF 图片失败（退出码 {proc.returncode}：{detail[0][:200]}）"
    return ""


def _cropped_png(data: bytes, margin: int = 4, max_side: int = 1600) -> bytes:
    """Crop LibreOffice's page to the drawing (non-white or non-transparent pixels), then shrink."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
            rgba = img.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            img = flat
        else:
            img = img.convert("RGB")
    bbox = ImageChops.difference(img, Image.new("RGB", img.size, "white")).getbbox()
    if bbox is None:
        raise ValueError("转换结果为空白图片")
    if bbox:
        left, top, right, bottom = bbox
        img = img.crop((max(0, left - margin), max(0, top - margin),
                        min(img.width, right + margin), min(img.height, bottom + margin)))
    if max(img.size) > max_side:
        img.thumbnail((max_side, max_side), Image.LANCZOS)
    return _png_bytes(img)
