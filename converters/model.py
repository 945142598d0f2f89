"""The typed model every stage talks through.

Reader (ooxml) -> Document; forms/summary -> FieldValues; pipeline -> Experience; writer -> Markdown.
Frozen, slotted dataclasses holding tuples, as in python-mammoth's documents.py: stages
derive new values with dataclasses.replace and never mutate what another stage made.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Union


# ---------------------------------------------------------------- findings


class Severity(str, Enum):
    ERROR = "error"  # the file (or experience) cannot be published
    WARNING = "warning"  # published, but staff should look
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """A message is a value: code (stable, e.g. ``DOCX_CORRUPT``), Chinese message, where."""

    code: str
    severity: Severity
    message: str  # Chinese, names the problem; the file is in `file`
    file: str = ""  # source path as received, e.g. "南京市质协.zip/附件1.docx"
    location: str = ""  # part / paragraph / cell, free text

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "location": self.location,
        }


def error(code: str, message: str, file: str = "", location: str = "") -> Finding:
    return Finding(code, Severity.ERROR, message, file, location)


def warning(code: str, message: str, file: str = "", location: str = "") -> Finding:
    return Finding(code, Severity.WARNING, message, file, location)


def info(code: str, message: str, file: str = "", location: str = "") -> Finding:
    return Finding(code, Severity.INFO, message, file, location)


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    vertical: str = ""  # "", "superscript" or "subscript"


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    children: tuple["Inline", ...]


@dataclass(frozen=True, slots=True)
class NoteRef:
    """Reference to Document.notes[note_id]."""

    note_id: str


@dataclass(frozen=True, slots=True)
class Math:
    """An OMML equation; `text` is its linear text (e.g. "x=a^2+b").

    `mathml` is the same equation as presentation MathML made by the reader (every text node
    escaped), which browsers render natively: no script, no CDN. Empty when not convertible.
    """

    text: str
    mathml: str = ""
    display: bool = False  # m:oMathPara: a block equation


Inline = Union[Text, LineBreak, Link, NoteRef, Math]


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    style_id: str = ""
    style_name: str = ""
    # Label Word shows for auto-numbering ("（一）", "1.", "①"), already resolved.
    # Writers print it before the text; typed labels stay inside `inlines`.
    label: str = ""
    align: str = ""  # "", "center", "right"


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1..6 relative to the document (part titles are found later)
    inlines: tuple[Inline, ...]
    label: str = ""  # auto-numbering label, as for Paragraph
    style_id: str = ""
    style_name: str = ""


@dataclass(frozen=True, slots=True)
class Cell:
    blocks: tuple["Block", ...]
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]  # only cells that start here (merged continuations omitted)
    header: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    caption: str = ""  # "表1 ..." paragraph next to the table, when recognised
    style_name: str = ""

    @property
    def merged(self) -> bool:
        return any(c.colspan > 1 or c.rowspan > 1 for r in self.rows for c in r.cells)


@dataclass(frozen=True, slots=True)
class Image:
    """A picture; bytes live in Document.assets[asset]."""

    asset: str  # asset name, e.g. "image3.png" (unique within the document)
    alt: str = ""
    caption: str = ""  # "图1 ..." text next to the picture, when recognised
    width_px: int = 0
    height_px: int = 0


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A native Word chart, from the chart part's cached categories and values."""

    kind: str  # "bar" (horizontal), "column", "line", "pie", "area", "scatter", "combo"
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """Horizontal rule / page break worth showing."""


Block = Union[Paragraph, Heading, Table, Image, Chart, Rule]


@dataclass(frozen=True, slots=True)
class Asset:
    name: str  # file name, unique within its document
    content_type: str  # "image/png", "image/jpeg", "image/svg+xml", ...
    data: bytes


@dataclass(frozen=True, slots=True)
class Document:
    """What the OOXML reader returns: the body in reading order, plus notes and assets."""

    blocks: tuple[Block, ...]
    notes: dict[str, tuple[Block, ...]] = field(default_factory=dict)  # footnotes/endnotes by id
    assets: dict[str, Asset] = field(default_factory=dict)
    had_revisions: bool = False
    had_comments: bool = False
    findings: tuple[Finding, ...] = ()
    modified: str = ""  # YYYY-MM-DD from docProps/core.xml dcterms:modified; "" when absent


# ---------------------------------------------------------------- the experience

# The parts of a 典型经验 (key, Chinese title, word limit) are facts of the notice: converters/notice.py
# reads them from data/notice.yml (PARTS, PART_TITLES, PART_LIMITS).


