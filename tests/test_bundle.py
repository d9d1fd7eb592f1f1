"""The installer bundle: ``build.spec`` builds, and the built program works from it.

Built once per run with the virtual environment's PyInstaller into a temporary folder
whose path has Chinese and a space (as under "C:\\Program Files"), then run as a clerk's
PC would: its own data folder, no source checkout on the path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx_text import body_paragraphs, squeeze

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
EXE = ".exe" if os.name == "nt" else ""
POSTGRES_URL_ENV = "DESK_APP_TEST_POSTGRES_URL"


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """dist/desk-app built from build.spec (once for this module)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        message = "PyInstaller is not installed (pip install -e .[build]; the test command installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("bundle") / "安装 包"
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(ROOT / "build.spec"),
        ],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=900,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    folder = out / "dist" / "desk-app"
    size_mb = _folder_size(folder) / 1e6
    # Shown in CI's log, whatever the output capturing.
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.ensure_newline()
            reporter.write_line(f"bundle: dist/desk-app is {size_mb:.1f} MB, built from build.spec in {elapsed:.0f} s")
    return folder


def _run(program: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # DESK_APP_DATA_DIR: this test's own folder
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(program), *args],
        cwd=program.parent.parent,  # not the checkout: everything must come from the bundle
        env=env,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _text(output: bytes) -> str:
    return output.decode("utf-8", errors="replace")


def test_bundle_holds_what_the_program_loads_at_run_time(bundle: Path) -> None:
    internal = bundle / "_internal"
    migrations = sorted(p.name for p in (internal / "db" / "migrations").glob("*.py"))
    assert migrations == sorted(p.name for p in (ROOT / "db" / "migrations").glob("[0-9]*.py"))
    assert (internal / "docx" / "templates" / "default.docx").is_file()  # python-docx's template
    assert (internal / "resources" / "docx" / "bulletin-template.docx").is_file()  # the export's prepared one
    # …and its header/footer/styles parts, which python-docx opens as docx/parts/../templates/….
    for name in ("default-footer.xml", "default-header.xml", "default-styles.xml", "default-settings.xml"):
        assert (internal / "docx" / "parts" / ".." / "templates" / name).is_file(), name
    qt = internal / "PySide6" / ("plugins" if os.name == "nt" else "Qt/plugins")
    platforms = {p.name for p in (qt / "platforms").iterdir()}
    assert any("offscreen" in name for name in platforms), platforms
    assert any(("xcb" if sys.platform.startswith("linux") else "windows") in name for name in platforms), platforms
    # Only QtCore/QtGui/QtWidgets and QtCharts are used: the big unused Qt parts stay out.
    names = {p.name for p in internal.rglob("*")}
    assert any("Qt6Charts" in name for name in names) and any(name.startswith("QtCharts") for name in names)
    assert not any(name.startswith(("QtOpenGL.", "QtOpenGLWidgets.")) for name in names)  # their libraries only
    # 打印 and 导出 PDF（不需 LibreOffice） (desk_app/gui/printing.py) need QtPrintSupport.
    assert any("Qt6PrintSupport" in name for name in names) and any(name.startswith("QtPrintSupport") for name in names)
    for unwanted in ("Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt6Pdf", "Qt6Network", "tkinter"):
        assert not any(unwanted in name for name in names), unwanted
    translations = {p.name for p in internal.rglob("*.qm")}
    assert translations <= {"qt_zh_CN.qm", "qtbase_zh_CN.qm"}, translations
    assert (internal / "qt_translations" / "qtbase_zh_CN.qm").is_file()  # Qt's own buttons in Chinese


def test_bundled_command_line_imports_exports_and_dumps(
    bundle: Path, tmp_path: Path, reference_data: dict, expected_body: str
) -> None:
    gui, cli = bundle / f"desk-app{EXE}", bundle / f"desk-app-cli{EXE}"
    if os.name != "nt":  # a windowed .exe has no console on Windows; elsewhere both print
        result = _run(gui, "--help")
        assert result.returncode == 0, _text(result.stderr)
        assert "import" in _text(result.stdout) and "export" in _text(result.stdout)
    result = _run(cli, "--help")
    assert result.returncode == 0, _text(result.stderr)
    assert "YEAR-NUMBER" in _text(result.stdout) or "COMMAND" in _text(result.stdout)

    result = _run(cli, "import", str(DATA / "bulletin.json"))
    assert result.returncode == 0, _text(result.stderr)  # the migrations ran from the bundle
    assert "2023-6" in _text(result.stdout)

    target = tmp_path / "导出 目录" / "窗口工作周报2023年第6期.docx"
    target.parent.mkdir()
    result = _run(cli, "export", "2023-6", "-o", str(target))
    assert result.returncode == 0, _text(result.stderr)
    assert squeeze("".join(body_paragraphs(target))) == squeeze(expected_body)
    with zipfile.ZipFile(target) as docx:  # python-docx's footer template was found: page numbers
        assert any(name.startswith("word/footer") for name in docx.namelist())

    dumped = tmp_path / "dump.json"
    result = _run(cli, "dump", "2023-6", "-o", str(dumped))
    assert result.returncode == 0, _text(result.stderr)
    assert json.loads(dumped.read_text(encoding="utf-8")) == reference_data


def test_bundled_program_reaches_postgresql(bundle: Path) -> None:
    """psycopg2 and its libpq are in the bundle: a shared server can be used."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_URL_ENV} is not set: the test command starts PostgreSQL")
        pytest.skip(f"PostgreSQL: set {POSTGRES_URL_ENV} (the test command starts a server)")
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    cli = bundle / f"desk-app-cli{EXE}"
    result = _run(cli, "--database", url, "import", str(DATA / "bulletin.json"))
    assert result.returncode == 0, _text(result.stderr)
    result = _run(cli, "--database", url, "list")
    assert result.returncode == 0, _text(result.stderr)
    assert "2023-6" in _text(result.stdout)


def test_bundled_smoke_test(bundle: Path) -> None:
    """``desk-app --smoke-test``: every tab built on a temporary database, the reference issue
    composed and exported, exit 0 (the frozen build is really usable, offscreen)."""
    result = _run(bundle / f"desk-app{EXE}", "--smoke-test", timeout=180)
    assert result.returncode == 0, f"stdout:\n{_text(result.stdout)}\nstderr:\n{_text(result.stderr)}"
