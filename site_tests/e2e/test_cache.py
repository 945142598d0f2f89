"""Incremental and safe conversion: the content-hash cache (build/cache) and the manifest that keeps
pages edited by hand (content/_generated/manifest.json).

Each test writes its own tiny inbox (python-docx, openpyxl) in tmp_path; reader and converter calls
are counted by wrapping `converters.ooxml.read_docx` and `converters.pipeline.build_experience`.
"""

from __future__ import annotations

import hashlib

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

import submissions

from converters import cache as cache_mod
from converters import ooxml, pipeline
from converters.cli import main
from converters.manifest import MANIFEST_PATH
from converters.model import Severity

GROUP = "南京市质量协会"
EXPERIENCES = {
    "a": ("运用PDCA提升焊接一次合格率的实践", "焊接一班"),
    "b": ("推行6S管理提升装配现场质量的实践", "装配二班"),
    "c": ("运用QC七种工具降低返修率的实践", "机加工三班"),
}


def write_experience(inbox: Path, key: str, extra: str = "") -> Path:
    title, team = EXPERIENCES[key]
    return submissions.write_experience(inbox / GROUP / key / "附件1.docx", title, team, extra=extra)


def write_summary(inbox: Path, industries: dict[str, str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "推荐单位", "组织名称", "班组名称", "经验名称", "所属行业"])
    for n, key in enumerate(sorted(industries), start=1):
        title, team = EXPERIENCES[key]
        sheet.append([n, GROUP, "示例机械有限公司", team, title, industries[key]])
    book.save(inbox / GROUP / "申报汇总表.xlsx")


@pytest.fixture()
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    for key in EXPERIENCES:
        write_experience(folder, key)
    return folder


@pytest.fixture()
def counted(monkeypatch) -> dict[str, int]:
    """How often the reader and the experience builder really ran."""
    calls = {"read": 0, "build": 0}
    read, build = ooxml.read_docx, pipeline.build_experience

    def counting_read(*args, **kwargs):
        calls["read"] += 1
        return read(*args, **kwargs)

    def counting_build(*args, **kwargs):
        calls["build"] += 1
        return build(*args, **kwargs)

    monkeypatch.setattr(ooxml, "read_docx", counting_read)
    monkeypatch.setattr(pipeline, "build_experience", counting_build)
    return calls


def convert(inbox: Path, out: Path, cache_dir: Path | None, **options) -> pipeline.Outcome:
    opts = pipeline.Options(year=options.pop("year", 2025), cache_dir=cache_dir, **options)
    return pipeline.convert(inbox, out, opts)


def run_counts(counted: dict[str, int], inbox: Path, out: Path, cache_dir: Path | None, **options):
    before = dict(counted)
    outcome = convert(inbox, out, cache_dir, **options)
    return outcome, {k: counted[k] - before[k] for k in counted}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def experience_pages(content: Path) -> dict[str, Path]:
    """Title -> its generated index.md."""
    pages = {}
    for page in (content / "experiences").glob("*/index.md"):
        for title, _team in EXPERIENCES.values():
            if f"title: {title}" in page.read_text(encoding="utf-8"):
                pages[title] = page
    return pages


def kinds(counts: dict[str, int]) -> dict[str, int]:
    return {k: counts.get(k, 0) for k in ("package", "document", "experience")}


# ---------------------------------------------------------------- cache


def test_after_one_document_changes_only_it_is_read_and_converted_again(inbox, tmp_path, counted):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    first, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 3, "build": 3}
    assert kinds(first.cache.misses) == {"package": 3, "document": 3, "experience": 3}

    # Unchanged: no file is unpacked or read again, not even loaded from the document cache.
    second, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 0, "build": 0}
    assert kinds(second.cache.hits) == {"package": 3, "document": 0, "experience": 3}
    assert sum(second.cache.misses.values()) == 0

    write_experience(inbox, "b", extra="新增的一句话。")
    third, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 1, "build": 1}
    assert kinds(third.cache.hits) == {"package": 2, "document": 0, "experience": 2}
    assert kinds(third.cache.misses) == {"package": 1, "document": 1, "experience": 1}
    assert "新增的一句话" in experience_pages(out)[EXPERIENCES["b"][0]].read_text(encoding="utf-8")


