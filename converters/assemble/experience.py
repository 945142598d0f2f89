"""Build the Experience of one submission: its slug, metadata, classification, published fields and pictures.

The 典型经验 says what it says (title, parts, 组织名称/班组名称 lines); the paired 申报表 and 汇总表 row
fill in the rest. Where both state a field, the form wins over the summary, and both win over what
the document's own name lines say, except the title, which the document states best.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import classify
from ..check.redact import redact_experience
from ..check.rules import RuleInput
from ..model import Asset, Document, Experience, Finding
from ..names import name_key
from ..read.policy import load_fields
from ..text import blocks_text, description, referenced_assets
from . import images
from .pairing import Submission
from .structure import Structured

__all__ = ["build_experience", "make_slug", "rule_input"]

# What the page shows elsewhere (header, filters) or must not show at all: never a fact row.
_NOT_FACTS = frozenset({"organization", "team", "title", "recommender", "industry_raw", "review"})
_METAFILES = frozenset({"image/x-emf", "image/x-wmf", "image/emf", "image/wmf"})


def make_slug(year: int, title: str, team: str) -> str:
    """Stable across rebuilds and inbox changes: QR codes and shared links keep working."""
    digest = hashlib.sha1(f"{name_key(title)}|{name_key(team)}".encode()).hexdigest()[:8]
    return f"{year}-{digest}"


def _field(sub: Submission, key: str) -> str:
    for values in (sub.form, sub.summary):
        if values is not None and values.values.get(key):
            return values.values[key].strip()
    return ""


def _named(sub: Submission, st: Structured, key: str) -> str:
    """组织名称/班组名称: the form or summary, else the document's own name line."""
    return _field(sub, key) or st.named.get(key, "")


def rule_input(sub: Submission, st: Structured) -> RuleInput:
    """What the notice's rules read about one submission."""
    part_text = {k: blocks_text(v) for k, v in st.parts.items() if k not in ("preamble",)}
    return RuleInput(
        source=sub.experience.source,
        title=st.title,
        parts=part_text,
        team=_named(sub, st, "team"),
        organization=_named(sub, st, "organization"),
        form=sub.form,
        summary=sub.summary,
        form_source=sub.form.source if sub.form else "",
        summary_source=sub.summary.source if sub.summary else "",
    )


def build_experience(sub: Submission, doc: Document, st: Structured, *, year: int, overrides: dict,
                     workdir: Path) -> tuple[Experience, list[Finding]]:
    """The Experience and the findings of classification overrides and picture preparation;
    `workdir` is an empty folder for converting metafiles."""
    body = "\n".join(blocks_text(v) for v in st.parts.values())
    organization = _named(sub, st, "organization")
    industry = classify.classify_industry(_field(sub, "industry_raw"), organization, _field(sub, "soe_group"))
    methods = classify.classify_methods(st.title, body)
    industry_code, method_ids, override_findings = classify.apply_overrides(
        overrides, st.title, industry.code, list(methods.families), sub.experience.source
    )
    families = [classify.method_family(m) for m in method_ids]
    sections = dict(classify.industry_sections())
    used = [n for blocks in st.parts.values() for n in referenced_assets(blocks)]
    assets, asset_findings = _prepare_assets(doc.assets, used, workdir, sub.experience.source)
    metrics, facts = _published_fields(sub)
    # Contact data written in the 典型经验 itself is hidden before anything is derived from the text.
    parts, notes, redactions = redact_experience(st.parts, doc.notes, sub.experience.source)
    title = st.title or _field(sub, "title")
    team = _named(sub, st, "team")
    exp = Experience(
        slug=make_slug(year, title, team),
        year=year,
        title=title,
        organization=organization,
        team=team,
        recommender=sub.recommender,
        industry_code=industry_code,
        industry_name=sections.get(industry_code, "待定"),
        industry_raw=industry.raw,
        methods=tuple(f.name for f in families if f),
        method_ids=tuple(f.id for f in families if f),
        method_details=tuple(methods.methods),
        parts=parts,
        notes=notes,
        assets=assets,
        metrics=metrics,
        facts=facts,
        source=sub.experience.source,
        form_source=sub.form.source if sub.form else "",
        summary_source=sub.summary.source if sub.summary else "",
        description=description(parts),
        subtitle=st.named.get("subtitle", ""),
        written=st.named.get("date", ""),
        source_date=doc.modified,
    )
    return exp, override_findings + asset_findings + redactions


def _published_fields(sub: Submission) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """Metric rows (percent figures) and fact rows (other publishable fields).

    The form and summary readers already dropped what the policy does not publish; this only
    labels and orders what is left, in the order of fields.yml.
    """
    specs, _ = load_fields()
    order = {key: i for i, key in enumerate(specs)}
    merged: dict[str, str] = {}
    for values in (sub.summary, sub.form):  # the form is the fuller source; it wins
        if values is not None:
            merged.update({k: v.strip() for k, v in values.values.items() if v and v.strip()})
    metrics, facts = [], []
    for key in sorted(merged, key=lambda k: order.get(k, len(order))):
        spec = specs.get(key)
        if key in _NOT_FACTS or spec is None:
            continue
        row = {"id": key, "label": spec.label, "value": merged[key], "unit": spec.unit}
        (metrics if spec.type == "percent" else facts).append(row)
    return tuple(metrics), tuple(facts)


def _prepare_assets(doc_assets: dict[str, Asset], used: list[str], workdir: Path,
                    source: str) -> tuple[dict[str, Asset], list[Finding]]:
    """Web-ready copies of the pictures the page shows, keyed by the reader's asset name."""
    findings: list[Finding] = []
    wanted = [doc_assets[n] for n in used if n in doc_assets]
    metafiles = [a for a in wanted if a.content_type in _METAFILES]
    converted: dict[str, Asset] = {}
    if metafiles:
        converted, found = images.convert_metafiles(metafiles, workdir)
        findings += [_with_file(f, source) for f in found]
    out: dict[str, Asset] = {}
    for asset in wanted:
        if asset in metafiles:
            if asset.name in converted:
                out[asset.name] = converted[asset.name]
            continue
        prepared, found = images.prepare_image(asset)
        findings += [_with_file(f, source) for f in found]
        if prepared is not None:
            out[asset.name] = prepared
    return out, findings


def _with_file(f: Finding, source: str) -> Finding:
    if f.file:
        return f
    return Finding(f.code, f.severity, f.message, source, f.location)
