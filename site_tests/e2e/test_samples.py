"""The embedded sample inbox regenerates byte for byte and holds everything the product must cope with.

No product code here: the checks read the generated files with zipfile, lxml, python-docx, openpyxl and
Pillow, so a broken sample shows up even before the converters exist.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
INBOX = SAMPLES / "inbox"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {
    "w": W,
    "c": C,
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
FORM_TITLE = "2025年江苏省质量信得过班组建设典型经验申报表"
CAMPAIGN_TITLE = "质量信得过班组建设推进活动统计表"
UTF8_FLAG = 0x800


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Docx:
    source: str  # path in the inbox, "pkg.zip/member" for zip members
    data: bytes

    @property
    def package(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))

    def xml(self, member: str):
        return etree.fromstring(self.package.read(member))

    @property
    def text(self) -> str:
        return "".join(self.xml("word/document.xml").itertext())

    @property
    def all_xml_text(self) -> str:
        """Every XML part as text: body, headers, properties … (for leak checks)."""
        pkg = self.package
        return "\n".join(
            pkg.read(n).decode("utf-8", "replace") for n in pkg.namelist() if n.endswith((".xml", ".rels"))
        )

    @property
    def is_form(self) -> bool:
        return FORM_TITLE in self.text

    @property
    def is_campaign(self) -> bool:
        return CAMPAIGN_TITLE in self.text  # 附件4 推进活动统计表, one per recommending unit


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Decode a member name the way a careful reader must: GBK when the UTF-8 flag is absent."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    return info.filename.encode("cp437").decode("gbk")


def _inbox_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _all_docx(root: Path) -> list[Docx]:
    found: list[Docx] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".docx":
            found.append(Docx(rel, path.read_bytes()))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    name = _zip_name(info)
                    if name.endswith(".docx") and not name.startswith("__MACOSX/"):
                        found.append(Docx(f"{rel}/{name}", zf.read(info)))
    return found


def _all_xlsx(root: Path) -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".xlsx":
            found.append((rel, path.read_bytes()))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                for info in zf.infolist():
                    if _zip_name(info).endswith(".xlsx"):
                        found.append((f"{rel}/{_zip_name(info)}", zf.read(info)))
    return found


@pytest.fixture(scope="module")
def generator():
    return _load_generator()


@pytest.fixture(scope="module")
def experiences(generator):
    return generator.load_experiences()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory, generator) -> Path:
    out = tmp_path_factory.mktemp("samples") / "inbox"
    generator.main(out)
    return out


@pytest.fixture(scope="module")
def documents() -> list[Docx]:
    return _all_docx(INBOX)


@pytest.fixture(scope="module")
def bodies(documents) -> list[Docx]:
    return [d for d in documents if not d.is_form and not d.is_campaign]


@pytest.fixture(scope="module")
def forms(documents) -> list[Docx]:
    return [d for d in documents if d.is_form]


# ---------------------------------------------------------------- determinism


def test_regenerating_gives_byte_identical_inbox(regenerated):
    committed = _inbox_files(INBOX)
    fresh = _inbox_files(regenerated)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in committed if committed[name] != fresh[name]]
    assert changed == []


def test_generator_refuses_to_clear_a_folder_with_foreign_files(tmp_path, generator):
    (tmp_path / "别人的文件.txt").write_text("keep me", "utf-8")
    with pytest.raises(SystemExit):
        generator.main(tmp_path)
    assert (tmp_path / "别人的文件.txt").exists()


def test_office_files_carry_fixed_dates(documents):
    for doc in documents:
        core = doc.package.read("docProps/core.xml").decode()
        assert "2025-06-20T09:00:00Z" in core, doc.source
        assert all(info.date_time == (2025, 6, 20, 9, 0, 0) for info in doc.package.infolist()), doc.source


# ---------------------------------------------------------------- counts and coverage


def test_inbox_holds_twelve_experiences_and_twelve_forms(bodies, forms):
    assert len(bodies) == 12
    assert len(forms) == 12


def test_experiences_span_at_least_six_industry_sections(experiences, forms):
    assert len({e["men_lei"] for e in experiences}) >= 6
    form_text = "\n".join(f.text for f in forms)
    for exp in experiences:
        assert exp["industry_raw"] in form_text, exp["slug"]


def test_each_signature_term_appears_in_exactly_one_body(experiences, bodies):
    readme = (SAMPLES / "README.md").read_text("utf-8")
    for exp in experiences:
        term = exp["signature"]
        holders = [b.source for b in bodies if term in b.text]
        assert len(holders) == 1, (term, holders)
        assert exp["organization"] in holders[0] or exp["subfolder"] in holders[0]
        assert term in readme


def test_titles_include_one_over_length_and_one_off_pattern(experiences):
    lengths = [len(e["title"]) for e in experiences]
    assert sum(1 for n in lengths if n > 30) == 1
    assert all(31 <= n <= 33 for n in lengths if n > 30)
    pattern = re.compile(r"^(实施|运用|推行).+(经验|实践|探索)$")
    assert sum(1 for e in experiences if not pattern.match(e["title"])) >= 1
    assert any(e["team"].endswith("班组") for e in experiences)


def test_parts_stay_within_limits_and_bodies_are_realistic_length(experiences):
    limits = {"overview": 500, "background": 500, "process": 5000, "results": 500}

    def chars(blocks) -> int:
        pieces = []
        for block in blocks:
            for key in ("p", "h", "h3"):
                pieces.append(block.get(key, ""))
            if "table" in block:
                table = block["table"]
                pieces.append(table.get("caption", ""))
                pieces += [str(v) for row in [table["header"], *table["rows"]] for v in row]
            for key in ("image", "chart"):
                pieces.append(block.get(key, {}).get("caption", ""))
        return len(re.sub(r"\s|\*\*", "", "".join(pieces)))

    for exp in experiences:
        counts = {key: chars(exp["parts"][key]) for key in limits}
        assert all(counts[k] <= limits[k] for k in limits), (exp["slug"], counts)
        assert 1700 <= sum(counts.values()) <= 3500, (exp["slug"], counts)


# ---------------------------------------------------------------- archives


def test_suzhou_zip_names_are_gbk_without_utf8_flag():
    with zipfile.ZipFile(INBOX / "苏州市质量协会.zip") as raw:
        assert all(not info.flag_bits & UTF8_FLAG for info in raw.infolist())
        assert not any("苏州" in info.filename for info in raw.infolist())  # cp437 guess is mojibake
    with zipfile.ZipFile(INBOX / "苏州市质量协会.zip", metadata_encoding="gbk") as zf:
        names = zf.namelist()
    assert "苏州市质量协会推荐材料/申报汇总表.xlsx" in names
    assert "苏州市质量协会推荐材料/示例电子-SMT贴片二班/材料一.docx" in names


def test_suzhou_zip_carries_macosx_and_thumbs_junk():
    with zipfile.ZipFile(INBOX / "苏州市质量协会.zip", metadata_encoding="gbk") as zf:
        names = zf.namelist()
    assert any(n.startswith("__MACOSX/") and "/._" in n for n in names)
    assert any(n.endswith("Thumbs.db") for n in names)


def test_power_zip_names_carry_the_utf8_flag():
    with zipfile.ZipFile(INBOX / "江苏省电力行业质量协会.zip") as zf:
        infos = [i for i in zf.infolist() if not i.filename.isascii()]
        assert infos and all(i.flag_bits & UTF8_FLAG for i in infos)
        assert "江南示例供电公司城区配电运维一班/附件1-终稿.docx" in zf.namelist()


def test_stamped_pdfs_are_small_valid_pdfs():
    pdfs = sorted(INBOX.rglob("*盖章*.pdf"))
    assert len(pdfs) >= 2
    for path in pdfs:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
        startxref = int(data.rsplit(b"startxref", 1)[1].split()[0])
        assert data[startxref:startxref + 4] == b"xref"


# ---------------------------------------------------------------- the 典型经验 documents


def test_native_charts_have_filled_caches_and_are_wired_in(bodies):
    charted = [b for b in bodies if "word/charts/chart1.xml" in b.package.namelist()]
    assert len(charted) >= 2
    for doc in charted:
        chart = doc.xml("word/charts/chart1.xml")
        assert chart.find(".//c:barChart", NS) is not None
        series = chart.findall(".//c:ser", NS)
        assert [s.findtext("c:tx//c:v", namespaces=NS) for s in series] == ["改善前", "改善后"]
        for ser in series:
            cats = ser.findall("c:cat/c:strRef/c:strCache/c:pt/c:v", NS)
            vals = ser.findall("c:val/c:numRef/c:numCache/c:pt/c:v", NS)
            count = int(ser.find("c:cat/c:strRef/c:strCache/c:ptCount", NS).get("val"))
            assert len(cats) == len(vals) == count >= 2
            assert all(float(v.text) >= 0 for v in vals)
        rels = doc.xml("word/_rels/document.xml.rels")
        chart_rels = [r for r in rels.findall("rel:Relationship", NS) if r.get("Type") == CHART_REL]
        assert "charts/chart1.xml" in [r.get("Target") for r in chart_rels]
        types = doc.xml("[Content_Types].xml")
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.findall("ct:Override", NS)}
        assert overrides["/word/charts/chart1.xml"] == CHART_CT
        body = doc.xml("word/document.xml")
        refs = body.findall(".//a:graphicData[@uri='http://schemas.openxmlformats.org/drawingml/2006/chart']/c:chart", NS)
        assert {r.get(f"{{{NS['r']}}}id") for r in refs} <= {r.get("Id") for r in chart_rels}
        assert refs


def test_two_documents_number_part_titles_with_chinese_counting(bodies):
    numbered = []
    for doc in bodies:
        if "word/numbering.xml" not in doc.package.namelist():
            continue
        numbering = doc.xml("word/numbering.xml")
        levels = [
            (lvl.find("w:numFmt", NS).get(f"{{{W}}}val"), lvl.find("w:lvlText", NS).get(f"{{{W}}}val"))
            for lvl in numbering.iter(f"{{{W}}}lvl")
        ]
        if ("chineseCounting", "%1、") in levels:
            numbered.append(doc)
            assert "一、班组概况" not in doc.text and "班组概况" in doc.text
            assert any(fmt == "chineseCounting" and text.startswith("（") for fmt, text in levels)
    assert len(numbered) >= 2


def test_merged_cells_use_gridspan_and_vmerge_in_two_documents(bodies):
    both = [
        b for b in bodies
        if b.xml("word/document.xml").find(".//w:tbl//w:gridSpan", NS) is not None
        and b.xml("word/document.xml").find(".//w:tbl//w:vMerge", NS) is not None
    ]
    assert len(both) >= 2


def test_pictures_are_photos_some_floating_some_with_gps_exif(bodies):
    floating, with_gps = 0, 0
    for doc in bodies:
        body = doc.xml("word/document.xml")
        blips = body.findall(".//a:blip", NS)
        assert 2 <= len(blips) <= 4, (doc.source, len(blips))
        floating += len(body.findall(".//wp:anchor", NS))
        assert any(p.get("descr") for p in body.findall(".//wp:docPr", NS)), doc.source
        for name in doc.package.namelist():
            if name.startswith("word/media/"):
                data = doc.package.read(name)
                image = Image.open(io.BytesIO(data))
                assert image.format == "JPEG" and image.size == (1600, 1200)
                assert 120_000 <= len(data) <= 350_000, (doc.source, name, len(data))
                gps = image.getexif().get_ifd(0x8825)
                if gps:
                    with_gps += 1
                    assert image.getexif().get(0x0110)  # camera model
    assert floating >= 1
    assert with_gps >= 1


def test_captions_follow_pictures_and_some_tables(bodies):
    texts = "\n".join(b.text for b in bodies)
    assert re.search(r"图1\u3000", texts) and re.search(r"表1\u3000", texts)


# ---------------------------------------------------------------- forms, summaries, contact data


def test_forms_are_one_six_column_table_with_merged_value_cells(forms):
    for form in forms:
        tables = form.xml("word/document.xml").findall(".//w:tbl", NS)
        assert len(tables) == 1
        grid = tables[0].findall("w:tblGrid/w:gridCol", NS)
        assert len(grid) == 6
        spans = [int(s.get(f"{{{W}}}val")) for s in tables[0].iter(f"{{{W}}}gridSpan")]
        assert spans.count(5) == 3 and spans.count(3) == 5, form.source


def test_exactly_one_form_title_differs_from_its_experience(experiences, forms):
    differing = [e for e in experiences if e.get("form_title", e["title"]) != e["title"]]
    assert len(differing) == 1
    exp = differing[0]
    assert any(exp["form_title"] in f.text for f in forms)


def test_contact_data_lives_only_in_forms_and_summaries(experiences, bodies, forms):
    body_text = "\n".join(b.all_xml_text for b in bodies)
    form_text = "\n".join(f.text for f in forms)
    for exp in experiences:
        contact = exp["contact"]
        for key in ("person", "mobile", "phone", "credit_code", "address"):
            assert contact[key] in form_text, (exp["slug"], key)
            assert contact[key] not in body_text, (exp["slug"], key)
        assert contact["email"] not in body_text
    assert not re.search(r"1[3-9]\d{9}", body_text)
    assert "@example.com" not in body_text


def test_one_summary_per_package_and_exactly_one_not_selected(experiences):
    books = _all_xlsx(INBOX)
    assert len(books) == 5
    results, emails = [], 0
    for source, data in books:
        ws = load_workbook(io.BytesIO(data)).active
        assert ws["A1"].value == "2025年江苏省质量信得过班组建设典型经验申报汇总表", source
        assert "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}
        assert str(ws["A2"].value).startswith("推荐单位：")
        header = [str(c.value).strip() for c in ws[3]]
        assert header[0] == "序号" and "经验名称" in header and "评审结果" in header, source
        for row in ws.iter_rows(min_row=4, values_only=True):
            results.append(row[header.index("评审结果")])
            emails += sum(1 for v in row if isinstance(v, str) and v.endswith("@example.com"))
    assert len(results) == 12
    assert results.count("未入选") == 1 and results.count("入选") == 11
    assert emails == 3  # the Suzhou summary has an extra 电子邮箱 column
    assert [e["slug"] for e in experiences if e.get("review") == "未入选"] == ["06-chemical-tpm"]
