"""State shared by the part readers of one document: package, styles, numbering, assets, findings."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from ..model import Asset, Finding, info, warning
from .numbering import Numbering, NumberingState
from .package import Package
from .styles import Styles

# Content types we normalise: metafiles get the names the pipeline's convert_metafiles looks for.
_EXT_TYPES = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "gif": "image/gif",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "svg": "image/svg+xml", "webp": "image/webp",
    "emf": "image/x-emf", "wmf": "image/x-wmf", "wdp": "image/vnd.ms-photo", "jfif": "image/jpeg",
}
_TYPE_EXTS = {ctype: ext for ext, ctype in reversed(_EXT_TYPES.items())}
_PLAIN_EXT = re.compile(r"[a-z0-9]{2,5}")
_TYPE_ALIASES = {"image/emf": "image/x-emf", "image/wmf": "image/x-wmf", "image/x-ms-bmp": "image/bmp",
                 "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}


@dataclass
class Context:
    package: Package
    source: str
    styles: Styles = Styles.EMPTY
    numbering: NumberingState = field(default_factory=lambda: NumberingState(Numbering.EMPTY))
    assets: dict[str, Asset] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)  # "fn3"/"en1" in reference order
    had_revisions: bool = False
    had_comments: bool = False
    _asset_by_part: dict[str, str] = field(default_factory=dict)
    _reported: set[str] = field(default_factory=set)

    # ------------------------------------------------------------ findings

    def warn(self, code: str, message: str, location: str = "") -> None:
        self.findings.append(warning(code, message, self.source, location))

    def note(self, code: str, message: str, location: str = "") -> None:
        self.findings.append(info(code, message, self.source, location))

    def once(self, key: str) -> bool:
        """True the first time `key` is seen: report a kind of problem once per document."""
        if key in self._reported:
            return False
        self._reported.add(key)
        return True

    # ------------------------------------------------------------ assets

    def asset_for_part(self, part: str) -> str | None:
        """Register the media part as an asset (once) and return its unique name."""
        if part in self._asset_by_part:
            return self._asset_by_part[part]
        data = self.package.read(part)
        if data is None:
            return None
        ctype = self.package.content_type(part).lower()
        ctype = _TYPE_ALIASES.get(ctype, ctype)
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        if not ctype.startswith("image/"):
            ctype = _EXT_TYPES.get(ext, ctype or "application/octet-stream")
        if ext in ("emf", "wmf"):
            ctype = _EXT_TYPES[ext]
        # The public name never derives from the part's name, which the author chose
        # ("联系人张三_138….png"): imageN in reading order, the extension only when it is a plain one.
        if not _PLAIN_EXT.fullmatch(ext):
            ext = _TYPE_EXTS.get(ctype, "bin")
        name = self._unique_name(f"image{len(self.assets) + 1}.{ext}")
        self.assets[name] = Asset(name=name, content_type=ctype, data=data)
        self._asset_by_part[part] = name
        return name

    def _unique_name(self, name: str) -> str:
        if name not in self.assets:
            return name
        stem, ext = posixpath.splitext(name)
        n = 2
        while f"{stem}-{n}{ext}" in self.assets:
            n += 1
        return f"{stem}-{n}{ext}"
