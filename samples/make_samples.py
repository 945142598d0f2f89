"""Generate the embedded sample inbox: 12 fictional 典型经验 as a provincial association receives them.

Run ``.venv/bin/python samples/make_samples.py [OUT]`` (default ``samples/inbox``). The output is
deterministic: fixed document properties and zip timestamps, seeded pictures, no clock reads, so
running it twice gives byte-identical files.

Prose and metadata live in ``samples/texts/NN-*.yml`` (one experience each); how the experiences
are packed (folders, GBK/UTF-8 zips, summary workbooks, stamped PDFs) in ``samples/texts/packages.yml``.
Everything here is fictional: organisations carry 示例/示范/样例, people are 某示例, phones and
e-mails are fake.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import sys
import zipfile
from pathlib import Path

import yaml
from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
DEFAULT_OUT = HERE / "inbox"

# One instant for every date the files carry (document properties, zip members).
FIXED_ZIP_TIME = (2025, 6, 20, 9, 0, 0)
FIXED_W3CDTF = "2025-06-20T09:00:00Z"

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FORM_TITLE = "2025年江苏省质量信得过班组建设典型经验申报表"
SUMMARY_TITLE = "2025年江苏省质量信得过班组建设典型经验申报汇总表"
FORM_COLUMN_WIDTHS_CM = (2.6, 3.6, 2.6, 2.4, 2.0, 2.4)  # label, value, label, value … over 15.6 cm
SUMMARY_HEADER = ["序号", "推荐单位", "组织名称", "班组名称", "经验名称", "所属行业", "联系人", "手机", "评审结果"]


# ====================================================================== loading


def load_experiences(texts: Path = TEXTS) -> list[dict]:
    """All experience records, in file-name order (01-…, 02-…)."""
    return [yaml.safe_load(p.read_text("utf-8")) for p in sorted(texts.glob("[0-9][0-9]-*.yml"))]


def load_packages(texts: Path = TEXTS) -> list[dict]:
    return yaml.safe_load((texts / "packages.yml").read_text("utf-8"))["packages"]


# ====================================================================== pictures


def _vertical_gradient(draw: ImageDraw.ImageDraw, box, top, bottom) -> None:
    x0, y0, x1, y1 = box
    span = max(1, y1 - y0)
    for y in range(y0, y1, 4):
        t = (y - y0) / span
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        draw.rectangle([x0, y, x1, y + 4], fill=colour)


def _jitter(rng: random.Random, colour, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def _scene_workshop(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h // 2), (205, 210, 215), (170, 175, 180))
    _vertical_gradient(d, (0, h // 2, w, h), (120, 128, 120), (80, 88, 82))
    for x in range(0, w, 220):  # yellow safety lanes
        d.polygon([(x, h), (x + 60, h), (w // 2 + (x - w // 2) // 4 + 12, h // 2), (w // 2 + (x - w // 2) // 4, h // 2)], fill=(214, 178, 40))
    for i in range(5):  # machines
        x = 80 + i * 300 + rng.randint(-20, 20)
        top = 360 + rng.randint(-40, 40)
        d.rectangle([x, top, x + 230, top + 320], fill=_jitter(rng, (70, 110, 150)))
        d.rectangle([x + 20, top + 30, x + 120, top + 110], fill=(30, 40, 50))
        d.rectangle([x + 140, top + 40, x + 210, top + 60], fill=(40, 180, 70))
        d.ellipse([x + 150, top + 80, x + 200, top + 130], fill=(230, 60, 50))
    for i in range(3):  # people in work clothes
        x = 300 + i * 420 + rng.randint(-40, 40)
        d.ellipse([x, 640, x + 60, 700], fill=(235, 200, 170))
        d.rectangle([x - 15, 700, x + 75, 900], fill=(30, 70, 140))
        d.ellipse([x - 5, 620, x + 65, 660], fill=(250, 200, 0))


def _scene_board(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (225, 220, 205), (190, 185, 170))
    d.rectangle([120, 110, w - 120, h - 220], fill=(250, 250, 248), outline=(90, 90, 90), width=14)
    d.rectangle([120, 110, w - 120, 200], fill=(20, 80, 160))
    base = h - 320
    for i in range(7):  # Pareto bars, descending
        height = int((7 - i) * 62 + rng.randint(0, 25))
        d.rectangle([200 + i * 80, base - height, 260 + i * 80, base], fill=(40, 110, 190))
    points, total = [], 0
    for i in range(7):
        total += (7 - i)
        points.append((230 + i * 80, base - int(total / 28 * 440)))
    d.line(points, fill=(220, 60, 40), width=8)
    for i in range(6):  # control chart
        y = 360 + rng.randint(-60, 60)
        d.ellipse([900 + i * 90, y, 918 + i * 90, y + 18], fill=(30, 30, 30))
    d.line([(880, 300), (1420, 300)], fill=(200, 40, 40), width=4)
    d.line([(880, 450), (1420, 450)], fill=(200, 40, 40), width=4)
    for i in range(5):
        d.rectangle([900 + i * 100, 560, 980 + i * 100, 640], fill=_jitter(rng, (250, 220, 90), 30))


def _scene_meeting(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (235, 235, 230), (200, 196, 190))
    d.rectangle([200, 120, 1400, 520], fill=(245, 245, 245), outline=(120, 120, 120), width=8)
    for i in range(4):
        d.rectangle([260 + i * 280, 200, 480 + i * 280, 440], outline=(40, 90, 170), width=6)
    d.ellipse([250, 700, 1350, 1050], fill=(150, 100, 60))
    for i in range(8):
        x = 280 + i * 135 + rng.randint(-10, 10)
        y = 600 if i % 2 else 1060
        d.ellipse([x, y, x + 70, y + 70], fill=(60, 50, 45))
        d.rectangle([x - 20, y + 70, x + 90, y + 180], fill=_jitter(rng, (60, 80, 110), 30))


def _scene_construction(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h * 2 // 3), (140, 190, 235), (210, 225, 240))
    _vertical_gradient(d, (0, h * 2 // 3, w, h), (160, 140, 110), (120, 100, 80))
    for floor in range(6):  # concrete frame
        y = 760 - floor * 100
        d.rectangle([400, y, 1200, y + 16], fill=(150, 150, 150))
        for col in range(6):
            d.rectangle([400 + col * 155, y, 414 + col * 155, y + 100], fill=(140, 140, 140))
    d.rectangle([1300, 120, 1330, 800], fill=(230, 180, 30))  # tower crane
    d.rectangle([900, 120, 1550, 145], fill=(230, 180, 30))
    for i in range(14):  # rebar bundles
        x = 200 + i * 18
        d.line([(x, 980), (x + 500, 900)], fill=(120, 60, 40), width=6)
    for i in range(3):
        x = 600 + i * 200 + rng.randint(-20, 20)
        d.ellipse([x, 860, x + 55, 900], fill=(240, 120, 20))
        d.rectangle([x - 5, 900, x + 60, 1060], fill=(200, 90, 20))


def _scene_pharmacy(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (240, 244, 246), (205, 212, 218))
    for row in range(5):
        y = 120 + row * 150
        d.rectangle([100, y + 120, 1500, y + 132], fill=(170, 170, 175))
        for i in range(24):
            x = 120 + i * 57
            d.rectangle([x, y + 40, x + 45, y + 120], fill=_jitter(rng, (230, 230, 235), 25))
            d.rectangle([x, y + 40, x + 45, y + 60], fill=_jitter(rng, (60, 140, 200), 60))
    d.rectangle([0, 900, w, h], fill=(235, 235, 235))
    d.ellipse([700, 760, 780, 840], fill=(240, 210, 190))
    d.rectangle([670, 840, 810, 1000], fill=(250, 250, 250))


def _scene_substation(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h * 3 // 5), (120, 170, 225), (200, 220, 240))
    _vertical_gradient(d, (0, h * 3 // 5, w, h), (110, 140, 90), (80, 105, 70))
    for i in range(4):  # pylons
        x = 150 + i * 400
        d.polygon([(x, 800), (x + 120, 800), (x + 60, 180)], outline=(90, 90, 100), width=8)
        d.line([(x - 40, 300), (x + 160, 300)], fill=(90, 90, 100), width=8)
    for k in range(3):
        d.line([(0, 310 + k * 20), (w, 300 + k * 25)], fill=(50, 50, 55), width=3)
    d.rectangle([600, 820, 1000, 1000], fill=(200, 200, 195))
    d.ellipse([1180, 820, 1240, 880], fill=(240, 200, 170))
    d.rectangle([1160, 880, 1260, 1060], fill=(20, 60, 130))
    d.rectangle([1150, 800, 1270, 830], fill=_jitter(rng, (240, 240, 240), 5))


def _scene_counter(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (230, 228, 220), (190, 186, 176))
    d.rectangle([0, 650, w, 820], fill=(140, 40, 40))
    for i in range(5):
        x = 80 + i * 310
        d.rectangle([x, 300, x + 250, 640], fill=(245, 245, 245), outline=(150, 150, 150), width=6)
        d.rectangle([x + 60, 480, x + 190, 640], fill=(40, 40, 45))
        d.ellipse([x + 100, 380, x + 150, 430], fill=(240, 205, 180))
    for i in range(6):
        x = 120 + i * 240 + rng.randint(-20, 20)
        d.ellipse([x, 900, x + 60, 960], fill=(50, 40, 35))
        d.rectangle([x - 15, 960, x + 75, 1160], fill=_jitter(rng, (90, 90, 120), 50))


def _scene_plant(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h // 2), (150, 185, 215), (215, 225, 235))
    _vertical_gradient(d, (0, h // 2, w, h), (140, 140, 140), (100, 100, 100))
    for i in range(3):  # reactors / tanks
        x = 200 + i * 420
        d.rectangle([x, 300, x + 240, 820], fill=_jitter(rng, (200, 200, 205)))
        d.ellipse([x, 250, x + 240, 350], fill=(210, 210, 215))
    for k in range(5):  # pipe racks
        y = 500 + k * 60
        d.rectangle([0, y, w, y + 22], fill=_jitter(rng, (200, 120, 40), 40))
    d.rectangle([1380, 150, 1440, 900], fill=(180, 60, 50))


def _scene_rail(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (200, 200, 198), (120, 118, 115))
    for i in range(12):  # sleepers in perspective
        y = 600 + i * 50
        spread = 200 + i * 60
        d.rectangle([w // 2 - spread, y, w // 2 + spread, y + 18], fill=(90, 75, 60))
    d.line([(w // 2 - 80, 600), (w // 2 - 520, h)], fill=(160, 160, 170), width=14)
    d.line([(w // 2 + 80, 600), (w // 2 + 520, h)], fill=(160, 160, 170), width=14)
    for i in range(2):  # wheelsets
        x = 280 + i * 760
        d.ellipse([x, 260, x + 280, 540], fill=(60, 60, 65), outline=(180, 180, 185), width=18)
        d.ellipse([x + 110, 370, x + 170, 430], fill=(200, 200, 205))
    d.rectangle([560, 385, 1040, 415], fill=(150, 150, 155))
    d.ellipse([760, 620, 820, 680], fill=_jitter(rng, (240, 205, 180), 5))
    d.rectangle([740, 680, 840, 860], fill=(230, 110, 20))


def _scene_tower(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (95, 150, 215), (220, 230, 240))
    d.polygon([(700, 1100), (900, 1100), (820, 150), (780, 150)], outline=(120, 120, 125), width=10)
    for k in range(8):
        y = 250 + k * 105
        d.line([(790 - k * 12, y), (810 + k * 12, y + 100)], fill=(120, 120, 125), width=5)
    for side in (-1, 1):
        for k in range(3):
            x = 800 + side * 70
            d.rectangle([min(x, x + side * 40), 200 + k * 80, max(x, x + side * 40), 260 + k * 80], fill=(235, 235, 235))
    d.rectangle([0, 1100, w, h], fill=(90, 120, 70))
    d.rectangle([1100, 950, 1400, 1120], fill=_jitter(rng, (210, 210, 205), 10))


def _scene_water(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h // 3), (150, 190, 230), (210, 228, 240))
    _vertical_gradient(d, (0, h // 3, w, h), (150, 150, 145), (110, 110, 105))
    for i in range(3):  # sedimentation basins
        x = 80 + i * 510
        d.rectangle([x, 520, x + 460, 1000], fill=(170, 170, 165))
        _vertical_gradient(d, (x + 20, 540, x + 440, 980), _jitter(rng, (60, 120, 130), 10), (40, 95, 105))
    for k in range(4):
        d.line([(0, 460 + k * 14), (w, 460 + k * 14)], fill=(60, 100, 160), width=6)


def _scene_certificate(d, rng, w, h):
    _vertical_gradient(d, (0, 0, w, h), (120, 70, 50), (80, 45, 30))
    d.rectangle([240, 160, 1360, 1040], fill=(170, 20, 30))
    d.rectangle([300, 220, 1300, 980], fill=(250, 240, 215), outline=(200, 160, 60), width=12)
    for k in range(7):
        d.rectangle([420, 420 + k * 60, 1180 - rng.randint(0, 200), 440 + k * 60], fill=(120, 110, 100))
    d.rectangle([620, 280, 980, 350], fill=(200, 150, 50))


SCENES = {
    "workshop": _scene_workshop,
    "board": _scene_board,
    "meeting": _scene_meeting,
    "construction": _scene_construction,
    "pharmacy": _scene_pharmacy,
    "substation": _scene_substation,
    "counter": _scene_counter,
    "plant": _scene_plant,
    "rail": _scene_rail,
    "tower": _scene_tower,
    "water": _scene_water,
    "certificate": _scene_certificate,
}


def _photo_exif(gps: dict) -> bytes:
    """EXIF a phone camera would write: make, model, time and a GPS fix (the product strips it)."""
    exif = Image.Exif()
    exif[0x010F] = "SampleCam"  # Make
    exif[0x0110] = "SC-2025 Pro"  # Model
    exif[0x0132] = "2025:05:12 09:30:00"  # DateTime
    ifd = exif.get_ifd(0x8825)  # GPS IFD
    ifd[1] = gps.get("lat_ref", "N")
    ifd[2] = tuple(float(v) for v in gps["lat"])
    ifd[3] = gps.get("lon_ref", "E")
    ifd[4] = tuple(float(v) for v in gps["lon"])
    return exif.tobytes()


def make_photo(scene: str, seed: int, gps: dict | None = None, size=(1600, 1200)) -> bytes:
    """A plausible JPEG 'photo' drawn from shapes, with seeded sensor grain so it weighs like one."""
    rng = random.Random(seed)
    img = Image.new("RGB", size, (200, 200, 200))
    SCENES[scene](ImageDraw.Draw(img), rng, *size)
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    w, h = size
    grain = [
        Image.frombytes("L", size, rng.randbytes(w * h)).point(lambda v: v * 22 // 255)
        for _ in range(3)
    ]
    img = ImageChops.add(img, Image.merge("RGB", grain), scale=1.0, offset=-11)
    out = io.BytesIO()
    extra = {"exif": _photo_exif(gps)} if gps else {}
    img.save(out, "JPEG", quality=80, **extra)
    return out.getvalue()


# ====================================================================== docx helpers


_MARKUP = re.compile(r"(\*\*.+?\*\*|\^.+?\^|~.+?~)")


def add_rich_text(paragraph, text: str, size: float | None = None, bold: bool = False) -> None:
    """Runs from a tiny markup: **bold**, ^superscript^, ~subscript~."""
    for piece in _MARKUP.split(text):
        if not piece:
            continue
        run_bold, sup, sub = bold, False, False
        if piece.startswith("**"):
            piece, run_bold = piece[2:-2], True
        elif piece.startswith("^"):
            piece, sup = piece[1:-1], True
        elif piece.startswith("~"):
            piece, sub = piece[1:-1], True
        run = paragraph.add_run(piece)
        if run_bold:
            run.bold = True
        if sup:
            run.font.superscript = True
        if sub:
            run.font.subscript = True
        if size:
            run.font.size = Pt(size)


def set_east_asian_font(style_or_run, name: str) -> None:
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def setup_page(doc, font: str, size: float) -> None:
    """A4 portrait with Chinese official margins and the body font authors pick."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size)
    set_east_asian_font(normal, font)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        set_east_asian_font(doc.styles[name], "黑体")


