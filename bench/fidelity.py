"""Fidelity bench for the OOXML reader: run read_docx over every .docx in the external corpus.

    .venv/bin/python bench/fidelity.py [CORPUS_DIR] [--per-file]

Reports, per reader (ours, and pandoc when pypandoc-binary is installed):
- files read without crash (ours: no exception and no ERROR finding; pandoc: exit status 0);
- mean text recall: share of the visible characters found in the output, as multisets of
  non-whitespace characters (order-insensitive, so layout differences do not count);
- duplicated paragraphs: output paragraphs (≥10 characters) that occur more often in the output
  than in the visible text — the symptom of reading both mc:Choice and mc:Fallback, say.

Visible text is derived from word/document.xml alone: every w:t, in document order, except those
inside w:del / w:moveFrom (rejected by "accept all"), inside mc:Fallback (the mc:Choice twin is
counted), or in a run whose own w:rPr has w:vanish. Hidden text set through styles is not
subtracted, and footnotes/headers are not part of it (so notes are left out of our text too).
Finally the CJK numbering probe is compared with LibreOffice's rendering of its labels.
"""

from __future__ import annotations

import collections
import re
import statistics
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from converters.model import Heading, Paragraph, Table  # noqa: E402
from converters.ooxml import read_docx  # noqa: E402
from converters.ooxml.xml import strict_to_transitional  # noqa: E402
from converters.text import inline_text  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DEFAULT_CORPUS = Path("/work/shared/corpus")
MIN_DUP_CHARS = 10
_LIST_MARKER = re.compile(r"^(?:[-*•]|\d+[.)]|[a-zA-Z][.)]|\(\d+\))\s+")


# ---------------------------------------------------------------- ground truth


