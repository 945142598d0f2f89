"""Cheap documents for large synthetic inboxes (bench/gen.py beyond FULL_N experiences).

Writing a full 典型经验 with python-docx takes ≈1 s; an archive of 10,000 cannot wait for that. An
experience i ≥ FULL_N is derived from template j = i mod TEMPLATES (written in full and cached): its
title, organisation and team are replaced by experience i's own (its record is computed as usual,
without the prose), the figures of its text are changed with i's seeded randomness, and each photo
gets a JPEG comment naming i, so every document's bytes, names, numbers and search text differ.
TEMPLATES is a multiple of the 12 samples and the 16 recommending units, so the template has the
same sample base (industry, organisation type) and the same recommending unit as experience i.
Deterministic: experience i depends only on (seed, i).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from xml.sax.saxutils import escape

FULL_N = 1000  # experiences below this are written in full (as before: their bytes never change)
TEMPLATES = 96  # lcm(12 samples, 16 units) x 2
_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def derived_documents(g, index: int) -> tuple[bytes, bytes]:
    """(典型经验 .docx, 申报表 .docx) of experience `index` from its template's documents."""
    template = index % TEMPLATES
    body, form = _template(g, template)
    old, new = g.light_record(template), g.light_record(index)
    pairs = [(escape(old[key]), escape(new[key])) for key in ("title", "organization", "team")]
    rng = random.Random(f"derive-{g.seed}-{index}")
    return (_rewrite(body, pairs, g.perturb, rng, f"bench {new['slug']} photo"),
            _rewrite(form, pairs, None, None, ""))


_templates: dict[tuple[int, int], tuple[list, list]] = {}  # (seed, j) -> unzipped members, per process


def _template(g, j: int) -> tuple[list, list]:
    key = (g.seed, j)
    if key not in _templates:
        _templates[key] = tuple(_members(docx) for docx in g.documents(j))
    return _templates[key]


def _members(docx: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]


def _rewrite(members: list[tuple[str, bytes]], pairs, perturb, rng, photo_tag: str) -> bytes:
    from make_samples import _member  # the samples' fixed member times and attributes

    out = io.BytesIO()
    photo = 0
    with zipfile.ZipFile(out, "w") as target:
        for name, data in members:
            member = _member(name)
            if name.endswith((".xml", ".rels")):
                text = data.decode("utf-8")
                for before, after in pairs:
                    text = text.replace(before, after)
                if perturb is not None and name == "word/document.xml":
                    text = _TEXT.sub(lambda m: m.group(1) + perturb(m.group(2), rng) + m.group(3), text)
                data = text.encode("utf-8")
            elif photo_tag and name.startswith("word/media/") and data[:2] == b"\xff\xd8":
                photo += 1
                data = with_comment(data, f"{photo_tag} {photo}")
                member.compress_type = zipfile.ZIP_STORED  # JPEG does not deflate; saves the time
            target.writestr(member, data, compresslevel=1)
    return out.getvalue()


def with_comment(jpeg: bytes, tag: str) -> bytes:
    """The JPEG with one more COM segment after SOI and APP0 (readers expect JFIF first)."""
    comment = tag.encode("ascii")
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    at = 2 + 2 + int.from_bytes(jpeg[4:6], "big") if jpeg[2:4] == b"\xff\xe0" else 2
    return jpeg[:at] + segment + jpeg[at:]
