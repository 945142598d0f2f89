"""What a file is, from its bytes (never from its name): Word, Excel, archive, PDF, image, legacy."""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Content types (the `sniff` result) and what intake does with them.
DOCX, XLSX, ZIP, RAR, SEVEN_Z = "docx", "xlsx", "zip", "rar", "7z"
LEGACY_WORD, LEGACY_EXCEL, RTF = "legacy-word", "legacy-excel", "rtf"
ENCRYPTED, PDF, IMAGE, OFFICE_OTHER = "encrypted", "pdf", "image", "office-other"
EMPTY, UNKNOWN, BROKEN_ZIP, BROKEN_OLE = "empty", "unknown", "broken-zip", "broken-ole"
VIDEO, SLIDES = "video", "slides"  # 发表视频 (MP4/MOV/AVI/WMV) and 演示文稿 (.pptx/.ppt)

# ISO base media brands that are pictures or sound, not video (HEIC photos, AVIF, M4A).
_NOT_VIDEO_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"avis", b"M4A ", b"M4B ")
_QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_ASF_GUID = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")  # WMV / ASF header object

_IMAGES = (
    (b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF8", "GIF"), (b"BM", "BMP"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"RIFF", "WebP"), (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(path: Path) -> tuple[str, str]:
    """(content type, detail) – detail is a short Chinese/format note for messages."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return UNKNOWN, f"无法读取（{exc.strerror or exc}）"
    if not head:
        return EMPTY, "空文件"
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(b"%PDF"):
        return PDF, "PDF"
    if head.startswith(b"Rar!\x1a\x07"):
        return RAR, "RAR"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return SEVEN_Z, "7z"
    if head.startswith(b"{\\rtf"):
        return RTF, "RTF"
    video = _video(head)
    if video:
        return VIDEO, video
    for magic, name in _IMAGES:
        if head.startswith(magic):
            if name == "WebP" and b"WEBP" not in head:
                continue
            return IMAGE, name
    return UNKNOWN, "未知格式"


def _video(head: bytes) -> str:
    """The container of a video file from its first 16 bytes, or ""."""
    if head[4:8] == b"ftyp":
        return "" if head[8:12] in _NOT_VIDEO_BRANDS else "MP4/MOV 视频"
    if head[4:8] in _QUICKTIME_ATOMS:
        return "QuickTime 视频"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "AVI 视频"
    if head.startswith(_ASF_GUID):
        return "WMV 视频"
    return ""


def _sniff_zip(path: Path) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except Exception:  # noqa: BLE001 – truncated or corrupt: the caller reports it
        return BROKEN_ZIP, "ZIP 结构损坏"
    if "word/document.xml" in names or any(n.startswith("word/") and n.endswith("document.xml") for n in names):
        return DOCX, "Word 文档"
    if "xl/workbook.xml" in names:
        return XLSX, "Excel 工作簿"
    if "[Content_Types].xml" in names:
        if any(n.startswith("ppt/") for n in names):
            return SLIDES, "PowerPoint 演示文稿"
        return OFFICE_OTHER, "其他 Office 文件"
    if "mimetype" in names:
        return OFFICE_OTHER, "OpenDocument 文件"
    return ZIP, "ZIP"


def _sniff_ole(path: Path) -> tuple[str, str]:
    """Compound-file streams are named in UTF-16 in the directory sectors: a byte search is enough
    to tell a password-protected .docx/.xlsx, a legacy .xls, a .ppt and a .doc/.wps apart."""
    try:
        data = _head_and_tail(path)
    except OSError as exc:
        return UNKNOWN, f"无法读取（{exc.strerror or exc}）"
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return ENCRYPTED, "受密码保护的 Office 文件"
    if _utf16("Workbook") in data or _utf16("Book\x00") in data:
        return LEGACY_EXCEL, "旧版 Excel（.xls）"
    if _utf16("PowerPoint Document") in data:
        return SLIDES, "PowerPoint 演示文稿"
    # Word 97–2003 and WPS (Word-compatible) keep a WordDocument stream; Microsoft Works .wps a CONTENTS stream.
    if _utf16("WordDocument") in data or _utf16("CONTENTS") in data:
        return LEGACY_WORD, "旧版 Word/WPS 文档"
    return BROKEN_OLE, "Office 复合文档，但找不到 Word 或 Excel 内容"


def _head_and_tail(path: Path, head: int = 64 << 20, tail: int = 8 << 20) -> bytes:
    """The whole file when small; else its first 64 MiB and last 8 MiB, where the directory
    sectors of a compound file are in practice."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        if size <= head + tail:
            return fh.read()
        first = fh.read(head)
        fh.seek(size - tail)
        return first + fh.read(tail)
