"""Fidelity bench for the OOXML reader: run read_docx over every .docx in the external corpus.

    .venv/bin/python bench/fidelity.py [CORPUS_DIR] [--per-file]

Reports, per reader (ours, and pandoc when pypandoc-binary is installed), in one run:
- files read without crash (ours: no exception and no ERROR finding; pandoc: exit status 0);
- mean text recall: share of the visible characters found in the output, as multisets of
  non-whitespace characters compared without letter case (order-insensitive, so layout differences
  do not count; case-insensitive because w:caps shows lower-case text as capitals). Printed twice:
  without the table of contents (TOC-styled paragraphs and TOC content controls: the reader drops
  them on purpose, the site has its own navigation) and with it;
- duplicated paragraphs: output paragraphs (≥10 characters) that occur more often in the output
  than in the source — the symptom of reading both mc:Choice and mc:Fallback, say. Paragraphs are
  compared without whitespace and without checkbox glyphs (☐☑☒): the reader writes a form checkbox's
  state as a glyph that the source holds as field data, not as text.

Then, for our reader only:
- CJK numbering: the probe's labels compared with LibreOffice's rendering of them;
- charts: every chart part referenced from word/document.xml (outside mc:Fallback) against the Chart
  blocks the reader made and their rendering by converters.render.markdown.render_blocks (an SVG
  with data marks, plus the data table holding every value);
- EMF/WMF: every metafile picture referenced from word/document.xml against the Image blocks the
  reader made and converters.assemble.images.convert_metafiles (one LibreOffice run for the whole corpus):
  converted to a non-blank PNG, or the reason it was not. Loose .emf/.wmf files of the corpus are
  converted in the same run and reported apart.

Last, pandoc's expected structures: for each reader test of pandoc-docx/ (X.native = pandoc's expected
AST of a .docx, mapped as the corpus README says; +styles/+citations ones and writer-only natives
skipped), headings, lists, list items, tables, notes and images counted in the .native text
(constructor tokens, string literals blanked) against the same counts in our Document (labelled
paragraphs are list items, runs of them lists) and in pandoc's own `-t native` output.

Visible text is derived from word/document.xml alone: every w:t, in document order, except those
inside w:del / w:moveFrom (rejected by "accept all"), inside mc:Fallback (the mc:Choice twin is
counted), or in a run whose own w:rPr has w:vanish. Hidden text set through styles is not
subtracted, and footnotes/headers are not part of it (so notes are left out of our text too).
"""

from __future__ import annotations

import collections
import posixpath
import re
import statistics
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from converters.assemble.images import convert_metafiles  # noqa: E402
from converters.model import Asset, Chart, Document, Heading, Image, Link, NoteRef, Paragraph, Table  # noqa: E402
from converters.ooxml import read_docx  # noqa: E402
from converters.ooxml.xml import strict_to_transitional  # noqa: E402
from converters.render.markdown import render_blocks  # noqa: E402
from converters.render.svgchart import chart_table_html  # noqa: E402
from converters.text import inline_text  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
C_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PICTURE_REFS = (f"{{{R_NS}}}embed", f"{{{R_NS}}}id", "{urn:schemas-microsoft-com:office:office}relid")
PICTURE_TAGS = ("{http://schemas.openxmlformats.org/drawingml/2006/main}blip", "{urn:schemas-microsoft-com:vml}imagedata")
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DEFAULT_CORPUS = Path("/work/shared/corpus")
MIN_DUP_CHARS = 10
CHECKBOX_GLYPHS = "☐☑☒"
METAFILE_EXTS = (".emf", ".wmf")
_LIST_MARKER = re.compile(r"^(?:[-*•]|\d+[.)]|[a-zA-Z][.)]|\(\d+\))\s+")
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*\d$", re.I)
_SVG_MARKS = re.compile(r"<(?:rect|path|circle|polyline)\b")


# ---------------------------------------------------------------- the package, read independently


