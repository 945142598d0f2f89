"""Issue 17, second half, done when: a 发表视频 and a 演示文稿 in an experience's folder are on its page
(the video, transcoded by ffmpeg, plays in Chromium online and from file:// in the offline ZIP; the
slides as page images with the PDF to download), their metadata is gone, bad media are findings
naming the file while the experience still publishes, and every file is in the report.

Real parts: clips made by ffmpeg (with phone-like location/device/author tags), a .pptx made by
LibreOffice, python-docx submissions, `showcase build` and `showcase export` in-process, Debian Chromium.
One project and one build per module.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import browser
import media_inputs as mi
from submissions import write_experience, write_form

from converters.cli import main
from site_stage import copy_project

REPO = Path(__file__).resolve().parents[2]
GROUP = "南京市质量协会"
ONE = ("运用PDCA循环提升产品一次合格率的实践", "质检一班")
TWO = ("推行六西格玛方法降低装配缺陷率的实践", "装配二班")
PHONE = "13912345555"

pytestmark = pytest.mark.skipif(not (mi.ffmpeg_available() and shutil.which("soffice") and browser.chromium_available()),
                                reason="需要 ffmpeg、LibreOffice 与 Chromium")


def _project(root: Path) -> Path:
    return copy_project(root, f"association: 示例质量协会\nyear: 2025\ninbox: {root / 'inbox'}\nmedia:\n  max_mb: 1\n")


def _inbox(inbox: Path) -> None:
    one = inbox / GROUP / "质检一班"
    write_experience(one / "附件1.docx", *ONE)
    write_form(one / "附件2.docx", *ONE)
    mi.make_clip(one / "发表视频.mov")
    mi.make_pptx(one / "汇报材料.pptx")
    two = inbox / GROUP / "装配二班"
    write_experience(two / "附件1.docx", *TWO)
    mi.make_clip(two / "视频" / "发表.mp4", size="1920x1080")  # in a subfolder, 1080p: scaled to 720p
    (two / "损坏.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00" + b"not a video " * 80)
    mi.make_unknown_codec_avi(two / "现场.avi")
    (two / "空白.mp4").write_bytes(b"")
    (two / "超大.mp4").write_bytes(mi.make_clip(inbox.parent / "big.mp4", seconds=1).read_bytes() + bytes(1_200_000))
    (two / "演示.pptx").write_bytes(b"PK\x03\x04" + b"broken slides" * 50)
    mi.make_pptx(two / "结束页.pptx", pages=("谢谢", f"联系人：张三　手机：{PHONE}"))
    mi.make_clip(inbox / GROUP / "宣传片.mp4", seconds=1, size="320x240")  # above both folders: whose?


@pytest.fixture(scope="module")
def media_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("media")
    _inbox(root / "inbox")
    project = _project(root)
    config = str(project / "showcase.yml")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--config", config, "build", "--content", str(root / "content"), "--site", str(root / "site"),
                     "--report", str(root / "report.json")]) == 0
        assert main(["--config", config, "export", "--content", str(root / "content"), "--site", str(root / "offline"),
                     "--out", str(root / "dist"), "--report", str(root / "report-export.json")]) == 0
        with_media = out.getvalue()
        assert main(["--config", config, "export", "--no-media", "--content", str(root / "content"),
                     "--site", str(root / "offline-lean"), "--out", str(root / "dist-lean"),
                     "--report", str(root / "report-lean.json")]) == 0
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    slugs = {e["team"]: e["slug"] for e in report["experiences"]}
    return {"root": root, "report": report, "slugs": slugs, "printed": out.getvalue(), "printed_media": with_media}


def _files(site) -> dict:
    return {f["source"]: f for f in site["report"]["files"]}


def _folder(site, tree: str, team: str) -> Path:
    return site["root"] / tree / "experiences" / site["slugs"][team]


def test_both_experiences_publish_and_every_media_file_is_accounted_for(media_site):
    report = media_site["report"]
    assert {e["team"]: e["status"] for e in report["experiences"]} == {ONE[1]: "published", TWO[1]: "published"}
    files = _files(media_site)
    base = f"{GROUP}/"
    expected = {
        "质检一班/发表视频.mov": ("video", "published", []),
        "质检一班/汇报材料.pptx": ("slides", "published", []),
        "装配二班/视频/发表.mp4": ("video", "published", []),
        "装配二班/损坏.mp4": ("video", "rejected", ["MEDIA_BROKEN"]),
        "装配二班/现场.avi": ("video", "rejected", ["MEDIA_CODEC_UNSUPPORTED"]),
        "装配二班/超大.mp4": ("video", "rejected", ["MEDIA_TOO_LARGE"]),
        "装配二班/演示.pptx": ("slides", "rejected", ["SLIDES_NOT_CONVERTED"]),
        "装配二班/空白.mp4": ("broken", "rejected", ["FILE_EMPTY"]),
        "宣传片.mp4": ("video", "skipped", ["MEDIA_UNPAIRED"]),
        "装配二班/结束页.pptx": ("slides", "rejected", ["SLIDES_CONTACT"]),
    }
    for rel, (kind, status, codes) in expected.items():
        entry = files[base + rel]
        assert (entry["kind"], entry["status"], [f["code"] for f in entry["findings"]]) == (kind, status, codes), entry
        for finding in entry["findings"]:
            assert finding["file"] == base + rel and rel.rsplit("/", 1)[-1] in finding["message"]
            assert "Traceback" not in finding["message"]
    assert files[base + "质检一班/发表视频.mov"]["experience"] == media_site["slugs"][ONE[1]]
    assert "经验照常发布" in files[base + "装配二班/损坏.mp4"]["findings"][0]["message"]


def test_slides_with_contact_data_are_not_published_anywhere(media_site):
    finding = _files(media_site)[f"{GROUP}/装配二班/结束页.pptx"]["findings"][0]
    assert "139****5555" in finding["message"] and PHONE not in finding["message"]
    for tree in ("content", "site", "offline"):
        for path in (media_site["root"] / tree).rglob("*"):
            if path.is_file() and path.suffix in (".html", ".md", ".js", ".json", ".pdf", ".txt"):
                assert PHONE.encode() not in path.read_bytes(), path
    slides = _folder(media_site, "content", TWO[1]) / "media"
    assert not list(slides.glob("slides*"))


def test_the_published_video_is_h264_aac_at_most_720p_with_faststart_and_no_metadata(media_site):
    for team, size in ((ONE[1], (1280, 720)), (TWO[1], (1280, 720))):
        media = _folder(media_site, "content", team) / "media"
        info = mi.probe(media / "video1.mp4")
        video = next(s for s in info["streams"] if s["codec_type"] == "video")
        audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
        assert (video["codec_name"], video["pix_fmt"], audio["codec_name"]) == ("h264", "yuv420p", "aac")
        assert (video["width"], video["height"]) == size
        assert abs(float(info["format"]["duration"]) - 2) < 0.2
        dumped = json.dumps(info, ensure_ascii=False)
        assert not [v for v in mi.TAG_VALUES if v in dumped], dumped
        tags = [info["format"].get("tags", {}), *(s.get("tags", {}) for s in info["streams"])]
        keys = {k.lower() for t in tags for k in t}
        assert not [k for k in keys if "location" in k or k in ("creation_time", "artist", "author", "model", "make")], tags
        head = (media / "video1.mp4").read_bytes()[:4096]
        assert b"moov" in head, "+faststart：索引应在文件开头"
        poster = (media / "video1.jpg").read_bytes()
        assert poster.startswith(b"\xff\xd8") and b"Exif" not in poster[:64]


def test_the_slides_are_page_images_and_a_pdf_without_the_author(media_site):
    media = _folder(media_site, "content", ONE[1]) / "media"
    assert sorted(p.name for p in media.glob("slides1*")) == ["slides1-01.jpg", "slides1-02.jpg", "slides1.pdf"]
    info = subprocess.run(["pdfinfo", str(media / "slides1.pdf")], capture_output=True, text=True, check=True).stdout
    assert "Pages:           2" in info and "张三" not in info and "汇报稿" not in info
    text = subprocess.run(["pdftotext", str(media / "slides1.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "推进思路" in text and "实施效果" in text


def test_the_page_plays_the_video_from_the_site_itself_in_wechat_too(media_site):
    page = (_folder(media_site, "site", ONE[1]) / "index.html").read_text(encoding="utf-8")
    assert "发表材料" in page
    assert ('<video controls preload="none" playsinline webkit-playsinline x5-playsinline '
            'poster="media/video1.jpg" width="1280" height="720">') in page
    assert '<source src="media/video1.mp4" type="video/mp4">' in page
    assert 'src="media/slides1-01.jpg"' in page and 'href="media/slides1.pdf"' in page
    assert page.index("实施效果") < page.index("发表材料")
    for name in ("video1.mp4", "video1.jpg", "slides1.pdf", "slides1-02.jpg"):
        assert (_folder(media_site, "site", ONE[1]) / "media" / name).is_file()
    assert "发表视频.mov" not in page and "汇报材料" not in page  # the received names are not published
    two = (_folder(media_site, "site", TWO[1]) / "index.html").read_text(encoding="utf-8")
    assert "video1.mp4" in two and "video2" not in two and "slides" not in two


def _played(page, url: str) -> dict:
    page.goto(url)
    return page.evaluate("""async () => {
        const v = document.querySelector('.showcase-video video');
        v.muted = true;
        const ready = new Promise(r => v.addEventListener('loadedmetadata', r, {once: true}));
        await v.play().catch(() => {});
        await Promise.race([ready, new Promise(r => setTimeout(r, 15000))]);
        return {readyState: v.readyState, duration: v.duration, error: v.error && v.error.code,
                width: v.videoWidth, poster: v.poster,
                mp4: v.canPlayType('video/mp4; codecs="avc1.4D401F, mp4a.40.2"')};
    }""")


def _check_playback(state: dict) -> None:
    assert state["error"] is None and state["readyState"] >= 1, state
    assert abs(state["duration"] - 2) < 0.2 and state["width"] == 1280, state
    assert state["mp4"] in ("probably", "maybe"), state
    assert state["poster"].endswith("media/video1.jpg")


def test_the_video_plays_in_chromium_online(media_site):
    slug = media_site["slugs"][ONE[1]]
    with browser.serve(media_site["root"] / "site") as url, browser.launch() as chromium:
        with browser.open_page(chromium) as (page, log):
            _check_playback(_played(page, f"{url}experiences/{slug}/"))
            assert not log.foreign_requests


def test_the_offline_zip_holds_the_media_and_the_video_plays_from_file(media_site, tmp_path):
    root, slug = media_site["root"], media_site["slugs"][ONE[1]]
    (zip_path,) = (root / "dist").glob("*.zip")
    assert f"离线包已生成：{zip_path}（" in media_site["printed_media"] and " MB）" in media_site["printed_media"]
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path)
    assert any(n.endswith(f"experiences/{slug}/media/video1.mp4") for n in names)
    (top,) = tmp_path.iterdir()
    with browser.launch() as chromium, browser.open_page(chromium) as (page, log):
        _check_playback(_played(page, (top / "experiences" / slug / "index.html").as_uri()))
        assert not log.foreign_requests


def test_export_no_media_leaves_the_media_out_and_says_so(media_site):
    root, slug = media_site["root"], media_site["slugs"][ONE[1]]
    (lean,) = (root / "dist-lean").glob("*.zip")
    (full,) = (root / "dist").glob("*.zip")
    assert lean.stat().st_size < full.stat().st_size
    assert "不含视频与演示文稿）" in media_site["printed"]
    with zipfile.ZipFile(lean) as zf:
        names = zf.namelist()
        page = next(zf.read(n) for n in names if n.endswith(f"experiences/{slug}/index.html")).decode("utf-8")
    assert not [n for n in names if "/media/" in n and "/experiences/" in n]
    assert "<video" not in page and "本离线版未收录发表视频与演示文稿" in page


def test_media_max_mb_is_read_from_showcase_yml_and_checked(tmp_path):
    from converters.config import read_settings

    good = tmp_path / "good.yml"
    good.write_text("media:\n  max_mb: 2.5\n", encoding="utf-8")
    settings, found = read_settings(good)
    assert settings.media.max_mb == 2.5 and found == []
    bad = tmp_path / "bad.yml"
    bad.write_text("media:\n  max_mb: 很大\n  quality: 高\n", encoding="utf-8")
    settings, found = read_settings(bad)
    assert settings.media.max_mb == 500
    assert {(f.code, f.severity.value) for f in found} == {("CONFIG_INVALID", "error"), ("CONFIG_UNKNOWN_KEY", "warning")}
    assert any("media.max_mb" in f.message and "正数" in f.message for f in found)


def test_a_rebuild_takes_the_transcoded_video_from_the_cache(tmp_path, monkeypatch, capsys):
    """The 典型经验 is edited, the video is not: the second conversion needs no ffmpeg at all."""
    inbox = tmp_path / "inbox"
    folder = inbox / GROUP / "质检一班"
    write_experience(folder / "附件1.docx", *ONE)
    mi.make_clip(folder / "发表视频.mp4", seconds=1, size="320x240")
    project = _project(tmp_path)
    args = ["--config", str(project / "showcase.yml"), "convert", str(inbox), "--out", str(tmp_path / "content"),
            "--report", str(tmp_path / "report.json")]
    assert main(args) == 0
    (video,) = (tmp_path / "content" / "experiences").glob("*/media/video1.mp4")
    first = video.read_bytes()
    write_experience(folder / "附件1.docx", *ONE, extra="本次修改补充了数据。")
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    capsys.readouterr()
    assert main(args) == 0
    assert "经验转换 0 项取自缓存、1 项重新转换" in capsys.readouterr().err  # the edited document
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    entry = next(f for f in report["files"] if f["source"].endswith("发表视频.mp4"))
    assert (entry["status"], entry["findings"]) == ("published", [])
    assert video.read_bytes() == first


def test_the_media_benchmark_runs(tmp_path, capsys):
    """bench/media.py must not rot: a 1-second run prints every row (timings are never asserted)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_media", REPO / "bench" / "media.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--seconds", "1", "--size", "320x240", "--runs", "1", "--slides", "0",
                       "--json", str(tmp_path / "media.json")]) == 0
    out = capsys.readouterr().out
    for row in ("media.video.per_minute", "media.video.rebuild"):
        assert f"| {row} |" in out
    assert json.loads((tmp_path / "media.json").read_text(encoding="utf-8"))["output"]["height"] == 240
