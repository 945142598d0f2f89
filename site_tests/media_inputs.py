"""Real media for the tests: clips made by ffmpeg, slides made by LibreOffice (from a flat ODP).

A clip carries the metadata a phone writes (location, device, author, date) so tests can check the
published copy has none of it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CLIP_TAGS = {
    "location": "+31.2304+121.4737/",
    "location-eng": "+31.2304+121.4737/",
    "com.apple.quicktime.location.ISO6709": "+31.2304+121.4737+004.000/",
    "com.apple.quicktime.model": "iPhone 15 Pro",
    "make": "Apple",
    "model": "iPhone 15 Pro",
    "artist": "张三",
    "author": "张三",
    "creation_time": "2025-05-01T08:30:00Z",
    "title": "发表视频原稿",
}
TAG_VALUES = ("31.2304", "iPhone", "Apple", "张三", "2025-05-01", "发表视频原稿")


def ffmpeg_available() -> bool:
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


def make_clip(path: Path, seconds: float = 2, size: str = "1280x720", codec: str = "libx264") -> Path:
    """A test-pattern clip with a 440 Hz tone and phone-like metadata."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tags = [arg for key, value in CLIP_TAGS.items() for arg in ("-metadata", f"{key}={value}")]
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=25",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         *tags, "-c:v", codec, "-pix_fmt", "yuv420p", "-c:a", "aac" if path.suffix != ".avi" else "mp3",
         "-shortest", str(path)],
        check=True,
    )
    return path


def make_unknown_codec_avi(path: Path) -> Path:
    """A well-formed AVI whose video codec tag no decoder knows (as a clip from an exotic camera)."""
    made = make_clip(path.with_name("mjpeg-" + path.name), seconds=1, size="320x240", codec="mjpeg")
    data = made.read_bytes().replace(b"MJPG", b"ZQZQ").replace(b"mjpg", b"zqzq")
    made.unlink()
    path.write_bytes(data)
    return path


_FODP = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:meta><dc:creator>张三</dc:creator><meta:initial-creator>张三</meta:initial-creator><dc:title>汇报稿</dc:title></office:meta>
<office:body><office:presentation>{pages}</office:presentation></office:body></office:document>
"""
_PAGE = ('<draw:page draw:name="p{n}"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="22cm" svg:height="4cm">'
         "<draw:text-box><text:p>{text}</text:p></draw:text-box></draw:frame></draw:page>")


def make_pptx(path: Path, pages: tuple[str, ...] = ("推进思路", "实施效果")) -> Path:
    """A .pptx with one text per slide and an author in its properties, as PowerPoint would save it."""
    work = path.parent / f".make-{path.stem}"
    work.mkdir(parents=True, exist_ok=True)
    source = work / "slides.fodp"
    source.write_text(_FODP.format(pages="".join(_PAGE.format(n=n, text=t) for n, t in enumerate(pages, 1))),
                      encoding="utf-8")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "pptx", "--outdir", str(work), str(source)],
                   check=True, capture_output=True, timeout=180)
    shutil.move(str(work / "slides.pptx"), path)
    shutil.rmtree(work, ignore_errors=True)
    return path


def probe(path: Path) -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)],
                          capture_output=True, check=True)
    import json

    return json.loads(done.stdout)
