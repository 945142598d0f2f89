"""Benchmark: transcoding time of 发表视频 per minute of video, and of one 演示文稿.

    .venv/bin/python bench/media.py                      # 60 s 1080p synthetic clip, 3 runs, 10-slide deck
    .venv/bin/python bench/media.py --seconds 30 --runs 1 --size 1280x720
    .venv/bin/python bench/media.py --source 某发表视频.mp4  # a real video instead of the synthetic one

The synthetic clip is ffmpeg's testsrc2 pattern with light temporal noise (≈10 Mbit/s at 1080p, as a
phone records; a clean pattern would
encode unrealistically fast), a 440 Hz tone, 25 fps. Each run converts into an empty media store
(converters.assemble.media.attach: probe, H.264/AAC transcode at most 720p, poster, probe); the
stored-result run shows what a rebuild costs. Prints a Markdown table; --json saves the numbers.
"""

from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "site_tests"))

from converters.assemble import media  # noqa: E402
from converters.intake import InputFile  # noqa: E402
from converters.model import Experience  # noqa: E402

MB = 1 << 20


def synthetic_clip(path: Path, seconds: float, size: str) -> Path:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=duration={seconds}:size={size}:rate=25,noise=alls=5:allf=t",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
         str(path)],
        check=True,
    )
    return path


def _experience() -> Experience:
    return Experience(slug="bench", year=2025, title="", organization="", team="", recommender="", industry_code="",
                      industry_name="", industry_raw="", methods=(), method_ids=(), method_details=(), parts={},
                      notes={}, assets={}, metrics=(), facts=(), source="bench.docx")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(files: list[InputFile], store: Path, work: Path) -> tuple[float, float, Experience]:
    """(wall seconds, CPU seconds of the tools it ran, experience)."""
    start, cpu = time.perf_counter(), _children_cpu()
    exp, findings = media.attach(_experience(), files, media.MediaOptions(100_000 * MB, store), work)
    elapsed = time.perf_counter() - start
    if findings:
        raise SystemExit("；".join(f.message for f in findings))
    return elapsed, _children_cpu() - cpu, exp


def _cached_clip(seconds: float, size: str) -> Path:
    """The synthetic clip, made once per (length, size) under bench/.cache/ (ignored by git)."""
    path = ROOT / "bench" / ".cache" / "media" / f"clip-{seconds:g}s-{size}.mp4"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        synthetic_clip(path.with_suffix(".tmp.mp4"), seconds, size).rename(path)
    return path


def _file(path: Path, kind: str) -> InputFile:
    return InputFile(path.name, path, kind, "", "", None, ())


def run(args: argparse.Namespace) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-media-"))
    try:
        return _measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(args: argparse.Namespace, work: Path) -> dict:
    source = Path(args.source) if args.source else _cached_clip(args.seconds, args.size)
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                                       str(source)], capture_output=True, check=True).stdout)
    duration = float(probe["format"]["duration"])
    video = next(s for s in probe["streams"] if s["codec_type"] == "video")
    times, cpus = [], []
    for n in range(args.runs):
        elapsed, cpu, exp = _timed([_file(source, "video")], work / f"store{n}", work)
        times.append(elapsed)
        cpus.append(cpu)
    hit, _cpu, _ = _timed([_file(source, "video")], work / "store0", work)
    out = exp.media_files[0]
    results = {
        "input": {"duration_s": round(duration, 2), "width": video["width"], "height": video["height"],
                  "size_mb": round(source.stat().st_size / MB, 2), "synthetic": not args.source},
        "output": {"width": exp.media[0].width, "height": exp.media[0].height,
                   "size_mb": round(Path(out.path).stat().st_size / MB, 2)},
        "runs_s": [round(t, 2) for t in times],
        "median_s": round(statistics.median(times), 2),
        "per_minute_s": round(statistics.median(times) / duration * 60, 1),
        "cpu_per_minute_s": round(statistics.median(cpus) / duration * 60, 1),
        "cpus": os.cpu_count(),
        "stored_hit_s": round(hit, 3),
        "load": os.getloadavg(),
    }
    if args.slides:
        from media_inputs import make_pptx

        deck = make_pptx(work / "deck.pptx", pages=tuple(f"第 {i} 页：推进要点与实施效果" for i in range(1, args.slides + 1)))
        elapsed, _cpu, exp = _timed([_file(deck, "slides")], work / "slides-store", work)
        results["slides"] = {"pages": len(exp.media[0].pages), "seconds": round(elapsed, 2)}
    return results


def table(r: dict) -> str:
    i, o = r["input"], r["output"]
    rows = [
        ("media.video.per_minute", "每分钟视频的转码时间（中位数）", f"{r['per_minute_s']} s",
         f"输入 {i['duration_s']} s、{i['width']}×{i['height']}、{i['size_mb']} MB → 输出 {o['width']}×{o['height']}、"
         f"{o['size_mb']} MB；各轮 {r['runs_s']} s"),
        ("media.video.cpu_per_minute", "每分钟视频的转码 CPU 时间（ffmpeg 各进程之和，中位数）",
         f"{r['cpu_per_minute_s']} s", f"{r['cpus']} 核；不受其他进程争用影响，墙钟 ≈ CPU 时间 / 可用核数"),
        ("media.video.rebuild", "重新构建（转码结果取自缓存）", f"{r['stored_hit_s'] * 1000:.0f} ms", "不调用 ffmpeg"),
    ]
    if "slides" in r:
        rows.append(("media.slides", f"演示文稿（{r['slides']['pages']} 页）→ PDF + 页面图片", f"{r['slides']['seconds']} s",
                     "含启动 LibreOffice"))
    lines = ["| 编号 | 指标 | 结果 | 说明 |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    load = " ".join(f"{x:.2f}" for x in r["load"])
    return "\n".join(lines) + f"\n\n负载（结束时）：{load}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="发表视频转码与演示文稿转换的耗时")
    p.add_argument("--seconds", type=float, default=60, help="合成视频的时长（秒），默认 60")
    p.add_argument("--size", default="1920x1080", help="合成视频的分辨率，默认 1920x1080")
    p.add_argument("--source", help="用这个视频文件代替合成视频")
    p.add_argument("--runs", type=int, default=3, help="转码轮数（取中位数），默认 3")
    p.add_argument("--slides", type=int, default=10, help="演示文稿页数（0 为不测），默认 10")
    p.add_argument("--json", help="把全部数字另存为 JSON")
    args = p.parse_args(argv)
    results = run(args)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
