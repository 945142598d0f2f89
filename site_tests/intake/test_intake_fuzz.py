"""Property: damaged ZIP/DOCX bytes among good submissions never raise, are reported by name,
and leave every good submission paired."""

from __future__ import annotations

import io
import tempfile
import zipfile
from functools import cache
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converters.intake import collect
from converters.model import Severity
from converters.assemble.pairing import pair

GOOD_KINDS = ("experience", "form", "summary", "archive", "ignored")


def _save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@cache
def experience(title: str) -> bytes:
    d = docx.Document()
    d.add_paragraph(title)
    for part in ("一、班组概况", "二、实施背景", "三、实施过程", "四、实施效果"):
        d.add_heading(part, level=1)
        d.add_paragraph("班组开展质量改进活动，取得成效。" * 4)
    return _save(d)


@cache
def form(title: str, team: str) -> bytes:
    d = docx.Document()
    table = d.add_table(rows=2, cols=4)
    for r, values in enumerate([["组织名称", "示例公司", "班组名称", team], ["经验名称", title, "所属行业", "制造业"]]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return _save(d)


@cache
def zipped(entries: tuple[tuple[str, bytes], ...]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


GOOD = {
    "甲/附件1.docx": lambda: experience("运用甲法提升合格率的实践"),
    "甲/附件2.docx": lambda: form("运用甲法提升合格率的实践", "甲班"),
    "乙/附件1.docx": lambda: experience("推行乙法降低损耗的经验"),
    "乙/附件2.docx": lambda: form("推行乙法降低损耗的经验", "乙班"),
    "丙.zip": lambda: zipped((("丙班/附件1.docx", experience("实施丙法缩短周期的探索")),
                             ("丙班/附件2.docx", form("实施丙法缩短周期的探索", "丙班")))),
}
PAIRS = {
    "甲/附件1.docx": "甲/附件2.docx",
    "乙/附件1.docx": "乙/附件2.docx",
    "丙.zip/丙班/附件1.docx": "丙.zip/丙班/附件2.docx",
}


def bad_original(kind: str) -> tuple[str, bytes]:
    if kind == "docx":
        return "坏/附件1.docx", experience("运用丁法减少返工的实践")
    return "坏.zip", zipped((("丁班/附件1.docx", experience("运用丁法减少返工的实践")),
                            ("丁班/附件2.docx", form("运用丁法减少返工的实践", "丁班"))))


damage = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0.0, 0.999), st.just(b"")),
    st.tuples(st.just("corrupt"), st.floats(0.0, 0.999), st.binary(min_size=1, max_size=64)),
)


def damaged(data: bytes, how: str, where: float, garbage: bytes) -> bytes:
    at = int(len(data) * where)
    if how == "truncate":
        return data[:at]
    patch = bytes(b ^ (g or 0xFF) for b, g in zip(data[at: at + len(garbage)], garbage))  # every byte changes
    return data[:at] + patch + data[at + len(patch):]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["docx", "zip"]), damage=damage)
def test_damaged_files_are_reported_and_good_ones_still_pair(kind, damage):
    how, where, garbage = damage
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        for source, make in GOOD.items():
            (inbox / source).parent.mkdir(parents=True, exist_ok=True)
            (inbox / source).write_bytes(make())
        bad_source, original = bad_original(kind)
        (inbox / bad_source).parent.mkdir(parents=True, exist_ok=True)
        (inbox / bad_source).write_bytes(damaged(original, how, where, garbage))

        files = collect(inbox, Path(tmp) / "work")
        submissions, _ = pair(files)

    paired = {s.experience.source: s.form_file.source if s.form_file else None for s in submissions}
    for exp, frm in PAIRS.items():
        assert paired.get(exp) == frm

    by_source = {f.source: f for f in files}
    bad = by_source[bad_source]
    named = lambda f, levels: any(x.file == f.source and x.severity in levels for x in f.findings)  # noqa: E731
    if how == "truncate":
        assert bad.kind == "broken" and named(bad, (Severity.ERROR,))
    for f in files:
        if f.source == bad_source or f.source.startswith(bad_source + "/"):
            assert f.kind in GOOD_KINDS or named(f, (Severity.ERROR, Severity.WARNING)), (f.kind, f.findings)
            if f.kind == "broken":
                assert named(f, (Severity.ERROR,))
