"""Terminal output for the CLI: a progress bar on a terminal, and a summary after each run."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from .report import Report

_console = Console(stderr=True, highlight=False)


@contextmanager
def console_progress(enabled: bool = True):
    if not enabled or not sys.stderr.isatty():
        yield lambda what, done, total: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=_console) as bar:
        tasks: dict[str, int] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield update


def print_summary(report: Report, report_path: Path, review_path: Path, out: Path) -> None:
    t = report.totals()
    table = Table(title="转换结果", show_header=True)
    for col in ("项目", "数量"):
        table.add_column(col)
    rows = [
        ("输入文件", t["files"]),
        ("已发布的经验", t["experiences_published"]),
        ("未发布的经验", t["experiences_rejected"]),
        ("跳过的文件", t["files_skipped"]),
        ("错误", t["errors"]),
        ("警告", t["warnings"]),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    _console.print(table)
    for e in report.experiences:
        if e.status != "published":
            _console.print(f"[red]未发布[/red] {e.source}：" + "；".join(f.message for f in e.findings[:3]))
    _console.print(f"页面目录：{out}")
    _console.print(f"审核报告：{report_path}（JSON）、{review_path}（供工作人员阅读，勿公开）")
