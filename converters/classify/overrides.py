"""Editor overrides (data/overrides.yml or the file given by --overrides / showcase.yml `overrides`).

An entry names an experience by 经验名称 or slug and sets its 门类 and/or method families; it beats
what the documents say. Bad entries are left out and reported as findings, never raised: a typo
in an override must not stop a conversion.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..datafiles import DATA_DIR, DataFileError, read_yaml
from ..model import Finding, error, info, warning
from ..names import name_key
from .industries import UNRESOLVED_NAME, load_industries
from .methods import load_methods

OVERRIDES_PATH = DATA_DIR / "overrides.yml"


class Overrides(dict):
    """Valid override entries keyed by normalised 经验名称 or slug; `findings` lists rejected ones."""

    def __init__(self, entries: dict[str, dict] | None = None, findings: Iterable[Finding] = (), path: str = ""):
        super().__init__(entries or {})
        self.findings: list[Finding] = list(findings)
        self.path = path


_OVERRIDE_KEYS = ("industry", "methods", "note")


def _parse_override(key: str, entry: object, file: str, methods_path: Path | None,
                    industries_path: Path | None) -> tuple[dict | None, list[Finding]]:
    where = f"覆盖项“{key}”"
    if not isinstance(entry, dict):
        return None, [error("OVERRIDE_INVALID", f"{where}应为映射（industry / methods）", file, key)]
    findings: list[Finding] = []
    extra = [str(k) for k in entry if k not in _OVERRIDE_KEYS]
    if extra:
        findings.append(error("OVERRIDE_INVALID", f"{where}有未知的键：{', '.join(extra)}（允许 industry、methods、note）", file, key))
    out: dict = {}
    if "industry" in entry:
        code = load_industries(industries_path).section_code(entry["industry"])
        if code is None:
            findings.append(error("OVERRIDE_INVALID", f"{where}的 industry“{entry['industry']}”不是 GB/T 4754 门类代码（A–T）或门类名称", file, key))
        else:
            out["industry"] = code
    if "methods" in entry:
        raw = entry["methods"]
        raw = [raw] if isinstance(raw, str) else raw
        ids: list[str] = []
        for item in raw if isinstance(raw, list) else [None]:
            fam = load_methods(methods_path).family(str(item)) if isinstance(item, str) else None
            if fam is None:
                findings.append(error("OVERRIDE_INVALID", f"{where}的 methods 中“{item}”不是已知的方法族 id 或名称", file, key))
            else:
                ids.append(fam.id)
        if ids:
            out["methods"] = list(dict.fromkeys(ids))
    return (out or None), findings


def load_overrides(path: Path | None, methods_path: Path | None = None,
                   industries_path: Path | None = None) -> Overrides:
    """Editor overrides: {经验名称 or slug: {industry: "C", methods: ["pdca", "lean"]}}.

    Keys are normalised like names in the rules (NFKC, quotes, brackets, whitespace). Bad entries
    are left out and reported in the returned mapping's `findings` (ERROR, naming the file).
    A missing default file means no overrides; a missing explicit file is an error finding.
    Entries are checked against the packaged method and industry tables, or the given copies.
    """
    p = Path(path) if path else OVERRIDES_PATH
    file = str(p)
    if not p.exists():
        if path is None:
            return Overrides(path=file)
        return Overrides(findings=[error("OVERRIDE_FILE_MISSING", "覆盖文件不存在", file)], path=file)
    try:
        data = read_yaml(p)
    except DataFileError as exc:
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", m, file) for m in exc.problems], path=file)
    if data is None:
        return Overrides(path=file)
    if not isinstance(data, dict) or set(data) - {"overrides", "version"}:
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", "顶层应为映射，只含 overrides（及可选 version）", file)], path=file)
    raw = data.get("overrides") or {}
    if not isinstance(raw, dict):
        return Overrides(findings=[error("OVERRIDE_FILE_INVALID", "overrides 应为“经验名称: {industry, methods}”的映射", file)], path=file)
    entries: dict[str, dict] = {}
    findings: list[Finding] = []
    for key, entry in raw.items():
        norm = name_key(str(key))
        if norm in entries:
            findings.append(warning("OVERRIDE_DUPLICATE", f"覆盖项“{key}”与前面的某项归一后相同，后者生效", file, str(key)))
        try:
            parsed, found = _parse_override(str(key), entry, file, methods_path, industries_path)
        except DataFileError as exc:  # a broken method or industry table must not crash the run
            parsed, found = None, exc.findings()
        findings += found
        if parsed:
            entries[norm] = parsed
    return Overrides(entries, findings, file)


def apply_overrides(
    overrides: dict[str, dict] | None,
    title: str,
    industry_code: str,
    method_ids: list[str],
    source: str = "",
    slug: str = "",
) -> tuple[str, list[str], list[Finding]]:
    """Override > document > default. Returns (门类 code, family ids, INFO findings naming changes).

    The entry is looked up by slug first (more specific), then by normalised 经验名称. An
    override's methods replace the detected families entirely, primary first, as listed.
    """
    entry = None
    if overrides:
        entry = (overrides.get(name_key(slug)) if slug else None) or overrides.get(name_key(title))
    if not entry:
        return industry_code, list(method_ids), []
    findings: list[Finding] = []
    code, ids = industry_code, list(method_ids)
    if entry.get("industry") and entry["industry"] != industry_code:
        code = entry["industry"]
        before = industry_code or UNRESOLVED_NAME
        findings.append(info("OVERRIDE_APPLIED", f"按编辑覆盖文件将行业门类由“{before}”改为“{code}”", source, "行业"))
    if entry.get("methods") and list(entry["methods"]) != ids:
        ids = list(entry["methods"])
        findings.append(
            info("OVERRIDE_APPLIED", f"按编辑覆盖文件将方法族由“{'、'.join(method_ids) or '无'}”改为“{'、'.join(ids)}”", source, "方法")
        )
    return code, ids, findings


def unused_overrides(overrides: dict[str, dict], titles: Iterable[str], slugs: Iterable[str] = ()) -> list[Finding]:
    """Override keys that match no experience: usually a typo in the 经验名称."""
    known = {name_key(t) for t in titles} | {name_key(s) for s in slugs}
    file = getattr(overrides, "path", "")
    return [
        warning("OVERRIDE_UNUSED", f"覆盖项“{key}”没有对应的经验（请核对经验名称或页面短名）", file, key)
        for key in overrides
        if key not in known
    ]
