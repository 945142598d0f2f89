"""Reproducible builds: the same inputs give a byte-identical site/, docs dir and offline ZIP.

Two complete runs of `showcase build` and `showcase export` on the embedded samples, into two
temporary folders: the first may use the conversion cache, the second runs with --no-cache, so the
comparison also proves that cached conversions equal fresh ones. SOURCE_DATE_EPOCH is fixed, as CI
does; without it MkDocs dates pages by the build day (see README, 可重复构建).
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest

from converters.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "inbox"
EPOCH = 1755684000  # 2025-08-20T10:00:00Z


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _differences(a: Path, b: Path) -> list[str]:
    first, second = _tree(a), _tree(b)
    only = sorted(set(first) ^ set(second))
    changed = sorted(k for k in set(first) & set(second) if first[k] != second[k])
    return [f"只在一边：{k}" for k in only] + [f"内容不同：{k}" for k in changed]


def _run(root: Path, *extra: str) -> Path:
    common = ["--inbox", str(SAMPLES), "--content", str(root / "content"), "--report", str(root / "report.json"), *extra]
    config = ["--config", str(REPO / "showcase.yml")]
    assert main([*config, "build", *common, "--site", str(root / "site")]) == 0
    assert main([*config, "export", *common, "--site", str(root / "site-offline"), "--out", str(root / "dist")]) == 0
    return root


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        first = _run(tmp_path_factory.mktemp("first"))
        second = _run(tmp_path_factory.mktemp("second"), "--no-cache")
    return first, second


@pytest.mark.parametrize("folder", ["site", "content", "site-offline"])
def test_two_builds_give_byte_identical_trees(two_builds, folder):
    first, second = two_builds
    differences = _differences(first / folder, second / folder)
    assert not differences, f"{folder} 两次构建不一致：\n" + "\n".join(differences[:30])


def test_two_exports_give_byte_identical_zips(two_builds):
    first, second = two_builds
    (zip_a,) = (first / "dist").glob("*.zip")
    (zip_b,) = (second / "dist").glob("*.zip")
    assert zip_a.name == zip_b.name
    assert zip_a.read_bytes() == zip_b.read_bytes()


def test_dates_come_from_source_date_epoch(two_builds):
    first, _second = two_builds
    raw = (first / "site" / "sitemap.xml.gz").read_bytes()
    (mtime,) = struct.unpack("<I", raw[4:8])  # gzip header: MTIME
    assert mtime == EPOCH - EPOCH % 86400, "sitemap.xml.gz 的时间应取自 SOURCE_DATE_EPOCH 当天"
    assert gzip.decompress(raw) == (first / "site" / "sitemap.xml").read_bytes()
