"""发表视频 and 演示文稿: told apart by content at intake, matched to an experience as its 申报表 is."""

from __future__ import annotations

from pathlib import Path

import pytest

import media_inputs as mi
from converters.assemble.pairing import pair
from converters.intake import collect
from submissions import write_experience, write_form

ONE = ("运用PDCA循环提升产品一次合格率的实践", "质检一班")
TWO = ("推行六西格玛方法降低装配缺陷率的实践", "装配二班")


def _pairing(inbox: Path, tmp: Path):
    files = collect(inbox, tmp / "work")
    submissions, findings = pair(files)
    media = {sub.experience.source: sorted(m.source for m in sub.media) for sub in submissions}
    return {f.source: f for f in files}, media, findings


@pytest.mark.skipif(not mi.ffmpeg_available(), reason="需要 ffmpeg")
def test_videos_are_recognised_by_content_whatever_their_container(tmp_path):
    inbox = tmp_path / "inbox"
    folder = inbox / "南京" / "一班"
    write_experience(folder / "附件1.docx", *ONE)
    for name in ("a.mp4", "b.mov", "c.avi", "d.wmv", "e.m4v"):
        codec = {"c.avi": "mpeg4", "d.wmv": "wmv2"}.get(name, "libx264")
        mi.make_clip(folder / name, seconds=1, size="160x120", codec=codec)
    (folder / "e.m4v").rename(folder / "录像.bin")  # the name does not matter, the bytes do
    files, media, _ = _pairing(inbox, tmp_path)
    assert {s.rsplit("/", 1)[-1]: f.kind for s, f in files.items() if f.kind != "experience"} == {
        "a.mp4": "video", "b.mov": "video", "c.avi": "video", "d.wmv": "video", "录像.bin": "video"}
    assert len(media["南京/一班/附件1.docx"]) == 5


def test_slides_are_recognised_and_a_damaged_one_by_its_name(tmp_path):
    inbox = tmp_path / "inbox"
    folder = inbox / "南京" / "一班"
    write_experience(folder / "附件1.docx", *ONE)
    import zipfile

    with zipfile.ZipFile(folder / "汇报.pptx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<p:presentation/>")
    (folder / "旧汇报.ppt").write_bytes(b"\x00" * 40)  # not an OLE file at all: damaged
    files, media, findings = _pairing(inbox, tmp_path)
    assert files["南京/一班/汇报.pptx"].kind == "slides"
    assert files["南京/一班/旧汇报.ppt"].kind == "slides"
    assert media["南京/一班/附件1.docx"] == ["南京/一班/旧汇报.ppt", "南京/一班/汇报.pptx"]
    assert not [f for f in findings if f.code == "MEDIA_UNPAIRED"]


def _touch_video(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(64))


def test_media_go_to_the_only_experience_in_or_below_their_folder_else_to_the_one_they_name(tmp_path):
    inbox = tmp_path / "inbox"
    write_experience(inbox / "南京" / "一班" / "附件1.docx", *ONE)
    write_experience(inbox / "南京" / "二班" / "附件1.docx", *TWO)
    write_form(inbox / "南京" / "二班" / "附件2.docx", *TWO)  # the 申报表 names the team 装配二班
    _touch_video(inbox / "南京" / "一班" / "视频" / "发表.mp4")  # a subfolder of 一班
    _touch_video(inbox / "南京" / "装配二班发表视频.mp4")  # beside both folders, names 装配二班
    _touch_video(inbox / "南京" / "宣传片.mp4")  # beside both, names neither
    _files, media, findings = _pairing(inbox, tmp_path)
    assert media == {
        "南京/一班/附件1.docx": ["南京/一班/视频/发表.mp4"],
        "南京/二班/附件1.docx": ["南京/装配二班发表视频.mp4"],
    }
    unpaired = [f for f in findings if f.code == "MEDIA_UNPAIRED"]
    assert [f.file for f in unpaired] == ["南京/宣传片.mp4"]
    assert "宣传片.mp4" in unpaired[0].message and "找不到" in unpaired[0].message