def test_cached_output_is_byte_identical_to_a_fresh_conversion(inbox, tmp_path):
    cache_dir = tmp_path / "cache"
    convert(inbox, tmp_path / "warm-up", cache_dir)
    cached = convert(inbox, tmp_path / "cached", cache_dir)
    assert cached.cache.hits["experience"] == 3
    convert(inbox, tmp_path / "fresh", None)
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh")


def test_a_changed_summary_row_reconverts_only_its_experience(inbox, tmp_path, counted):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    write_summary(inbox, {"a": "汽车制造业", "b": "汽车制造业", "c": "汽车制造业"})
    run_counts(counted, inbox, out, cache_dir)
    write_summary(inbox, {"a": "汽车制造业", "b": "电力、热力生产和供应业", "c": "汽车制造业"})
    _outcome, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 0, "build": 1}


def test_other_options_and_converter_code_are_part_of_the_key(inbox, tmp_path, counted, monkeypatch):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    run_counts(counted, inbox, out, cache_dir)
    _outcome, calls = run_counts(counted, inbox, out, cache_dir, year=2024)
    assert calls == {"read": 0, "build": 3}, "另一个年度必须重新转换"
    old_folders = {p.name for p in cache_dir.iterdir()}
    monkeypatch.setattr(cache_mod, "code_fingerprint", lambda *a, **k: "f" * 64)
    _outcome, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 3, "build": 3}, "转换程序改变后缓存必须失效"
    assert {p.name for p in cache_dir.iterdir()} == {"f" * 16}, f"旧版本的缓存应被清理：{old_folders}"


def test_a_corrupt_cache_entry_is_read_again_not_a_failure(inbox, tmp_path, counted):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    run_counts(counted, inbox, out, cache_dir)
    for entry in cache_dir.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    outcome, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 3, "build": 3}
    assert outcome.report.totals()["experiences_published"] == 3


def _cli(tmp_path: Path, inbox: Path, *extra: str) -> int:
    config = tmp_path / "showcase.yml"
    config.write_text("association: 示例协会\nyear: 2025\n", encoding="utf-8")
    return main(["--config", str(config), "convert", str(inbox), "--out", str(tmp_path / "content"),
                 "--report", str(tmp_path / "report.json"), *extra])


def test_the_cli_caches_under_build_cache_and_no_cache_turns_it_off(inbox, tmp_path, capsys):
    assert _cli(tmp_path, inbox, "--no-cache") == 0
    assert not (tmp_path / "build" / "cache").exists()
    assert _cli(tmp_path, inbox) == 0
    assert list((tmp_path / "build" / "cache").rglob("*.pickle"))
    assert _cli(tmp_path, inbox) == 0
    assert "经验转换 3 项取自缓存、0 项重新转换" in capsys.readouterr().err


# ---------------------------------------------------------------- hand edits


def _warnings(outcome, code: str) -> list:
    return [f for f in outcome.report.findings if f.code == code]


def test_a_page_edited_by_hand_is_kept_with_a_warning_naming_it(inbox, tmp_path):
    out = tmp_path / "content"
    convert(inbox, out, None)
    page = experience_pages(out)[EXPERIENCES["a"][0]]
    edited = page.read_text(encoding="utf-8") + "\n编辑手工补充的说明。\n"
    page.write_text(edited, encoding="utf-8")
    write_experience(inbox, "a", extra="原文也改了。")
    for _ in range(2):  # still protected on the run after
        outcome = convert(inbox, out, None)
        kept = _warnings(outcome, "HAND_EDIT_KEPT")
        assert len(kept) == 1 and kept[0].severity is Severity.WARNING
        assert str(page) in kept[0].message and "--force" in kept[0].message
        assert page.read_text(encoding="utf-8") == edited
    assert "原文也改了" not in page.read_text(encoding="utf-8")