@dataclass(frozen=True, slots=True)
class FieldValues:
    """Publishable fields read from a 申报表 or a 汇总表 row.

    Keys are canonical field ids from converters/data/fields.yml (e.g. "organization",
    "team", "title", "industry_raw", "satisfaction"). Contact fields never enter this
    object: the readers drop them where they read them.
    """

    values: dict[str, str]
    source: str  # file as received (plus "#行N" for a summary row)


@dataclass(frozen=True, slots=True)
class Experience:
    """One published (or rejected) experience, ready for the writer."""

    slug: str  # ASCII, unique, stable: "2025-001"
    year: int
    title: str
    organization: str
    team: str
    recommender: str
    industry_code: str  # GB/T 4754 门类 letter, or "" for 待定
    industry_name: str
    industry_raw: str
    methods: tuple[str, ...]  # method family display names, primary first
    method_ids: tuple[str, ...]  # the same families' ids (pages methods/<id>)
    method_details: tuple[str, ...]  # canonical methods found
    parts: dict[str, tuple[Block, ...]]  # keys from PARTS except "name"
    notes: dict[str, tuple[Block, ...]]
    assets: dict[str, Asset]
    # Published 申报表 figures as labelled rows {id, label, value, unit}, in fields.yml order:
    # percentages (the metrics card) and the other publishable fields (组织类型, 班组人数 …).
    metrics: tuple[dict, ...]
    facts: tuple[dict, ...]
    source: str  # the 典型经验 file as received
    form_source: str = ""
    summary_source: str = ""
    description: str = ""  # the first words of 班组概况, for listings and link previews
    subtitle: str = ""  # the other title line (a '——运用…的实践' subtitle, or the slogan the 经验名称 replaced)
    written: str = ""  # the date written under the title ("2025年3月"), as written
    source_date: str = ""  # YYYY-MM-DD the 典型经验 .docx was last saved (core properties); "" when unknown
    media: tuple["Video | Slides", ...] = ()  # 发表视频 and 演示文稿, converted (assemble/media.py)
    media_files: tuple["MediaFile", ...] = ()  # their files, to install beside the page

    def figures(self) -> dict[str, str]:
        """Every published figure by field id."""
        return {row["id"]: row["value"] for row in (*self.metrics, *self.facts)}


# ---------------------------------------------------------------- fast pickling

def _fast_pickling(cls: type) -> type:
    """Frozen slotted dataclasses unpickle through dataclasses' generic __setstate__, which calls
    fields() per object; the conversion cache holds hundreds of thousands of them. Same state, by
    a precomputed field list."""
    names = tuple(f.name for f in fields(cls))

    def __getstate__(self):
        return tuple(getattr(self, n) for n in names)

    def __setstate__(self, state):
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__
    return cls


# ---------------------------------------------------------------- media (发表视频, 演示文稿)


@dataclass(frozen=True, slots=True)
class MediaFile:
    """One converted media file to install under the experience folder."""

    name: str  # "media/video1.mp4", relative to the experience folder
    digest: str  # SHA-256 of the file
    path: str  # where the conversion left it: the media store (conversion cache or the run's work folder)


@dataclass(frozen=True, slots=True)
class Video:
    source: str  # the file as received
    file: str  # "media/video1.mp4": H.264/AAC, at most 720p, metadata stripped
    poster: str  # "media/video1.jpg"
    duration: float  # seconds
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Slides:
    source: str
    pdf: str  # "media/slides1.pdf"
    pages: tuple[str, ...]  # "media/slides1-01.jpg", one per page


for _cls in (Finding, Text, LineBreak, Link, NoteRef, Math, Paragraph, Heading, Cell, Row, Table, Image,
             Series, Chart, Rule, Asset, Document, FieldValues, Experience, MediaFile, Video, Slides):
    _fast_pickling(_cls)


# ---------------------------------------------------------------- 附件4 推进活动统计表, 附件5 工作总结


@dataclass(frozen=True, slots=True)
class CampaignFigure:
    """One item of a 统计表 as read: a number (`value`), or text (是/否, the options, a date or place)."""

    id: str  # item id from data/campaign.yml ("teams"), or "<activity>_people"
    label: str
    unit: str
    value: float | None = None
    text: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """The publishable figures of one recommending unit's 统计表; its contact line never gets here."""

    source: str
    recommender: str
    period: str  # "2024年6月—2025年6月" as written, or ""
    figures: tuple[CampaignFigure, ...]

    def figure(self, figure_id: str) -> CampaignFigure | None:
        return next((f for f in self.figures if f.id == figure_id), None)


@dataclass(frozen=True, slots=True)
class WorkSummary:
    """The 推进经验及做法 section of one unit's 工作总结 (附件5): paragraphs, contact data already hidden."""

    source: str
    recommender: str
    paragraphs: tuple[str, ...]
