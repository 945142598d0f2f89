"""Site builds through the MkDocs Python API (hosted, offline, any site_url) and the offline ZIP.

One code path: ``build_site`` loads mkdocs.yml with the docs and site dirs of the run; the offline
variant only appends Material's offline plugin to the plugins of mkdocs.yml (so a plugin added
there is never forgotten here). Navigation.instant stays off in mkdocs.yml, and the vendored
iframe-worker shim in ``extra.polyfills`` keeps the offline plugin from adding its unpkg.com URL.

Reproducible output: MkDocs takes dates from SOURCE_DATE_EPOCH (sitemap lastmod, the gzip header of
sitemap.xml.gz); the ZIP has sorted members, fixed dates from the same epoch, fixed permissions and
no extra fields.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Iterator

from ..model import Finding, Severity, error, warning
from ..check.pii import scan_tree
from .themes import AUTO, ThemeChoiceError, ThemePackage, resolve_theme, shipped_digests, theme_overrides, written_theme_name

OFFLINE_PLUGIN = "offline"
SITE_PLUGIN = "showcase"  # the entry point in pyproject.toml, listed under plugins: in mkdocs.yml
SEARCH_JSON = "search/search_index.json"  # the offline build uses search_index.js instead
ZIP_EPOCH_MIN = 315532800  # 1980-01-01T00:00:00Z, the earliest date a ZIP entry can hold
ZIP_README = "README.txt"
ZIP_README_TEXT = (
    "\ufeff{title}（离线版）\r\n\r\n"
    "用法：把整个文件夹解压到电脑或 U 盘上，双击其中的 index.html，用浏览器打开即可浏览、搜索和筛选。\r\n"
    "不需要联网，也不需要安装任何软件。请保持文件夹内的目录结构不变。\r\n"
)
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


# ---------------------------------------------------------------- dates


def git_commit_epoch(folder: Path) -> int | None:
    """Commit time of HEAD of the git work tree holding `folder`; None outside git."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    return int(text) if done.returncode == 0 and text.isdigit() else None


def build_epoch(folder: Path) -> int | None:
    """SOURCE_DATE_EPOCH when set, else the last commit time of the project, else None (today)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    return git_commit_epoch(folder)


@contextlib.contextmanager
def source_date_epoch(epoch: int | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH for the block (MkDocs reads it), then put the old value back."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def zip_date(epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """ZIP entry date: the epoch (UTC) or, without one, today at 00:00 UTC, as MkDocs dates pages."""
    if epoch is None:
        today = dt.datetime.now(dt.timezone.utc).date()
        moment = dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), dt.timezone.utc)
    # ZIP stores even seconds only; keep the value exact so the header is the same on every run.
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second - moment.second % 2)


# ---------------------------------------------------------------- MkDocs


def raw_config(config_file: Path) -> dict:
    """mkdocs.yml as written (INHERIT resolved), for adding to its lists."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as fh:
        raw = yaml_load(fh) or {}
    return raw if isinstance(raw, dict) else {}


def config_plugins(config_file: Path) -> list:
    """The plugins list of mkdocs.yml as written, for adding one more."""
    plugins = raw_config(config_file).get("plugins")
    if plugins is None:
        return ["search"]
    if isinstance(plugins, dict):  # MkDocs also accepts a mapping of name -> options
        return [{name: options} if options else name for name, options in plugins.items()]
    return list(plugins)


def package_overrides(config_file: Path, theme: str = AUTO, *, offline: bool = False,
                      plugins: list | None = None) -> tuple[dict, ThemePackage]:
    """load_config overrides for the theme package `theme` (showcase.yml's ``theme``) and, offline,
    the offline plugin; `plugins` replaces mkdocs.yml's list. ThemeChoiceError when that package is
    not installed."""
    raw = raw_config(config_file)
    replace_plugins = offline or plugins is not None
    if plugins is None:
        plugins = offline_plugins(config_file) if offline else config_plugins(config_file)
    package = resolve_theme(theme, written_theme_name(raw))
    overrides = theme_overrides(raw, plugins, package)
    if replace_plugins:
        overrides.setdefault("plugins", plugins)
    return overrides, package


def offline_plugins(config_file: Path) -> list:
    plugins = config_plugins(config_file)
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    return plugins if OFFLINE_PLUGIN in names else plugins + [OFFLINE_PLUGIN]