def test_force_overwrites_the_hand_edit_and_later_runs_are_quiet(inbox, tmp_path):
    out = tmp_path / "content"
    convert(inbox, out, None)
    page = experience_pages(out)[EXPERIENCES["a"][0]]
    generated = page.read_text(encoding="utf-8")
    page.write_text(generated + "手工修改\n", encoding="utf-8")
    forced = convert(inbox, out, None, force=True)
    assert page.read_text(encoding="utf-8") == generated
    assert [f.severity for f in forced.report.findings if f.code.startswith("HAND_")] == [Severity.INFO]
    again = convert(inbox, out, None)
    assert not [f for f in again.report.findings if f.code.startswith(("HAND_", "MANIFEST_"))]


def test_the_cli_force_option_reaches_the_pipeline(inbox, tmp_path):
    assert _cli(tmp_path, inbox, "--no-cache") == 0
    page = experience_pages(tmp_path / "content")[EXPERIENCES["c"][0]]
    generated = page.read_text(encoding="utf-8")
    page.write_text("手工重写\n", encoding="utf-8")
    assert _cli(tmp_path, inbox, "--no-cache") == 0
    assert page.read_text(encoding="utf-8") == "手工重写\n"
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in report["findings"] if f["code"].startswith("HAND_")] == ["HAND_EDIT_KEPT"]
    assert _cli(tmp_path, inbox, "--no-cache", "--force") == 0
    assert page.read_text(encoding="utf-8") == generated


def test_a_file_added_by_hand_to_a_generated_folder_is_kept(inbox, tmp_path):
    out = tmp_path / "content"
    convert(inbox, out, None)
    note = out / "experiences" / "说明.md"
    note.write_text("# 编辑说明\n", encoding="utf-8")
    outcome = convert(inbox, out, None)
    assert note.exists()
    assert [str(note) in f.message for f in _warnings(outcome, "HAND_FILE_KEPT")] == [True]
    convert(inbox, out, None, force=True)
    assert not note.exists()


def test_pages_of_experiences_no_longer_published_are_removed(inbox, tmp_path):
    out = tmp_path / "content"
    convert(inbox, out, None)
    gone = experience_pages(out)[EXPERIENCES["b"][0]]
    (inbox / GROUP / "b" / "附件1.docx").unlink()
    outcome = convert(inbox, out, None)
    assert not gone.exists() and not gone.parent.exists()
    assert not [f for f in outcome.report.findings if f.code.startswith("HAND_")]
    assert set(experience_pages(out)) == {EXPERIENCES["a"][0], EXPERIENCES["c"][0]}


def test_without_a_manifest_existing_pages_are_overwritten_with_one_warning(inbox, tmp_path):
    out = tmp_path / "content"
    convert(inbox, out, None)
    (out / MANIFEST_PATH).unlink()
    outcome = convert(inbox, out, None)
    assert len(_warnings(outcome, "MANIFEST_MISSING")) == 1
    assert (out / MANIFEST_PATH).exists()


def test_the_manifest_lists_every_generated_file_with_its_hash(inbox, tmp_path):
    out = tmp_path / "content"
    convert(inbox, out, None)
    recorded = json.loads((out / MANIFEST_PATH).read_text(encoding="utf-8"))["files"]
    on_disk = {rel for rel in tree(out) if rel != MANIFEST_PATH}
    assert set(recorded) == on_disk
    assert list(recorded) == sorted(recorded)


def test_report_totals_count_cache_hits_and_misses(inbox, tmp_path):
    cache_dir = tmp_path / "cache"
    first = convert(inbox, tmp_path / "a", cache_dir)
    second = convert(inbox, tmp_path / "b", cache_dir)
    assert first.report.totals()["cache_misses"] == 3 and first.report.totals()["cache_hits"] == 0
    assert second.report.totals()["cache_hits"] == 3 and second.report.totals()["cache_misses"] == 0