@dataclass
class Source:
    """What word/document.xml holds, read without the reader under test."""

    text: str = ""  # visible text, paragraphs on their own lines
    text_with_toc: str = ""
    charts: list[str] = field(default_factory=list)  # chart parts referenced from the body
    metafiles: list[str] = field(default_factory=list)  # EMF/WMF parts referenced from the body


def read_source(path: Path) -> Source | None:
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.lower(): n for n in zf.namelist()}
            name = names.get("word/document.xml") or next((n for k, n in names.items() if k.endswith("document.xml")), None)
            if name is None:
                return None
            parser = etree.XMLParser(huge_tree=True, recover=True)
            root = etree.fromstring(strict_to_transitional(zf.read(name)), parser)
            rels = _rels(zf, names, name, parser)
            toc_styles = _toc_style_ids(zf, names, parser)
    except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    source = Source()
    source.text, source.text_with_toc = _visible_text(root, toc_styles)
    source.charts, source.metafiles = _references(root, rels)
    return source


def _rels(zf: zipfile.ZipFile, names: dict[str, str], part: str, parser) -> dict[str, str]:
    folder, base = posixpath.split(part)
    rels_name = names.get(posixpath.join(folder, "_rels", base + ".rels").lower())
    if rels_name is None:
        return {}
    root = etree.fromstring(strict_to_transitional(zf.read(rels_name)), parser)
    out = {}
    for rel in root.iter(PKG_RELS) if root is not None else ():
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        out[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return out


def _toc_style_ids(zf: zipfile.ZipFile, names: dict[str, str], parser) -> set[str]:
    name = names.get("word/styles.xml")
    if name is None:
        return set()
    root = etree.fromstring(strict_to_transitional(zf.read(name)), parser)
    out = set()
    for style in root.iter(W + "style") if root is not None else ():
        style_id = style.get(W + "styleId") or ""
        name_el = style.find(W + "name")
        style_name = (name_el.get(W + "val") or "") if name_el is not None else ""
        if _TOC_NAME.match(style_name.strip()) or _TOC_NAME.match(style_id):
            out.add(style_id)
    return out


def _visible_text(root: etree._Element, toc_styles: set[str]) -> tuple[str, str]:
    without, with_toc = [], []
    in_toc = False
    for el in root.iter(W + "t", W + "p"):
        if el.tag == W + "p":
            without.append("\n")
            with_toc.append("\n")
            in_toc = _is_toc_paragraph(el, toc_styles)
            continue
        if _excluded(el):
            continue
        with_toc.append(el.text or "")
        if not in_toc:
            without.append(el.text or "")
    return "".join(without), "".join(with_toc)


def _is_toc_paragraph(p: etree._Element, toc_styles: set[str]) -> bool:
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is not None and style.get(W + "val") in toc_styles:
        return True
    for anc in p.iterancestors(W + "sdt"):
        gallery = anc.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
        if gallery is not None and (gallery.get(W + "val") or "").lower() == "table of contents":
            return True
    return False


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


def _in_fallback(el: etree._Element) -> bool:
    return any(anc.tag == MC_FALLBACK for anc in el.iterancestors())


def _references(root: etree._Element, rels: dict[str, str]) -> tuple[list[str], list[str]]:
    """Chart parts and EMF/WMF parts the body refers to outside mc:Fallback, each once, in order."""
    charts: list[str] = []
    metafiles: list[str] = []
    for el in root.iter(C_CHART, *PICTURE_TAGS):
        if _in_fallback(el):
            continue
        if el.tag == C_CHART:
            target = rels.get(el.get(f"{{{R_NS}}}id") or "")
            if target and target not in charts:
                charts.append(target)
            continue
        for attr in PICTURE_REFS:
            target = rels.get(el.get(attr) or "")
            if target and target.lower().endswith(METAFILE_EXTS) and target not in metafiles:
                metafiles.append(target)
    return charts, metafiles


def visible_text(path: Path) -> str | None:
    """Visible text of word/document.xml (see module doc), paragraphs separated by newlines."""
    source = read_source(path)
    return source.text if source is not None else None


# ---------------------------------------------------------------- metrics


def chars(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in text.casefold() if not ch.isspace())


def recall(truth: str, output: str) -> float | None:
    want = chars(truth)
    total = sum(want.values())
    if total == 0:
        return None
    got = chars(output)
    return sum(min(n, got[ch]) for ch, n in want.items()) / total


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold().translate({ord(ch): None for ch in CHECKBOX_GLYPHS})


def duplicated(paragraphs: list[str], truth: str) -> int:
    """Output paragraphs beyond the number of times the source has them (as a paragraph of its own or
    inside a longer one: a text box's text sits in its anchor paragraph)."""
    squashed_truth = _squash(truth)
    counts = collections.Counter(_squash(p) for p in paragraphs)
    extra = 0
    for p, n in counts.items():
        if len(p) < MIN_DUP_CHARS:
            continue
        allowed = max(1, squashed_truth.count(p))
        extra += max(0, n - allowed)
    return extra


# ---------------------------------------------------------------- readers


@dataclass
class Output:
    ok: bool
    text: str
    paragraphs: list[str]
    elapsed: float
    doc: Document | None = None


def ours(path: Path) -> Output:
    start = time.perf_counter()
    doc = read_docx(path, path.name)
    elapsed = time.perf_counter() - start
    ok = not any(f.severity.value == "error" for f in doc.findings)
    paragraphs = list(_paragraphs(doc.blocks))
    return Output(ok, "\n".join(paragraphs), paragraphs, elapsed, doc)


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


def _all_blocks(doc: Document):
    """Every block of the body and the notes, tables opened."""
    def walk(blocks):
        for b in blocks:
            yield b
            if isinstance(b, Table):
                for row in b.rows:
                    for cell in row.cells:
                        yield from walk(cell.blocks)
    yield from walk(doc.blocks)
    for note in doc.notes.values():
        yield from walk(note)


def pandoc_available() -> bool:
    try:
        import pypandoc  # noqa: F401

        pypandoc.get_pandoc_version()
        return True
    except Exception:  # noqa: BLE001 - optional tool
        return False


def pandoc(path: Path) -> Output:
    import pypandoc

    start = time.perf_counter()
    try:
        text = pypandoc.convert_file(str(path), "plain", format="docx", extra_args=["--wrap=none", "--quiet"])
        ok = True
    except Exception:  # noqa: BLE001 - a failure is what we count
        text, ok = "", False
    elapsed = time.perf_counter() - start
    paragraphs = [_LIST_MARKER.sub("", p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Output(ok, text, paragraphs, elapsed)


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


# ---------------------------------------------------------------- charts


@dataclass
class ChartTally:
    files: int = 0
    in_package: int = 0
    blocks: int = 0
    rendered: int = 0
    lines: list[str] = field(default_factory=list)


def chart_drawn(chart: Chart) -> str:
    """'' when render_blocks draws the chart (SVG with data marks, table with every value), else why not."""
    html = render_blocks((chart,), lambda name: name)
    svg = re.search(r"<svg\b.*?</svg>", html, re.S)
    if svg is None:
        return "页面上没有 SVG"
    try:
        etree.fromstring(svg.group(0).encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        return f"SVG 不是合法 XML（{exc}）"
    values = [v for s in chart.series for v in s.values if v is not None]
    if values and not _SVG_MARKS.search(svg.group(0)):
        return "SVG 中没有数据图形"
    if not values:
        return "图表没有缓存数值"
    table = chart_table_html(chart)
    if table not in html:
        return "页面上没有数据表"
    return ""


def check_charts(rel: str, source: Source, doc: Document, tally: ChartTally) -> None:
    charts = [b for b in _all_blocks(doc) if isinstance(b, Chart)]
    if not source.charts and not charts:
        return
    tally.files += 1
    tally.in_package += len(source.charts)
    tally.blocks += len(charts)
    problems = [chart_drawn(c) for c in charts]
    tally.rendered += sum(1 for p in problems if not p)
    kinds = ", ".join(f"{c.kind}:{len(c.series)}系列×{len(c.categories)}类" for c in charts)
    status = "; ".join(p for p in problems if p) or "全部绘出"
    tally.lines.append(f"    {rel}: 包内 {len(source.charts)} 个，读出 {len(charts)} 个（{kinds}），{status}")


# ---------------------------------------------------------------- EMF / WMF


@dataclass
class MetafileTally:
    files: int = 0
    in_package: int = 0
    in_model: int = 0
    converted: int = 0
    assets: dict[str, Asset] = field(default_factory=dict)  # unique name -> asset, for one conversion run
    wanted: list[tuple[str, str, str]] = field(default_factory=list)  # (file, part, unique asset name or "")
    failures: list[str] = field(default_factory=list)


def collect_metafiles(rel: str, source: Source, doc: Document, tally: MetafileTally) -> None:
    if not source.metafiles:
        return
    tally.files += 1
    tally.in_package += len(source.metafiles)
    shown = {b.asset for b in _all_blocks(doc) if isinstance(b, Image)}
    for part in source.metafiles:
        base = posixpath.basename(part)
        asset = doc.assets.get(base)
        if asset is None or base not in shown:
            tally.wanted.append((rel, part, ""))
            continue
        unique = f"f{len(tally.assets):03d}-{base}"
        tally.assets[unique] = Asset(unique, asset.content_type, asset.data)
        tally.wanted.append((rel, part, unique))


def convert_all(tally: MetafileTally, loose: list[Path]) -> tuple[int, int, list[str], float]:
    """One LibreOffice run for every metafile of the corpus; returns the loose files' tally."""
    loose_assets = {}
    for i, path in enumerate(loose):
        kind = "image/x-wmf" if path.suffix.lower() == ".wmf" else "image/x-emf"
        loose_assets[f"loose{i:03d}-{path.name}"] = Asset(f"loose{i:03d}-{path.name}", kind, path.read_bytes())
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fidelity-metafiles-") as work:
        converted, findings = convert_metafiles([*tally.assets.values(), *loose_assets.values()], Path(work), timeout=600)
    elapsed = time.perf_counter() - start
    reasons = {}
    for finding in findings:
        for name in (*tally.assets, *loose_assets):
            if name in finding.message:
                reasons[name] = finding.message
    general = [f.message for f in findings if not any(n in f.message for n in (*tally.assets, *loose_assets))]
    for rel, part, unique in tally.wanted:
        if not unique:
            tally.failures.append(f"    {rel}: {part} 未进入页面模型（读取器没有为它生成图片块）")
            continue
        tally.in_model += 1
        if unique in converted:
            tally.converted += 1
        else:
            why = reasons.get(unique) or ("；".join(general) or "没有输出")
            tally.failures.append(f"    {rel}: {part} 转换失败：{why}")
    loose_failures = [f"    {name.split('-', 1)[1]}: {reasons.get(name) or '；'.join(general) or '没有输出'}"
                      for name in loose_assets if name not in converted]
    return len(loose_assets) - len(loose_failures), len(loose_assets), loose_failures, elapsed


# ---------------------------------------------------------------- pandoc's expected structures

STRUCTURE_KINDS = ("headings", "lists", "list items", "tables", "notes", "images")
_HASKELL_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NATIVE_PATTERNS = {
    "headings": re.compile(r"\bHeader\s+\d"),
    "tables": re.compile(r"\bTable\b"),
    "notes": re.compile(r"\bNote\s*\["),
    "images": re.compile(r"\bImage\s*\("),
}
_NATIVE_LIST = re.compile(r"\b(?:BulletList|OrderedList)\b")
_TRACK_SUFFIXES = {"_accept": "accept", "_reject": "reject", "_all": "all"}
_PANDOC_SPECIAL = {"image_no_embed": ("image", "accept"), "comments_no_comments": ("comments", "accept"),
                   "comments": ("comments", "all")}


def _closing(text: str, start: int) -> int:
    """Index just past the bracket group opening at text[start] ('[' or '('); strings already blanked."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _list_items(text: str, start: int) -> tuple[int, int]:
    """(items, end) of the list whose constructor ends at `start`: the top-level elements of its
    [[Block]] argument (an OrderedList's attribute tuple is skipped)."""
    i = start
    while i < len(text) and text[i] != "[":
        if text[i] == "(":
            i = _closing(text, i)
        else:
            i += 1
    if i >= len(text):
        return 0, len(text)
    end = _closing(text, i)
    depth, items, seen = 0, 0, False
    for ch in text[i:end]:
        if ch in "[(":
            depth += 1
            if depth == 2 and ch == "[":
                items += 1  # each item is itself a [Block] list
                seen = True
        elif ch in "])":
            depth -= 1
    return (items if seen else 0), end


def native_structures(native: str) -> dict[str, int]:
    """Count pandoc-native constructors: headers, lists (not nested in another list), list items,
    tables, notes, images. String literals are blanked first so that text never counts."""
    text = _HASKELL_STRING.sub('""', native)
    counts = {kind: len(pattern.findall(text)) for kind, pattern in _NATIVE_PATTERNS.items()}
    lists = items = 0
    covered_until = -1
    for m in _NATIVE_LIST.finditer(text):
        n, end = _list_items(text, m.end())
        items += n
        if m.start() >= covered_until:
            lists += 1
            covered_until = end
    counts["lists"], counts["list items"] = lists, items
    return {kind: counts[kind] for kind in STRUCTURE_KINDS}


def _inline_note_refs(inlines) -> int:
    n = 0
    for inline in inlines:
        if isinstance(inline, NoteRef):
            n += 1
        elif isinstance(inline, Link):
            n += _inline_note_refs(inline.children)
    return n


def document_structures(doc: Document) -> dict[str, int]:
    """Our Document counted like native_structures: Heading blocks, runs of labelled paragraphs
    (lists keep their labels as text), labelled paragraphs (items), Table blocks (nested too),
    NoteRef inlines, Image and Chart blocks. Body and notes, tables opened."""
    counts = dict.fromkeys(STRUCTURE_KINDS, 0)

    def walk(blocks, in_notes: bool) -> None:
        previous_item = False
        for b in blocks:
            item = isinstance(b, Paragraph) and bool(b.label)
            if item:
                counts["list items"] += 1
                counts["lists"] += not previous_item
            previous_item = item
            if isinstance(b, Heading):
                counts["headings"] += 1
            elif isinstance(b, (Image, Chart)):
                counts["images"] += 1
            elif isinstance(b, Table):
                counts["tables"] += 1
                for row in b.rows:
                    for cell in row.cells:
                        walk(cell.blocks, in_notes)
            if isinstance(b, (Paragraph, Heading)) and not in_notes:
                counts["notes"] += _inline_note_refs(b.inlines)

    walk(doc.blocks, False)
    for note in doc.notes.values():
        walk(note, True)
    return counts


def pandoc_reader_pairs(folder: Path) -> list[tuple[str, Path, str, str]]:
    """(expectation name, docx, --track-changes value, docx extension flags) for pandoc's reader tests,
    following the corpus README mapping; +styles / +citations expectations and writer-only natives skipped."""
    pairs = []
    for native in sorted(folder.glob("*.native")):
        stem, track, ext = native.stem, "accept", ""
        if stem.startswith(("custom-style-", "custom_style", "compact-style-removal")) or stem.endswith("_citations_plus"):
            continue
        if stem in _PANDOC_SPECIAL:
            base, track = _PANDOC_SPECIAL[stem]
        elif stem.endswith("_citations_minus"):
            base, ext = stem[: -len("_minus")], "-citations"
        else:
            base = stem
            for suffix, value in _TRACK_SUFFIXES.items():
                if stem.endswith(suffix) and not (folder / f"{stem}.docx").exists():
                    base, track = stem[: -len(suffix)], value
        docx = folder / f"{base}.docx"
        if docx.exists():
            pairs.append((stem, docx, track, ext))
    return pairs


def pandoc_native(path: Path, track: str, ext: str) -> str | None:
    import pypandoc

    try:
        return pypandoc.convert_file(str(path), "native", format="docx" + ext,
                                     extra_args=["-s", f"--track-changes={track}", "--quiet"])
    except Exception:  # noqa: BLE001 - a failure counts as nothing matched
        return None


@dataclass
class StructureTally:
    pairs: int = 0
    expected_files: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STRUCTURE_KINDS, 0))
    expected_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STRUCTURE_KINDS, 0))
    files_equal: dict[str, dict[str, int]] = field(default_factory=dict)  # reader -> kind -> files
    matched: dict[str, dict[str, int]] = field(default_factory=dict)  # reader -> kind -> sum of min
    mismatches: list[tuple[int, str, str, int, int]] = field(default_factory=list)  # ours only


def tally_structures(tally: StructureTally, name: str, expected: dict[str, int], got: dict[str, dict[str, int]]) -> None:
    tally.pairs += 1
    for kind in STRUCTURE_KINDS:
        want = expected[kind]
        if want:
            tally.expected_files[kind] += 1
            tally.expected_total[kind] += want
        for reader, counts in got.items():
            have = counts[kind]
            equal = tally.files_equal.setdefault(reader, dict.fromkeys(STRUCTURE_KINDS, 0))
            matched = tally.matched.setdefault(reader, dict.fromkeys(STRUCTURE_KINDS, 0))
            if want:
                equal[kind] += have == want
                matched[kind] += min(have, want)
            if reader == "ours" and have != want:
                tally.mismatches.append((abs(have - want), name, kind, want, have))


def pandoc_structures(corpus: Path, with_pandoc: bool) -> StructureTally | None:
    folder = corpus / "pandoc-docx"
    if not folder.is_dir():
        return None
    tally = StructureTally()
    for name, docx, track, ext in pandoc_reader_pairs(folder):
        expected = native_structures((folder / f"{name}.native").read_text(encoding="utf-8"))
        got = {"ours": document_structures(read_docx(docx, docx.name))}
        if with_pandoc:
            native = pandoc_native(docx, track, ext)
            got["pandoc"] = native_structures(native) if native is not None else dict.fromkeys(STRUCTURE_KINDS, 0)
        tally_structures(tally, name, expected, got)
    return tally


def print_structures(tally: StructureTally, pandoc_version: str) -> None:
    print(f"[ours] pandoc's expected structures (pandoc-docx: {tally.pairs} reader tests, expected .native "
          f"against our Document; files with the same count / files where pandoc expects ≥1; "
          f"items matched = Σ min(ours, expected) / expected):")
    for kind in STRUCTURE_KINDS:
        parts = []
        for reader, label in (("ours", "ours"), ("pandoc", f"pandoc {pandoc_version}")):
            if reader in tally.files_equal:
                parts.append(f"{label} {tally.files_equal[reader][kind]}/{tally.expected_files[kind]} files, "
                             f"{tally.matched[reader][kind]}/{tally.expected_total[kind]} matched")
        print(f"    {kind:<10}: " + "; ".join(parts))
    for diff, name, kind, want, have in sorted(tally.mismatches, key=lambda m: (-m[0], m[1], m[2]))[:10]:
        print(f"    mismatch {name}: {kind} expected {want}, ours {have}")


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
    stats = {name: {"ok": 0, "recall": [], "recall_toc": [], "dups": 0, "dup_files": [], "time": 0.0, "low": [], "toc": []}
             for name in readers}
    chart_tally, metafile_tally = ChartTally(), MetafileTally()
    for path in files:
        source = read_source(path)
        rel = str(path.relative_to(corpus))
        line = [rel]
        for name, reader in readers.items():
            out = reader(path)
            s = stats[name]
            s["ok"] += out.ok
            s["time"] += out.elapsed
            r = recall(source.text, out.text) if source is not None and out.ok else None
            r_toc = recall(source.text_with_toc, out.text) if source is not None and out.ok else None
            if r is not None:
                s["recall"].append(r)
                s["recall_toc"].append(r_toc)
                if r < 0.95:
                    s["low"].append((r, rel))
                if r_toc is not None and r_toc < r - 1e-9:
                    s["toc"].append((r_toc, rel))
            d = duplicated(out.paragraphs, source.text_with_toc if source else "") if out.ok else 0
            s["dups"] += d
            if d:
                s["dup_files"].append((d, rel))
            line.append(f"{name}: ok={out.ok} recall={'-' if r is None else f'{r:.3f}'} dup={d} {out.elapsed * 1000:.0f}ms")
            if name == "ours" and out.doc is not None and source is not None:
                check_charts(rel, source, out.doc, chart_tally)
                collect_metafiles(rel, source, out.doc, metafile_tally)
        if per_file:
            print("  ".join(line))
    print(f"corpus: {corpus} ({len(files)} .docx files)")
    for name, s in stats.items():
        mean = statistics.mean(s["recall"]) if s["recall"] else float("nan")
        mean_toc = statistics.mean(s["recall_toc"]) if s["recall_toc"] else float("nan")
        print(f"[{name}] files without crash: {s['ok']}/{len(files)}; mean text recall: {mean:.4f} over "
              f"{len(s['recall'])} files (table of contents not counted; counted: {mean_toc:.4f}); "
              f"duplicated paragraphs: {s['dups']} in {len(s['dup_files'])} files; total time {s['time']:.1f}s")
        for r, rel in sorted(s["low"])[:12]:
            print(f"    low recall {r:.3f}  {rel}")
        for r, rel in sorted(s["toc"])[:8]:
            print(f"    table of contents left out: recall with it {r:.3f}  {rel}")
        for d, rel in sorted(s["dup_files"], reverse=True)[:8]:
            print(f"    duplicated {d:3d}  {rel}")
    probe = numbering_probe(corpus)
    if probe is not None:
        good, total, misses = probe
        print(f"[ours] CJK numbering probe: {good}/{total} labels as LibreOffice shows them")
        for miss in misses:
            print("    " + miss)
    c = chart_tally
    print(f"[ours] charts referenced from the body: {c.in_package} in {c.files} files; Chart blocks read: {c.blocks}; "
          f"drawn by render_blocks (SVG with data marks + data table): {c.rendered}/{c.in_package}")
    for line in c.lines:
        print(line)
    loose = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in METAFILE_EXTS)
    m = metafile_tally
    loose_ok, loose_total, loose_failures, elapsed = convert_all(m, loose)
    print(f"[ours] EMF/WMF pictures referenced from the body: {m.in_package} in {m.files} files; Image blocks read: "
          f"{m.in_model}; converted to PNG by convert_metafiles (LibreOffice): {m.converted}/{m.in_package} "
          f"({elapsed:.1f}s, one LibreOffice run)")
    for line in m.failures:
        print(line)
    print(f"[ours] loose .emf/.wmf files in the corpus (same run): converted {loose_ok}/{loose_total}")
    for line in loose_failures:
        print(line)
    structures = pandoc_structures(corpus, "pandoc" in readers)
    if structures is not None:
        print_structures(structures, _pandoc_version() if "pandoc" in readers else "")
    return 0


def _pandoc_version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
