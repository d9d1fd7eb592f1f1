"""installer/desk-app.nsi: makensis builds the Windows installer from it (slow: LZMA, ~10 s).

CI runs on Linux and has no Windows bundle; what the .nsi is checked against is a small folder
with the bundle's layout (the two .exe files, _internal\\ with Chinese in a name). The real
bundle, built inside Wine, is installed, upgraded and uninstalled by scripts/windows-build.sh.
Packing the 140 MB Linux bundle instead would add a minute of compression and prove nothing
more about the script.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

import desk_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "installer" / "desk-app.nsi"


def _makensis() -> str:
    program = shutil.which("makensis")
    if program is None:
        message = "makensis is not installed (Debian: apt-get install nsis; the test command installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return program


def _fake_bundle(folder: Path) -> Path:
    for name in ("desk-app.exe", "desk-app-cli.exe", "_internal/python312.dll", "_internal/resources/示例 周报.json"):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(2048))  # incompressible: the sizes below stay meaningful
    return folder


def _version_strings(exe: bytes) -> dict[str, str]:
    """The StringFileInfo of a PE's version resource (UTF-16 key/value pairs), roughly parsed."""
    found = {}
    for key in ("ProductName", "CompanyName", "FileVersion", "ProductVersion", "FileDescription"):
        at = exe.find((key + "\0").encode("utf-16-le"))
        if at < 0:
            continue
        rest = exe[at + 2 * (len(key) + 1) :]
        rest = rest[2:] if rest[:2] == b"\0\0" else rest  # padding to a 32-bit boundary
        found[key] = rest.decode("utf-16-le", errors="ignore").split("\0", 1)[0]
    return found


@pytest.fixture(scope="module")
def installer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    makensis = _makensis()
    folder = tmp_path_factory.mktemp("installer")
    bundle = _fake_bundle(folder / "安装 包" / "desk-app")
    target = folder / "out" / f"desk-app-{desk_app.__version__}-setup.exe"
    target.parent.mkdir()
    result = subprocess.run(
        [makensis, "-V2", "-WX", f"-DVERSION={desk_app.__version__}", f"-DBUNDLE={bundle}", f"-DOUTFILE={target}",
         str(SCRIPT)],  # fmt: skip
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr  # -WX: a warning fails too
    return target


def test_makensis_builds_a_64_bit_windows_installer(installer: Path):
    data = installer.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[:2] == b"MZ" and data[pe : pe + 4] == b"PE\0\0"
    assert struct.unpack_from("<H", data, pe + 4)[0] == 0x8664  # amd64: Target amd64-unicode
    assert len(data) > 4 * 2048  # the folder is in it


def test_the_installer_carries_the_programs_version_and_names(installer: Path):
    strings = _version_strings(installer.read_bytes())
    assert strings["ProductName"] == "窗口工作周报"
    assert strings["CompanyName"] == "四川省政府政务服务和公共资源交易服务中心"
    assert strings["ProductVersion"] == desk_app.__version__
    assert strings["FileDescription"] == "窗口工作周报 安装程序"


def test_the_script_installs_per_user_and_never_touches_the_data_folder():
    text = SCRIPT.read_text(encoding="utf-8-sig")
    assert "RequestExecutionLevel user" in text and "Target amd64-unicode" in text
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\\$\{PRODUCT\}"', text, re.MULTILINE)
    assert 'MUI_LANGUAGE "SimpChinese"' in text
    assert "HKLM" not in text  # per user: nothing machine-wide
    removing = [line.strip() for line in text.splitlines() if re.match(r"\s*(RMDir|Delete)\b", line)]
    assert removing and all("$INSTDIR" in line or "$SMPROGRAMS" in line or "$DESKTOP" in line for line in removing)
    assert all("/r" not in line or "_internal" in line for line in removing)  # never a recursive $INSTDIR
