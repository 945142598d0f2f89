"""`showcase check`: every problem of showcase.yml, the data files, the policy and the overrides,
as (severity, line) pairs for the command line to print; and the overrides that match no experience
of the last conversion."""

from __future__ import annotations

from pathlib import Path

from . import classify
from .assemble.media import load_media_data
from .assemble.preamble import load_preamble
from .check.classes import load_classes
from .check.pii import load_contact_rules
from .config import CONFIG_NAME, Settings, find_config, read_settings
from .datafiles import problems_of
from .model import Severity
from .notice import load_notice
from .outputs.deploycheck import load_rules as load_deploy_rules
from .outputs.letters import load_letter_texts
from .read.campaign import load_campaign_rules
from .read.policy import load_policy
from .render.catalog import read_catalog


class CheckUsageError(Exception):
    """A path given on the command line does not exist (Chinese message)."""


def _existing(path: Path | None, what: str) -> Path | None:
    if path is not None and not path.exists():
        raise CheckUsageError(f"{what}不存在：{path}")
    return path


def data_problems(config: Path | None, data_dir: Path | None, policy_file: Path | None,
                  overrides_file: Path | None) -> list[tuple[str, str]]:
    """(severity, line) for every problem of showcase.yml (`config`, else the nearest one), of every
    data file (the packaged ones, or those in `data_dir`), the policy and the overrides; a line names
    the file. CheckUsageError when a path given does not exist."""
    if config is not None and not config.is_file():
        raise CheckUsageError(f"配置文件不存在：{config}")
    if data_dir is not None and not data_dir.is_dir():
        raise CheckUsageError(f"数据目录不存在：{data_dir}")
    problems: list[tuple[str, str]] = []
    config = config or find_config()
    if config is None:
        settings = Settings(root=Path.cwd())
        problems.append(("warning", f"未找到 {CONFIG_NAME}，使用默认配置"))
    else:  # every problem of showcase.yml, with the defaults standing in, so the data files are still checked
        settings, found = read_settings(config)
        problems += [(f.severity.value, f.message) for f in found]

    def data(name: str) -> Path | None:
        return data_dir / name if data_dir else None

    def chosen(option: Path | None, configured: str, what: str, name: str) -> Path | None:
        return _existing(option, what) or (settings.path(configured) if configured else None) or data(name)

    findings = classify.check_data_files(data("methods.yml"), data("industries.yml"), data("organizations.yml"))
    findings += problems_of(load_notice, data("notice.yml"))
    findings += problems_of(load_classes, data("findings.yml"))
    findings += problems_of(load_letter_texts, data("letters.yml"))
    findings += problems_of(load_preamble, data("preamble.yml"))
    findings += problems_of(load_contact_rules, data("contact.yml"))
    findings += problems_of(load_campaign_rules, data("campaign.yml"))
    findings += problems_of(load_deploy_rules, data("deploy.yml"))
    findings += problems_of(load_media_data, data("media.yml"))
    policy = load_policy(chosen(policy_file, settings.policy, "公开策略文件", "policy.yml"), data("fields.yml"))
    findings += policy.findings
    overrides = classify.load_overrides(chosen(overrides_file, settings.overrides, "覆盖文件", "overrides.yml"),
                                        data("methods.yml"), data("industries.yml"))
    findings += overrides.findings
    catalog = settings.path(settings.content_dir) / "_generated" / "catalog.json"
    names, catalog_problem = _converted_names(catalog)
    if names is not None:
        findings += classify.unused_overrides(overrides, *names)
    elif catalog_problem:
        problems.append(("warning", catalog_problem))
    problems += [(f.severity.value, f"{f.file}：{f.message}" if f.file else f.message)
                 for f in findings if f.severity is not Severity.INFO]
    return problems


def _converted_names(catalog: Path) -> tuple[tuple[list[str], list[str]] | None, str]:
    """(titles, slugs) of the experiences of the last conversion, from its catalog; None before any."""
    if not catalog.exists():
        return None, ""
    read, found = read_catalog(catalog)
    if any(f.severity is Severity.ERROR for f in found):
        return None, f"{catalog}：经验目录无法读取，未核对覆盖项是否都有对应的经验"
    return ([e.title for e in read.experiences], [e.slug for e in read.experiences]), ""
