"""Unpack ZIP (in-process) and RAR/7z (bsdtar or unar) safely into a private folder.

ZIP members are written under numbered flat names, so no member name ever becomes a disk path:
zip-slip names are reported, not followed. Limits on member count, total size and compression
ratio are checked on the declared sizes first and on the real bytes while copying, against a
budget shared by an archive and every archive nested in it.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding, error, warning
from .names import disk_name, member_parts, safe_suffix, unsafe_reason, zip_member_name

CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for one top-level archive, nested archives included."""

    max_total_bytes: int = 1 << 30  # 1 GiB unpacked
    max_members: int = 5000
    max_ratio: float = 100.0  # uncompressed / compressed, for members above ratio_min_bytes
    ratio_min_bytes: int = 1 << 20
    max_depth: int = 4  # zip in zip in zip in zip
    max_file_bytes: int = 512 << 20  # a single file we are willing to read
    unpack_timeout: float = 300.0  # bsdtar / unar
    convert_timeout: float = 600.0  # LibreOffice, whole batch


@dataclass
class Budget:
    """What one top-level archive has used so far."""

    bytes: int = 0
    members: int = 0


@dataclass
class Member:
    parts: list[str]  # path inside the archive, decoded
    path: Path | None  # extracted copy, None when not extracted
    findings: list[Finding] = field(default_factory=list)
    ignored: bool = False  # listed only (OS junk) – decided by the caller from the name


class ArchiveRejected(Exception):
    """The whole archive is refused (bomb, limits); message is Chinese."""


def unpack_zip(path: Path, source: str, dest: Path, budget: Budget, limits: Limits,
               skip=lambda parts: False) -> tuple[list[Member] | None, list[Finding]]:
    """Members of a ZIP, or (None, findings) when the archive cannot be opened or is refused.
    `skip(parts)` says which members are listed without being extracted (OS junk)."""
    try:
        zf = zipfile.ZipFile(path)
    except Exception as exc:  # noqa: BLE001
        return None, [error("ARCHIVE_BROKEN", f"压缩包 {source} 已损坏，无法打开（{_why(exc)}）", source)]
    with zf:
        try:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            _check_declared(infos, source, budget, limits)
        except ArchiveRejected as exc:
            return None, [error("ARCHIVE_LIMIT", str(exc), source)]
        dest.mkdir(parents=True, exist_ok=True)
        members: list[Member] = []
        findings: list[Finding] = []
        for n, member_info in enumerate(infos):
            try:
                member = _unpack_member(zf, member_info, n, source, dest, budget, limits, skip, findings)
            except ArchiveRejected as exc:
                shutil.rmtree(dest, ignore_errors=True)
                return None, [*findings, error("ARCHIVE_LIMIT", str(exc), source)]
            if member is not None:
                members.append(member)
        return members, findings


def _check_declared(infos: list[zipfile.ZipInfo], source: str, budget: Budget, limits: Limits) -> None:
    if budget.members + len(infos) > limits.max_members:
        raise ArchiveRejected(f"压缩包 {source} 含 {len(infos)} 个文件，超过上限 {limits.max_members}，疑似压缩炸弹，已拒绝解压")
    declared = sum(i.file_size for i in infos)
    if budget.bytes + declared > limits.max_total_bytes:
        raise ArchiveRejected(f"压缩包 {source} 解压后共 {declared // (1 << 20)} MB，超过上限 {limits.max_total_bytes // (1 << 20)} MB，已拒绝解压")
    for i in infos:
        if i.file_size >= limits.ratio_min_bytes and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise ArchiveRejected(f"压缩包 {source} 中的文件压缩比异常（{i.file_size // max(i.compress_size, 1)} 倍），疑似压缩炸弹，已拒绝解压")


def _unpack_member(zf: zipfile.ZipFile, zinfo: zipfile.ZipInfo, n: int, source: str, dest: Path,
                   budget: Budget, limits: Limits, skip, findings: list[Finding]) -> Member | None:
    name = zip_member_name(zinfo)
    unsafe = unsafe_reason(name)
    if unsafe:
        findings.append(error("ZIP_UNSAFE_PATH", f"压缩包 {source} 中的“{name}”是{unsafe}，可能写到解压目录之外，已跳过", source, name))
        return None
    if (zinfo.external_attr >> 16) & 0o170000 == 0o120000:
        findings.append(warning("ZIP_SYMLINK", f"压缩包 {source} 中的“{name}”是符号链接，已忽略", source, name))
        return None
    parts = member_parts(name)
    if not parts:
        return None
    member_source = source + "/" + "/".join(parts)
    budget.members += 1
    if skip(parts):
        return Member(parts, None, ignored=True)
    if zinfo.flag_bits & 0x1:
        return Member(parts, None, [error("ZIP_ENCRYPTED", f"{member_source}：压缩包中的该文件已加密，无法解压", member_source)])
    target = dest / f"m{n:05d}{safe_suffix(parts[-1])}"
    try:
        _copy_limited(zf, zinfo, target, source, budget, limits)
    except ArchiveRejected:
        raise  # the caller refuses the whole archive
    except Exception as exc:  # noqa: BLE001 – CRC errors, truncated data, unsupported methods
        target.unlink(missing_ok=True)
        return Member(parts, None, [error("ZIP_MEMBER_BROKEN", f"{member_source}：无法从压缩包中解压（{_why(exc)}）", member_source)])
    return Member(parts, target)


