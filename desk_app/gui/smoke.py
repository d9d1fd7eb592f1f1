"""``--smoke-test``: the whole GUI on a temporary database, for the installer build and CI.

Checks that the Qt binding keeps its references (binding_check.py), opens a
temporary data folder and database (never the user's), imports the
sample issue shipped in resources/, builds every tab, makes the next issue,
composes and exports the sample to a temporary .docx, prints what it did and
exits 0, or 1 naming what failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = "resources/sample/bulletin-2023-06.json"


class _Scripted:
    """Dialogs for an unattended run: say yes, record messages, fail on errors."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def ask(self, title: str, text: str, yes: str = "", no: str = "") -> bool:
        return True

    def choose(self, title: str, text: str, choices: list[str], warning: bool = False) -> int | None:
        return len(choices) - 1

    def inform(self, title: str, text: str) -> None:
        self.messages.append(text)

    def warn(self, title: str, text: str, details: str = "") -> None:
        raise RuntimeError(f"{title}: {text}")

    error = warn

    def save_file(self, title: str, suggested: Path, filters: str) -> Path | None:
        return suggested

    def open_files(self, title: str, folder: Path, filters: str) -> list[Path]:
        return []

    def open_path(self, path: Path) -> bool:
        return True


def run_smoke_test() -> int:
    started = time.perf_counter()
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="desk-app-smoke-") as folder:
        os.environ["DESK_APP_DATA_DIR"] = str(Path(folder) / "data")  # settings, log, database: all temporary
        try:
            summary = _run(Path(folder))
        except Exception as exc:  # any failure is the result: say it in one line
            import traceback

            traceback.print_exc()
            print(f"smoke test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        finally:
            from desk_app.storage.database import close_database

            from .crash import teardown_logging

            close_database()
            teardown_logging()
    print(f"smoke test ok in {time.perf_counter() - started:.1f} s: {summary}")
    return 0


def _run(folder: Path) -> str:
    from desk_app.domain.compose import compose
    from desk_app.domain.exchange import load_valid
    from desk_app.output.text import render_text
    from desk_app.resources import resource_path
    from desk_app.services import export_issue
    from desk_app.storage import repository
    from desk_app.storage.database import open_database, sqlite_url

    from .crash import setup_logging
    from .launch import _application
    from .main_window import MainWindow

    setup_logging()
    app = _application()
    from .binding_check import IMMORTAL_SINGLETONS, binding_problem

    problem = binding_problem()
    if problem:  # a bundle built with such a PySide6 would abort while the clerk types
        raise RuntimeError(problem)
    open_database(sqlite_url(folder / "smoke.sqlite3"))  # %TEMP% may hold a '#' (user 张#1)
    sample = resource_path(SAMPLE)
    issue, _warnings = load_valid(sample.read_text(encoding="utf-8"))
    repository.save_issue(issue)

    dialogs = _Scripted()
    window = MainWindow(dialogs)  # type: ignore[arg-type]
    window.load_list()
    window.show()
    app.processEvents()
    assert window.session is not None and window.session.stored_key == issue.key, "the sample issue did not open"
    window.editor.build_all()
    fields = 0
    for index, page in enumerate(window.editor.pages):
        window.editor.tabs.setCurrentIndex(index)
        app.processEvents()
        if not page.fields:
            raise RuntimeError(f"tab {page.title} has no fields")
        fields += len(page.fields)
    window.update_preview()
    blocks = compose(window.session.issue)
    if "今年以来，累计咨询1748人次" not in window.preview_text():
        raise RuntimeError("the preview does not show the composed bulletin")
    errors = [p for p in window.problems if p.is_error]
    if errors:
        raise RuntimeError("the sample issue has errors: " + "; ".join(p.message() for p in errors))

    target = folder / "窗口工作周报 2023年第6期.docx"
    result = export_issue(window.session.issue, target)
    size = result.path.stat().st_size
    if size < 1000:
        raise RuntimeError(f"the exported file is too small ({size} bytes)")

    window.new_issue()  # carry over to the next issue
    app.processEvents()
    created = window.session.stored_key if window.session else None
    if created is None or created.number != issue.masthead.number + 1:
        raise RuntimeError(f"new issue not created from the sample (got {created})")

    # The archive: 查找 and 统计与核对 (QtCharts, openpyxl) as the bundle ships them.
    window.show_search()
    window.search_panel.set_query("王飙")
    hits = len(window.search_panel.results_found.hits)
    if not hits:
        raise RuntimeError("the search found nothing in the sample issue")
    window.show_statistics()
    statistics_window = window.statistics_window
    tables = []
    for name, page in statistics_window.pages.items():
        statistics_window.show_page(name)
        app.processEvents()
        tables += page.tables()
    from desk_app.output.xlsx import write_xlsx

    workbook = write_xlsx(tables, folder / "统计.xlsx")
    charts = len(statistics_window.pages["window"].chart.series_names())
    statistics_window.close()
    window.search_panel.close()
    window.close()
    app.processEvents()
    lines = len(render_text(blocks).splitlines())
    return (
        f"{len(window.editor.pages)} tabs ({fields} fields) built, {len(blocks)} blocks / {lines} lines composed, "
        f"exported {result.path.name} ({size} bytes), created issue {created}, "
        f"search found {hits} lines, statistics drew {charts} series and wrote {len(tables)} sheets "
        f"({workbook.stat().st_size} bytes), "
        + ("None/True/False immortal" if IMMORTAL_SINGLETONS else "no reference to None/True/False lost")
    )