def test_model_values_survive_pickling_unchanged():
    import pickle

    from converters.model import (Asset, Cell, Chart, Document, Image, LineBreak, Link, Math, Paragraph, Row,
                                  Series, Table, Text, warning)

    p = Paragraph((Text("合格率", bold=True), LineBreak(), Link("https://example.org", (Text("链接"),)), Math("x^2", "<math/>", True)), label="1.")
    doc = Document(
        blocks=(p, Table((Row((Cell((p,), colspan=2, rowspan=1),), header=True),), caption="表1"),
                Image("image1.jpg", alt="现场", caption="图1"), Chart("column", "对比", ("1月",), (Series("前", (1.0, None)),))),
        notes={"fn1": (p,)},
        assets={"image1.jpg": Asset("image1.jpg", "image/jpeg", b"\xff\xd8")},
        had_revisions=True,
        findings=(warning("W", "警告", "a.docx"),),
    )
    assert pickle.loads(pickle.dumps(doc)) == doc


# ---------------------------------------------------------------- incremental reruns


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def _with_photo(inbox: Path, key: str, extra: str = "") -> None:
    """Experience `key` with one JPEG photo in 实施过程, like a real submission."""
    import io

    from PIL import Image as PILImage

    path = write_experience(inbox, key, extra)
    doc = Document(path)
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG")
    buffer.seek(0)
    doc.paragraphs[-3].insert_paragraph_before().add_run().add_picture(buffer)
    doc.save(path)


