"""Legacy .doc/.wps/.rtf (and .xls) to OOXML with LibreOffice: one headless call per target format.

One call for the whole inbox because LibreOffice starts slowly; a private profile so it neither
clashes with a desktop instance nor with a parallel build; a timeout so a hung import cannot
stall the build. Inputs are staged under numbered names, so two '附件1.doc' never collide.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

MISSING_MESSAGE = "无法转换旧版 Word 文件：未安装 LibreOffice（apt-get install libreoffice-writer）"
MISSING_MESSAGE_XLS = "无法转换旧版 Excel 文件：未安装 LibreOffice（apt-get install libreoffice-calc）"


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(items: list[tuple[str, Path, str]], target: str, workdir: Path, timeout: float) -> dict[str, Path | str]:
    """items: (key, path, input suffix like '.doc'). Returns key -> converted path, or a Chinese
    reason why that file was not converted. Never raises."""
    if not items:
        return {}
    soffice = find_soffice()
    if soffice is None:
        message = MISSING_MESSAGE if target == "docx" else MISSING_MESSAGE_XLS
        return {key: message for key, _, _ in items}
    stage = workdir / f"legacy-{target}"
    out = workdir / f"converted-{target}"
    profile = workdir / "lo-profile"
    for folder in (stage, out, profile):
        folder.mkdir(parents=True, exist_ok=True)
    staged: dict[str, Path] = {}
    for n, (key, path, suffix) in enumerate(items):
        copy = stage / f"f{n:05d}{suffix}"
        shutil.copyfile(path, copy)
        staged[key] = copy
    problem = _run(soffice, target, out, profile, list(staged.values()), timeout)
    results: dict[str, Path | str] = {}
    for key, copy in staged.items():
        produced = out / (copy.stem + "." + target)
        if produced.is_file() and produced.stat().st_size > 0:
            results[key] = produced
        else:
            results[key] = problem or _not_converted(target)
    return results


def _run(soffice: str, target: str, out: Path, profile: Path, files: list[Path], timeout: float) -> str | None:
    """Run the conversion; a Chinese reason when the call as a whole failed, else None."""
    command = [
        soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--convert-to", target, "--outdir", str(out), *map(str, files),
    ]
    env = {**os.environ, "HOME": str(profile), "LC_ALL": "C.UTF-8"}
    try:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
    except OSError as exc:
        return f"无法启动 LibreOffice：{exc}"
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice forks: end its whole session
        except ProcessLookupError:
            pass
        proc.communicate()
        return f"LibreOffice 转换超时（超过 {int(timeout)} 秒），已中止"
    return None


def _not_converted(target: str) -> str:
    if target == "xlsx":
        return "LibreOffice 未能转换该文件（文件可能损坏、受密码保护，或未安装 libreoffice-calc）"
    return "LibreOffice 未能转换该文件（文件可能损坏或受密码保护）"