def fixed_core_properties(doc) -> None:
    props = doc.core_properties
    props.author = "Administrator"
    props.last_modified_by = "Administrator"
    props.revision = 3
    props.title = ""
    props.comments = ""


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd xmlns:w="{NS_W}" w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def mark_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:tblHeader xmlns:w="{NS_W}"/>'))


# ---------------------------------------------------------------- numbering


def _lvl(ilvl: int, fmt: str, text: str, indent_twips: int) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent_twips}" w:firstLine="0"/></w:pPr></w:lvl>'
    )


class Numbering:
    """Adds Word auto-numbering definitions (abstractNum + num) to a document's numbering part."""

    def __init__(self, doc, first_id: int = 20):
        self.root = doc.part.numbering_part.element
        self.next_id = first_id

    def _insert_abstract(self, xml: str) -> int:
        abstract_id = self.next_id
        self.next_id += 1
        element = parse_xml(xml.replace("ABSTRACT_ID", str(abstract_id)))
        nums = self.root.findall(qn("w:num"))
        # Schema order: every abstractNum precedes every num.
        if nums:
            nums[0].addprevious(element)
        else:
            self.root.append(element)
        return abstract_id

    def add_num(self, abstract_id: int, restart: bool = False) -> int:
        num_id = self.next_id
        self.next_id += 1
        override = (
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        )
        self.root.append(parse_xml(
            f'<w:num xmlns:w="{NS_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        ))
        return num_id

    def multilevel(self) -> int:
        """一、 / （一） / 1. in one list, as Word's outline numbering makes it."""
        levels = (
            _lvl(0, "chineseCounting", "%1、", 0)
            + _lvl(1, "chineseCounting", "（%2）", 0)
            + _lvl(2, "decimal", "%3.", 420)
        )
        return self._insert_abstract(
            f'<w:abstractNum xmlns:w="{NS_W}" w:abstractNumId="ABSTRACT_ID">'
            f'<w:nsid w:val="5A3C{self.next_id:04X}"/><w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )

    def single_level(self, fmt: str, text: str) -> int:
        return self._insert_abstract(
            f'<w:abstractNum xmlns:w="{NS_W}" w:abstractNumId="ABSTRACT_ID">'
            f'<w:nsid w:val="6B4D{self.next_id:04X}"/><w:multiLevelType w:val="singleLevel"/>'
            f'{_lvl(0, fmt, text, 0)}</w:abstractNum>'
        )


def set_num(paragraph, num_id: int, ilvl: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


_TYPED_LABEL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])\s*")


def strip_typed_label(text: str) -> str:
    return _TYPED_LABEL.sub("", text, count=1)


# ---------------------------------------------------------------- drawings


def to_anchor(inline, align: str = "center") -> None:
    """Turn python-docx's inline picture into a floating one (wp:anchor, wrapped top and bottom)."""
    anchor = parse_xml(
        f'<wp:anchor xmlns:wp="{NS_WP}" distT="0" distB="0" distL="114300" distR="114300" simplePos="0"'
        ' relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:align>{align}</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '</wp:anchor>'
    )
    children = {child.tag: child for child in inline}
    anchor.append(children[qn("wp:extent")])
    effect = children.get(qn("wp:effectExtent"))
    anchor.append(effect if effect is not None else parse_xml(
        f'<wp:effectExtent xmlns:wp="{NS_WP}" l="0" t="0" r="0" b="0"/>'
    ))
    anchor.append(parse_xml(f'<wp:wrapTopAndBottom xmlns:wp="{NS_WP}"/>'))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(children[qn(tag)])
    inline.getparent().replace(inline, anchor)


def chart_xml(spec: dict) -> bytes:
    """A clustered bar/column chart part with its category and value caches filled."""
    categories = [str(c) for c in spec["categories"]]
    n = len(categories)
    colours = ["A5A5A5", "2E75B6", "ED7D31", "70AD47"]
    last_row = n + 1

    def col_letter(i: int) -> str:
        return "ABCDEFGH"[i]

    cat_pts = "".join(f'<c:pt idx="{i}"><c:v>{_xml_escape(c)}</c:v></c:pt>' for i, c in enumerate(categories))
    series_xml = []
    for s_index, (name, values) in enumerate(spec["series"].items()):
        col = col_letter(s_index + 1)
        val_pts = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values))
        series_xml.append(
            f'<c:ser><c:idx val="{s_index}"/><c:order val="{s_index}"/>'
            f'<c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val="1"/>'
            f'<c:pt idx="0"><c:v>{_xml_escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{colours[s_index % 4]}"/></a:solidFill></c:spPr>'
            '<c:invertIfNegative val="0"/>'
            '<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
            f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last_row}</c:f><c:strCache>'
            f'<c:ptCount val="{n}"/>{cat_pts}</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${last_row}</c:f><c:numCache>'
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{val_pts}</c:numCache></c:numRef></c:val>'
            '</c:ser>'
        )
    bar_dir = "bar" if spec.get("kind") == "bar" else "col"
    cat_pos, val_pos = ("l", "b") if bar_dir == "bar" else ("b", "l")
    title = _xml_escape(spec["title"])
    axis_title = spec.get("axis_title", "")
    val_title = (
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{_xml_escape(axis_title)}</a:t></a:r></a:p>'
        '</c:rich></c:tx><c:overlay val="0"/></c:title>' if axis_title else ""
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        '<c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="zh-CN" sz="1400" b="1"/><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/>'
        f'<c:barChart><c:barDir val="{bar_dir}"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        + "".join(series_xml)
        + '<c:gapWidth val="150"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>'
        f'<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{cat_pos}"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{val_pos}"/><c:majorGridlines/>{val_title}'
        '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1000"><a:ea typeface="宋体"/></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>'
        '</c:chartSpace>'
    )
    return xml.encode("utf-8")


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def add_chart(doc, spec: dict, chart_no: int) -> None:
    """Add word/charts/chartN.xml, relate it to the document and place it inline in a centred paragraph."""
    part = Part(PackURI(f"/word/charts/chart{chart_no}.xml"), CT_CHART, chart_xml(spec), doc.part.package)
    r_id = doc.part.relate_to(part, RT.CHART)
    shape_id = doc.part.next_id
    cx, cy = Cm(15), Cm(8.5)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run._r.append(parse_xml(
        f'<w:drawing xmlns:w="{NS_W}" xmlns:wp="{NS_WP}" xmlns:a="{NS_A}" xmlns:c="{NS_C}" xmlns:r="{NS_R}">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="图表 {chart_no}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{r_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    ))


# ====================================================================== the 典型经验 document


class ExperienceWriter:
    """Writes one 典型经验 .docx in the shape its YAML asks for (title, part titles, captions …)."""

    def __init__(self, exp: dict, gps: dict | None):
        self.exp = exp
        self.shape = exp.get("shape", {})
        self.gps = gps
        self.doc = new_document()
        self.font = self.shape.get("body_font", "仿宋_GB2312")
        self.size = float(self.shape.get("body_size", 14))
        setup_page(self.doc, self.font, self.size)
        fixed_core_properties(self.doc)
        self.numbering = Numbering(self.doc)
        self.num_multi = None
        self.num_parts = self.num_subs_abstract = self.num_subs = None
        mode = self.shape.get("parts", "heading")
        if mode == "numbered_multilevel":
            self.num_multi = self.numbering.add_num(self.numbering.multilevel())
        elif mode == "numbered_separate":
            self.num_parts = self.numbering.add_num(self.numbering.single_level("chineseCounting", "%1、"))
            self.num_subs_abstract = self.numbering.single_level("chineseCounting", "（%1）")
        self.picture_seed = exp["seed"] * 100
        self.chart_no = 0

    # ------------------------------------------------------------ top matter

    def write(self) -> bytes:
        self.write_title()
        part_titles = ["班组概况", "实施背景", "实施过程", "实施效果"]
        keys = ["overview", "background", "process", "results"]
        offset = 1 if self.shape.get("title") == "heading_then_title" else 0
        for index, (key, title) in enumerate(zip(keys, part_titles)):
            self.write_part_title(title, index + offset)
            for block in self.exp["parts"][key]:
                self.write_block(block)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def write_title(self) -> None:
        exp, mode = self.exp, self.shape.get("title", "bold")
        title = exp["title"]
        if mode == "style":
            paragraph = self.doc.add_paragraph(style="Title")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_rich_text(paragraph, title, size=22)
        elif mode == "label":
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_rich_text(paragraph, f"经验名称：{title}", size=18, bold=True)
        elif mode == "heading_then_title":
            # Authors who number 经验名称 as the first of five parts, as the notice lists them.
            self.write_part_title("经验名称", 0)
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_rich_text(paragraph, title, size=18, bold=True)
        else:  # "bold": a plain centred paragraph in 小二号 bold
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_rich_text(paragraph, title, size=18, bold=True)
            set_east_asian_font(paragraph.runs[0], "方正小标宋简体")
        if self.shape.get("org_line"):
            line = self.doc.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_rich_text(line, f"组织名称：{exp['organization']}　班组名称：{exp['team']}", size=self.size - 2)

    # ------------------------------------------------------------ headings

    def write_part_title(self, title: str, index: int) -> None:
        mode = self.shape.get("parts", "heading")
        typed = f"{'一二三四五'[index]}、{title}"
        if mode == "heading":
            paragraph = self.doc.add_paragraph(style="Heading 1")
            paragraph.add_run(typed)
        elif mode == "bold":
            paragraph = self.doc.add_paragraph()
            add_rich_text(paragraph, typed, size=self.size + 2, bold=True)
            set_east_asian_font(paragraph.runs[0], "黑体")
        elif mode == "arabic":
            paragraph = self.doc.add_paragraph()
            add_rich_text(paragraph, f"{index + 1}. {title}", size=self.size + 1, bold=True)
        elif mode == "numbered_multilevel":
            paragraph = self.doc.add_paragraph(style="Heading 1")
            paragraph.add_run(title)
            set_num(paragraph, self.num_multi, 0)
        elif mode == "numbered_separate":
            paragraph = self.doc.add_paragraph()
            add_rich_text(paragraph, title, size=self.size + 2, bold=True)
            set_num(paragraph, self.num_parts, 0)
            # Word starts a new list instance (restart at 一) for the （一） headings of each part.
            self.num_subs = self.numbering.add_num(self.num_subs_abstract, restart=True)
        else:
            raise ValueError(f"unknown parts mode {mode!r}")

    def write_sub_heading(self, text: str, level: int) -> None:
        mode = self.shape.get("parts", "heading")
        subs = self.shape.get("subs", "bold")
        if mode == "numbered_multilevel":
            style = "Heading 2" if level == 2 else None
            paragraph = self.doc.add_paragraph(style=style)
            add_rich_text(paragraph, strip_typed_label(text), bold=level == 3)
            set_num(paragraph, self.num_multi, level - 1)
            return
        if mode == "numbered_separate" and level == 2:
            paragraph = self.doc.add_paragraph()
            add_rich_text(paragraph, strip_typed_label(text), bold=True)
            set_num(paragraph, self.num_subs, 0)
            return
        if subs == "heading":
            paragraph = self.doc.add_paragraph(style=f"Heading {level}")
            paragraph.add_run(text)
        else:
            paragraph = self.doc.add_paragraph()
            add_rich_text(paragraph, text, bold=subs == "bold" or level == 2)
            if self.shape.get("indent", True):
                paragraph.paragraph_format.first_line_indent = Pt(self.size * 2)

    # ------------------------------------------------------------ blocks

    def write_block(self, block: dict) -> None:
        if "p" in block:
            paragraph = self.doc.add_paragraph()
            add_rich_text(paragraph, block["p"])
            if self.shape.get("indent", True):
                paragraph.paragraph_format.first_line_indent = Pt(self.size * 2)
        elif "h" in block:
            self.write_sub_heading(block["h"], 2)
        elif "h3" in block:
            self.write_sub_heading(block["h3"], 3)
        elif "table" in block:
            self.write_table(block["table"])
        elif "image" in block:
            self.write_image(block["image"])
        elif "chart" in block:
            self.write_chart(block["chart"])
        else:
            raise ValueError(f"unknown block {block!r}")

    def write_caption(self, text: str) -> None:
        style = "Caption" if self.shape.get("caption_style") == "Caption" else None
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_rich_text(paragraph, text, size=self.size - 3, bold=style is None)

    def write_table(self, spec: dict) -> None:
        where = self.shape.get("table_caption", "above")
        caption = spec.get("caption")
        if caption and where == "above":
            self.write_caption(caption)
        rows = [spec["header"], *spec["rows"]]
        table = self.doc.add_table(rows=len(rows), cols=len(spec["header"]))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                if value in ("", None):
                    continue
                paragraph = cell.paragraphs[0]
                add_rich_text(paragraph, str(value), size=self.size - 3.5, bold=r == 0)
                if r == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for cell in table.rows[0].cells:
            shade(cell, "D9E2F3")
        if self.shape.get("repeat_header"):
            mark_header_row(table.rows[0])
        # Merges last; the cells swallowed must be empty in the YAML (python-docx keeps non-empty text).
        for r1, c1, r2, c2 in spec.get("merge", []):
            table.cell(r1, c1).merge(table.cell(r2, c2))
        if caption and where == "below":
            self.write_caption(caption)

    def write_image(self, spec: dict) -> None:
        self.picture_seed += 1
        gps = self.gps if spec.get("exif") else None
        data = make_photo(spec["scene"], self.picture_seed, gps)
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data), width=Cm(spec.get("width_cm", 13)))
        if spec.get("alt"):
            shape._inline.docPr.set("descr", spec["alt"])
        if spec.get("float"):
            to_anchor(shape._inline)
        if spec.get("caption"):
            self.write_caption(spec["caption"])

    def write_chart(self, spec: dict) -> None:
        self.chart_no += 1
        if spec.get("caption") and spec.get("caption_above"):
            self.write_caption(spec["caption"])
        add_chart(self.doc, spec, self.chart_no)
        if spec.get("caption") and not spec.get("caption_above"):
            self.write_caption(spec["caption"])


