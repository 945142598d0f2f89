"""EMF and WMF pictures written record by record, as Word documents carry them (pasted Visio/Excel
drawings, scanned logos drawn through a mask). Shared by the realistic-inbox benchmark and the tests.

- ``flowchart_emf``: filled boxes joined by lines (vector records only);
- ``masked_bitmap_emf``: one picture drawn twice with StretchDIBits, first a mask with SRCAND, then
  the colour bitmap with SRCPAINT (the classic transparent blit LibreOffice renders blank);
- ``boxes_wmf``: a Windows metafile with two filled rectangles.
"""

from __future__ import annotations

import struct

SRCAND, SRCPAINT, SRCCOPY = 0x008800C6, 0x00EE0086, 0x00CC0020


def _record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<II", kind, 8 + len(payload)) + payload


def _emf(records: list[bytes], width: int, height: int) -> bytes:
    """Header + records + EOF; frame in 0.01 mm at 96 dpi."""
    records = [*records, _record(14, struct.pack("<III", 0, 16, 20))]  # EOF
    frame = (0, 0, round(width * 2540 / 96), round(height * 2540 / 96))
    payload = (struct.pack("<iiii", 0, 0, width - 1, height - 1) + struct.pack("<iiii", *frame)
               + struct.pack("<IIIIHHIII", 0x464D4520, 0x10000, 0, 0, 6, 0, 0, 0, 0)
               + struct.pack("<iiii", 1920, 1080, 508, 286))
    header = _record(1, payload)
    total = len(header) + sum(len(r) for r in records)
    header = header[:48] + struct.pack("<II", total, len(records) + 1) + header[56:]
    return header + b"".join(records)


def flowchart_emf(boxes: int = 4, seed: int = 0, pen: int = 1) -> bytes:
    """`boxes` filled rectangles in a row joined by lines; `seed` shifts the colours (distinct bytes);
    `pen` is the pen's object handle, the boxes' brushes take the handles after it (or from 1 when
    the pen's handle comes after theirs, as in site_tests/golden_cases.py)."""
    palette = (0x00C0504F, 0x0050B000, 0x0000C0FF, 0x004F81BD, 0x00A05000, 0x00309090)
    records = [_record(38, struct.pack("<IIiiI", pen, 0, 3, 0, 0x00404040)), _record(37, struct.pack("<I", pen))]
    first = pen + 1 if pen == 1 else 1
    for i in range(boxes):
        handle = i + first
        left = 10 + i * 100
        colour = palette[(i + seed) % len(palette)] ^ (seed & 0x3F)
        records += [
            _record(39, struct.pack("<IIII", handle, 0, colour, 0)),  # CREATEBRUSHINDIRECT, solid
            _record(37, struct.pack("<I", handle)),  # SELECTOBJECT
            _record(43, struct.pack("<iiii", left, 30, left + 70, 90)),  # RECTANGLE
        ]
        if i:
            records += [_record(27, struct.pack("<ii", left - 30, 60)), _record(54, struct.pack("<ii", left, 60))]
    return _emf(records, boxes * 100, 120)


def _dib(width: int, height: int, pixel) -> tuple[bytes, bytes]:
    """(BITMAPINFOHEADER, 24-bit bottom-up bits) with pixel(x, y) -> (r, g, b), y from the top."""
    stride = (width * 3 + 3) & ~3
    rows = []
    for y in reversed(range(height)):
        row = bytearray()
        for x in range(width):
            r, g, b = pixel(x, y)
            row += bytes((b, g, r))
        rows.append(bytes(row) + b"\0" * (stride - width * 3))
    bits = b"".join(rows)
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(bits), 3780, 3780, 0, 0)
    return header, bits


def _stretch_dibits(x: int, y: int, width: int, height: int, rop: int, bmi: bytes, bits: bytes) -> bytes:
    fixed = 80  # record header up to and including cxDest, cyDest
    payload = (struct.pack("<iiii", x, y, x + width - 1, y + height - 1)
               + struct.pack("<ii", x, y) + struct.pack("<iiii", 0, 0, width, height)
               + struct.pack("<IIII", fixed, len(bmi), fixed + len(bmi), len(bits))
               + struct.pack("<II", 0, rop) + struct.pack("<ii", width, height))
    return _record(81, payload + bmi + bits)


def masked_bitmap_emf(width: int = 64, height: int = 48) -> bytes:
    """A red disc on a transparent ground: mask (white outside, black inside) with SRCAND, then the
    colour bitmap (black outside) with SRCPAINT."""
    cx, cy, r2 = width / 2, height / 2, (min(width, height) * 0.45) ** 2

    def inside(x: int, y: int) -> bool:
        return (x - cx) ** 2 + (y - cy) ** 2 <= r2

    mask = _dib(width, height, lambda x, y: (0, 0, 0) if inside(x, y) else (255, 255, 255))
    colour = _dib(width, height, lambda x, y: (220, 30, 30) if inside(x, y) else (0, 0, 0))
    records = [_stretch_dibits(0, 0, width, height, SRCAND, *mask),
               _stretch_dibits(0, 0, width, height, SRCPAINT, *colour)]
    return _emf(records, width, height)


def boxes_wmf() -> bytes:
    """A placeable WMF (Aldus header) with two filled rectangles."""

    def rec(function: int, *words: int) -> bytes:
        return struct.pack("<IH", 3 + len(words), function) + struct.pack(f"<{len(words)}h", *words)

    records = [
        rec(0x020B, 0, 0),  # SETWINDOWORG
        rec(0x020C, 200, 400),  # SETWINDOWEXT (y, x)
        struct.pack("<IHHIH", 7, 0x02FC, 0, 0x0000C050, 0),  # CREATEBRUSHINDIRECT solid
        rec(0x012D, 0),  # SELECTOBJECT
        rec(0x041B, 150, 180, 20, 20),  # RECTANGLE bottom, right, top, left
        struct.pack("<IHHIH", 7, 0x02FC, 0, 0x00B05000, 0),
        rec(0x012D, 1),
        rec(0x041B, 150, 380, 20, 220),
        rec(0x0000),  # EOF
    ]
    body = b"".join(records)
    max_record = max(len(r) for r in records) // 2
    header = struct.pack("<HHHIHIH", 1, 9, 0x0300, (18 + len(body)) // 2, 2, max_record, 0)
    placeable = struct.pack("<IHhhhhHI", 0x9AC6CDD7, 0, 0, 0, 400, 200, 96, 0)
    checksum = 0
    for (word,) in struct.iter_unpack("<H", placeable[:20]):
        checksum ^= word
    return placeable + struct.pack("<H", checksum) + header + body
