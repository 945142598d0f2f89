"""Realistic inbox: the whole `showcase convert --no-cache` per experience against pandoc per document.

    .venv/bin/python bench/realistic.py [--n 48] [--runs 3]     # also part of bench/run.py

The synthetic corpus (bench/gen.py) has photos, tables and charts but none of what makes a real inbox
slow: here, beside the generator's photos, every third 典型经验 holds an EMF picture (one in four of
those a bitmap drawn through a mask, StretchDIBits SRCAND + SRCPAINT), some a WMF, every eighth is a
legacy .doc (made from the .docx by LibreOffice once, cached), most recommending units send a ZIP
package (some with GBK names) and a few a plain folder, each with its 申报表 forms and a 汇总表.

Ours: wall time of `showcase convert --no-cache` over the inbox / number of experiences. Pandoc: one
`pandoc -t gfm --extract-media` subprocess per 典型经验 .docx (the .docx a legacy .doc was made from:
pandoc cannot read .doc), wall time / number of documents. Runs alternate; medians are reported.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
import metafiles  # noqa: E402

VERSION = 1  # bump when the inbox changes
DEFAULT_N = 48
TARGET_RATIO = 3.0


def has_emf(i: int) -> bool:
    return i % 3 == 0


def has_masked_emf(i: int) -> bool:
    return i % 12 == 0


def has_wmf(i: int) -> bool:
    return i % 12 == 4


def is_legacy(i: int) -> bool:
    return i % 8 == 5


def as_folder(unit: str) -> bool:
    """A few units send a plain folder instead of a ZIP package."""
    return gen.UNITS.index(unit) % 4 == 3


def with_picture(docx: bytes, data: bytes, ext: str, n: int) -> bytes:
    """The document with one more picture (EMF/WMF bytes) in a paragraph after its first photo."""
    import docx as python_docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.shape import CT_Inline
    from docx.shared import Cm

    doc = python_docx.Document(io.BytesIO(docx))
    ctype = "image/x-emf" if ext == "emf" else "image/x-wmf"
    part = Part(PackURI(f"/word/media/meta{n}.{ext}"), ctype, data, doc.part.package)
    rel_id = doc.part.relate_to(part, RT.IMAGE)
    inline = CT_Inline.new_pic_inline(900 + n, rel_id, f"meta{n}.{ext}", Cm(12), Cm(4))
    anchor = next((p for p in doc.paragraphs if p._p.xpath(".//w:drawing")), doc.paragraphs[-1])
    paragraph = doc.add_paragraph()
    paragraph.add_run()._r.add_drawing(inline)
    anchor._p.addnext(paragraph._p)
    out = io.BytesIO()
    doc.save(out)
    return gen.ms.freeze_ooxml(out.getvalue())


def _metafiles_of(i: int) -> list[tuple[bytes, str]]:
    pictures = []
    if has_emf(i):
        pictures.append((metafiles.masked_bitmap_emf() if has_masked_emf(i) else metafiles.flowchart_emf(4, i), "emf"))
    if has_wmf(i):
        pictures.append((metafiles.boxes_wmf(), "wmf"))
    return pictures


class Realistic:
    """The realistic inbox of n experiences, cached under cache/realistic-…/."""

    def __init__(self, g: gen.Generator, n: int = DEFAULT_N):
        self.g = g
        self.n = n
        self.folder = g.cache / f"realistic-n{n}-s{g.seed}-v{VERSION}"

    @property
    def inbox(self) -> Path:
        return self.folder / "inbox"

    @property
    def documents(self) -> Path:
        """The 典型经验 .docx files pandoc reads (one per experience)."""
        return self.folder / "docx"

    def build(self) -> Path:
        marker = self.folder / ".complete"
        if marker.exists():
            return self.inbox
        shutil.rmtree(self.folder, ignore_errors=True)
        self.documents.mkdir(parents=True)
        bodies: dict[int, bytes] = {}
        for i in range(self.n):
            body, _form = self.g.documents(i)
            for n, (data, ext) in enumerate(_metafiles_of(i)):
                body = with_picture(body, data, ext, n + 1)
            bodies[i] = body
            (self.documents / f"{i:04d}.docx").write_bytes(body)
        legacy = self._legacy({i: b for i, b in bodies.items() if is_legacy(i)})
        self._write_packages(bodies, legacy)
        marker.write_text("ok\n")
        return self.inbox

    def _legacy(self, bodies: dict[int, bytes]) -> dict[int, bytes]:
        """.doc versions, made by one LibreOffice call."""
        if not bodies:
            return {}
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            files = []
            for i, body in bodies.items():
                files.append(tmp / f"{i:04d}.docx")
                files[-1].write_bytes(body)
            subprocess.run(["soffice", f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                            "--norestore", "--convert-to", "doc", "--outdir", str(tmp / "out"), *map(str, files)],
                           check=True, capture_output=True, timeout=600)
            return {i: (tmp / "out" / f"{i:04d}.doc").read_bytes() for i in bodies}

    def _write_packages(self, bodies: dict[int, bytes], legacy: dict[int, bytes]) -> None:
        by_unit: dict[str, list[int]] = {}
        for i in range(self.n):
            by_unit.setdefault(gen.unit_of(i), []).append(i)
        self.inbox.mkdir(parents=True, exist_ok=True)
        for unit, indices in by_unit.items():
            entries = []
            for name, data in self.g.package_entries(unit, indices, bodies):
                index = _index_of(name)
                if index in legacy and name.endswith("典型经验.docx"):
                    name, data = name.removesuffix("x"), legacy[index]
                entries.append((name, data))
            if as_folder(unit):
                for name, data in entries:
                    target = self.inbox / unit / name
                    if name.endswith("/"):
                        target.mkdir(parents=True, exist_ok=True)
                    else:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(data)
            else:
                gen.ms.write_zip(self.inbox / f"{unit}.zip", entries, gen.package_names(unit))

    def census(self) -> dict:
        return {
            "experiences": self.n,
            "emf": sum(has_emf(i) for i in range(self.n)),
            "masked_emf": sum(has_masked_emf(i) for i in range(self.n)),
            "wmf": sum(has_wmf(i) for i in range(self.n)),
            "doc": sum(is_legacy(i) for i in range(self.n)),
            "zip": sum(1 for p in self.inbox.iterdir() if p.suffix == ".zip"),
            "folders": sum(1 for p in self.inbox.iterdir() if p.is_dir()),
        }


def _index_of(entry: str) -> int | None:
    """Experience index from a package entry '…推荐材料/0007-班组/附件1 典型经验.docx'."""
    parts = entry.split("/")
    if len(parts) < 3 or not parts[1][:4].isdigit():
        return None
    return int(parts[1][:4]) - 1


def _pandoc_all(pandoc: str, docs: list[Path], out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds for converting every document, one pandoc process each."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for doc in docs:
        target = out / doc.stem
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run([pandoc, str(doc), "-f", "docx", "-t", "gfm", "--extract-media", str(target / "media"),
                        "-o", str(target / "index.md")], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _published(report: Path) -> int:
    data = json.loads(report.read_text(encoding="utf-8"))
    return sum(1 for e in data.get("experiences", []) if e.get("status") == "published")


def measure(res, g: gen.Generator, project: Path, work: Path, n: int = DEFAULT_N, runs: int = 3,
            peers: bool = True) -> dict:
    """Add rows realistic.ours.cli and realistic.pandoc.cli to `res` (a bench/run.py Results)."""
    import run as bench

    bench.log(f"真实收件箱：生成 {n} 项（首次约 {n} 秒）…")
    box = Realistic(g, n)
    inbox = box.build()
    census = box.census()
    work.mkdir(parents=True, exist_ok=True)
    pandoc = bench.pandoc_path() if peers else None
    ours, theirs, published = [], [], 0
    ours_cpu, theirs_cpu = [], []
    for r in range(runs):
        bench.log(f"真实收件箱：第 {r + 1}/{runs} 轮 …")
        out, report = work / "content", work / "report.json"
        shutil.rmtree(out, ignore_errors=True)
        t = bench.check(bench.run_timed(bench.CLI + ["convert", str(inbox), "--out", str(out), "--report", str(report),
                                                     "--no-cache"], cwd=project), "showcase convert（真实收件箱）")
        ours.append(t.wall)
        ours_cpu.append(t.user + t.system)
        published = _published(report)
        if pandoc:
            shutil.rmtree(work / "pandoc", ignore_errors=True)
            wall, cpu = _pandoc_all(pandoc, sorted(box.documents.glob("*.docx")), work / "pandoc")
            theirs.append(wall)
            theirs_cpu.append(cpu)
    mine = statistics.median(ours) / n
    shape = (f"{n} 项：EMF {census['emf']}（其中遮罩位图 {census['masked_emf']}）、WMF {census['wmf']}、.doc {census['doc']}、"
             f"ZIP 包 {census['zip']}、文件夹 {census['folders']}；已发布 {published}/{n}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    data = {"census": census, "published": published, "ours_walls": ours, "pandoc_walls": theirs,
            "ours_cpu": ours_cpu, "pandoc_cpu": theirs_cpu, "load_after": os.getloadavg()}
    res.data["realistic"] = data
    mine_cpu = statistics.median(ours_cpu) / n
    res.add("realistic.ours.cli", "真实收件箱：showcase convert --no-cache 整体运行，每项经验（墙钟/N）", bench.ms(mine),
            f"{shape}；CPU {bench.ms(mine_cpu)}/项（含 LibreOffice）；结束时负载 {load}")
    if not theirs:
        res.add("realistic.pandoc.cli", "真实收件箱：pandoc 每文档（子进程）", "已跳过" if not peers else "不可用：未找到 pandoc")
        return data
    per_doc = statistics.median(theirs) / n
    ratio = per_doc / mine
    cpu_ratio = statistics.median(theirs_cpu) / n / mine_cpu
    res.add("realistic.pandoc.cli", "真实收件箱：pandoc 每文档（子进程，-t gfm --extract-media，同一次运行）",
            bench.ms(per_doc), f"本项目整条命令快 {ratio:.1f}×（{runs} 轮中位数）；按 CPU 时间 {cpu_ratio:.1f}×"
            f"（pandoc CPU {bench.ms(statistics.median(theirs_cpu) / n)}/份）", f"≥ {TARGET_RATIO:g}×",
            bench.verdict(ratio >= TARGET_RATIO))
    return data


def main(argv: list[str] | None = None) -> int:
    import run as bench

    p = argparse.ArgumentParser(description="真实收件箱基准：showcase convert 整体与 pandoc 逐文档同场比较。")
    p.add_argument("--n", type=int, default=DEFAULT_N, help=f"经验数量（默认 {DEFAULT_N}）")
    p.add_argument("--runs", type=int, default=3, help="轮数（取中位数，默认 3）")
    p.add_argument("--cache-dir", type=Path, default=gen.CACHE, help="生成的收件箱缓存（默认 bench/.cache）")
    p.add_argument("--json", type=Path, help="另存原始数字为 JSON")
    args = p.parse_args(argv)
    res = bench.Results()
    work = args.cache_dir / "work-realistic"
    shutil.rmtree(work, ignore_errors=True)
    project = bench.snapshot_project(work)
    measure(res, gen.Generator(cache=args.cache_dir), project, work / "run", args.n, args.runs)
    print(bench.table(res))
    if args.json:
        args.json.write_text(json.dumps(res.data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
