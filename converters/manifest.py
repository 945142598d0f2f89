"""The generated part of the docs dir, installed without ever overwriting a page edited by hand.

The converter writes a run's pages into an empty staging folder; ``install`` then moves them into
the docs dir. ``_generated/manifest.json`` records every generated file and the SHA-256 of what was
generated. At the next run a file whose bytes differ from its recorded hash was edited by hand, and a
file the manifest does not list was added by hand: both stay as they are, with a WARNING naming the
page, unless ``force`` is set. Everything else in the generated folders is replaced.

Only files whose bytes change are written, so a rerun after one edit touches one page. Given a
stats file (the conversion cache keeps one per docs dir), each installed file's size and mtime are
recorded there: a file that still has them, and is older than the stats file, is not read again to
tell whether it was edited (git's index does the same). The manifest itself stays byte-reproducible.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .model import Finding, info, warning

MANIFEST_PATH = "_generated/manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class Generated:
    """One generated file to install: its SHA-256 and its bytes, in memory or in a file."""

    digest: str
    data: bytes | None = None
    source: Path | None = None

    def write(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        if self.data is not None:
            tmp.write_bytes(self.data)
        else:
            shutil.copyfile(self.source, tmp)
        os.replace(tmp, target)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the manifest says of the docs dir (generated hashes), with the stats file's (size, mtime)
    of each installed file."""

    files: dict[str, str]
    stats: dict[str, tuple[int, int]]
    written_ns: int  # the stats file's own mtime: files changed since then are always hashed


