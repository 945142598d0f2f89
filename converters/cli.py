"""`showcase` command line: convert, build, serve.

The only module that prints or chooses exit codes (0 ok; 1 with --strict when anything was
rejected or flagged, or when a build fails; 2 for unusable arguments or configuration).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from .config import ConfigError, Settings, load_settings

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese errors and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"showcase：参数错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="showcase", description="典型经验展示站：把典型经验 Word 文档转换为可搜索的静态网站。")
    p.add_argument("--config", type=Path, help="配置文件（默认：当前目录或上级目录中的 showcase.yml）")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    c = sub.add_parser("convert", help="转换收件箱为 Markdown 页面")
    c.add_argument("inbox", type=Path, help="收件箱：文件夹或 ZIP 包")
    c.add_argument("--out", type=Path, required=True, help="输出目录（MkDocs 的 docs_dir，例如 content）")
    _common_convert_options(c)

    b = sub.add_parser("build", help="转换配置中的收件箱并构建网站（mkdocs build --strict）")
    b.add_argument("--inbox", type=Path, help="收件箱（默认取 showcase.yml 的 inbox）")
    b.add_argument("--content", type=Path, help="生成页面写入的目录（默认取 showcase.yml 的 content_dir）")
    b.add_argument("--site", type=Path, help="网站输出目录（默认取 showcase.yml 的 site_dir）")
    _common_convert_options(b)

    s = sub.add_parser("serve", help="本地预览（修改后自动刷新）")
    s.add_argument("--addr", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")
    return p


def _common_convert_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report", type=Path, help="审核报告 JSON 路径（默认 build/report.json）")
    p.add_argument("--strict", action="store_true", help="严格模式：有任何错误或警告即不发布该经验，退出码 1")
    p.add_argument("--accepted", type=Path, help="入选名单（xlsx、csv 或 yaml），代替汇总表的评审结果列")
    p.add_argument("--policy", type=Path, help="字段公开策略文件（默认 converters/data/policy.yml）")
    p.add_argument("--overrides", type=Path, help="编辑覆盖文件：逐项指定行业、方法")
    p.add_argument("--year", type=int, help="年度（默认取 showcase.yml 的 year）")


def _err(message: str) -> None:
    sys.stderr.write(f"showcase：{message}\n")


def _existing(path: Path | None, what: str) -> Path | None:
    if path is not None and not path.exists():
        raise _UsageError(f"{what}不存在：{path}")
    return path


class _UsageError(Exception):
    pass


def _options(args, settings: Settings):
    from .pipeline import Options

    def configured(value: str) -> Path | None:
        return settings.path(value) if value else None

    return Options(
        year=args.year or settings.year,
        strict=args.strict,
        policy_path=_existing(args.policy or configured(settings.policy), "公开策略文件"),
        overrides_path=_existing(args.overrides or configured(settings.overrides), "覆盖文件"),
        accepted_path=_existing(args.accepted or configured(settings.accepted), "入选名单"),
    )


def run_convert(inbox: Path, out: Path, report_path: Path, opts, *, quiet: bool = False) -> int:
    from .pipeline import convert
    from .progress import console_progress, print_summary

    if not inbox.exists():
        raise _UsageError(f"收件箱不存在：{inbox}")
    out.mkdir(parents=True, exist_ok=True)
    with console_progress(enabled=not quiet) as progress:
        outcome = convert(inbox, out, opts, progress)
    from .report import write_review_page

    outcome.report.write(report_path)
    review_path = report_path.with_suffix(".html")
    write_review_page(outcome.report, review_path)
    print_summary(outcome.report, report_path, review_path, out)
    if opts.strict and (outcome.rejected or outcome.flagged):
        return EXIT_FLAGGED
    return EXIT_OK


def stage_hand_written(src: Path, dest: Path) -> None:
    """Copy the hand-written pages of the docs dir to another docs dir (tests, previews)."""
    from .render.pages import GENERATED_DIRS

    if src.resolve() == dest.resolve():
        return
    dest.mkdir(parents=True, exist_ok=True)
    for item in src.iterdir():
        if item.name in GENERATED_DIRS:
            continue
        target = dest / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)


def run_mkdocs_build(settings: Settings, docs_dir: Path, site_dir: Path) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = settings.root / "mkdocs.yml"
    try:
        cfg = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        build(cfg)
    except (MkDocsException, SystemExit) as exc:
        _err(f"网站构建失败：{exc}")
        return EXIT_FLAGGED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        settings, warnings = load_settings(args.config)
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    for w in warnings:
        _err(w)
    try:
        if args.command == "convert":
            report = args.report or settings.path(settings.report)
            return run_convert(args.inbox, args.out, report, _options(args, settings))
        if args.command == "build":
            return _build(args, settings)
        if args.command == "serve":
            return _serve(args, settings)
    except _UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    return EXIT_USAGE


def _build(args, settings: Settings) -> int:
    inbox = args.inbox or settings.path(settings.inbox)
    content = args.content or settings.path(settings.content_dir)
    site = args.site or settings.path(settings.site_dir)
    report = args.report or settings.path(settings.report)
    stage_hand_written(settings.path(settings.content_dir), content)
    code = run_convert(inbox, content, report, _options(args, settings))
    if code != EXIT_OK:
        return code
    code = run_mkdocs_build(settings, content, site)
    if code == EXIT_OK:
        print(f"网站已生成：{site}")
        print("本地预览：make serve（或 showcase serve），然后在浏览器打开 http://127.0.0.1:8000/")
    return code


def _serve(args, settings: Settings) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve

    if not (settings.path(settings.content_dir) / "experiences").exists():
        _err("尚未生成经验页面，请先运行 make site（showcase build）")
        return EXIT_USAGE
    serve(config_file=str(settings.root / "mkdocs.yml"), dev_addr=args.addr, livereload=True)
    return EXIT_OK


def entrypoint() -> None:
    raise SystemExit(main())
