"""The publication policy (data/policy.yml) over the field definitions (data/fields.yml).

The field definitions are the notice's vocabulary (converters/notice.py reads them); they are
re-exported here because the readers take both from one place.

The form and summary readers ask `Policy.keeps(field_id)` for every value they read and drop
the rest on the spot, so contact data never reaches a later stage. `never` and `internal`
fields cannot be switched on by any policy file: a switch that tries is reported, not obeyed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..datafiles import DATA_DIR, DataFileError, read_yaml
from ..model import Finding, error, warning
from ..names import label_key
from ..notice import FIELDS_FILE, FieldSpec, load_fields

__all__ = ["FIELDS_FILE", "POLICY_FILE", "SWITCHABLE", "FieldSpec", "Policy", "default_policy", "label_index",
           "load_fields", "load_policy", "match_label", "publishable", "resolve"]

POLICY_FILE = DATA_DIR / "policy.yml"

# Classes a policy file may switch on; the others are dropped whatever it says.
SWITCHABLE = ("publish", "sensitive")


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


_POLICY_KEYS = ("version", "classes", "fields")


def _switches(raw: dict, key: str, path: Path, problems: list[Finding]) -> list[tuple[object, object]]:
    """The `key: {name: true/false}` switches of a policy file; anything else is reported and ignored."""
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        problems.append(warning("CONFIG_INVALID", f"{path.name} 中 {key} 应为“名称: true/false”的映射，已忽略", str(path)))
        return []
    return list(value.items())


def load_policy(path: Path | None = None, fields_path: Path | None = None) -> Policy:
    """Read policy.yml (default: the packaged one). Never raises: problems are in Policy.findings,
    and a broken policy file falls back to publishing only the `publish` class."""
    fields, field_findings = load_fields(fields_path)
    policy_path = path or POLICY_FILE
    file = str(policy_path)
    problems = list(field_findings)
    try:
        raw = read_yaml(policy_path)
    except DataFileError as exc:
        raw = None
        problems += [error("CONFIG_UNREADABLE", f"无法读取配置文件 {policy_path.name}：{p}", file) for p in exc.problems]
    classes = {"publish": True, "sensitive": False}
    switches: dict[str, bool] = {}
    if isinstance(raw, dict):
        extra = [str(k) for k in raw if k not in _POLICY_KEYS]
        if extra:
            problems.append(warning("CONFIG_INVALID", f"{policy_path.name} 有未知的键：{', '.join(extra)}，已忽略", file))
        for cls, on in _switches(raw, "classes", policy_path, problems):
            if cls in SWITCHABLE:
                classes[cls] = bool(on)
            elif on:
                problems.append(error("POLICY_FORBIDDEN", f"{policy_path.name}：{cls} 级别的字段不能公开，已忽略该开关", file))
        for field_id, on in _switches(raw, "fields", policy_path, problems):
            spec = fields.get(str(field_id))
            if spec is None:
                problems.append(warning("POLICY_UNKNOWN_FIELD", f"{policy_path.name}：未知字段 {field_id}", file))
            elif spec.cls not in SWITCHABLE and on:
                problems.append(error("POLICY_FORBIDDEN", f"{policy_path.name}：字段 {spec.label}（{field_id}）属于 {spec.cls} 级别，不能公开，已忽略", file))
            else:
                switches[spec.id] = bool(on)
    elif raw is not None or len(problems) == len(field_findings):
        problems.append(warning("CONFIG_INVALID", f"{policy_path.name} 内容不是映射，按默认策略处理", file))
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
