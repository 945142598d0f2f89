"""Intake reads an inbox's documents on every core, each exactly once, and the main process does not
read them itself; with the conversion cache, the workers' hits and misses are counted by the caller."""

from __future__ import annotations

import os
from pathlib import Path

from converters.cache import ConversionCache, file_digest
from converters.intake import collect, reading
from converters.ooxml import read_docx

import submissions

TEAMS = [f"装配{n}班" for n in range(1, 11)]


def _inbox(root: Path) -> Path:
    for n, team in enumerate(TEAMS, 1):
        submissions.write_experience(root / "inbox" / "南京市质量协会" / team / "附件1.docx",
                                     f"运用PDCA循环降低第{n}道工序不良率的实践", team)
    return root / "inbox"


class RecordingReader:
    """read_docx that notes which process read which file (a file per read: workers are processes)."""

    def __init__(self, log: Path):
        self.log = log

    def __call__(self, path, source, **kwargs):
        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\t{source}\n")
        return read_docx(path, source)


def test_documents_are_read_once_each_in_worker_processes(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    log = tmp_path / "reads.log"
    files = collect(_inbox(tmp_path), tmp_path / "work", read=RecordingReader(log))
    reads = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    sources = sorted(source for _pid, source in reads)
    assert sources == sorted(f.source for f in files if f.kind == "experience")
    assert len(sources) == len(TEAMS)  # once each
    assert str(os.getpid()) not in {pid for pid, _source in reads}  # not in the main process
    assert all(f.document is not None and f.document.blocks for f in files if f.kind == "experience")


def test_a_few_documents_are_read_in_the_main_process(tmp_path: Path):
    assert len(TEAMS[:3]) < reading.PARALLEL_MIN_DOCUMENTS
    submissions.write_experience(tmp_path / "inbox" / "a" / "附件1.docx", "运用PDCA循环降低不良率的实践", "装配一班")
    log = tmp_path / "reads.log"
    collect(tmp_path / "inbox", tmp_path / "work", read=RecordingReader(log))
    assert [line.split("\t")[0] for line in log.read_text(encoding="utf-8").splitlines()] == [str(os.getpid())]


def test_cache_counts_of_the_workers_are_added_to_the_callers_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    inbox = _inbox(tmp_path)
    cache = ConversionCache.open(tmp_path / "cache")
    collect(inbox, tmp_path / "work", read=cache.cached_reader(read_docx), digest=file_digest)
    assert cache.stats.misses["document"] == len(TEAMS) and cache.stats.hits["document"] == 0
    again = ConversionCache.open(tmp_path / "cache")
    collect(inbox, tmp_path / "work", read=again.cached_reader(read_docx), digest=file_digest)
    assert again.stats.hits["document"] == len(TEAMS) and again.stats.misses["document"] == 0


def test_with_the_cache_intake_keeps_no_document_and_the_document_entry_no_picture_bytes(tmp_path: Path):
    import io

    from docx import Document as WordDocument
    from PIL import Image

    path = submissions.write_experience(tmp_path / "inbox" / "a" / "附件1.docx", "运用PDCA循环降低不良率的实践", "装配一班")
    word = WordDocument(path)
    photo = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(photo, "JPEG", quality=95)
    word.paragraphs[-1].add_run().add_picture(photo)
    word.save(path)
    cache = ConversionCache.open(tmp_path / "cache")
    [experience] = collect(tmp_path / "inbox", tmp_path / "work", read=cache.cached_reader(read_docx), digest=file_digest)
    assert experience.kind == "experience" and experience.document is None  # not held between the stages
    doc = experience.read_document()
    [asset] = doc.assets.values()
    assert asset.data == photo.getvalue()  # the picture comes back from the blobs, byte for byte
    [entry] = (tmp_path / "cache").rglob("document/*/*.pickle")
    assert photo.getvalue()[-4096:] not in entry.read_bytes() and entry.stat().st_size < len(photo.getvalue())