# ====================================================================== the 申报表 form


def _pct(label: str, full: bool) -> str:
    return label.replace("(", "（").replace(")", "）") if full else label


def form_rows(exp: dict) -> list[list[tuple[str, int]]]:
    """The form's 12 rows as (text, column span) cells over 6 grid columns, as in the notice's 附件2."""
    form = exp.get("form", {})
    full = form.get("full_brackets", False)
    m = exp["metrics"]
    contact = exp["contact"]
    soe = exp.get("soe", "否")
    if form.get("soe_checkbox"):
        soe = "☑是 □否" if soe == "是" else "□是 ☑否"
    postcode_label = form.get("postcode_label", "邮 编")
    return [
        [(_pct("组织名称(盖章)", full), 1), (exp["organization"], 5)],
        [("班组名称", 1), (exp["team"], 5)],
        [("经验名称", 1), (exp.get("form_title", exp["title"]), 5)],
        [("统一社会信用代码", 1), (contact["credit_code"], 1), ("组织类型", 1), (exp["org_type"], 3)],
        [("所属行业", 1), (exp["industry_raw"], 1), ("组织规模", 1), (exp["scale"], 3)],
        [("是否属于央企", 1), (soe, 1), ("所属央企集团全称", 1), (exp.get("soe_group", ""), 3)],
        [("详细通讯地址", 1), (contact["address"], 3), (postcode_label, 1), (contact["postcode"], 1)],
        [("主管部门", 1), (contact["department"], 1), ("直接联系人", 1), (contact["person"], 1),
         ("手 机", 1), (contact["mobile"], 1)],
        [("座 机", 1), (contact["phone"], 1), ("班组长姓名", 1), (exp["team_leader"], 1),
         ("班组人数", 1), (str(exp["team_size"]), 1)],
        [(_pct("产品/服务满意度(%)", full), 1), (m["satisfaction"], 1),
         (_pct("产品/服务合格率(%)", full), 1), (m["pass_rate"], 3)],
        [(_pct("质量考核合格率(%)", full), 1), (m["assessment"], 1),
         (_pct("质量改进活动参与率(%)", full), 1), (m["participation"], 1),
         (_pct("质量成本(万元/年)", full), 1), (m["quality_cost"], 1)],
        [(_pct("培训参与人数(人次)", full), 1), (m["training"], 1),
         (_pct("顾客投诉数(个)", full), 1), (m["complaints"], 1),
         (_pct("质量、安全事故数(个)", full), 1), (m["accidents"], 1)],
    ]