def tree_hashes(root: Path, folders: Iterable[str], recorded: Recorded | None = None) -> dict[str, str]:
    """SHA-256 of every file under root/<folder>, keyed by POSIX path relative to root. With
    `recorded`, a file whose size and mtime are as recorded, and older than the manifest, keeps
    its recorded hash unread."""
    hashes: dict[str, str] = {}
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if rel == MANIFEST_PATH or not path.is_file():
                continue
            st = path.stat()
            if recorded is not None and rel in recorded.files and _unchanged(st, recorded.stats.get(rel), recorded):
                hashes[rel] = recorded.files[rel]
            else:
                hashes[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def _unchanged(st: os.stat_result, seen, recorded: Recorded) -> bool:
    return seen is not None and tuple(seen) == (st.st_size, st.st_mtime_ns) and st.st_mtime_ns < recorded.written_ns


def load_manifest(content_dir: Path) -> tuple[dict[str, str] | None, list[Finding]]:
    """The recorded hashes, or None (with a finding when the file exists but cannot be used)."""
    recorded, findings = load_recorded(content_dir)
    return (recorded.files if recorded else None), findings


def load_recorded(content_dir: Path, stats_file: Path | None = None) -> tuple[Recorded | None, list[Finding]]:
    path = content_dir / MANIFEST_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [warning("MANIFEST_INVALID", f"生成清单 {path} 无法读取（{exc}），本次无法检测手工修改，生成的页面将被覆盖", str(path))]
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None, [warning("MANIFEST_INVALID", f"生成清单 {path} 格式不对，本次无法检测手工修改，生成的页面将被覆盖", str(path))]
    stats, written_ns = _load_stats(stats_file, files)
    return Recorded(files, stats, written_ns), []


def _load_stats(stats_file: Path | None, files: dict[str, str]) -> tuple[dict[str, tuple[int, int]], int]:
    """Recorded stats of files still generated with the same hash; none when missing or unreadable."""
    if stats_file is None:
        return {}, 0
    try:
        data = json.loads(stats_file.read_text(encoding="utf-8"))
        written_ns = stats_file.stat().st_mtime_ns
        return {k: (v[1], v[2]) for k, v in data.items() if files.get(k) == v[0]}, written_ns
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return {}, 0


def _write_stats(stats_file: Path, files: dict[str, str], stats: dict[str, tuple[int, int]]) -> None:
    """rel -> [hash, size, mtime_ns]: the hash ties each stat to what was installed."""
    try:
        stats_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = stats_file.with_name(stats_file.name + ".tmp")
        tmp.write_text(json.dumps({k: [files[k], *v] for k, v in stats.items()}), encoding="utf-8")
        os.replace(tmp, stats_file)
    except OSError:
        pass  # the next run reads the files instead


def write_manifest(content_dir: Path, files: dict[str, str]) -> None:
    path = content_dir / MANIFEST_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "comment": "showcase 生成的文件及其 SHA-256；与此不符的文件视为手工修改，下次转换时保留（--force 覆盖）",
        "version": MANIFEST_VERSION,
        "files": dict(sorted(files.items())),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def hand_changes(current: dict[str, str], recorded: dict[str, str]) -> dict[str, str]:
    """Files in the generated folders that differ from the manifest: rel path -> "edited" | "added"."""
    changes = {}
    for rel, digest in current.items():
        if rel not in recorded:
            changes[rel] = "added"
        elif recorded[rel] != digest:
            changes[rel] = "edited"
    return changes


def _finding(content_dir: Path, rel: str, change: str, force: bool) -> Finding:
    page = str(content_dir / rel)
    if force:
        what = "手工修改" if change == "edited" else "手工添加的文件"
        return info("HAND_EDIT_OVERWRITTEN", f"{page}：{what}已按 --force 用新生成的内容覆盖或删除", page)
    if change == "edited":
        return warning("HAND_EDIT_KEPT", f"{page}：该页面在上次生成后被手工修改，本次保留手工版本、未覆盖；要用新生成的内容覆盖，请加 --force", page)
    return warning("HAND_FILE_KEPT", f"{page}：生成目录中有不是本程序生成的文件（手工添加，或对应经验已不再发布），已保留；要删除，请加 --force", page)


def install(staging: Path, content_dir: Path, folders: Iterable[str], *, force: bool = False,
            extra: dict[str, Generated] | None = None, stats_file: Path | None = None) -> list[Finding]:
    """Make the generated folders of content_dir hold staging's files plus `extra` (docs-dir path ->
    Generated), keeping hand edits (see module doc). Files already as generated are not rewritten."""
    folders = tuple(folders)
    recorded, findings = load_recorded(content_dir, stats_file)
    current = tree_hashes(content_dir, folders, recorded)
    protected: set[str] = set()
    if recorded is None:
        if current and not findings:
            findings.append(warning(
                "MANIFEST_MISSING",
                f"{content_dir / MANIFEST_PATH}：没有生成清单，无法判断生成目录中的 {len(current)} 个文件是否被手工修改；"
                "本次按生成的文件覆盖，此后的手工修改会被检测并保留",
                str(content_dir / MANIFEST_PATH),
            ))
    else:
        for rel, change in sorted(hand_changes(current, recorded.files).items()):
            findings.append(_finding(content_dir, rel, change, force))
            if not force:
                protected.add(rel)
    generated = {rel: Generated(digest, source=staging / rel) for rel, digest in tree_hashes(staging, folders).items()}
    generated.update(extra or {})
    _remove_stale(content_dir, folders, current, set(generated) | protected)
    stats: dict[str, tuple[int, int]] = {}
    for rel, item in generated.items():
        if rel in protected:
            continue
        target = content_dir / rel
        if current.get(rel) != item.digest:
            item.write(target)
        st = target.stat()
        stats[rel] = (st.st_size, st.st_mtime_ns)
    files = {rel: g.digest for rel, g in generated.items()}
    write_manifest(content_dir, files)
    if stats_file is not None:
        _write_stats(stats_file, files, stats)
    return findings


def _remove_stale(content_dir: Path, folders: tuple[str, ...], current: dict[str, str], keep: set[str]) -> None:
    """Delete what is no longer generated (nor kept by hand), then the folders left empty."""
    for rel in current:
        if rel not in keep:
            (content_dir / rel).unlink(missing_ok=True)
    for folder in folders:
        base = content_dir / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), reverse=True):  # children before their folders
            if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
