"""ffprobe and ffmpeg for one presentation video: read it, transcode it for the web, take a poster.

The published copy is H.264 (yuv420p, Main profile) with AAC stereo in MP4, the short side at most
720 px, the index at the front (+faststart: playback starts before the whole file arrives) and
no metadata at all: global, per-stream and chapter metadata, subtitles and data streams (where
phones keep GPS tracks) are dropped. Every call has a timeout and returns a Chinese problem
instead of raising.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Probe:
    duration: float
    width: int
    height: int
    video_codec: str  # "" when ffmpeg has no decoder for it
    codec_tag: str  # the fourcc or codec tag as stored, for messages
    has_audio: bool


class ToolProblem(Exception):
    """A call failed; `code` is the finding code, the message Chinese."""

    def __init__(self, code: str, message: str, cacheable: bool = True):
        super().__init__(message)
        self.code = code
        self.cacheable = cacheable  # False when the cause is this machine (a timeout), not the file


def find_tools() -> tuple[str, str] | None:
    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    return (ffmpeg, ffprobe) if ffmpeg and ffprobe else None


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run without a shell; on timeout end the whole process group and raise ToolProblem."""
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    except OSError as exc:
        raise ToolProblem("MEDIA_NO_FFMPEG", f"无法启动 {Path(command[0]).name}：{exc}", cacheable=False) from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise ToolProblem("MEDIA_BROKEN", f"处理超时（超过 {int(timeout)} 秒），已中止", cacheable=False) from None
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _last_line(stderr: bytes, *paths: Path) -> str:
    """ffmpeg's last complaint, without the work-folder paths it names (the finding names the file)."""
    text = stderr.decode("utf-8", "replace")
    for path in paths:
        text = text.replace(f"{path}: ", "").replace(str(path), "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def probe(ffprobe: str, path: Path, timeout: float) -> Probe:
    """What the file holds; ToolProblem MEDIA_BROKEN when it is no readable video."""
    done = _run([ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)], timeout)
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError:
        data = {}
    streams = data.get("streams") or []
    if done.returncode != 0 or not streams:
        why = _last_line(done.stderr, path)
        raise ToolProblem("MEDIA_BROKEN", "文件已损坏或不是视频，无法读取" + (f"（{why}）" if why else ""))
    video = next((s for s in streams if s.get("codec_type") == "video" and not _is_cover_art(s)), None)
    if video is None:
        raise ToolProblem("MEDIA_BROKEN", "文件中没有视频画面（可能只有声音或已损坏）")
    duration = _float(data.get("format", {}).get("duration")) or _float(video.get("duration"))
    return Probe(duration, int(video.get("width") or 0), int(video.get("height") or 0),
                 str(video.get("codec_name") or ""), str(video.get("codec_tag_string") or ""),
                 any(s.get("codec_type") == "audio" for s in streams))


def _is_cover_art(stream: dict) -> bool:
    return bool((stream.get("disposition") or {}).get("attached_pic"))


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def scale_filter(max_side: int) -> str:
    """Short side at most max_side, never enlarged, both sides even (H.264 4:2:0 needs it)."""
    return (f"scale='if(gte(iw,ih),-2,min({max_side},trunc(iw/2)*2))':'if(gte(iw,ih),min({max_side},trunc(ih/2)*2),-2)'"
            ",setsar=1")


def transcode(ffmpeg: str, source: Path, target: Path, found: Probe, profile: dict, timeout: float) -> None:
    command = [
        ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(source),
        "-map", "0:v:0", *(["-map", "0:a:0"] if found.has_audio else []),
        "-map_metadata", "-1", "-map_metadata:s:v", "-1", "-map_metadata:s:a", "-1", "-map_chapters", "-1",
        "-sn", "-dn", "-vf", scale_filter(int(profile["max_side"])),
        "-c:v", "libx264", "-preset", str(profile["preset"]), "-crf", str(profile["crf"]),
        "-profile:v", "main", "-pix_fmt", "yuv420p",
        *(["-c:a", "aac", "-b:a", f"{int(profile['audio_kbps'])}k", "-ac", "2"] if found.has_audio else []),
        "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-f", "mp4", str(target),
    ]
    done = _run(command, timeout)
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        why = _last_line(done.stderr, source, target)
        if not found.video_codec or "decoder" in why.lower():
            raise ToolProblem("MEDIA_CODEC_UNSUPPORTED",
                              f"视频编码（{found.codec_tag or found.video_codec or '未知'}）无法解码" + (f"（{why}）" if why else ""))
        raise ToolProblem("MEDIA_BROKEN", "视频转码失败，文件可能已损坏" + (f"（{why}）" if why else ""))


def poster(ffmpeg: str, video: Path, target: Path, duration: float, at: float, timeout: float) -> None:
    moment = min(at, duration / 2) if duration > 0 else 0
    done = _run([ffmpeg, "-nostdin", "-v", "error", "-y", "-ss", f"{moment:.3f}", "-i", str(video),
                 "-frames:v", "1", "-q:v", "3", "-map_metadata", "-1", "-f", "image2", str(target)], timeout)
    if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise ToolProblem("MEDIA_BROKEN", "无法从视频中取出封面画面" + (f"（{_last_line(done.stderr, video, target)}）" if done.stderr else ""))
