"""An experience's 发表视频 and 演示文稿: converted for the web, kept by content hash, attached to it.

Videos go through ffmpeg (assemble/video.py), slides through LibreOffice (the soffice helper of
intake/legacy.py) to PDF and poppler's pdftoppm to one JPEG per page. Results live in a media store
(the conversion cache's media folder, else the run's work folder), one folder per input digest
and conversion profile, so a rebuild never converts an unchanged file again. A file that cannot
be used is a Chinese finding naming it; the experience is published without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..cache import UNUSED_DAYS, StaleCache, file_digest, make_key
from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, top_level, unknown_keys
from ..intake import InputFile, legacy
from ..check.pii import scan_text
from ..model import Experience, Finding, MediaFile, Slides, Video, error, warning
from . import video as ff

MEDIA_PATH = DATA_DIR / "media.yml"
MEDIA_KINDS = ("video", "slides")
STORE_VERSION = "1"  # bump when the layout of a store folder changes


# ---------------------------------------------------------------- data file


@dataclass(frozen=True)
class MediaData:
    suffixes: dict[str, tuple[str, ...]]  # kind -> lower-case suffixes
    profile: dict
    timeouts: dict
    labels: dict[str, str]


_PROFILE_KEYS = ("max_side", "crf", "preset", "audio_kbps", "poster_at", "slide_width", "slide_quality", "max_slides")
_TIMEOUT_KEYS = ("probe", "transcode_min", "transcode_per_second", "slides")
_LABEL_KEYS = ("section", "video", "slides", "download_video", "download_pdf", "page", "duration", "no_video_support",
               "offline_omitted")


def _parse(path: Path) -> MediaData:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, ("version", "suffixes", "profile", "timeouts", "labels"), "顶层", problems)
    sections = {}
    for name, keys in (("suffixes", MEDIA_KINDS), ("profile", _PROFILE_KEYS), ("timeouts", _TIMEOUT_KEYS),
                       ("labels", _LABEL_KEYS)):
        value = data.get(name)
        if not isinstance(value, dict):
            problems.append(f"缺少“{name}”映射")
            sections[name] = {}
            continue
        unknown_keys(value, keys, f"“{name}”中", problems)
        missing = [k for k in keys if k not in value]
        if missing:
            problems.append(f"“{name}”中缺少：{', '.join(missing)}")
        sections[name] = value
    suffixes = {}
    for kind, listed in sections["suffixes"].items():
        if not isinstance(listed, list) or not all(isinstance(s, str) and s.startswith(".") for s in listed):
            problems.append(f"suffixes 中“{kind}”应为以点开头的扩展名列表")
            continue
        suffixes[kind] = tuple(s.lower() for s in listed)
    for name in ("timeouts",):
        for key, value in sections[name].items():
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                problems.append(f"“{name}”中“{key}”应为正数，实际为 {value!r}")
    if any(not isinstance(v, str) for v in sections["labels"].values()):
        problems.append("labels 的值应为文字")
    if problems:
        raise DataFileError(path, problems)
    return MediaData(suffixes, dict(sections["profile"]), dict(sections["timeouts"]), dict(sections["labels"]))


load_media_data = cached_loader(_parse, MEDIA_PATH)


def media_kind(name: str) -> str:
    """"video" or "slides" for a file name with one of the listed suffixes, else ""."""
    suffix = Path(name).suffix.lower()
    return next((k for k, listed in load_media_data().suffixes.items() if suffix in listed), "")


# ---------------------------------------------------------------- options and store


@dataclass(frozen=True, slots=True)
class MediaOptions:
    max_bytes: int  # media.max_mb of showcase.yml
    store: Path | None = None  # the conversion cache's media folder; None: a folder in the work folder


@dataclass
class _Result:
    item: Video | Slides | None
    files: list[MediaFile]
    findings: list[Finding]


def store_key(kind: str, digest: str) -> str:
    return make_key("media", STORE_VERSION, kind, digest, load_media_data().profile)


def _entry(store: Path, key: str) -> Path:
    return store / key[:2] / key


def _load_meta(folder: Path) -> dict | None:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = meta.get("files", {}) if isinstance(meta, dict) else {}
    if not all((folder / name).is_file() for name in files):
        return None
    os.utime(folder / "meta.json")  # used now
    return meta


def _save(store: Path, key: str, build: Callable[[Path], dict]) -> dict:
    """Run build(folder) -> meta in a fresh folder, then move it into place (parallel runs share the store)."""
    store.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="new-", dir=store))
    try:
        meta = build(work)
        meta["files"] = {p.name: file_digest(p) for p in sorted(work.iterdir()) if p.name != "meta.json"}
        (work / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        final = _entry(store, key)
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(final, ignore_errors=True)  # an entry _load_meta refused (files missing)
        with contextlib.suppress(OSError):  # another run may have stored the same result meanwhile
            os.rename(work, final)
        return meta
    finally:
        shutil.rmtree(work, ignore_errors=True)


def prune_store(store: Path, days: float = UNUSED_DAYS) -> None:
    """Delete converted media not used for `days` (every use touches meta.json), as the cache prunes
    its other entries; a folder left by an interrupted conversion goes too."""
    cutoff = time.time() - days * 86400
    for entry in [*store.glob("??/*"), *store.glob("new-*")]:
        meta = entry / "meta.json"
        with contextlib.suppress(OSError):
            if (meta.stat().st_mtime if meta.exists() else entry.stat().st_mtime) < cutoff:
                shutil.rmtree(entry, ignore_errors=True)


# ---------------------------------------------------------------- attaching


def attach(exp: Experience, files: list[InputFile], opts: MediaOptions, workdir: Path) -> tuple[Experience, list[Finding]]:
    """The experience with its usable media; findings (each naming its media file) for the rest."""
    store = opts.store or workdir / "media-store"
    items, outputs, findings = [], [], []
    counts = {kind: 0 for kind in MEDIA_KINDS}
    for f in sorted(files, key=lambda f: f.source):
        stem = f"media/{f.kind}{counts[f.kind] + 1}"  # numbered among the usable ones: video1, video2 …
        result = _video(f, stem, opts, store) if f.kind == "video" else _slides(f, stem, opts, store, workdir)
        findings += result.findings
        if result.item is not None:
            counts[f.kind] += 1
            items.append(result.item)
            outputs += result.files
    return replace(exp, media=tuple(items), media_files=tuple(outputs)), findings


def _digest(f: InputFile) -> str:
    if f.digest:
        return f.digest
    if f.path is None:
        raise StaleCache(f.source)  # a remembered package whose media the store lost: take it in afresh
    return file_digest(f.path)


def _checked(f: InputFile, kind_name: str, opts: MediaOptions, store: Path,
             convertible: bool) -> tuple[str, dict | None, Finding | None]:
    """(store key, stored meta or None, a finding when the file is not to be converted).
    `convertible`: the tools are installed (else a remembered package need not be taken in afresh)."""
    if f.path is not None and f.path.stat().st_size == 0:
        return "", None, error("MEDIA_BROKEN", f"{f.source}：{kind_name}文件为空（0 字节），经验页不含该{kind_name}", f.source)
    key = store_key(f.kind, _digest(f))
    meta = _load_meta(_entry(store, key))
    if meta is not None and meta.get("error") == "MEDIA_TOO_LARGE" and meta.get("size", 0) <= opts.max_bytes:
        meta = None  # the limit was raised since: convert it now
    size = f.path.stat().st_size if f.path is not None else (meta or {}).get("size", 0)
    if meta is None and f.path is None and convertible:
        raise StaleCache(f.source)
    if size > opts.max_bytes:
        if meta is None:  # remembered, so an unchanged package is not unpacked again only to find this out
            _save(store, key, lambda _folder: {"error": "MEDIA_TOO_LARGE", "message": "", "size": size})
        limit = opts.max_bytes / (1 << 20)
        return key, None, error("MEDIA_TOO_LARGE", f"{f.source}：{kind_name}文件过大（{size / (1 << 20):.0f} MB，上限 {limit:g} MB，"
                                "见 showcase.yml 的 media.max_mb），未转换，经验页不含该" + kind_name, f.source)
    return key, meta, None


def _problem(f: InputFile, kind_name: str, code: str, why: str) -> Finding:
    return error(code, f"{f.source}：{why}；经验页不含该{kind_name}，经验照常发布", f.source)


def _outputs(store: Path, key: str, meta: dict, names: dict[str, str]) -> list[MediaFile]:
    folder = _entry(store, key)
    return [MediaFile(published, meta["files"][stored], str(folder / stored)) for stored, published in names.items()]


def _failed(f: InputFile, kind_name: str, meta: dict) -> _Result:
    return _Result(None, [], [_problem(f, kind_name, meta["error"], meta["message"])])


# ---------------------------------------------------------------- video


def _video(f: InputFile, stem: str, opts: MediaOptions, store: Path) -> _Result:
    label = "视频"
    tools = ff.find_tools()
    key, meta, stop = _checked(f, label, opts, store, tools is not None)
    if stop is not None:
        return _Result(None, [], [stop])
    if meta is None:
        if tools is None:
            return _Result(None, [], [_problem(f, label, "MEDIA_NO_FFMPEG", "未安装 ffmpeg，视频无法转码（请运行 scripts/ensure-system-deps.sh 或 apt-get install ffmpeg）")])
        try:
            meta = _save(store, key, lambda folder: _transcode(f.path, folder, tools))
        except ff.ToolProblem as exc:
            return _Result(None, [], [_problem(f, label, exc.code, str(exc))])
    if "error" in meta:
        return _failed(f, label, meta)
    names = {"video.mp4": f"{stem}.mp4", "poster.jpg": f"{stem}.jpg"}
    item = Video(f.source, f"{stem}.mp4", f"{stem}.jpg", float(meta["duration"]), int(meta["width"]), int(meta["height"]))
    return _Result(item, _outputs(store, key, meta, names), [])


def _transcode(source: Path, folder: Path, tools: tuple[str, str]) -> dict:
    """Into folder: video.mp4 and poster.jpg; the meta to store."""
    ffmpeg, ffprobe = tools
    data = load_media_data()
    timeouts, profile = data.timeouts, data.profile

    def convert() -> dict:
        found = ff.probe(ffprobe, source, timeouts["probe"])
        if not found.video_codec:
            raise ff.ToolProblem("MEDIA_CODEC_UNSUPPORTED", f"视频编码（{found.codec_tag or '未知'}）无法解码")
        limit = max(timeouts["transcode_min"], timeouts["transcode_per_second"] * found.duration)
        ff.transcode(ffmpeg, source, folder / "video.mp4", found, profile, limit)
        made = ff.probe(ffprobe, folder / "video.mp4", timeouts["probe"])
        ff.poster(ffmpeg, folder / "video.mp4", folder / "poster.jpg", made.duration, float(profile["poster_at"]),
                  timeouts["probe"])
        return {"duration": round(made.duration, 3), "width": made.width, "height": made.height}

    return _recorded(convert, folder, source.stat().st_size)


def _recorded(convert: Callable[[], dict], folder: Path, size: int) -> dict:
    """convert()'s meta with the input's size. A problem the file itself causes is stored too (as
    {"error", "message"}), so a broken file is not converted again on every run."""
    try:
        return {**convert(), "size": size}
    except ff.ToolProblem as exc:
        if not exc.cacheable:
            raise
        for p in folder.iterdir():
            p.unlink()
        return {"error": exc.code, "message": str(exc), "size": size}


# ---------------------------------------------------------------- slides


def _slides(f: InputFile, stem: str, opts: MediaOptions, store: Path, workdir: Path) -> _Result:
    label = "演示文稿"
    key, meta, stop = _checked(f, label, opts, store, legacy.find_soffice() is not None)
    if stop is not None:
        return _Result(None, [], [stop])
    if meta is None:
        if legacy.find_soffice() is None:
            return _Result(None, [], [_problem(f, label, "SLIDES_NO_LIBREOFFICE", "未安装 LibreOffice，演示文稿无法转换（apt-get install libreoffice-impress-nogui）")])
        if shutil.which("pdftoppm") is None:
            return _Result(None, [], [_problem(f, label, "SLIDES_NOT_CONVERTED", "未安装 poppler-utils（pdftoppm），无法生成页面图片")])
        scratch = Path(tempfile.mkdtemp(prefix="slides-", dir=workdir if workdir.is_dir() else None))
        try:
            meta = _save(store, key, lambda folder: _convert_slides(f.path, folder, scratch))
        except ff.ToolProblem as exc:
            return _Result(None, [], [_problem(f, label, exc.code, str(exc))])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if "error" in meta:
        return _failed(f, label, meta)
    contacts = _contacts(f, _entry(store, key) / "text.txt")
    if contacts is not None:
        return _Result(None, [], [contacts])
    pages = sorted(n for n in meta["files"] if n.startswith("page-"))
    names = {"slides.pdf": f"{stem}.pdf", **{p: f"{stem}-{p[len('page-'):]}" for p in pages}}
    item = Slides(f.source, f"{stem}.pdf", tuple(names[p] for p in pages))
    return _Result(item, _outputs(store, key, meta, names), [])


def _convert_slides(source: Path, folder: Path, scratch: Path) -> dict:
    data = load_media_data()

    def convert() -> dict:
        pdf = _soffice(_anonymous_pptx(source, scratch), "pdf", scratch, data.timeouts["slides"])
        shutil.copyfile(pdf, folder / "slides.pdf")
        _page_images(folder / "slides.pdf", folder, data.profile, data.timeouts["slides"])
        _page_text(folder / "slides.pdf", folder / "text.txt", data.timeouts["slides"])
        return {}

    return _recorded(convert, folder, source.stat().st_size)


def _soffice(path: Path, target: str, scratch: Path, timeout: float) -> Path:
    result = legacy.convert([("slides", path, path.suffix)], target, scratch / f"lo-{target}", timeout).get("slides")
    if isinstance(result, Path):
        return result
    # LibreOffice may fail for reasons of this machine (a timeout, a busy profile): tried again next run.
    raise ff.ToolProblem("SLIDES_NOT_CONVERTED", f"LibreOffice 未能转换该演示文稿（{result or '原因不明'}），文件可能已损坏或受密码保护",
                         cacheable=False)


def _anonymous_pptx(source: Path, scratch: Path) -> Path:
    """A .pptx copy without author, company and dates (the PDF would carry them); a .ppt is made a .pptx first."""
    with open(source, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        pptx = source
    elif head.startswith(bytes.fromhex("d0cf11e0a1b11ae1")):
        pptx = _soffice(_with_suffix(source, scratch, ".ppt"), "pptx", scratch, load_media_data().timeouts["slides"])
    else:
        raise ff.ToolProblem("SLIDES_NOT_CONVERTED", "文件已损坏，不是有效的 PowerPoint 演示文稿")
    target = scratch / "clean.pptx"
    try:
        with zipfile.ZipFile(pptx) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for member in zin.infolist():
                if member.filename in _PROPERTY_PARTS:
                    zout.writestr(member.filename, _PROPERTY_PARTS[member.filename])
                else:
                    zout.writestr(member, zin.read(member))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ff.ToolProblem("SLIDES_NOT_CONVERTED", f"文件已损坏，不是有效的 PowerPoint 演示文稿（{exc}）") from None
    return target


_PROPERTY_PARTS = {
    "docProps/core.xml": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
                          'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>'),
    "docProps/app.xml": ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
                         'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'),
}


def _with_suffix(source: Path, scratch: Path, suffix: str) -> Path:
    copy = scratch / f"input{suffix}"
    shutil.copyfile(source, copy)
    return copy


def _page_images(pdf: Path, folder: Path, profile: dict, timeout: float) -> None:
    command = ["pdftoppm", "-jpeg", "-jpegopt", f"quality={int(profile['slide_quality'])}",
               "-scale-to-x", str(int(profile["slide_width"])), "-scale-to-y", "-1",
               "-l", str(int(profile["max_slides"])), str(pdf), str(folder / "page")]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ff.ToolProblem("SLIDES_NOT_CONVERTED", f"生成页面图片超时（超过 {int(timeout)} 秒）", cacheable=False) from None
    pages = sorted(folder.glob("page-*.jpg"))
    if done.returncode != 0 or not pages:
        raise ff.ToolProblem("SLIDES_NOT_CONVERTED", "转换出的 PDF 无法生成页面图片")
    width = max(2, len(str(len(pages))))
    for page in pages:  # pdftoppm pads to the page count's digits: make names uniform
        number = int(page.stem.rsplit("-", 1)[1])
        page.rename(folder / f"page-{number:0{width}d}.jpg")


def accounting(exp: Experience | None, files: tuple[InputFile, ...], published: bool,
               findings: list[Finding]) -> dict[str, tuple[bool, str, list[Finding]]]:
    """source -> (published, Chinese reason, its findings) for each media file of one submission."""
    shown = {m.source for m in exp.media} if exp is not None and published else set()
    out = {}
    for f in files:
        source = f.source
        own = [x for x in findings if x.file == source]
        name = "演示文稿" if f.kind == "slides" else "视频"
        if source in shown:
            reason = f"{name}：已转换，在经验页上" + ("播放" if name == "视频" else "展示")
        elif published:
            reason = f"{name}：无法使用，经验页不含该{name}（见问题）"
        else:
            reason = f"{name}：所属经验未发布"
        out[source] = (source in shown, reason, own)
    return out


def _page_text(pdf: Path, target: Path, timeout: float) -> None:
    """The slides' text, kept in the store (never published) for the contact scan."""
    try:
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), str(target)], capture_output=True, timeout=timeout,
                       check=False)
    except (OSError, subprocess.TimeoutExpired):
        pass
    if not target.is_file():
        target.write_text("", encoding="utf-8")