def test_a_rerun_after_one_change_rewrites_only_that_experience(inbox, tmp_path):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    _with_photo(inbox, "a")
    convert(inbox, out, cache_dir)
    before = _mtimes(out)
    write_experience(inbox, "b", extra="只改这一项。")
    convert(inbox, out, cache_dir)
    after = _mtimes(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    page_b = experience_pages(out)[EXPERIENCES["b"][0]].relative_to(out).as_posix()
    assert page_b in changed
    untouched = [rel for rel in after if rel.startswith("experiences/") and rel != page_b]
    assert untouched and not [rel for rel in untouched if rel in changed], changed
    assert any(rel.endswith(".jpg") for rel in untouched), "照片没有从缓存重新写入"


def test_cached_pictures_are_installed_again_when_the_docs_dir_is_new(inbox, tmp_path):
    cache_dir = tmp_path / "cache"
    _with_photo(inbox, "a")
    convert(inbox, tmp_path / "first", cache_dir)
    second = convert(inbox, tmp_path / "second", cache_dir)
    assert second.cache.hits["experience"] == 3
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    assert any(rel.endswith(".jpg") for rel in tree(tmp_path / "second"))


def test_a_lost_cached_picture_makes_its_experience_convert_again(inbox, tmp_path, counted):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    _with_photo(inbox, "a")
    run_counts(counted, inbox, out, cache_dir)
    # Only the photo is lost (every experience also has a generated share image, which stays cached).
    (photo,) = [p for p in (out / "experiences").glob("*/image*.jp*g") if not p.name.endswith(".phone.jpg")]
    (blob,) = cache_dir.rglob(f"blobs/*/{hashlib.sha256(photo.read_bytes()).hexdigest()}")
    blob.unlink()
    fresh = tree(out)
    _outcome, calls = run_counts(counted, inbox, tmp_path / "again", cache_dir)
    # The document's own pictures were lost too: it is read again (which puts its pictures back in
    # the blobs, the page's among them when conversion left a picture's bytes as they were), or converted again.
    assert calls["read"] + calls["build"] >= 1
    assert tree(tmp_path / "again") == fresh


def test_a_cache_that_lost_its_documents_starts_over_and_loses_nothing(inbox, tmp_path, counted):
    """A remembered package whose documents are gone from the cache: the run takes every package in
    afresh (unpacking and reading) instead of failing or publishing less."""
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    write_summary(inbox, {"a": "汽车制造业", "b": "汽车制造业", "c": "汽车制造业"})
    run_counts(counted, inbox, out, cache_dir)
    for kind in ("document", "facts"):
        for folder in cache_dir.glob(f"*/{kind}"):
            for entry in folder.rglob("*.pickle"):
                entry.unlink()
    outcome, calls = run_counts(counted, inbox, out, cache_dir, year=2024)  # every experience needs its document
    assert calls == {"read": 3, "build": 3}
    assert outcome.report.totals()["experiences_published"] == 3
    assert all("industry_code: C" in p.read_text(encoding="utf-8") for p in experience_pages(out).values())
    again = convert(inbox, out, cache_dir, year=2024)  # the fresh intake was remembered again
    assert again.cache.hits["package"] == 4 and again.cache.hits["experience"] == 3  # 3 documents + 汇总表


def test_a_page_edited_by_hand_is_noticed_when_reruns_trust_file_stats(inbox, tmp_path):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    convert(inbox, out, cache_dir)
    convert(inbox, out, cache_dir)  # the docs dir's stats are now recorded in the cache
    page = experience_pages(out)[EXPERIENCES["a"][0]]
    text = page.read_text(encoding="utf-8")
    edited = text.replace("焊接一班", "焊接二班", 1)  # same size: only the content and mtime differ
    assert edited != text and len(edited.encode()) == len(text.encode())
    page.write_text(edited, encoding="utf-8")
    outcome = convert(inbox, out, cache_dir)
    assert [str(page) in f.message for f in _warnings(outcome, "HAND_EDIT_KEPT")] == [True]
    assert page.read_text(encoding="utf-8") == edited


def test_contact_data_in_a_page_is_hidden_and_reported_on_cached_reruns_too(inbox, tmp_path):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    write_experience(inbox, "c", extra="联系电话 13912345678。")
    first = convert(inbox, out, cache_dir)
    second = convert(inbox, out, cache_dir)
    assert second.cache.hits["experience"] == 3
    hidden = [[f.message for f in o.report.all_findings() if f.code == "PII_REDACTED"] for o in (first, second)]
    assert hidden[0] and hidden[0] == hidden[1] and "139****5678" in hidden[0][0]
    assert not any("13912345678" in p.read_text(encoding="utf-8") for p in out.rglob("index.md"))


def test_a_pdf_only_folder_is_flagged_when_its_package_comes_from_the_cache(inbox, tmp_path):
    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    (inbox / GROUP / "d").mkdir()
    (inbox / GROUP / "d" / "典型经验盖章件.pdf").write_bytes(b"%PDF-1.7\n")
    for _ in range(2):
        outcome = convert(inbox, out, cache_dir)
        codes = [f.code for e in outcome.report.files if e.source.endswith(".pdf") for f in e.findings]
        assert codes == ["PDF_ONLY"]
    assert outcome.cache.hits["package"] == 4


def test_entries_unused_for_a_month_are_pruned_and_used_ones_kept(inbox, tmp_path, counted):
    import os
    import time

    cache_dir, out = tmp_path / "cache", tmp_path / "content"
    _with_photo(inbox, "a")
    convert(inbox, out, cache_dir)
    write_experience(inbox, "b", extra="第二版。")  # the first version's entries are now unused
    convert(inbox, out, cache_dir)
    entries = lambda kind: sorted(cache_dir.glob(f"*/{kind}/*/*"))  # noqa: E731
    assert len(entries("document")) == 4 and len(entries("experience")) == 4
    month_ago = time.time() - 40 * 86400
    for path in cache_dir.rglob("*"):
        if path.is_file():
            os.utime(path, (month_ago, month_ago))
    _outcome, calls = run_counts(counted, inbox, out, cache_dir)
    assert calls == {"read": 0, "build": 0}
    assert len(entries("document")) == 3 and len(entries("experience")) == 3
    assert entries("blobs"), "仍在使用的照片不应被删除"
    again, calls = run_counts(counted, inbox, tmp_path / "elsewhere", cache_dir)
    assert calls == {"read": 0, "build": 0} and again.cache.hits["experience"] == 3
    assert tree(tmp_path / "elsewhere") == tree(out)
