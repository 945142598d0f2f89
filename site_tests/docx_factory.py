"""Build tiny .docx packages from XML strings, so OOXML reader tests state exactly what Word would write.

    path = make_docx(tmp_path, body=para(run("你好")), styles=style("Heading1", "heading 1", ppr="<w:outlineLvl w:val='0'/>"))
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NSDECL = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b1e5b50000000049454e44ae426082"
)


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, ppr: str = "") -> str:
    return f'<w:p>{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{"".join(runs)}</w:p>'


def numbered(text: str, num_id: int, ilvl: int = 0, ppr: str = "") -> str:
    return para(run(text), ppr=f'{ppr}<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def style(style_id: str, name: str, *, kind: str = "paragraph", ppr: str = "", rpr: str = "",
          based_on: str = "", extra: str = "") -> str:
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + extra
        + "</w:style>"
    )


def level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/>{extra}</w:lvl>')


def abstract_num(abstract_id: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def make_docx(
    folder: Path,
    body: str,
    *,
    name: str = "test.docx",
    styles: str | None = None,
    numbering: str | None = None,
    footnotes: str | None = None,
    rels: list[tuple[str, str, str, bool]] = (),
    parts: dict[str, bytes | str] | None = None,
    raw_document: str | None = None,
    content_types: dict[str, str] | None = None,
    reproducible: bool = False,
) -> Path:
    """Write folder/name. `rels` are (id, type suffix e.g. "image", target, external) of word/document.xml.

    `content_types` adds Override entries (part name -> content type), as Word writes for every part.
    `reproducible` writes the same bytes on every run and machine: fixed member times and attributes,
    members stored uncompressed (deflate output differs between zlib builds).
    """
    document = raw_document or f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NSDECL}><w:body>{body}</w:body></w:document>'
    doc_rels = list(rels)
    files: dict[str, bytes | str] = {"word/document.xml": document}
    if styles is not None:
        files["word/styles.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:styles {NSDECL}>{styles}</w:styles>'
        doc_rels.append(("rIdStyles", "styles", "styles.xml", False))
    if numbering is not None:
        files["word/numbering.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {NSDECL}>{numbering}</w:numbering>'
        doc_rels.append(("rIdNumbering", "numbering", "numbering.xml", False))
    if footnotes is not None:
        files["word/footnotes.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {NSDECL}>{footnotes}</w:footnotes>'
        doc_rels.append(("rIdFootnotes", "footnotes", "footnotes.xml", False))
    files.update(parts or {})
    rel_xml = "".join(
        f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{escape(target, {chr(34): "&quot;"})}"'
        + (' TargetMode="External"' if external else "") + "/>"
        for rid, kind, target, external in doc_rels
    )
    files["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rel_xml + "</Relationships>"
    )
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="word/document.xml"/></Relationships>'
    )
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="emf" ContentType="image/x-emf"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        + "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in (content_types or {}).items())
        + "</Types>"
    )
    path = Path(folder) / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, data in files.items():
            zf.writestr(_member(part) if reproducible else part, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _member(part: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 0  # MS-DOS, whatever system writes it
    info.external_attr = 0x20  # MS-DOS archive bit
    return info


def picture(rel_id: str, *, cx: int = 952500, cy: int = 476250, descr: str = "", anchor: bool = False) -> str:
    """A DrawingML picture run (inline or floating)."""
    container = "wp:anchor" if anchor else "wp:inline"
    return (
        f'<w:r><w:drawing><{container}><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="图片 1" descr="{descr}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="x.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/>'
        '</pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
        f"</{container}></w:drawing></w:r>"
    )