def _contacts(f: InputFile, text_file: Path) -> Finding | None:
    """A privacy finding when the slides' text holds contact data (often on the last, 谢谢 slide):
    text on a picture cannot be hidden, so those slides are not published at all. Scanned on every
    run with the current contact rules."""
    try:
        text = text_file.read_text(encoding="utf-8")
    except OSError:
        text = ""
    found = scan_text(text, f.source)
    if not found:
        return None
    values = "、".join(dict.fromkeys(x.message.split("：", 1)[0].removeprefix("疑似") for x in found))
    return warning("SLIDES_CONTACT", f"{f.source}：演示文稿中有疑似联系方式（{values}），该演示文稿未发布；"
                   "请推荐单位删去后重新提交，经验照常发布", f.source)


def published_files(exp: Experience, folder: str) -> dict[str, tuple[str, Path]]:
    """docs-dir path -> (digest, local file) of the experience's media, for installing beside its page."""
    return {folder + m.name: (m.digest, Path(m.path)) for m in exp.media_files}


def files_present(exp: Experience | None) -> bool:
    """Whether every media file a cached experience names is still in the store."""
    return exp is None or all(Path(m.path).is_file() for m in exp.media_files)


__all__ = ["MediaOptions", "attach", "media_kind", "load_media_data", "published_files", "files_present"]
