"""assemble/media.attach: 发表视频 and 演示文稿 converted once, by content hash, with clear findings.

Real files (ffmpeg clips, a LibreOffice .pptx) through the real intake; "ffmpeg missing" and
"LibreOffice missing" are a PATH without them, as on a machine where they are not installed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import media_inputs as mi
from converters.assemble import media
from converters.assemble.pairing import pair
from converters.intake import collect
from converters.model import Experience, Severity
from submissions import write_experience

pytestmark = pytest.mark.skipif(not mi.ffmpeg_available(), reason="需要 ffmpeg")

MB = 1 << 20


def _experience() -> Experience:
    return Experience(slug="2025-x", year=2025, title="t", organization="o", team="班", recommender="r",
                      industry_code="", industry_name="", industry_raw="", methods=(), method_ids=(),
                      method_details=(), parts={}, notes={}, assets={}, metrics=(), facts=(), source="a.docx")


def _media_of(inbox: Path, tmp: Path):
    """The media files intake finds and pairing gives the inbox's only experience."""
    files = collect(inbox, tmp / "work")
    submissions, _findings = pair(files)
    (sub,) = submissions
    return list(sub.media)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    root = tmp_path_factory.mktemp("clips")
    inbox = root / "inbox"
    write_experience(inbox / "南京" / "一班" / "附件1.docx", "运用PDCA循环提升产品一次合格率的实践", "一班")
    mi.make_clip(inbox / "南京" / "一班" / "竖屏.mp4", seconds=1, size="1080x1920")
    return _media_of(inbox, root)


def test_a_portrait_video_keeps_its_shape_with_the_short_side_at_720(clips, tmp_path):
    exp, findings = media.attach(_experience(), clips, media.MediaOptions(500 * MB, tmp_path / "store"), tmp_path)
    assert findings == []
    (video,) = exp.media
    assert (video.width, video.height) == (720, 1280)
    assert [m.name for m in exp.media_files] == ["media/video1.mp4", "media/video1.jpg"]
    assert all(Path(m.path).is_file() for m in exp.media_files)


def test_a_second_conversion_takes_the_stored_result_and_runs_no_ffmpeg(clips, tmp_path, monkeypatch):
    store = tmp_path / "store"
    first, _ = media.attach(_experience(), clips, media.MediaOptions(500 * MB, store), tmp_path)
    stored = Path(first.media_files[0].path)
    before = stored.stat()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # ffmpeg could not run now
    again, findings = media.attach(_experience(), clips, media.MediaOptions(500 * MB, store), tmp_path)
    assert findings == [] and again.media == first.media
    assert (stored.stat().st_ino, stored.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_without_ffmpeg_the_video_is_a_finding_and_the_experience_keeps_the_rest(clips, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    exp, findings = media.attach(_experience(), clips, media.MediaOptions(500 * MB, tmp_path / "store"), tmp_path)
    assert exp.media == () and exp.media_files == ()
    (finding,) = findings
    assert (finding.code, finding.severity, finding.file) == ("MEDIA_NO_FFMPEG", Severity.ERROR, "南京/一班/竖屏.mp4")
    assert "未安装 ffmpeg" in finding.message and "竖屏.mp4" in finding.message


def test_the_size_limit_comes_before_any_conversion_and_a_higher_one_converts(clips, tmp_path):
    store = tmp_path / "store"
    exp, findings = media.attach(_experience(), clips, media.MediaOptions(1000, store), tmp_path)
    assert exp.media == ()
    assert [f.code for f in findings] == ["MEDIA_TOO_LARGE"]
    assert "media.max_mb" in findings[0].message and "竖屏.mp4" in findings[0].message
    assert not list(store.rglob("*.mp4"))
    exp, findings = media.attach(_experience(), clips, media.MediaOptions(500 * MB, store), tmp_path)
    assert findings == [] and len(exp.media) == 1


@pytest.mark.skipif(not shutil.which("soffice"), reason="需要 LibreOffice")
def test_without_libreoffice_slides_are_a_finding(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    write_experience(inbox / "南京" / "一班" / "附件1.docx", "运用PDCA循环提升产品一次合格率的实践", "一班")
    mi.make_pptx(inbox / "南京" / "一班" / "汇报.pptx")
    files = _media_of(inbox, tmp_path)
    assert [f.kind for f in files] == ["slides"]
    monkeypatch.setenv("PATH", os.pathsep.join([str(tmp_path / "empty")]))
    exp, findings = media.attach(_experience(), files, media.MediaOptions(500 * MB, tmp_path / "store"), tmp_path)
    assert exp.media == ()
    assert [(f.code, f.file) for f in findings] == [("SLIDES_NO_LIBREOFFICE", "南京/一班/汇报.pptx")]
    assert "LibreOffice" in findings[0].message


def test_a_broken_media_data_file_is_reported_by_showcase_check(tmp_path, capsys):
    from converters.cli import main

    data = tmp_path / "data"
    shutil.copytree(Path(media.MEDIA_PATH).parent, data)
    text = (data / "media.yml").read_text(encoding="utf-8")
    (data / "media.yml").write_text(text.replace("probe: 60", "probe: -1").replace("  crf: 23", "  crf: 23\n  speed: 2"),
                                    encoding="utf-8")
    (tmp_path / "showcase.yml").write_text("year: 2025\n", encoding="utf-8")
    assert main(["--config", str(tmp_path / "showcase.yml"), "check", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "media.yml" in out and "“probe”应为正数" in out and "speed" in out


def test_converted_media_unused_for_a_month_are_pruned_from_the_store(clips, tmp_path):
    store = tmp_path / "store"
    exp, _ = media.attach(_experience(), clips, media.MediaOptions(500 * MB, store), tmp_path)
    entry = Path(exp.media_files[0].path).parent
    media.prune_store(store)
    assert entry.is_dir()  # just used
    old = 1_700_000_000  # 2023
    os.utime(entry / "meta.json", (old, old))
    media.prune_store(store)
    assert not entry.exists()
