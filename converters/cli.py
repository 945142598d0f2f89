"""`showcase` command line: convert, build, export (offline ZIP), pdf (printable 汇编), serve, check.

The only module that prints or chooses exit codes (0 ok; 1 with --strict when an experience was
rejected or a finding of a blocking class was made, when a build fails, or when check finds errors;
2 for unusable arguments, configuration or output paths, or when another conversion holds the
content folder; 130 after Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from .config import CONFIG_ENV, ConfigError, Settings, load_settings

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
LOCK_NAME = ".showcase-lock"  # in the content folder: one conversion writes it at a time
LOCK_WAIT = 10.0  # seconds a second conversion waits for the first before it stops
CACHE_DIR = "build/cache"
DIST_DIR = "dist"
OFFLINE_SITE_DIR = "site-offline"
SITE_URL_ENV = "SHOWCASE_SITE_URL"


# ---------------------------------------------------------------- terminal output


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@contextmanager
def console_progress(enabled: bool = True):
    """A progress bar on a terminal; nothing when output is redirected."""
    if not enabled or not sys.stderr.isatty():
        yield lambda what, done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=_console()) as bar:
        tasks: dict[str, int] = {}

        def update(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total)
            bar.update(tasks[what], completed=done, total=total)

        yield update


def print_summary(report, report_path: Path, review_path: Path, out: Path) -> None:
    from rich.table import Table

    from .check.classes import blocks
    from .render.report import DUPLICATE, NOT_ACCEPTED, PUBLISHED, REJECTED

    console = _console()
    t = report.totals()
    count = report.status_counts()
    table = Table(title="转换结果", show_header=True)
    for col in ("项目", "数量"):
        table.add_column(col)
    rows = [
        ("输入文件", t["files"]),
        ("已发布的经验", t["experiences_published"]),
        ("未发布的经验", t["experiences_rejected"]),
        ("重复申报（未发布）", count[DUPLICATE]),
        ("未入选", count[NOT_ACCEPTED]),
        ("跳过的文件", t["files_skipped"]),
        ("错误", t["errors"]),
        ("警告", t["warnings"]),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    for e in report.experiences:
        if e.status == REJECTED:  # the reasons: what blocks first
            reasons = sorted(e.findings, key=lambda f: not blocks(f))[:3]
            console.print(f"[red]未发布[/red] {e.source}：" + "；".join(f.message for f in reasons))
        elif e.status == DUPLICATE:
            console.print(f"[yellow]重复申报[/yellow] {e.source}：与 {e.duplicate_of} 为同一经验，以该份为准")
        elif e.status != PUBLISHED:
            console.print(f"未入选 {e.source}")
    console.print(f"页面目录：{out}")
    console.print(f"审核报告：{report_path}（JSON）、{review_path}（供工作人员阅读，勿公开）")
    from .outputs.letters import FEEDBACK_DIR, unit_problems

    letters = len(unit_problems(report))
    console.print(f"审核表：{report_path.with_suffix('.xlsx')}；退改意见："
                  + (f"{report_path.parent / FEEDBACK_DIR}（{letters} 个推荐单位）" if letters else "无"))
    if report.changes:
        console.print(report.changes["note"])


# argparse's own messages, in the words users read everywhere else in this tool.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1 的取值 \2 无效（可选：\3）"),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"参数 \1 的取值 \3 无效（应为 \2）"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
)


def _translated(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" is argparse building a sub-command's prog from this usage: keep it bare there.
        return super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese help, Chinese errors and exit code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"showcase：参数错误：{_translated(message)}\n")
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
    b.add_argument("--site-url", default=os.environ.get(SITE_URL_ENV) or None,
                   help=f"网站的正式地址，可含子路径，如 https://example.org/showcase/2025/（默认取环境变量 {SITE_URL_ENV}）")
    b.add_argument("--gzip", action="store_true", help="另写出文本文件的预压缩副本（name.gz），供 nginx gzip_static 与对象存储使用")
    _common_convert_options(b)

    e = _output_parser(sub, "export", "转换并构建离线版网站，打包为 ZIP（解压后双击 index.html 即可浏览）",
                       "ZIP 存放目录（默认 dist/）")
    e.add_argument("--site", type=Path, help=f"离线版网站的构建目录（默认 {OFFLINE_SITE_DIR}/）")
    e.add_argument("--no-media", action="store_true", help="离线包不含发表视频与演示文稿（经验页上改为一句说明），包更小")

    _output_parser(sub, "pdf", "转换并生成可打印的汇编（HTML 与 PDF：封面、目录、按交流会顺序的全部经验）",
                   "PDF 文件路径（默认 dist/<协会>-<年度>-典型经验汇编.pdf；同名 .html 一并生成）")

    s = sub.add_parser("serve", help="本地预览（修改后自动刷新）")
    s.add_argument("--addr", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000")

    k = sub.add_parser("check", help="检查配置文件与全部数据文件（方法、行业、组织、字段、公开策略、通知、覆盖），不转换")
    k.add_argument("--data", type=Path, help="检查该目录中的数据文件（一份完整的 converters/data 副本；默认检查程序自带的）")
    k.add_argument("--policy", type=Path, help="字段公开策略文件（默认取 showcase.yml 的 policy，否则为数据目录中的 policy.yml）")
    k.add_argument("--overrides", type=Path, help="编辑覆盖文件（默认取 showcase.yml 的 overrides，否则为数据目录中的 overrides.yml）")
    v = sub.add_parser("deploy", help="检查已部署的网站：失效链接、缺少的响应头、未压缩的响应、混合内容")
    v.add_argument("--check", metavar="网址", required=True, help="已部署网站的地址，如 https://www.example.org/showcase/2025/")
    return p


def _output_parser(sub, name: str, help_text: str, out_help: str) -> argparse.ArgumentParser:
    """export and pdf: where the output goes, what to convert, which years of an archive."""
    p = sub.add_parser(name, help=help_text)
    p.add_argument("--out", type=Path, help=out_help)
    p.add_argument("--inbox", type=Path, help="收件箱（默认取 showcase.yml 的 inbox）")
    p.add_argument("--content", type=Path, help="生成页面写入的目录（默认取 showcase.yml 的 content_dir）")
    p.add_argument("--all", action="store_true", help="多年度档案：收录全部年度（默认只收录 --year 指定的一届，缺省为本届）")
    _common_convert_options(p)
    return p


def _common_convert_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--report", type=Path, help="审核报告 JSON 路径（默认 build/report.json）")
    p.add_argument("--strict", action="store_true", help="严格模式：有违反通知规定、隐私或内容问题的经验不发布，退出码 1（备注类提示不影响发布）")
    p.add_argument("--accepted", type=Path, help="入选名单（xlsx、csv 或 yaml），代替汇总表的评审结果列")
    p.add_argument("--policy", type=Path, help="字段公开策略文件（默认 converters/data/policy.yml）")
    p.add_argument("--overrides", type=Path, help="编辑覆盖文件：逐项指定行业、方法")
    p.add_argument("--year", type=int, help="年度（默认取 showcase.yml 的 year）")
    p.add_argument("--no-cache", action="store_true", help=f"不使用转换缓存（{CACHE_DIR}），全部重新读取与转换")
    p.add_argument("--force", action="store_true", help="覆盖生成目录中被手工修改的页面（默认保留并给出警告）")
    p.add_argument("--accept-url-changes", action="store_true", help="多年度档案：确认已发布经验的网址改变（旧网址改为指向新网址的页面）")


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
        cache_dir=None if args.no_cache else settings.path(CACHE_DIR),
        force=args.force,
        accept_url_changes=args.accept_url_changes,
        work_summary=settings.publish_work_summary,
        media_max_mb=settings.media.max_mb,
    )


def run_convert(inbox: Path | None, out: Path, report_path: Path, opts, *, quiet: bool = False,
                settings: Settings | None = None):
    """Convert (inbox None: every edition of showcase.yml) and write the report; returns (exit code,
    report) so a build can add its findings."""
    from .editions import EditionError, convert_editions
    from .pipeline import convert

    if inbox is not None and not inbox.exists():
        raise _UsageError(f"收件箱不存在：{inbox}")
    _writable_folder(out, "页面输出目录")
    _writable_folder(report_path.parent, "审核报告所在目录")
    if report_path.is_dir():
        raise _UsageError(f"审核报告路径是一个文件夹，无法写入：{report_path}")
    with _locked(out), console_progress(enabled=not quiet) as progress:
        try:
            outcome = (convert(inbox, out, opts, progress) if inbox is not None
                       else convert_editions(settings, out, opts, progress))
        except EditionError as exc:
            _err(str(exc))
            return EXIT_FLAGGED, None
        except OSError as exc:
            raise _UsageError(f"写入页面时出错（{_os_reason(exc)}）：{exc.filename or out}") from exc
    try:
        write_reports(outcome.report, report_path, settings, year=opts.year, pages_dir=out)
    except OSError as exc:
        raise _UsageError(f"无法写入审核报告（{_os_reason(exc)}）：{exc.filename or report_path}") from exc
    print_summary(outcome.report, report_path, report_path.with_suffix(".html"), out)
    for line in (f.message for f in outcome.report.findings if f.code == "EDITION_REUSED"):
        _err(line)  # which editions were not converted again
    if outcome.cache is not None:
        from .cache import DOCUMENT, EXPERIENCE, PACKAGE

        hits, misses = outcome.cache.hits, outcome.cache.misses
        _err(f"转换缓存：收件文件 {hits.get(PACKAGE, 0)} 个未改动（不再解压）、{misses.get(PACKAGE, 0)} 个重新收件；"
             f"文档读取 {hits[DOCUMENT]} 份取自缓存、{misses[DOCUMENT]} 份重新读取；"
             f"经验转换 {hits[EXPERIENCE]} 项取自缓存、{misses[EXPERIENCE]} 项重新转换")
    if opts.strict and (outcome.rejected or outcome.flagged):
        return EXIT_FLAGGED, outcome.report
    return EXIT_OK, outcome.report


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有写入权限"
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return "路径中有同名的文件，不是文件夹"
    if exc.errno == 28:
        return "磁盘空间不足"
    if exc.errno == 30:
        return "文件系统为只读"
    return exc.strerror or type(exc).__name__


def _writable_folder(folder: Path, what: str) -> None:
    """Create `folder` or say, in Chinese and naming it, why it cannot be."""
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise _UsageError(f"{what}无法创建：{parent} 是一个文件，不是文件夹（{folder}）")
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _UsageError(f"{what}无法创建（{_os_reason(exc)}）：{folder}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _UsageError(f"{what}没有写入权限：{folder}")


@contextmanager
def _locked(out: Path):
    """One conversion at a time into `out`: a second waits up to LOCK_WAIT seconds, then stops."""
    import fcntl
    import time

    path = out / LOCK_NAME
    try:
        handle = open(path, "a+")
    except OSError as exc:
        raise _UsageError(f"无法在页面输出目录中建立锁文件（{_os_reason(exc)}）：{path}") from exc
    with handle:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _UsageError(f"另一个转换或构建正在写入 {out}，等待 {LOCK_WAIT:.0f} 秒后仍未结束；"
                                      "请等它完成后再运行") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_reports(report, report_path: Path, settings: Settings | None = None, *, year: int | None = None,
                  pages_dir: Path | None = None, page_file: str = "index.md", site_url: str = "") -> None:
    """report.json, report.html, report.xlsx and feedback/<推荐单位>.docx, after marking what changed
    since the report.json of the previous run; a path that cannot be written is a usage error."""
    from .outputs.letters import FEEDBACK_DIR, write_letters
    from .outputs.workbook import write_workbook
    from .render.changes import mark_changes
    from .render.report import write_review_page

    settings = settings or Settings(root=Path.cwd())
    mark_changes(report, report_path)
    feedback = report_path.parent / FEEDBACK_DIR
    outputs = (
        ("审核报告", report_path, lambda: report.write(report_path)),
        ("审核页", report_path.with_suffix(".html"),
         lambda: write_review_page(report, report_path.with_suffix(".html"), pages_dir=pages_dir, page_file=page_file)),
        ("审核表", report_path.with_suffix(".xlsx"),
         lambda: write_workbook(report, report_path.with_suffix(".xlsx"), site_url=site_url or settings.site_url)),
        ("退改意见", feedback, lambda: write_letters(report, feedback, association=settings.association,
                                                  year=year or settings.year, event=settings.event.name)),
    )
    for what, path, write in outputs:
        try:
            write()
        except OSError as exc:
            raise _UsageError(f"无法写入{what}：{path}（{exc.strerror or exc}）") from None


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


def run_mkdocs_build(settings: Settings, docs_dir: Path, site_dir: Path, *, offline: bool = False,
                     site_url: str | None = None) -> list:
    """Build the site; returns the findings of the build (the site plugin's, PII found in site/)."""
    from .outputs.export import build_epoch, build_site

    with _site_reads(settings):
        findings = build_site(settings.root / "mkdocs.yml", docs_dir, site_dir, offline=offline,
                              site_url=site_url, epoch=build_epoch(settings.root), theme=settings.theme)
    for f in findings:
        _err(f"{f.file}：{f.message}" if f.file else f.message)
    return findings


@contextmanager
def _site_reads(settings: Settings):
    """Point the site plugin at the showcase.yml this command read (--config), not only the one beside
    mkdocs.yml, unless SHOWCASE_CONFIG already names one."""
    if settings.file is None or os.environ.get(CONFIG_ENV):
        yield
        return
    os.environ[CONFIG_ENV] = str(settings.file.resolve())
    try:
        yield
    finally:
        del os.environ[CONFIG_ENV]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "check":
        return _check(args)  # a broken showcase.yml is what check reports, not a reason to stop
    if args.command == "deploy":
        return _deploy_check(args.check)
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
            return run_convert(args.inbox, args.out, report, _options(args, settings), settings=settings)[0]
        if args.command == "build":
            return _build(args, settings)
        if args.command in ("export", "pdf"):
            code, content = _convert_for_site(args, settings)
            if code != EXIT_OK:
                return code
            return (_export if args.command == "export" else _pdf)(args, settings, content)
        if args.command == "serve":
            return _serve(args, settings)
    except _UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("已中断（Ctrl-C）：本次转换未完成，已生成的页面可能不完整，请重新运行")
        return EXIT_INTERRUPTED
    return EXIT_USAGE


def _convert_for_site(args, settings: Settings) -> tuple[int, Path]:
    """The conversion step shared by build, export and pdf: hand-written pages + generated ones."""
    code, _report, content = _convert_with_report(args, settings)
    return code, content


def _convert_with_report(args, settings: Settings):
    inbox = args.inbox or (None if settings.editions else settings.path(settings.inbox))
    content = args.content or settings.path(settings.content_dir)
    report = args.report or settings.path(settings.report)
    stage_hand_written(settings.path(settings.content_dir), content)
    code, outcome_report = run_convert(inbox, content, report, _options(args, settings), settings=settings)
    return code, outcome_report, content


def _build(args, settings: Settings) -> int:
    from .model import Severity

    site = args.site or settings.path(settings.site_dir)
    code, report, content = _convert_with_report(args, settings)
    if code != EXIT_OK:
        return code
    findings = run_mkdocs_build(settings, content, site, site_url=args.site_url)
    report.findings += findings
    write_reports(report, args.report or settings.path(settings.report), settings, year=args.year,
                  pages_dir=site, page_file="index.html", site_url=args.site_url or "")
    if any(f.severity is Severity.ERROR for f in findings):
        return EXIT_FLAGGED
    if args.strict and any(f.code.startswith("PII_") for f in findings):
        _err("严格模式：网站中发现疑似联系方式，见审核报告")
        return EXIT_FLAGGED
    if args.gzip:
        from .outputs.precompress import precompress

        count, saved = precompress(site)
        print(f"预压缩副本：{count} 个 .gz 文件（传输时共省 {saved / 1024:.0f} KB）")
    return _done(f"网站已生成：{site}", "本地预览：make serve（或 showcase serve），然后在浏览器打开 http://127.0.0.1:8000/")


def _done(*lines: str) -> int:
    print("\n".join(lines))
    return EXIT_OK


def _export(args, settings: Settings, content: Path) -> int:
    from .outputs.export import build_epoch, export_offline, zip_name

    settings, content, label = _edition_output(args, settings, content)
    zip_path = (args.out or settings.path(DIST_DIR)) / zip_name(settings.association, label)
    findings = export_offline(
        settings.root / "mkdocs.yml", content, args.site or settings.path(OFFLINE_SITE_DIR), zip_path,
        title=settings.site_title, year=label, epoch=build_epoch(settings.root), theme=settings.theme,
        media=not args.no_media,
    )
    if _print_findings(findings):
        return EXIT_FLAGGED
    size = f"{zip_path.stat().st_size / (1 << 20):.1f} MB{'，不含视频与演示文稿' if args.no_media else ''}"
    return _done(f"离线包已生成：{zip_path}（{size}）",
                 "用法：解压到任意位置（电脑或 U 盘），双击其中的 index.html 即可浏览、搜索与筛选，无需联网。")


def _pdf(args, settings: Settings, content: Path) -> int:
    from .outputs.printbook import book_info, make_book

    settings, content, label = _edition_output(args, settings, content)
    pdf_path = args.out or settings.path(DIST_DIR) / f"{settings.association}-{label}-典型经验汇编.pdf"
    result = make_book(settings.root / "mkdocs.yml", content, book_info(settings), pdf_path,
                       order_file=settings.event_order_path(content))
    _print_findings(result.findings)
    if result.html_path:
        print(f"汇编网页版：{result.html_path}")
    if result.pdf_path:
        print(f"汇编 PDF：{result.pdf_path}（{len(result.entries)} 项经验）")
    return EXIT_OK if result.ok else EXIT_FLAGGED


def _edition_output(args, settings: Settings, content: Path):
    """export / pdf of a multi-year archive: one edition (--year, default the current) or --all."""
    from .editions import EditionError, output_docs

    try:
        return output_docs(settings, content, args.year, args.all)
    except EditionError as exc:
        raise _UsageError(str(exc)) from None


def _print_findings(findings) -> bool:
    """Each finding's message on stderr; True when any of them is an error."""
    from .model import Severity

    for f in findings:
        _err(f.message)
    return any(f.severity is Severity.ERROR for f in findings)


def _serve(args, settings: Settings) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve

    from .outputs.export import package_overrides
    from .outputs.themes import ThemeChoiceError

    if not (settings.path(settings.content_dir) / "experiences").exists():
        _err("尚未生成经验页面，请先运行 make site（showcase build）")
        return EXIT_USAGE
    config_file = settings.root / "mkdocs.yml"
    try:
        overrides, _package = package_overrides(config_file, settings.theme)
    except ThemeChoiceError as exc:
        _err(str(exc))
        return EXIT_USAGE
    os.environ["SHOWCASE_PREVIEW"] = "1"  # the site plugin then leaves out the CSP meta that blocks live reload
    with _site_reads(settings):
        serve(config_file=str(config_file), dev_addr=args.addr, livereload=True, **overrides)
    return EXIT_OK


# ---------------------------------------------------------------- check


_SEVERITY_WORDS = {"error": "错误", "warning": "警告"}


def _check(args) -> int:
    """Validate showcase.yml, every data file and the overrides; one line per problem, naming the file."""
    from .datafiles import DataFileError

    try:
        problems = _check_problems(args)
    except _UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except DataFileError as exc:  # the packaged notice.yml is read when the converter is imported
        problems = [("error", f"{f.file}：{f.message}") for f in exc.findings()]
    problems = list(dict.fromkeys(problems))  # the same broken table can be reported by several files
    for severity, line in problems:
        print(f"{_SEVERITY_WORDS[severity]}：{line}")
    errors = sum(1 for severity, _line in problems if severity == "error")
    if problems:
        print(f"检查完成：{errors} 个错误，{len(problems) - errors} 个警告")
    else:
        print("检查完成：配置文件与数据文件没有发现问题")
    return EXIT_FLAGGED if errors else EXIT_OK


def _check_problems(args) -> list[tuple[str, str]]:
    from .checkup import CheckUsageError, data_problems

    try:
        return data_problems(args.config, args.data, args.policy, args.overrides)
    except CheckUsageError as exc:
        raise _UsageError(str(exc)) from exc


def _deploy_check(url: str) -> int:
    from .datafiles import DataFileError
    from .outputs import deploycheck

    try:
        report = deploycheck.check_deployment(url)
    except (ValueError, DataFileError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    print("\n".join(deploycheck.report_lines(report)))
    return EXIT_FLAGGED if report.problems else EXIT_OK


def entrypoint() -> None:
    raise SystemExit(main())