def _copy_limited(zf: zipfile.ZipFile, zinfo: zipfile.ZipInfo, target: Path, source: str, budget: Budget, limits: Limits) -> None:
    """Copy with a running count: a header that lies about the size cannot get past the budget."""
    written = 0
    with zf.open(zinfo) as src, open(target, "wb") as out:
        while chunk := src.read(CHUNK):
            written += len(chunk)
            budget.bytes += len(chunk)
            if written > zinfo.file_size or budget.bytes > limits.max_total_bytes:
                out.close()
                target.unlink(missing_ok=True)
                raise ArchiveRejected(f"压缩包 {source} 解压数据超过声明大小或上限，疑似压缩炸弹，已拒绝解压")
            out.write(chunk)


def _why(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "…"


# ---------------------------------------------------------------- RAR / 7z


def external_tool() -> str | None:
    return shutil.which("bsdtar") or shutil.which("unar")


def missing_tool_message(fmt: str) -> str:
    return f"无法解压 {fmt}：未安装 bsdtar 或 unar（apt-get install libarchive-tools）"


def unpack_external(path: Path, fmt: str, source: str, dest: Path, budget: Budget, limits: Limits,
                    skip=lambda parts: False) -> tuple[list[Member] | None, list[Finding]]:
    """RAR/7z through bsdtar or unar, then checked like a ZIP: symlinks dropped, limits enforced."""
    tool = external_tool()
    if tool is None:
        return None, [error("ARCHIVE_TOOL_MISSING", f"{source}：{missing_tool_message(fmt)}", source)]
    dest.mkdir(parents=True, exist_ok=True)
    if fmt == "RAR" and Path(tool).name == "bsdtar":
        path = _padded_copy(path, dest.parent / (dest.name + ".rar"))
    problem = _run_tool(tool, path, dest, limits)
    members, findings = _collect_tree(dest, source, budget, limits, skip)
    if members is None:
        shutil.rmtree(dest, ignore_errors=True)
        return None, findings
    if problem:
        findings.append(error("ARCHIVE_BROKEN", f"压缩包 {source} 解压出错：{problem}", source))
        if not members:
            return None, findings
    return members, findings


def _padded_copy(path: Path, copy: Path) -> Path:
    """libarchive picks its ZIP reader over its RAR reader when a ZIP end record lies in the last
    64 KiB – which happens when a RAR *stores* a .docx as its last member. Zero padding after the
    RAR end block (ignored by the RAR reader) moves that record out of reach."""
    with open(path, "rb") as src, open(copy, "wb") as out:
        shutil.copyfileobj(src, out)
        out.write(b"\0" * (70 << 10))
    return copy


def _run_tool(tool: str, path: Path, dest: Path, limits: Limits) -> str | None:
    if Path(tool).name == "unar":
        command = [tool, "-q", "-f", "-D", "-o", str(dest), str(path)]
    else:  # bsdtar refuses absolute and '..' paths unless -P is given
        command = [tool, "-x", "-f", str(path), "-C", str(dest)]
    cap = limits.max_total_bytes

    def _limit_file_size() -> None:  # a bomb cannot write one file bigger than the budget
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))

    try:
        done = subprocess.run(command, capture_output=True, timeout=limits.unpack_timeout,
                              env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
                              preexec_fn=_limit_file_size)
    except subprocess.TimeoutExpired:
        return f"超过 {int(limits.unpack_timeout)} 秒未完成"
    except OSError as exc:
        return f"无法运行 {Path(tool).name}：{exc}"
    if done.returncode != 0:
        return (done.stderr.decode("utf-8", "replace").strip().splitlines() or [f"退出码 {done.returncode}"])[-1][:120]
    return None


def _collect_tree(root: Path, source: str, budget: Budget, limits: Limits, skip) -> tuple[list[Member] | None, list[Finding]]:
    members: list[Member] = []
    findings: list[Finding] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        rel = [disk_name(p) for p in base.relative_to(root).parts]
        for d in [d for d in dirs if (base / d).is_symlink()]:
            findings.append(warning("ZIP_SYMLINK", f"压缩包 {source} 中的“{'/'.join([*rel, disk_name(d)])}”是符号链接，已忽略", source))
            (base / d).unlink()
            dirs.remove(d)
        for name in sorted(files):
            target = base / name
            parts = [*rel, disk_name(name)]
            if target.is_symlink() or not target.is_file():
                findings.append(warning("ZIP_SYMLINK", f"压缩包 {source} 中的“{'/'.join(parts)}”是符号链接或特殊文件，已忽略", source))
                target.unlink(missing_ok=True)
                continue
            budget.members += 1
            budget.bytes += target.stat().st_size
            if budget.members > limits.max_members or budget.bytes > limits.max_total_bytes:
                return None, [*findings, error("ARCHIVE_LIMIT", f"压缩包 {source} 解压后文件数或大小超过上限，疑似压缩炸弹，已拒绝", source)]
            members.append(Member(parts, None if skip(parts) else target, ignored=skip(parts)))
    return members, findings


__all__ = ["Limits", "Budget", "Member", "unpack_zip", "unpack_external", "external_tool", "missing_tool_message"]
