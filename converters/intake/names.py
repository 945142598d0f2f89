"""File names as received: ZIP member names in GBK or UTF-8, undecodable disk names, junk files."""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

# Names every OS or editor leaves behind; listed as "ignored", never read.
_IGNORED_NAMES = {"thumbs.db", ".ds_store", "desktop.ini", "ehthumbs.db", ".localized", "icon\r"}
_IGNORED_DIRS = {"__macosx", ".git", ".svn", "$recycle.bin", ".trash", ".trashes", ".spotlight-v100", ".fseventsd"}
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".tgz", ".tar.gz", ".gz")


def ignored_reason(parts: list[str]) -> str | None:
    """Chinese reason when a path is an OS/editor leftover ('__MACOSX/…', '._x', '~$x', 'Thumbs.db')."""
    for folder in parts[:-1]:
        if folder.lower() in _IGNORED_DIRS:
            return f"系统文件夹 {folder} 中的文件"
    name = parts[-1]
    lower = name.lower()
    if lower in _IGNORED_NAMES:
        return "系统生成的文件"
    if name.startswith("~$") or name.startswith(".~lock."):
        return "Word/WPS 打开文档时留下的临时锁文件"
    if name.startswith("._"):
        return "macOS 资源分叉文件"
    if name.startswith("~") and lower.endswith(".tmp"):
        return "临时文件"
    if name.startswith("."):
        return "隐藏文件"
    return None


def archive_stem(name: str) -> str:
    """'苏州市质量协会.zip' -> '苏州市质量协会' (the group or folder an archive stands for)."""
    lower = name.lower()
    for suffix in sorted(ARCHIVE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


# ---------------------------------------------------------------- decoding

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_PLAIN = re.compile(r"[\x20-\x7e]")


def _score(text: str) -> float:
    """Share of characters a Chinese file name plausibly consists of (CJK, ASCII, full-width)."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if _CJK.match(ch) or _PLAIN.match(ch) or ch in "·—“”‘’《》【】…")
    return good / len(text)


def decode_name(raw: bytes) -> str:
    """Bytes of a name without an encoding flag: UTF-8 or GBK/GB18030, whichever reads as Chinese.

    Short GBK names are often valid UTF-8 too ('中文' in GBK decodes to Hebrew and Greek), so
    both are tried and the one made of CJK/ASCII characters wins; UTF-8 wins ties.
    """
    candidates = []
    for encoding in ("utf-8", "gb18030"):
        try:
            candidates.append(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        return raw.decode("cp437")
    return max(candidates, key=_score)  # max keeps the first (UTF-8) on ties


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: the UTF-8 flag, the Info-ZIP Unicode Path field, else GBK or UTF-8."""
    if info.flag_bits & 0x800:
        return info.orig_filename
    raw = info.orig_filename.encode("cp437")  # zipfile decoded the bytes as cp437: undo it exactly
    unicode_path = _unicode_path_field(info.extra, raw)
    if unicode_path is not None:
        return unicode_path
    return decode_name(raw)


def _unicode_path_field(extra: bytes, raw: bytes) -> str | None:
    """Info-ZIP Unicode Path extra field (0x7075), honoured when its CRC matches the raw name."""
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4: i + 4 + size]
        if tag == 0x7075 and len(body) >= 5 and body[0] == 1:
            (crc,) = struct.unpack_from("<I", body, 1)
            if crc == zlib.crc32(raw):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
        i += 4 + size
    return None


def disk_name(name: str) -> str:
    """A name from os.walk; bytes that were not UTF-8 (surrogate-escaped) are read as GBK."""
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        return decode_name(os.fsencode(name))
    return name


# ---------------------------------------------------------------- safety


def unsafe_reason(name: str) -> str | None:
    """Why a member path could escape the unpack folder ('../', '/etc', 'C:\\'), else None."""
    path = name.replace("\\", "/")
    if path.startswith("/"):
        return "绝对路径"
    if re.match(r"^[A-Za-z]:", path):
        return "带盘符的路径"
    if any(part == ".." for part in path.split("/")):
        return "包含“..”的路径"
    if "\x00" in path:
        return "名称中含有空字符"
    return None


def member_parts(name: str) -> list[str]:
    """'a\\b/./c.docx' -> ['a', 'b', 'c.docx'] (backslashes as separators, after decoding)."""
    return [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]


def safe_suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) else ""
