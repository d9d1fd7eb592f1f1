"""Start-up of the desktop application against a bare PySide6 window, side by side.

Measures process start → main window first painted (the app prints a marker
under DESK_APP_STARTUP_MARKER=1; the bare window script prints the same marker
on its first paint), with 1,000 issues in the database, alternating runs; then
the memory (VmRSS steady one second after the window shows, and VmHWM peak) of
both. Prints the medians and their ratios. Targets: time ≤ 1.5×, memory ≤ 2×.

    python benchmarks/bench_startup.py [--runs 7] [--issues 1000] [--platform offscreen|xcb]

Linux only (reads /proc/PID/status).
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARKER = "desk-app: window shown"
SETTLE_S = 1.0

BARE_WINDOW = f'''
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print({MARKER!r}, flush=True)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1366, 740)
first_paint = FirstPaint(window)
window.installEventFilter(first_paint)
window.show()
sys.exit(app.exec())
'''


def make_database(url: str, count: int) -> None:
    from desk_app.domain.exchange import loads
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database
    from desk_app.storage.models import database_proxy

    reference = loads((ROOT / "resources" / "sample" / "bulletin-2023-06.json").read_text(encoding="utf-8"))
    open_database(url)
    with database_proxy.atomic():
        for i in range(count):
            issue = copy.deepcopy(reference)
            year, number = 2004 + i // 50, i % 50 + 1
            issue.masthead.year, issue.masthead.number, issue.masthead.serial = year, number, i + 1
            start = date(year, 1, 5) + timedelta(weeks=number - 1)
            issue.period.start, issue.period.end = start, start + timedelta(days=4)
            issue.masthead.date = issue.period.end + timedelta(days=3)
            issue.approvals.date_from = issue.approvals.date_to = None
            repository.save_issue(issue)
    close_database()


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Seconds to the first paint, steady RSS and peak RSS (KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               encoding="utf-8", env=env)
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            if line.strip() == MARKER:
                break
        else:
            raise RuntimeError(f"{command} ended without showing a window (status {process.wait()})")
        elapsed = time.perf_counter() - started
        time.sleep(SETTLE_S)
        rss, peak = status_kb(process.pid, "VmRSS"), status_kb(process.pid, "VmHWM")
    finally:
        process.kill()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]
    return elapsed, rss, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        folder_path = Path(folder)
        url = "sqlite:///" + (folder_path / "archive.sqlite3").as_posix()
        made = time.perf_counter()
        make_database(url, args.issues)
        print(f"database with {args.issues} issues made in {time.perf_counter() - made:.1f} s")
        bare_script = folder_path / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")

        env = dict(os.environ, QT_QPA_PLATFORM=args.platform, DESK_APP_STARTUP_MARKER="1",
                   DESK_APP_DATA_DIR=str(folder_path / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules load from bytecode, not source
        app = [sys.executable, "-m", "desk_app", "--database", url]
        bare = [sys.executable, str(bare_script)]
        run_once(app, env), run_once(bare, env)  # warm the file cache; first start writes settings

        results: dict[str, list[tuple[float, int, int]]] = {"app": [], "bare": []}
        for _ in range(args.runs):
            results["app"].append(run_once(app, env))
            results["bare"].append(run_once(bare, env))

    def median(name: str, index: int) -> float:
        return statistics.median(r[index] for r in results[name])

    ratios = [a[0] / b[0] for a, b in zip(results["app"], results["bare"])]
    print(f"platform {args.platform}, {args.runs} alternating runs each")
    print(f"start to window shown: app {median('app', 0) * 1000:.0f} ms, bare window {median('bare', 0) * 1000:.0f} ms")
    print(f"  median ratio {statistics.median(ratios):.2f}x (target <= 1.5x)")
    steady = median("app", 1) / median("bare", 1)
    peak = median("app", 2) / median("bare", 2)
    print(f"memory, steady (VmRSS): app {median('app', 1) / 1024:.0f} MiB, bare {median('bare', 1) / 1024:.0f} MiB, "
          f"ratio {steady:.2f}x (target <= 2x)")
    print(f"memory, peak (VmHWM):   app {median('app', 2) / 1024:.0f} MiB, bare {median('bare', 2) / 1024:.0f} MiB, "
          f"ratio {peak:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
