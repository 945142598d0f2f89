"""The OPC package: zip members, content types and relationships (ECMA-376 Part 2).

Everything here is tolerant: a missing part is ``None``, a missing .rels is an empty mapping.
Only "this is not a Word package at all" becomes an error, raised as ``PackageError`` for
``read_docx`` to turn into a finding.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .xml import NS, parse_xml

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
MAIN_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# Parts larger than this (uncompressed) are refused: zip bombs, not documents.
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_PACKAGE_BYTES = 1024 * 1024 * 1024


class PackageError(Exception):
    """The file cannot be read as a Word package; `code` and Chinese `message` for the finding."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Relationship:
    rel_id: str
    type: str  # full relationship type URI
    target: str  # part name inside the package, or the raw URL when external
    external: bool

    @property
    def kind(self) -> str:
        """Last segment of the type: 'image', 'hyperlink', 'chart', 'footnotes' ..."""
        return self.type.rsplit("/", 1)[-1]


class Package:
    def __init__(self, zf: zipfile.ZipFile):
        self._zip = zf
        self._names = {info.filename.lstrip("/").replace("\\", "/").lower(): info for info in zf.infolist()}
        self._rels_cache: dict[str, dict[str, Relationship]] = {}
        self.content_types = self._read_content_types()

    def close(self) -> None:
        self._zip.close()

    # ------------------------------------------------------------ parts

    def has(self, part: str) -> bool:
        return part.lower() in self._names

    def read(self, part: str) -> bytes | None:
        info = self._names.get(part.lstrip("/").lower())
        if info is None:
            return None
        if info.file_size > MAX_PART_BYTES:
            raise PackageError("DOCX_PART_TOO_LARGE", f"文档部件 {part} 解压后过大（{info.file_size} 字节），疑为压缩炸弹")
        return self._zip.read(info)

    def content_type(self, part: str) -> str:
        part = part.lstrip("/")
        override = self.content_types["override"].get("/" + part.lower())
        if override:
            return override
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        return self.content_types["default"].get(ext, "")

    def _read_content_types(self) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {"default": {}, "override": {}}
        data = self.read("[Content_Types].xml")
        if data is None:
            return result
        try:
            root = parse_xml(data)
        except etree.XMLSyntaxError:
            return result
        for el in root:
            if not isinstance(el.tag, str):
                continue
            local = el.tag.rsplit("}", 1)[-1]
            if local == "Default" and el.get("Extension"):
                result["default"][el.get("Extension", "").lower()] = el.get("ContentType", "")
            elif local == "Override" and el.get("PartName"):
                name = "/" + el.get("PartName", "").lstrip("/").lower()
                result["override"][name] = el.get("ContentType", "")
        return result

    # ------------------------------------------------------------ relationships

    def rels(self, part: str) -> dict[str, Relationship]:
        """Relationships of `part` ('' for the package itself) by id."""
        if part in self._rels_cache:
            return self._rels_cache[part]
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        result: dict[str, Relationship] = {}
        data = self.read(rels_part)
        if data is not None:
            try:
                root = parse_xml(data)
            except etree.XMLSyntaxError:
                root = None
            if root is not None:
                for el in root.iter("{%s}Relationship" % NS["pr"]):
                    rel = _relationship(el, folder)
                    if rel is not None:
                        result[rel.rel_id] = rel
        self._rels_cache[part] = result
        return result

    def main_part(self) -> str:
        for rel in self.rels("").values():
            if rel.type == REL_OFFICE_DOCUMENT and not rel.external and self.has(rel.target):
                return rel.target
        for name, ctype in self.content_types["override"].items():
            if ctype in MAIN_CONTENT_TYPES and self.has(name):
                return self._names[name.lstrip("/")].filename.lstrip("/")
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise PackageError("DOCX_NO_MAIN_PART", "压缩包中找不到 Word 正文部件（word/document.xml），不是有效的 .docx 文档")

    def related_part(self, part: str, rel_type_suffix: str) -> str | None:
        """The first internal target of `part` whose relationship type ends with `rel_type_suffix`."""
        for rel in self.rels(part).values():
            if not rel.external and rel.type.endswith("/" + rel_type_suffix) and self.has(rel.target):
                return rel.target
        return None


def _relationship(el: etree._Element, folder: str) -> Relationship | None:
    rel_id = el.get("Id")
    target = el.get("Target", "")
    if not rel_id:
        return None
    external = el.get("TargetMode", "").lower() == "external"
    if not external:
        target = resolve_target(folder, target)
    return Relationship(rel_id, el.get("Type", ""), target, external)


def resolve_target(folder: str, target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    joined = posixpath.normpath(posixpath.join(folder, target))
    return joined.lstrip("./") if joined.startswith("./") else joined


def open_package(path: Path) -> Package:
    """Open `path` as an OPC zip or raise PackageError with a Chinese message."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise PackageError("DOCX_UNREADABLE", f"无法读取文件：{exc.strerror or exc}") from exc
    if not head:
        raise PackageError("DOCX_EMPTY", "文件为空（0 字节）")
    if head == OLE_MAGIC:
        raise PackageError("DOCX_ENCRYPTED", "文档已加密或为旧版 .doc 格式，无法读取：请取消密码保护或另存为 .docx")
    if not head.startswith(b"PK"):
        raise PackageError("DOCX_NOT_ZIP", "不是有效的 .docx 文件（不是 ZIP 压缩包），可能已损坏或扩展名有误")
    try:
        zf = zipfile.ZipFile(path)
        total = sum(info.file_size for info in zf.infolist())
        if total > MAX_PACKAGE_BYTES:
            raise PackageError("DOCX_TOO_LARGE", f".docx 解压后过大（{total // (1024 * 1024)} MB），疑为压缩炸弹，未读取")
        bad = zf.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise PackageError("DOCX_CORRUPT", f".docx 压缩包已损坏，无法打开（{exc}）") from exc
    except PackageError:
        raise
    except Exception as exc:  # zlib errors, CRC errors surface with varied types
        raise PackageError("DOCX_CORRUPT", f".docx 压缩包已损坏，无法打开（{exc}）") from exc
    if bad is not None:
        zf.close()
        raise PackageError("DOCX_CORRUPT", f".docx 压缩包已损坏：成员 {bad} 校验失败")
    return Package(zf)


# ---------------------------------------------------------------- core properties (ECMA-376 Part 2 §11)

DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"
_W3CDTF_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def read_modified_date(package: Package) -> str:
    """dcterms:modified of the core properties as YYYY-MM-DD (the day the document was last saved);
    "" when the part is missing, unreadable or holds no valid date: a date is never guessed."""
    part = next((rel.target for rel in package.rels("").values()
                 if rel.type.endswith("/metadata/core-properties") and not rel.external and package.has(rel.target)),
                "docProps/core.xml")
    try:
        data = package.read(part) if package.has(part) else None
        el = parse_xml(data).find(DCTERMS_MODIFIED) if data else None
    except (PackageError, etree.XMLSyntaxError, ValueError):  # metadata only: never a reason to refuse the document
        return ""
    match = _W3CDTF_DATE.match(el.text or "") if el is not None else None
    if not match:
        return ""
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return ""
