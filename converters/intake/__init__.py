"""Intake: walk the inbox, unpack archives safely, convert legacy Word files, read every .docx
once and tell each file's kind by its content. Every input file, archives included, comes
back as one InputFile, with findings instead of exceptions.

    inbox/南京市质量协会/示例一班/附件1.docx   -> group "南京市质量协会", folder "南京市质量协会/示例一班"
    inbox/苏州市质量协会.zip/某班/附件1.docx    -> group "苏州市质量协会", folder "苏州市质量协会/某班"
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ..model import Document, Finding, Severity, error, info, warning
from . import legacy, reading, sniff as sn
from .archives import Budget, Limits, Member, unpack_external, unpack_zip
from .kinds import document_kind, is_experience, part_keys
from .names import archive_stem, disk_name, ignored_reason

__all__ = ["InputFile", "Limits", "PackageMemo", "collect", "KINDS", "is_experience", "part_keys"]

KINDS = ("experience", "form", "summary", "campaign", "work_summary", "ignored", "unsupported", "broken", "archive",
         "video", "slides")


@dataclass(frozen=True, slots=True)
class InputFile:
    source: str  # as received, "/"-joined through archives: "苏州市质量协会.zip/某班/附件1.docx"
    path: Path | None  # a local readable copy (extracted / converted .docx), None when unusable
    kind: str  # one of KINDS
    group: str  # recommending-unit group: top-level folder or archive name without extension
    folder: str  # source folder inside the group, archive names without extension
    document: Document | None  # the read model for .docx kinds (read once here)
    findings: tuple[Finding, ...]
    digest: str = ""  # SHA-256 of the .docx/.xlsx read (what caches key on)
    # For a file of an unchanged package taken from the cache: loads `document` when needed.
    loader: Callable[[], Document] | None = None

    def read_document(self) -> Document | None:
        if self.document is None and self.loader is not None:
            return self.loader()
        return self.document


class PackageMemo(Protocol):
    """What intake made of one top-level inbox file, remembered between runs (converters.cache)."""

    def recall(self, parts: list[str], path: Path) -> list[InputFile] | None: ...

    def remember(self, parts: list[str], path: Path, files: list[InputFile]) -> None: ...


# Findings that depend on this machine's tools rather than on the file: never remembered.
_ENVIRONMENT_CODES = frozenset({"ARCHIVE_TOOL_MISSING", "LEGACY_NOT_CONVERTED", "INTAKE_FAILED"})


@dataclass
class _Item:
    parts: list[str]
    logical: list[str]  # parts with archives named by their stem: what folders are made of
    path: Path | None
    kind: str = ""
    content: str = ""  # sniff result
    container: bool = False
    document: Document | None = None
    digest: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def source(self) -> str:
        return "/".join(self.parts)


def collect(inbox: Path, workdir: Path, *, limits: Limits = Limits(), read: Callable | None = None,
            memo: PackageMemo | None = None, digest: Callable[[Path], str] | None = None) -> list[InputFile]:
    """Walk the inbox (folders, ZIP, nested ZIP, RAR/7z via bsdtar/unar when installed), unpack
    safely into workdir, convert legacy .doc/.wps with LibreOffice (one batched call, private
    profile, timeout), read every .docx once, detect each file's kind by content (never by name)
    and account for every input file (archives too, kind "archive"). Never raises for bad input.

    `read` reads one .docx (default converters.ooxml.read_docx); the pipeline passes a cached one,
    `memo` the cache of packages (top-level files) already taken in, and `digest` its SHA-256 of a file."""
    collector = _Collector(Path(workdir), limits, read, memo, digest)
    inbox = Path(inbox)
    if inbox.is_file():
        collector.add_package([disk_name(inbox.name)], inbox)
    elif inbox.is_dir():
        for parts, path in _walk(inbox):
            collector.add_package(parts, path)
    else:
        return [InputFile(str(inbox), None, "broken", "", "", None,
                          (error("INBOX_MISSING", f"收件箱 {inbox} 不存在或无法读取", str(inbox)),))]
    return collector.finish()


def _walk(root: Path):
    """(decoded relative parts, path) of every file, sorted, without following folder links."""
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        rel = [disk_name(p) for p in base.relative_to(root).parts]
        for name in sorted(files):
            yield [*rel, disk_name(name)], base / name


@dataclass
class _Package:
    """One top-level inbox file and what came out of it: fresh items, or files recalled from the memo."""

    parts: list[str]
    path: Path
    items: list[_Item] = field(default_factory=list)
    recalled: list[InputFile] | None = None


class _Collector:
    def __init__(self, workdir: Path, limits: Limits, read: Callable | None = None,
                 memo: PackageMemo | None = None, digest: Callable[[Path], str] | None = None) -> None:
        self.workdir = workdir
        self.limits = limits
        self.read = read
        self.memo = memo
        self.digest = digest
        self.packages: list[_Package] = []
        self.items: list[_Item] = []
        self.seq = 0
        self.legacy_word: list[_Item] = []
        self.legacy_excel: list[_Item] = []
        for owned in ("unpacked", "legacy-docx", "legacy-xlsx", "converted-docx", "converted-xlsx"):
            shutil.rmtree(workdir / owned, ignore_errors=True)
        workdir.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------ walking

    def add_package(self, parts: list[str], path: Path) -> None:
        package = _Package(parts, path)
        self.packages.append(package)
        if self.memo is not None:
            package.recalled = self.memo.recall(parts, path)
            if package.recalled is not None:
                return
        first = len(self.items)
        self.add(parts, path, depth=0, budget=None)
        package.items = self.items[first:]

    def add(self, parts: list[str], path: Path | None, depth: int, budget: Budget | None,
            logical_parent: list[str] | None = None, findings: list[Finding] | None = None) -> None:
        logical = [*(logical_parent if logical_parent is not None else parts[:-1]), parts[-1]]
        item = _Item(parts, logical, path, findings=list(findings or ()))
        self.items.append(item)
        try:
            self._classify(item, depth, budget)
        except Exception as exc:  # noqa: BLE001 – one bad file must not stop the inbox
            self._set(item, "broken", error("INTAKE_FAILED", f"{item.source}：处理该文件时出现意外错误（{type(exc).__name__}: {exc}）", item.source))

    def _set(self, item: _Item, kind: str, *findings: Finding) -> None:
        item.kind = kind
        item.findings.extend(findings)

    def _classify(self, item: _Item, depth: int, budget: Budget | None) -> None:
        source = item.source
        reason = ignored_reason(item.parts)
        if reason:
            self._set(item, "ignored", info("FILE_IGNORED", f"{source}：{reason}，已忽略", source))
            return
        if item.path is None:  # a member that could not be extracted; its findings say why
            if not any(f.severity is Severity.ERROR for f in item.findings):
                item.findings.append(error("FILE_BROKEN", f"{source}：无法解压该文件", source))
            item.kind = "broken"
            return
        size = item.path.stat().st_size
        if size > self.limits.max_file_bytes:
            self._set(item, "unsupported", error("FILE_TOO_LARGE", f"{source}：文件过大（{size // (1 << 20)} MB），未处理", source))
            return
        content, detail = sn.sniff(item.path)
        item.content = content
        handler = {
            sn.ZIP: self._zip, sn.RAR: self._external, sn.SEVEN_Z: self._external,
        }.get(content)
        if handler:
            handler(item, depth, budget, detail)
            return
        if content == sn.DOCX or content == sn.XLSX:
            item.kind = "pending"
        elif content in (sn.LEGACY_WORD, sn.RTF):
            self.legacy_word.append(item)
        elif content == sn.LEGACY_EXCEL:
            self.legacy_excel.append(item)
        elif content in (sn.VIDEO, sn.SLIDES) or _damaged_media(content, item):
            self._media(item, content)
        else:
            self._set(item, *_unusable(content, detail, item))

    def _media(self, item: _Item, content: str) -> None:
        """发表视频 / 演示文稿: converted with the experience they are paired with (assemble/media.py)."""
        from ..assemble.media import media_kind

        item.kind = content if content in (sn.VIDEO, sn.SLIDES) else media_kind(item.parts[-1])
        if self.digest is not None:
            item.digest = self.digest(item.path)

    def _zip(self, item: _Item, depth: int, budget: Budget | None, detail: str) -> None:
        self._archive(item, depth, budget, lambda dest, b: unpack_zip(item.path, item.source, dest, b, self.limits, _is_junk))

    def _external(self, item: _Item, depth: int, budget: Budget | None, detail: str) -> None:
        fmt = "RAR" if item.content == sn.RAR else "7z"
        self._archive(item, depth, budget,
                      lambda dest, b: unpack_external(item.path, fmt, item.source, dest, b, self.limits, _is_junk))

    def _archive(self, item: _Item, depth: int, budget: Budget | None, unpack) -> None:
        item.container = True
        item.logical[-1] = archive_stem(item.parts[-1])
        if depth >= self.limits.max_depth:
            self._set(item, "broken", error("ARCHIVE_TOO_DEEP", f"压缩包 {item.source} 嵌套超过 {self.limits.max_depth} 层，已拒绝解压", item.source))
            return
        budget = budget or Budget()
        self.seq += 1
        members, findings = unpack(self.workdir / "unpacked" / f"a{self.seq:04d}", budget)
        item.findings.extend(findings)
        if members is None:
            item.kind = "broken"
            if item.content in (sn.RAR, sn.SEVEN_Z) and any(f.code == "ARCHIVE_TOOL_MISSING" for f in findings):
                item.kind = "unsupported"
            return
        item.kind = "archive"
        for member in members:
            self._add_member(item, member, depth, budget)

    def _add_member(self, archive: _Item, member: Member, depth: int, budget: Budget) -> None:
        self.add([*archive.parts, *member.parts], member.path, depth + 1, budget,
                 logical_parent=[*archive.logical, *member.parts[:-1]], findings=member.findings)

    # ------------------------------------------------------------ finishing

    def finish(self) -> list[InputFile]:
        # LibreOffice converts the legacy files (seconds, in its own process) while the .docx files
        # are read; then the converted ones are read.
        ready = [item for item in self.items if item.kind == "pending"]
        converting = threading.Thread(target=self._convert_legacy, name="legacy", daemon=True)
        converting.start()
        self._read_pending(ready)
        converting.join()
        self._read_pending([item for item in self.legacy_word + self.legacy_excel if item.kind == "pending"])
        files: list[InputFile] = []
        for package in self.packages:
            if package.recalled is not None:
                files += package.recalled
                continue
            frozen = [self._freeze(item) for item in package.items]
            if self.memo is not None and not any(f.code in _ENVIRONMENT_CODES for x in frozen for f in x.findings):
                self.memo.remember(package.parts, package.path, frozen)
            files += frozen
        return _flag_pdf_only(files)

    def _convert_legacy(self) -> None:
        for items, target in ((self.legacy_word, "docx"), (self.legacy_excel, "xlsx")):
            try:
                self._convert(items, target)
            except Exception as exc:  # noqa: BLE001 - reported per file, never lost in the thread
                for item in items:
                    if item.kind != "pending":
                        self._set(item, "broken", error("INTAKE_FAILED", f"{item.source}：转换旧版格式时出现意外错误（{type(exc).__name__}: {exc}）", item.source))
                        item.path = None

    def _read_pending(self, pending: list[_Item]) -> None:
        if self.digest is not None:
            for item in pending:
                item.digest = self.digest(item.path)
        documents = reading.read_all([(it.path, it.source, it.digest) for it in pending if it.content == sn.DOCX],
                                     self.read)
        for item in pending:
            try:
                self._read(item, documents.get(item.source))
            except Exception as exc:  # noqa: BLE001
                self._set(item, "broken", error("INTAKE_FAILED", f"{item.source}：读取时出现意外错误（{type(exc).__name__}: {exc}）", item.source))

    def _convert(self, items: list[_Item], target: str) -> None:
        if not items:
            return
        keyed = {str(n): item for n, item in enumerate(items)}
        results = legacy.convert([(k, it.path, _legacy_suffix(it)) for k, it in keyed.items()],
                                 target, self.workdir, self.limits.convert_timeout)
        for key, item in keyed.items():
            result = results.get(key, "LibreOffice 未能转换该文件")
            if isinstance(result, Path):
                item.path = result
                item.kind = "pending"
                item.content = sn.DOCX if target == "docx" else sn.XLSX
                item.findings.append(info("LEGACY_CONVERTED", f"{item.source}：旧版格式已用 LibreOffice 转换为 .{target}", item.source))
            else:
                missing = result in (legacy.MISSING_MESSAGE, legacy.MISSING_MESSAGE_XLS)
                self._set(item, "unsupported" if missing else "broken",
                          error("LEGACY_NOT_CONVERTED", f"{item.source}：{result}", item.source))
                item.path = None

    def _read(self, item: _Item, doc: Document | None = None) -> None:
        if item.content == sn.XLSX:
            from ..read.summary import is_summary_workbook

            if is_summary_workbook(item.path):
                item.kind = "summary"
            else:
                self._set(item, "unsupported", warning(
                    "UNKNOWN_WORKBOOK", f"{item.source}：不是申报汇总表（没有找到含“经验名称”和“组织名称/班组名称”的表头行），未使用", item.source))
            return
        if doc is None:
            doc = reading.read_one(item.path, item.source, item.digest, self.read)
        if not doc.blocks:
            errors = [f if f.file else Finding(f.code, f.severity, f.message, item.source, f.location)
                      for f in doc.findings if f.severity is Severity.ERROR]
            if not errors:
                errors = [error("DOCX_EMPTY", f"{item.source}：Word 文档没有任何内容", item.source)]
            self._set(item, "broken", *errors)
            return
        item.document = doc
        kind, reason = document_kind(doc)
        if kind in ("ignored", "work_summary"):
            self._set(item, kind, info("DOCUMENT_IGNORED", f"{item.source}：{reason}，已忽略", item.source))
        elif kind == "unsupported":
            self._set(item, kind, warning("UNKNOWN_DOCUMENT", f"{item.source}：无法识别的 Word 文档，{reason}", item.source))
        else:
            item.kind = kind

    def _freeze(self, item: _Item) -> InputFile:
        nested = len(item.parts) > 1
        group = item.logical[0] if nested or item.container else ""
        folder = "/".join(item.logical[:-1])
        usable = item.kind not in ("broken",) and item.path is not None
        document, loader = item.document, self._reloader(item)
        if loader is not None:
            document = None  # kept in the conversion cache; loaded where and when it is converted
        return InputFile(item.source, item.path if usable else None, item.kind or "broken", group, folder,
                         document, tuple(item.findings), item.digest if usable else "", loader)

    def _reloader(self, item: _Item) -> Callable[[], Document] | None:
        """A 典型经验's loader from the reader's cache (when it has one): the run then holds no
        document and no picture of it between intake and conversion."""
        reloader = getattr(self.read, "reloader", None)
        if reloader is None or item.kind != "experience" or item.document is None or not item.digest:
            return None
        return reloader(item.digest, item.source)


def _damaged_media(content: str, item: _Item) -> bool:
    """Unreadable bytes under a video or slides name: the media stage says what is wrong with it."""
    from ..assemble.media import media_kind

    return content in (sn.UNKNOWN, sn.BROKEN_ZIP, sn.BROKEN_OLE) and bool(media_kind(item.parts[-1]))


def _is_junk(parts: list[str]) -> bool:
    return ignored_reason(parts) is not None


def _legacy_suffix(item: _Item) -> str:
    if item.content == sn.RTF:
        return ".rtf"
    suffix = Path(item.parts[-1]).suffix.lower()
    if item.content == sn.LEGACY_EXCEL:
        return suffix if suffix in (".xls", ".et", ".xlt") else ".xls"
    return suffix if suffix in (".doc", ".wps", ".dot", ".wpt") else ".doc"


def _unusable(content: str, detail: str, item: _Item) -> tuple[str, Finding]:
    """(kind, finding) for content we do not convert."""
    source = item.source
    suffix = Path(item.parts[-1]).suffix
    if content == sn.PDF:
        return "unsupported", info("UNSUPPORTED_PDF", f"{source}：PDF 文件不转换（盖章件不公开）；典型经验请提供 Word 版本", source)
    if content == sn.IMAGE:
        return "unsupported", info("UNSUPPORTED_IMAGE", f"{source}：图片文件（{detail}）不转换；典型经验请提供 Word 版本", source)
    if content == sn.ENCRYPTED:
        return "unsupported", error("FILE_ENCRYPTED", f"{source}：文件受密码保护，无法读取；请申报单位提供未加密的 Word 文件", source)
    if content == sn.EMPTY:
        return "broken", error("FILE_EMPTY", f"{source}：空文件（0 字节）", source)
    if content == sn.BROKEN_OLE:
        return "broken", error("FILE_BROKEN", f"{source}：{detail}，文件可能已损坏", source)
    if content == sn.BROKEN_ZIP:
        hint = f"（扩展名 {suffix}）" if suffix else ""
        return "broken", error("FILE_BROKEN", f"{source}：文件已损坏，无法作为 Word 文档或压缩包打开{hint}", source)
    if content == sn.OFFICE_OTHER:
        return "unsupported", warning("UNSUPPORTED_FORMAT", f"{source}：{detail}不转换，只处理 Word 典型经验、申报表和 Excel 汇总表", source)
    if suffix.lower() in _EXPECTED_SUFFIXES:
        # Kind is by content; the name only tells us the sender meant a document we use.
        return "broken", error("FILE_BROKEN", f"{source}：扩展名为 {suffix}，但内容不是有效的 Word、Excel 或压缩包文件，文件可能已损坏", source)
    return "unsupported", warning("UNSUPPORTED_FORMAT", f"{source}：无法识别的文件格式（{detail}），未处理", source)


_EXPECTED_SUFFIXES = {".docx", ".doc", ".wps", ".docm", ".xlsx", ".xls", ".et", ".zip", ".rar", ".7z", ".rtf"}


def _flag_pdf_only(files: list[InputFile]) -> list[InputFile]:
    """A PDF or picture in a folder with no 典型经验 at or below it: the submission is probably
    PDF-only, which staff must chase. Raise its INFO to a WARNING. Runs over every package at once:
    the folder may hold the 典型经验 of another package."""
    experience_folders = [f.folder for f in files if f.kind == "experience"]
    out = []
    for file in files:
        picture = [f for f in file.findings if f.code in _PICTURE_CODES]
        covered = any(x == file.folder or x.startswith(file.folder + "/") or file.folder == "" and x
                      for x in experience_folders)
        if not picture or covered:
            out.append(file)
            continue
        out.append(replace(file, findings=tuple(
            warning("PDF_ONLY", f"{file.source}：该文件夹中只有 PDF 或图片，没有可转换的 Word 典型经验，请联系申报单位补交 Word 版本", file.source)
            if f.code in _PICTURE_CODES else f
            for f in file.findings
        )))
    return out


_PICTURE_CODES = ("UNSUPPORTED_PDF", "UNSUPPORTED_IMAGE")