def build_site(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    offline: bool = False,
    site_url: str | None = None,
    epoch: int | None = None,
    strict: bool = True,
    theme: str = AUTO,
) -> list[Finding]:
    """mkdocs build of docs_dir into site_dir with the theme package `theme` (showcase.yml's
    ``theme``; see outputs/themes.py); problems come back as findings, never raised."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    overrides: dict = {"docs_dir": str(docs_dir), "site_dir": str(site_dir), "strict": strict}
    url = (site_url if site_url.endswith("/") else site_url + "/") if site_url else None
    what = "离线版网站" if offline else "网站"
    try:
        more, package = package_overrides(config_file, theme, offline=offline)
        overrides.update(more)
        if url:
            overrides["site_url"] = url  # the site plugin keeps it over showcase.yml's site_url
        with source_date_epoch(epoch):
            cfg = load_config(str(config_file), **overrides)
            build(cfg)
    except ThemeChoiceError as exc:
        return [error("THEME_UNAVAILABLE", f"{what}无法构建：{exc}", str(config_file))]
    except (MkDocsException, SystemExit) as exc:
        return [error("SITE_BUILD_FAILED", f"{what}构建失败（{config_file}）：{exc}", str(config_file))]
    except Exception as exc:  # noqa: BLE001 – a plugin or theme bug must name the build, not crash the CLI
        return [error("SITE_BUILD_FAILED", f"{what}构建失败（{config_file}）：{type(exc).__name__}: {exc}", str(config_file))]
    return placeholder_url(cfg.get("site_url") or "") + site_findings(cfg) + scan_tree(site_dir, vendored=shipped_digests(package.name))


def site_findings(config) -> list[Finding]:
    """What the showcase plugin of this build (a loaded MkDocsConfig) found; none without the plugin."""
    plugin = config.plugins.get(SITE_PLUGIN)
    return list(getattr(plugin, "findings", ()))


# Hosts reserved for documentation (RFC 2606/6761): never where an association publishes.
_PLACEHOLDER_HOST = re.compile(r"^(?:[\w-]+\.)*(?:example\.(?:org|com|net)|[\w-]+\.(?:example|test|invalid))$|^localhost$", re.I)


def placeholder_url(url: str) -> list[Finding]:
    """A WARNING when site_url is still a documentation example: every page's QR code would point there."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if not host or not _PLACEHOLDER_HOST.match(host):
        return []
    return [warning("SITE_URL_PLACEHOLDER",
                    f"网站地址 site_url 仍是示例地址 {url}：每页的二维码、规范链接和分享图片都会指向它。"
                    "正式发布前请在 showcase.yml 中改为实际地址，或用 --site-url 指定", "showcase.yml")]


# ---------------------------------------------------------------- ZIP


def zip_name(association: str, year: int | str) -> str:
    """江苏省质量管理协会-2025-典型经验-离线版.zip (characters Windows forbids are dropped)."""
    name = _UNSAFE_FILENAME.sub("", f"{association}-{year}-典型经验-离线版").strip(" .")
    return f"{name or 'showcase'}.zip"


def zip_top(year: int | str) -> str:
    """The one ASCII folder every member sits in."""
    return f"showcase-{year}"


def pack_zip(
    site_dir: Path,
    zip_path: Path,
    top: str,
    *,
    epoch: int | None = None,
    exclude: tuple[str, ...] = (SEARCH_JSON,),
    exclude_suffixes: tuple[str, ...] = (".map",),
    extra: dict[str, bytes] | None = None,
    media: bool = True,
) -> list[Finding]:
    """Pack site_dir under `top/` reproducibly; written to a temporary file, then renamed.

    Left out: the JSON search index (file:// reads search_index.js) and source maps (debugging only);
    without `media`, the experiences' videos and slides (their page block becomes a short note).
    Members are read one at a time, so a site with many videos is never held in memory at once.
    """
    findings: list[Finding] = []
    files = {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*") if p.is_file()}
    members: dict[str, bytes | Path] = {
        rel: path
        for rel, path in files.items()
        if rel not in exclude and not rel.endswith(exclude_suffixes) and (media or not is_media_file(rel))
    }
    members.update(extra or {})
    date = zip_date(epoch)
    tmp = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.tmp")  # same folder: rename is atomic
    try:
        zip_path.parent.mkdir(parents=True, exist_ok=True)  # a file in its place is a finding too
        with zipfile.ZipFile(tmp, "w") as zf:
            for rel in sorted(members):
                if not rel.isascii():
                    findings.append(warning("ZIP_NON_ASCII_NAME", f"离线包 {zip_path.name} 中的文件名 {rel} 含非 ASCII 字符，旧版解压工具可能显示乱码", str(zip_path)))
                info = zipfile.ZipInfo(f"{top}/{rel}", date_time=date)
                info.create_system = 3  # Unix, whatever machine packs it
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_STORED if rel.endswith(_STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
                zf.writestr(info, _member_bytes(members[rel], rel, media), compresslevel=9)
        os.replace(tmp, zip_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return findings + [error("ZIP_WRITE_FAILED", f"无法写出离线包 {zip_path}：{exc}", str(zip_path))]
    return findings


# ---------------------------------------------------------------- media (--no-media)

_MEDIA_FILE = re.compile(r"^experiences/[^/]+/media/")
_STORED_SUFFIXES = (".mp4",)  # already compressed: deflating only costs time
_MEDIA_BLOCK = re.compile(r"<!-- showcase-media -->.*?<!-- /showcase-media -->", re.S)


def is_media_file(rel: str) -> bool:
    """A converted video, poster, slide PDF or page image (converters/assemble/media.py names them)."""
    return bool(_MEDIA_FILE.match(rel))


def _member_bytes(member: bytes | Path, rel: str, media: bool) -> bytes:
    data = member if isinstance(member, bytes) else member.read_bytes()
    if media or not rel.endswith(".html") or b"<!-- showcase-media -->" not in data:
        return data
    from ..assemble.media import load_media_data

    note = f'<p class="showcase-media-omitted">{html.escape(load_media_data().labels["offline_omitted"])}</p>'
    return _MEDIA_BLOCK.sub(lambda _m: note, data.decode("utf-8")).encode("utf-8")


def export_offline(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    zip_path: Path,
    *,
    title: str,
    year: int | str,
    epoch: int | None = None,
    theme: str = AUTO,
    media: bool = True,
) -> list[Finding]:
    """Offline build of docs_dir into site_dir, packed as zip_path (one folder, README.txt);
    without `media`, no videos or slides (showcase export --no-media)."""
    findings = build_site(config_file, docs_dir, site_dir, offline=True, epoch=epoch, theme=theme)
    if any(f.severity is Severity.ERROR for f in findings):
        return findings
    readme = ZIP_README_TEXT.format(title=title).encode("utf-8")
    return findings + pack_zip(site_dir, zip_path, zip_top(year), epoch=epoch, extra={ZIP_README: readme}, media=media)
