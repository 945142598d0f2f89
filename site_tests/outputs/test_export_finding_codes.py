"""The offline package's finding codes (ZIP_NON_ASCII_NAME, ZIP_WRITE_FAILED) from real site folders (issue 12)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from converters.check.classes import finding_class
from converters.model import Severity
from converters.outputs.export import pack_zip

CJK = re.compile(r"[\u4e00-\u9fff]")


def site(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "site"
    for name in ("index.html", *names):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("<html><body>典型经验</body></html>", encoding="utf-8")
    return root


def test_non_ascii_member_name_is_a_note_and_the_package_is_written(tmp_path: Path):
    zip_path = tmp_path / "dist/showcase.zip"
    findings = pack_zip(site(tmp_path, "2025/焊接一班/index.html"), zip_path, "showcase-2025")
    [f] = findings
    assert f.code == "ZIP_NON_ASCII_NAME" and f.severity is Severity.WARNING and finding_class(f).id == "note"
    assert CJK.search(f.message) and "showcase.zip" in f.message and "2025/焊接一班/index.html" in f.message
    assert f.file == str(zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        assert "showcase-2025/2025/焊接一班/index.html" in zf.namelist()


def test_ascii_site_packs_without_findings(tmp_path: Path):
    assert pack_zip(site(tmp_path, "2025/team-1/index.html"), tmp_path / "showcase.zip", "showcase-2025") == []


def test_folder_in_the_way_of_the_package_is_zip_write_failed(tmp_path: Path):
    zip_path = tmp_path / "dist/showcase.zip"
    zip_path.mkdir(parents=True)  # e.g. left over from unpacking an earlier package by hand
    [f] = pack_zip(site(tmp_path), zip_path, "showcase-2025")
    assert f.code == "ZIP_WRITE_FAILED" and f.severity is Severity.ERROR and finding_class(f).id == "broken"
    assert CJK.search(f.message) and str(zip_path) in f.message and f.file == str(zip_path)
    assert [p.name for p in zip_path.parent.iterdir()] == ["showcase.zip"]  # no temporary file left


def test_file_in_place_of_the_output_folder_is_zip_write_failed_not_a_traceback(tmp_path: Path):
    (tmp_path / "dist").write_text("不是文件夹", encoding="utf-8")
    zip_path = tmp_path / "dist/showcase.zip"
    [f] = pack_zip(site(tmp_path), zip_path, "showcase-2025")
    assert f.code == "ZIP_WRITE_FAILED" and f.severity is Severity.ERROR
    assert str(zip_path) in f.message
