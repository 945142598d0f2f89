"""The generated part of the docs dir, installed without ever overwriting a page edited by hand.

The converter writes a run's pages into an empty staging folder; ``install`` then moves them into
the docs dir. ``_generated/manifest.json`` records every generated file and the SHA-256 of what was
generated. At the next run a file whose bytes differ from its recorded hash was edited by hand, and a
file the manifest does not list was added by hand: both stay as they are, with a WARNING naming the
page, unless ``force`` is set. Everything else in the generated folders is replaced.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Iterable

from .model import Finding, info, warning

MANIFEST_PATH = "_generated/manifest.json"
MANIFEST_VERSION = 1


def tree_hashes(root: Path, folders: Iterable[str]) -> dict[str, str]:
    """SHA-256 of every file under root/<folder>, keyed by POSIX path relative to root."""
    hashes: dict[str, str] = {}
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel != MANIFEST_PATH:
                hashes[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def load_manifest(content_dir: Path) -> tuple[dict[str, str] | None, list[Finding]]:
    """The recorded hashes, or None (with a finding when the file exists but cannot be used)."""
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
    return files, []


def write_manifest(content_dir: Path, files: dict[str, str]) -> None:
    path = content_dir / MANIFEST_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "comment": "showcase 生成的文件及其 SHA-256；与此不符的文件视为手工修改，下次转换时保留（--force 覆盖）",
        "version": MANIFEST_VERSION,
        "files": dict(sorted(files.items())),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def hand_changes(content_dir: Path, folders: Iterable[str], recorded: dict[str, str]) -> dict[str, str]:
    """Files in the generated folders that differ from the manifest: rel path -> "edited" | "added"."""
    changes = {}
    for rel, digest in tree_hashes(content_dir, folders).items():
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


def install(staging: Path, content_dir: Path, folders: Iterable[str], *, force: bool = False) -> list[Finding]:
    """Replace the generated folders of content_dir by staging's, keeping hand edits (see module doc)."""
    from .render.pages import clean_generated

    folders = tuple(folders)
    recorded, findings = load_manifest(content_dir)
    protected: set[str] = set()
    if recorded is None:
        existing = tree_hashes(content_dir, folders)
        if existing and not findings:
            findings.append(warning(
                "MANIFEST_MISSING",
                f"{content_dir / MANIFEST_PATH}：没有生成清单，无法判断生成目录中的 {len(existing)} 个文件是否被手工修改；"
                "本次按生成的文件覆盖，此后的手工修改会被检测并保留",
                str(content_dir / MANIFEST_PATH),
            ))
    else:
        for rel, change in sorted(hand_changes(content_dir, folders, recorded).items()):
            findings.append(_finding(content_dir, rel, change, force))
            if not force:
                protected.add(rel)
    clean_generated(content_dir, keep=protected)
    generated = tree_hashes(staging, folders)
    for rel in generated:
        if rel in protected:
            continue
        target = content_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staging / rel, target)
    write_manifest(content_dir, generated)
    return findings