def write_form(exp: dict, recommender_line: str) -> bytes:
    doc = new_document()
    setup_page(doc, "仿宋_GB2312", 12)
    fixed_core_properties(doc)
    head = doc.add_paragraph()
    add_rich_text(head, "附件2", size=14, bold=True)
    set_east_asian_font(head.runs[0], "黑体")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_rich_text(title, FORM_TITLE, size=18, bold=True)
    line = doc.add_paragraph()
    add_rich_text(line, recommender_line, size=12)
    rows = form_rows(exp)
    table = doc.add_table(rows=len(rows), cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, FORM_COLUMN_WIDTHS_CM):
        column.width = Cm(width)  # w:gridCol, which LibreOffice and WPS lay out by
        for cell in column.cells:
            cell.width = Cm(width)
    for r, cells in enumerate(rows):
        col = 0
        for index, (text, span) in enumerate(cells):
            cell = table.cell(r, col)
            if span > 1:
                cell = cell.merge(table.cell(r, col + span - 1))
            paragraph = cell.paragraphs[0]
            is_label = index % 2 == 0
            add_rich_text(paragraph, text, size=10.5, bold=is_label)
            if is_label:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            col += span
    note = doc.add_paragraph()
    add_rich_text(note, "注：1. 非央企不用填写所属央企集团全称；2. 本表须加盖组织公章后扫描为PDF一并报送。", size=10.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ====================================================================== the 附件4 统计表


CAMPAIGN_TITLE = "质量信得过班组建设推进活动统计表"


def write_campaign(package: dict, exps: list[dict]) -> bytes:
    """A recommender's 推进活动统计表: its rows from packages.yml ({recommended} is the number of
    experiences in the package), then the contact line the converter must never publish."""
    spec = package["campaign"]
    doc = new_document()
    setup_page(doc, "仿宋_GB2312", 12)
    fixed_core_properties(doc)
    add_rich_text(doc.add_paragraph(), "附件4", size=14, bold=True)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_rich_text(title, CAMPAIGN_TITLE, size=18, bold=True)
    add_rich_text(doc.add_paragraph(), spec["recommender_line"], size=12)
    add_rich_text(doc.add_paragraph(), "统计时间：2024年6月—2025年6月", size=12)
    rows = [[str(cell).format(recommended=len(exps)) for cell in row] for row in spec["rows"] + spec["contact"]]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            add_rich_text(table.cell(r, c).paragraphs[0], text, size=10.5, bold=r == 0)
    note = doc.add_paragraph()
    add_rich_text(note, "注：1. 数据来源于企业统计；2. 各地市、行业质协统计时须扣除直属企业数据。", size=10.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ====================================================================== the 汇总表 workbook


def write_summary(package: dict, exps: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = package.get("sheet_title", "汇总表")
    header = list(SUMMARY_HEADER)
    extra = package.get("summary_extra_columns", [])  # e.g. 电子邮箱, after 手机
    header[8:8] = extra
    for old, new in package.get("summary_header_variants", {}).items():
        header[header.index(old)] = new
    last_col = chr(ord("A") + len(header) - 1)
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = SUMMARY_TITLE
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 32
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = f"推荐单位：{package['recommender_line']}"
    thin = Side(style="thin")
    for c, name in enumerate(header, start=1):
        cell = ws.cell(row=3, column=c, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, exp in enumerate(exps, start=1):
        contact = exp["contact"]
        values = [i, exp["recommender"], exp["organization"], exp["team"], exp["title"],
                  exp["industry_raw"], contact["person"], contact["mobile"]]
        values += [contact["email"] for _ in extra]
        values.append(exp.get("review", "入选"))
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=3 + i, column=c, value=value)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(vertical="center", wrap_text=c in (3, 4, 5))
    widths = {"A": 6, "B": 18, "C": 26, "D": 22, "E": 40, "F": 16}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ====================================================================== stamped PDF stand-in


def stamped_pdf(label: str) -> bytes:
    """A tiny valid one-page PDF standing in for a scanned, stamped 申报表 (never published)."""
    stream = (
        "BT /F1 16 Tf 72 770 Td (Scanned application form - stamped copy) Tj ET\n"
        f"BT /F1 11 Tf 72 745 Td ({label}) Tj ET\n"
        "0.85 0.1 0.1 RG 4 w 470 120 m 470 175.2 425.2 220 370 220 c 314.8 220 270 175.2 270 120 c "
        "270 64.8 314.8 20 370 20 c 425.2 20 470 64.8 470 120 c S\n"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# ====================================================================== determinism and zips


CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:creator>Administrator</dc:creator><cp:lastModifiedBy>Administrator</cp:lastModifiedBy>'
    '<cp:revision>3</cp:revision>'
    f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_W3CDTF}</dcterms:created>'
    f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_W3CDTF}</dcterms:modified>'
    '</cp:coreProperties>'
).encode("utf-8")


def freeze_ooxml(data: bytes) -> bytes:
    """Re-zip an OOXML package with fixed member times and fixed core properties (created/modified)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = CORE_XML if info.filename == "docProps/core.xml" else source.read(info.filename)
            target.writestr(_member(info.filename), body)
    return out.getvalue()


def _member(name: str, cls=zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = cls(name, FIXED_ZIP_TIME)
    info.create_system = 0  # MS-DOS/Windows, whatever machine runs the generator
    if name.endswith("/"):
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0x10  # MS-DOS directory
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0x20  # MS-DOS archive bit
    return info


class GbkZipInfo(zipfile.ZipInfo):
    """A member whose name is stored in GBK without the UTF-8 flag (bit 11), as Windows zip tools do.

    zipfile writes non-ASCII names as UTF-8 and sets the flag; this overrides the one hook that
    encodes names, so the local header and the central directory both carry the GBK bytes.
    """

    __slots__ = ()

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def write_zip(path: Path, entries: list[tuple[str, bytes]], names: str) -> None:
    cls = GbkZipInfo if names == "gbk" else zipfile.ZipInfo
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            zf.writestr(_member(name, cls), data)


def _dir_entries(paths: list[str]) -> list[str]:
    """Folder entries ('a/', 'a/b/') as a zip tool adds them before their files, in first-seen order."""
    seen: list[str] = []
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth]) + "/"
            if folder not in seen:
                seen.append(folder)
    return seen


def appledouble(seed: int) -> bytes:
    """The '._name' resource-fork stub macOS Archive Utility adds under __MACOSX/."""
    header = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02"
    return header + random.Random(seed).randbytes(60)


def thumbs_db(seed: int) -> bytes:
    """Windows Explorer's thumbnail cache: an OLE compound file header and some noise."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + random.Random(seed).randbytes(488)


# ====================================================================== packaging


def package_files(package: dict, exps: list[dict]) -> list[tuple[str, bytes]]:
    """(relative path, bytes) for everything in one recommender's package, in a stable order."""
    files: list[tuple[str, bytes]] = []
    root = package.get("root", "")
    prefix = f"{root}/" if root else ""
    for exp in exps:
        files_spec = exp["files"]
        folder = f"{prefix}{exp['subfolder']}/" if exp.get("subfolder") else prefix
        gps = exp.get("gps")
        files.append((folder + files_spec["experience"],
                      freeze_ooxml(ExperienceWriter(exp, gps).write())))
        files.append((folder + files_spec["form"],
                      freeze_ooxml(write_form(exp, package["form_line"]))))
        if files_spec.get("stamped_pdf"):
            files.append((folder + files_spec["stamped_pdf"], stamped_pdf(f"sample {exp['slug']}")))
    summary_name = package.get("summary")
    if summary_name:
        files.append((prefix + summary_name, freeze_ooxml(write_summary(package, exps))))
    if package.get("campaign"):
        files.append((prefix + package["campaign"]["file"], freeze_ooxml(write_campaign(package, exps))))
    return files


def build_inbox(out_dir: Path, texts: Path = TEXTS) -> list[Path]:
    """Write every package into out_dir; return the paths written."""
    experiences = load_experiences(texts)
    written: list[Path] = []
    for package in load_packages(texts):
        members = [e for e in experiences if e["package"] == package["name"]]
        files = package_files(package, members)
        kind = package["kind"]
        if kind == "folder":
            for rel, data in files:
                target = out_dir / package["name"] / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.append(target)
        else:
            entries = [(d, b"") for d in _dir_entries([rel for rel, _ in files])]
            entries += files
            for index, junk in enumerate(package.get("junk", [])):
                if junk == "thumbs":
                    entries.append((f"{package.get('root', '')}/Thumbs.db".lstrip("/"), thumbs_db(index)))
                elif junk == "macosx":
                    entries.append(("__MACOSX/", b""))
                    for rel, _ in files[:2]:
                        folder, _, name = rel.rpartition("/")
                        stub = f"__MACOSX/{folder}/._{name}" if folder else f"__MACOSX/._{name}"
                        entries.append((stub, appledouble(len(entries))))
            target = out_dir / f"{package['name']}.zip"
            target.parent.mkdir(parents=True, exist_ok=True)
            write_zip(target, entries, "gbk" if kind == "zip-gbk" else "utf-8")
            written.append(target)
    return written


def main(out_dir: Path | str | None = None) -> list[Path]:
    """Regenerate the inbox from scratch in out_dir (default samples/inbox)."""
    out_dir = Path(out_dir) if out_dir else DEFAULT_OUT
    clear_previous(out_dir, load_packages())
    return build_inbox(out_dir)


def clear_previous(out_dir: Path, packages: list[dict]) -> None:
    """Remove an earlier generation; refuse to touch a folder holding anything else."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ours = {p["name"] for p in packages} | {f"{p['name']}.zip" for p in packages}
    foreign = sorted(child.name for child in out_dir.iterdir() if child.name not in ours)
    if foreign:
        raise SystemExit(f"输出目录 {out_dir} 中有非样例文件（{'、'.join(foreign)}），为安全起见不清空，请换一个目录。")
    for child in out_dir.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()


if __name__ == "__main__":
    paths = main(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"已生成 {len(paths)} 个文件")
