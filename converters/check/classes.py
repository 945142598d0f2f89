"""The class of a finding (data/findings.yml): what the review gate does with it.

rule (通知规定), privacy (隐私) and broken (内容问题) block publication under --strict; a note (备注) is
for the record and never blocks. A code the data file does not list falls back on its severity
(error -> broken, warning -> rule, info -> note), so a new code is never silently harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..datafiles import DATA_DIR, DataFileError, cached_loader, read_yaml, top_level, unknown_keys
from ..model import Finding, Severity

FINDINGS_PATH = DATA_DIR / "findings.yml"
CLASS_IDS = ("rule", "privacy", "broken", "note")
_BY_SEVERITY = {Severity.ERROR: "broken", Severity.WARNING: "rule", Severity.INFO: "note"}


@dataclass(frozen=True, slots=True)
class FindingClass:
    id: str
    name: str  # Chinese, as the review page and workbook show it
    blocks: bool  # stops publication under --strict


@dataclass(frozen=True)
class FindingClasses:
    classes: dict[str, FindingClass]
    codes: dict[str, str]  # code -> class id

    def of(self, finding: Finding) -> FindingClass:
        return self.classes[self.codes.get(finding.code) or _BY_SEVERITY[finding.severity]]


def _parse(path: Path) -> FindingClasses:
    data = top_level(read_yaml(path), path)
    problems: list[str] = []
    unknown_keys(data, ("version", "classes", "codes"), "顶层", problems)
    raw_classes = data.get("classes") if isinstance(data.get("classes"), dict) else {}
    classes: dict[str, FindingClass] = {}
    for cid in CLASS_IDS:
        entry = raw_classes.get(cid)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not isinstance(entry.get("blocks"), bool):
            problems.append(f"classes 中缺少“{cid}”，或它不是含 name（文字）与 blocks（true/false）的映射")
            continue
        unknown_keys(entry, ("name", "blocks"), f"classes 中“{cid}”", problems)
        classes[cid] = FindingClass(cid, entry["name"].strip(), entry["blocks"])
    unknown_keys(raw_classes, CLASS_IDS, "classes ", problems)
    codes: dict[str, str] = {}
    raw_codes = data.get("codes") if isinstance(data.get("codes"), dict) else {}
    unknown_keys(raw_codes, CLASS_IDS, "codes ", problems)
    for cid, listed in raw_codes.items():
        for code in listed if isinstance(listed, list) else [None]:
            if not isinstance(code, str) or not code.isupper():
                problems.append(f"codes 中“{cid}”应为大写规则代码组成的列表，实际有 {code!r}")
            elif code in codes:
                problems.append(f"规则代码 {code} 同时列在“{codes[code]}”与“{cid}”中")
            else:
                codes[code] = str(cid)
    if problems:
        raise DataFileError(path, problems)
    return FindingClasses(classes, codes)


load_classes = cached_loader(_parse, FINDINGS_PATH)


def finding_class(finding: Finding) -> FindingClass:
    """The class of `finding` under the packaged data/findings.yml."""
    return load_classes().of(finding)


def blocks(finding: Finding) -> bool:
    """True when `finding` stops publication under --strict."""
    return finding_class(finding).blocks