def visible_text(path: Path) -> str | None:
    """Visible text of word/document.xml (see module doc), paragraphs separated by newlines."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.lower(): n for n in zf.namelist()}
            name = names.get("word/document.xml") or next((n for k, n in names.items() if k.endswith("document.xml")), None)
            if name is None:
                return None
            root = etree.fromstring(strict_to_transitional(zf.read(name)), etree.XMLParser(huge_tree=True, recover=True))
    except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError):
        return None
    if root is None:
        return None
    out: list[str] = []
    for el in root.iter(W + "t", W + "p"):
        if el.tag == W + "p":
            out.append("\n")
            continue
        if _excluded(el):
            continue
        out.append(el.text or "")
    return "".join(out)


def _excluded(t: etree._Element) -> bool:
    run = t.getparent()
    if run is not None:
        rpr = run.find(W + "rPr")
        if rpr is not None:
            vanish = rpr.find(W + "vanish")
            if vanish is not None and (vanish.get(W + "val") or "true") not in ("0", "false", "off"):
                return True
    for anc in t.iterancestors():
        if anc.tag in (W + "del", W + "moveFrom", MC_FALLBACK):
            return True
    return False


def chars(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in text if not ch.isspace())


def recall(truth: str, output: str) -> float | None:
    want = chars(truth)
    total = sum(want.values())
    if total == 0:
        return None
    got = chars(output)
    return sum(min(n, got[ch]) for ch, n in want.items()) / total


def duplicated(paragraphs: list[str], truth: str) -> int:
    squashed_truth = re.sub(r"\s+", "", truth)
    counts = collections.Counter(re.sub(r"\s+", "", p) for p in paragraphs)
    return sum(
        n - max(1, squashed_truth.count(p))
        for p, n in counts.items()
        if len(p) >= MIN_DUP_CHARS and n > max(1, squashed_truth.count(p))
    )


# ---------------------------------------------------------------- readers


def ours(path: Path) -> tuple[bool, str, list[str], float]:
    start = time.perf_counter()
    doc = read_docx(path, path.name)
    elapsed = time.perf_counter() - start
    ok = not any(f.severity.value == "error" for f in doc.findings)
    paragraphs = list(_paragraphs(doc.blocks))
    return ok, "\n".join(paragraphs), paragraphs, elapsed


def _paragraphs(blocks):
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell.blocks)
            if b.caption:
                yield b.caption
        elif isinstance(b, (Paragraph, Heading)):
            yield inline_text(b.inlines)  # without the list label: the visible text has none either
        elif getattr(b, "caption", ""):
            yield b.caption  # chart categories and series are not document.xml text


def pandoc_available() -> bool:
    try:
        import pypandoc  # noqa: F401

        pypandoc.get_pandoc_version()
        return True
    except Exception:  # noqa: BLE001 - optional tool
        return False


def pandoc(path: Path) -> tuple[bool, str, list[str], float]:
    import pypandoc

    start = time.perf_counter()
    try:
        text = pypandoc.convert_file(str(path), "plain", format="docx", extra_args=["--wrap=none", "--quiet"])
        ok = True
    except Exception:  # noqa: BLE001 - a failure is what we count
        text, ok = "", False
    elapsed = time.perf_counter() - start
    paragraphs = [_LIST_MARKER.sub("", p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return ok, text, paragraphs, elapsed


# ---------------------------------------------------------------- CJK numbering probe


def numbering_probe(corpus: Path) -> tuple[int, int, list[str]] | None:
    probe = corpus / "synthetic" / "cn_numbering_probe.docx"
    expected_file = corpus / "synthetic" / "cn_numbering_probe.libreoffice.txt"
    if not probe.exists() or not expected_file.exists():
        return None
    expected: list[tuple[str, str]] = []
    for line in expected_file.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        m = re.match(r"^(一、|二、|三、|[（(][一二三四五六七八九十]+[)）]|\d+\.|[（(]\d+[)）])\s*(.+)$", line)
        expected.append((m.group(1), m.group(2)) if m else ("", line))
    doc = read_docx(probe, probe.name)
    got = {inline_text(b.inlines).strip(): b.label for b in doc.blocks if isinstance(b, (Paragraph, Heading))}
    misses = [f"{text}: 期望 {label!r}，得到 {got.get(text)!r}" for label, text in expected if got.get(text) != label]
    return len(expected) - len(misses), len(expected), misses


# ---------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    per_file = "--per-file" in argv
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    files = sorted(p for p in corpus.rglob("*.docx") if p.is_file())
    readers = {"ours": ours}
    if pandoc_available():
        readers["pandoc"] = pandoc
    else:
        print("pandoc: pypandoc-binary not installed, skipped")
    stats = {name: {"ok": 0, "recall": [], "dups": 0, "dup_files": [], "time": 0.0, "low": []} for name in readers}
    for path in files:
        truth = visible_text(path)
        rel = path.relative_to(corpus)
        line = [str(rel)]
        for name, reader in readers.items():
            ok, text, paragraphs, elapsed = reader(path)
            s = stats[name]
            s["ok"] += ok
            s["time"] += elapsed
            r = recall(truth, text) if truth is not None and ok else None
            if r is not None:
                s["recall"].append(r)
                if r < 0.95:
                    s["low"].append((r, str(rel)))
            d = duplicated(paragraphs, truth or "") if ok else 0
            s["dups"] += d
            if d:
                s["dup_files"].append((d, str(rel)))
            line.append(f"{name}: ok={ok} recall={'-' if r is None else f'{r:.3f}'} dup={d} {elapsed * 1000:.0f}ms")
        if per_file:
            print("  ".join(line))
    print(f"corpus: {corpus} ({len(files)} .docx files)")
    for name, s in stats.items():
        mean = statistics.mean(s["recall"]) if s["recall"] else float("nan")
        print(f"[{name}] files without crash: {s['ok']}/{len(files)}; mean text recall: {mean:.4f} "
              f"over {len(s['recall'])} files; duplicated paragraphs: {s['dups']} in {len(s['dup_files'])} files; "
              f"total time {s['time']:.1f}s")
        for r, rel in sorted(s["low"])[:12]:
            print(f"    low recall {r:.3f}  {rel}")
        for d, rel in sorted(s["dup_files"], reverse=True)[:8]:
            print(f"    duplicated {d:3d}  {rel}")
    probe = numbering_probe(corpus)
    if probe is not None:
        good, total, misses = probe
        print(f"[ours] CJK numbering probe: {good}/{total} labels as LibreOffice shows them")
        for miss in misses:
            print("    " + miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
