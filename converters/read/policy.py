"""Field definitions (data/fields.yml) and the publication policy (data/policy.yml).

The form and summary readers ask `Policy.keeps(field_id)` for every value they read and drop
the rest on the spot, so contact data never reaches a later stage. `never` and `internal`
fields cannot be switched on by any policy file: a switch that tries is reported, not obeyed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..names import label_key
from ..model import Finding, error, warning

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
FIELDS_FILE = DATA_DIR / "fields.yml"
POLICY_FILE = DATA_DIR / "policy.yml"

CLASSES = ("publish", "sensitive", "internal", "never")
TYPES = ("text", "percent", "int", "number", "yesno")
# Classes a policy file may switch on; the others are dropped whatever it says.
SWITCHABLE = ("publish", "sensitive")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    id: str
    label: str  # the Chinese label used in messages
    synonyms: tuple[str, ...]  # every spelling, label included, as written in fields.yml
    type: str
    cls: str  # publication class
    unit: str = ""  # shown after the value on the page: "%", "人", "人次"


@dataclass(frozen=True, slots=True)
class Policy:
    """Which field ids survive reading. Build with `load_policy`; tests may build it directly."""

    published: frozenset[str]
    fields: dict[str, FieldSpec] = field(default_factory=dict)  # empty: the packaged fields.yml
    labels: dict[str, str] = field(default_factory=dict)  # normalised label -> field id
    findings: tuple[Finding, ...] = ()  # problems in the policy file itself

    def keeps(self, field_id: str) -> bool:
        return field_id in self.published


def publishable(policy: Policy, spec: FieldSpec) -> bool:
    """The readers' gate: switched on by the policy AND of a class that may ever be published,
    so even a hand-built Policy(published={"mobile"}) cannot let contact data through."""
    return spec.cls in SWITCHABLE and policy.keeps(spec.id)


# ---------------------------------------------------------------- labels



@lru_cache(maxsize=8)
def _load_fields_cached(path: str) -> tuple[dict[str, FieldSpec], tuple[Finding, ...]]:
    return _parse_fields(Path(path))


def load_fields(path: Path | None = None) -> tuple[dict[str, FieldSpec], tuple[Finding, ...]]:
    """Field specs by id, validated; problems come back as findings, never as exceptions."""
    return _load_fields_cached(str(path or FIELDS_FILE))


def _read_yaml(path: Path) -> tuple[object, tuple[Finding, ...]]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), ()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return None, (error("CONFIG_UNREADABLE", f"无法读取配置文件 {path.name}：{exc}", str(path)),)


def _parse_fields(path: Path) -> tuple[dict[str, FieldSpec], tuple[Finding, ...]]:
    raw, findings = _read_yaml(path)
    out: dict[str, FieldSpec] = {}
    problems = list(findings)
    entries = raw.get("fields") if isinstance(raw, dict) else None
    if not isinstance(entries, dict):
        if not findings:
            problems.append(error("CONFIG_INVALID", f"{path.name} 缺少 fields: 映射", str(path)))
        return out, tuple(problems)
    for field_id, spec in entries.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            problems.append(error("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 缺少 label", str(path)))
            continue
        ftype, cls = spec.get("type", "text"), spec.get("class", "never")
        if ftype not in TYPES:
            problems.append(warning("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 的类型 {ftype} 未知，按文本处理", str(path)))
            ftype = "text"
        if cls not in CLASSES:
            # Unknown class: the safe reading is "never publish".
            problems.append(warning("CONFIG_INVALID", f"{path.name} 中字段 {field_id} 的级别 {cls} 未知，按 never 处理", str(path)))
            cls = "never"
        synonyms = tuple(str(s) for s in (spec.get("synonyms") or ()))
        unit = str(spec.get("unit", "%" if ftype == "percent" else ""))
        out[str(field_id)] = FieldSpec(str(field_id), spec["label"], (spec["label"], *synonyms), ftype, cls, unit)
    return out, tuple(problems)


def label_index(fields: dict[str, FieldSpec]) -> dict[str, str]:
    """normalised label -> field id, for every spelling of every field."""
    index: dict[str, str] = {}
    for spec in fields.values():
        for spelling in spec.synonyms:
            index.setdefault(label_key(spelling), spec.id)
    return index


def match_label(text: str, labels: dict[str, str]) -> str | None:
    """The field id a label cell names, or None. Exact match after normalisation, on purpose:
    a long sentence that merely contains '手机' is not a label."""
    key = label_key(text)
    if not key or len(key) > 30:
        return None
    return labels.get(key)


# ---------------------------------------------------------------- policy


def load_policy(path: Path | None = None, fields_path: Path | None = None) -> Policy:
    """Read policy.yml (default: the packaged one). Never raises: problems are in Policy.findings,
    and a broken policy file falls back to publishing only the `publish` class."""
    fields, field_findings = load_fields(fields_path)
    policy_path = path or POLICY_FILE
    raw, findings = _read_yaml(policy_path)
    problems = [*field_findings, *findings]
    classes = {"publish": True, "sensitive": False}
    switches: dict[str, bool] = {}
    if isinstance(raw, dict):
        for cls, on in (raw.get("classes") or {}).items():
            if cls in SWITCHABLE:
                classes[cls] = bool(on)
            elif on:
                problems.append(error("POLICY_FORBIDDEN", f"{policy_path.name}：{cls} 级别的字段不能公开，已忽略该开关", str(policy_path)))
        for field_id, on in (raw.get("fields") or {}).items():
            spec = fields.get(str(field_id))
            if spec is None:
                problems.append(warning("POLICY_UNKNOWN_FIELD", f"{policy_path.name}：未知字段 {field_id}", str(policy_path)))
            elif spec.cls not in SWITCHABLE and on:
                problems.append(error("POLICY_FORBIDDEN", f"{policy_path.name}：字段 {spec.label}（{field_id}）属于 {spec.cls} 级别，不能公开，已忽略", str(policy_path)))
            else:
                switches[spec.id] = bool(on)
    elif raw is not None or not findings:
        problems.append(warning("CONFIG_INVALID", f"{policy_path.name} 内容不是映射，按默认策略处理", str(policy_path)))
    published = frozenset(
        fid for fid, spec in fields.items()
        if spec.cls in SWITCHABLE and switches.get(fid, classes.get(spec.cls, False))
    )
    return Policy(published=published, fields=fields, labels=label_index(fields), findings=tuple(problems))


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    return load_policy()


def resolve(policy: Policy | None) -> tuple[Policy, dict[str, FieldSpec], dict[str, str]]:
    """The policy to apply plus its field specs and label index (defaults fill what it lacks)."""
    policy = policy or default_policy()
    if policy.fields and policy.labels:
        return policy, policy.fields, policy.labels
    base = default_policy()
    return policy, base.fields, base.labels
