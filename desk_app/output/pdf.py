"""A .docx → PDF through LibreOffice (``soffice``), where it is installed.

LibreOffice is optional and found, never assumed: on PATH, or in the usual install folders on
Windows and macOS. Each conversion uses a private, throw-away LibreOffice profile, so it neither
disturbs nor waits for a LibreOffice the clerk has open, and the PDF is moved into place only
once it is complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .atomic import write_atomically

SOFFICE_ENV = "DESK_APP_SOFFICE"  # an explicit soffice, for unusual installs (and tests)
TIMEOUT_SECONDS = 180


class PdfError(OSError):
    """PDF export failed; the message says why in words for a clerk.

    An OSError, like the other failures to write a file, so callers report it in one line.
    """

    def message_zh(self) -> str:
        return str(self)


class PdfUnavailable(PdfError):
    def __init__(self) -> None:
        super().__init__(
            "cannot write a PDF: LibreOffice (soffice) was not found on PATH or in the usual install folders; "
            "install LibreOffice (https://www.libreoffice.org), or export a .docx and save it as PDF from Word or WPS"
        )

    def message_zh(self) -> str:
        return (
            "无法导出 PDF：本机未找到 LibreOffice（soffice）。"
            "请安装 LibreOffice，或先导出 .docx，再用 Word 或 WPS“另存为 PDF”。"
        )


class PdfConversionFailed(PdfError):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"LibreOffice could not convert the document to PDF: {detail}")

    def message_zh(self) -> str:
        return f"LibreOffice 未能生成 PDF：{self.detail}"


def _candidates() -> list[Path]:
    found: list[Path] = []
    explicit = os.environ.get(SOFFICE_ENV)
    if explicit:
        return [Path(explicit)]
    for name in ("soffice", "libreoffice"):
        program = shutil.which(name)
        if program:
            found.append(Path(program))
    if sys.platform == "win32":
        for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
            root = os.environ.get(variable)
            if root:
                # "LibreOffice", and older side-by-side installs such as "LibreOffice 7".
                found += sorted(Path(root).glob("LibreOffice*/program/soffice.exe"), reverse=True)
    elif sys.platform == "darwin":
        found.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return found


def find_soffice() -> Path | None:
    """LibreOffice's ``soffice`` program, or None where it is not installed."""
    for candidate in _candidates():
        if candidate.is_file():
            return candidate
    return None


def convert_to_pdf(docx: Path, target: Path, *, soffice: Path | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
    """Render ``docx`` to ``target`` (.pdf) with LibreOffice, atomically."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory(prefix="desk-app-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / "bulletin.docx"  # a plain ASCII name whatever the target is called
        shutil.copyfile(docx, source)
        out_dir = work_dir / "out"
        command = [
            str(soffice),
            f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        flags = subprocess.CREATE_NO_WINDOW if sys.platform == "win32" else 0
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, creationflags=flags, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionFailed(f"no result after {timeout:.0f} seconds") from exc
        except OSError as exc:
            raise PdfConversionFailed(f"cannot run {soffice}: {exc}") from exc
        produced = out_dir / "bulletin.pdf"
        if done.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            output = (done.stderr or done.stdout or b"").decode("utf-8", errors="replace").strip()
            raise PdfConversionFailed(output.splitlines()[-1] if output else f"exit status {done.returncode}")
        write_atomically(Path(target), lambda temporary: shutil.copyfile(produced, temporary))
