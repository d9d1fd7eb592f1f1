"""Start-up of the desktop application against a bare PySide6 window, side by side.

For databases of 1, 1,000 and 10,000 issues: process start → the main window's first paint
(the app prints a marker naming the issue open and whether its fields take typing; the bare
window prints the same marker on its first paint), and → ready (the app's second marker, once
the work left for after the first paint is done: the issue list, the preview). Runs alternate
(app/bare, then bare/app); medians of the per-round ratios. Then the memory (VmRSS steady a
moment after the window shows, and the VmHWM peak) of both.

Each app run ends as a clerk's day does: the window is closed (the test hook's ``quit``), so the
next start finds the database as a clean close leaves it (stamped verified, no -wal: the start
does not read the whole file again). Killing it instead would make every start one after a crash.

Each app run is checked: it must show the newest issue, editable, at its first paint, and list
every issue when ready; otherwise the benchmark stops (a fast blank window proves nothing).

Targets: first paint ≤ 1.2× the bare window (at every size), steady memory ≤ 2×; ready is
reported (and ≤ 2× at 1,000 issues). Exits 1 over a target.

    python benchmarks/bench_startup.py [--runs 15] [--issues 1,1000,10000] [--platform offscreen|xcb]

The databases are generated once and kept in the cache folder (--cache, default
~/.cache/desk-app-bench), keyed by size and by the generator's and the schema's files: 1,000
valid issues from bench_archive_scaling.generate_issues, and for more, copies of them shifted
back 20 years at a time (rows copied in SQL: storing 10,000 issues one by one takes minutes).
Linux only (reads /proc/PID/status).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

MARKER = "desk-app: window shown"
READY = "desk-app: ready"
BASE_ISSUES = 1000  # stored through the repository; more are SQL copies of these
YEARS_PER_BASE = BASE_ISSUES // 50
NEWEST_YEAR = 2100  # the generated issues' last year: copies go back from it, staying after 1900
TARGET_PAINT = 1.2
TARGET_READY_1000 = 2.0
TARGET_MEMORY = 2.0

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


# the databases ------------------------------------------------------------------------------

def _cache_key(count: int) -> str:
    digest = hashlib.sha256()
    for path in [Path(__file__), ROOT / "benchmarks" / "bench_archive_scaling.py", ROOT / "tests" / "data" / "bulletin.json",
                 *sorted((ROOT / "db" / "migrations").glob("*.py")), ROOT / "desk_app" / "storage" / "repository.py"]:
        digest.update(path.read_bytes())
    return f"startup-{count}-{digest.hexdigest()[:12]}.sqlite3"


def _store_base(url: str, count: int) -> str:
    """``count`` (≤ 1,000) generated issues ending in NEWEST_YEAR; returns the newest key."""
    from bench_archive_scaling import generate_issues

    from desk_app.domain.exchange import parse_issue
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database
    from desk_app.storage.models import database_proxy

    issues = [parse_issue(data) for data in generate_issues(BASE_ISSUES, first_year=NEWEST_YEAR - YEARS_PER_BASE + 1)]
    issues = issues[-count:]
    open_database(url)
    try:
        with database_proxy.atomic():
            for issue in issues:
                repository.save_issue(issue)
    finally:
        close_database()
    return str(issues[-1].key)


def _shift_date(column: str, years: int) -> str:
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%04d', substr({column}, 1, 4) - {years}) || substr({column}, 5) END"


def _copy_back(path: Path, copies: int) -> None:
    """Copy every stored issue ``copies`` times, each 20 years earlier than the last (its lists and search text too)."""
    connection = sqlite3.connect(path)
    try:
        columns = {t: [r[1] for r in connection.execute(f'PRAGMA table_info("{t}")')] for t in
                   ("issue", "newly_authorized", "progress_item", "dynamics_group", "dynamics_entry", "inspection_item", "search_doc")}
        top = {t: connection.execute(f'SELECT max(id) FROM "{t}"').fetchone()[0] or 0 for t in columns}
        date_columns = {"issue_date", "period_start", "period_end", "approvals_from", "approvals_to"}
        with connection:
            for k in range(1, copies + 1):
                years = YEARS_PER_BASE * k
                shifted = {
                    "id": f"id + {top['issue'] * k}",
                    "year": f"year - {years}",
                    "serial": "serial",  # kept: the list shows them, nothing checks them here
                    **{c: _shift_date(c, years) for c in date_columns if c in columns["issue"]},
                }
                select = ", ".join(shifted.get(c, c) for c in columns["issue"])
                connection.execute(f'INSERT INTO issue ({", ".join(columns["issue"])}) SELECT {select} FROM issue WHERE id <= {top["issue"]}')
                for table in ("newly_authorized", "progress_item", "dynamics_group", "inspection_item", "search_doc", "dynamics_entry"):
                    moved = {"id": f"id + {top[table] * k}", "issue_id": f"issue_id + {top['issue'] * k}",
                             "group_id": f"group_id + {top['dynamics_group'] * k}"}
                    select = ", ".join(moved.get(c, c) for c in columns[table])
                    connection.execute(
                        f'INSERT INTO "{table}" ({", ".join(columns[table])}) SELECT {select} FROM "{table}" WHERE id <= {top[table]}'
                    )
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def cached_database(cache: Path, count: int) -> tuple[Path, str]:
    """The database of ``count`` issues (made once, then kept) and its newest issue's key."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / _cache_key(count)
    key_file = path.with_suffix(".newest")
    if path.is_file() and key_file.is_file():
        return path, key_file.read_text(encoding="utf-8").strip()
    for stale in cache.glob(f"startup-{count}-*"):
        stale.unlink()
    made = time.perf_counter()
    building = path.with_suffix(".building")
    for leftover in cache.glob(building.name + "*"):
        leftover.unlink()
    newest = _store_base("sqlite:///" + building.as_posix(), min(count, BASE_ISSUES))
    copies, rest = divmod(count, BASE_ISSUES)
    if rest and count > BASE_ISSUES:
        raise SystemExit(f"--issues: {count} is not a multiple of {BASE_ISSUES}")
    if count > BASE_ISSUES:
        _copy_back(building, copies - 1)
    stored = sqlite3.connect(building).execute("SELECT count(*) FROM issue").fetchone()[0]
    if stored != count:
        raise SystemExit(f"made {stored} issues, not {count}")
    building.replace(path)
    key_file.write_text(newest, encoding="utf-8")
    print(f"database of {count} issues made in {time.perf_counter() - made:.1f} s: {path}")
    return path, newest


# the runs ------------------------------------------------------------------------------------

class Run(NamedTuple):
    paint: float  # seconds from the start to the first paint
    ready: float  # … to ready (the bare window: = paint)
    rss: int  # KiB, steady
    peak: int  # KiB, VmHWM


def status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def run_once(command: list[str], env: dict[str, str], settle: float, expect: tuple[str, int] | None) -> Run:
    """One start; ``expect`` (newest key, issue count) checks what the app showed."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", env=env)
    try:
        paint = ready = None
        for line in process.stdout:  # type: ignore[union-attr]
            line = line.strip()
            if line.startswith(MARKER):
                paint = time.perf_counter() - started
                if expect is None:
                    ready = paint
                    break
                if line != f"{MARKER} {expect[0]} editable":
                    raise SystemExit(f"the app's first paint showed {line[len(MARKER):].strip()!r}, not {expect[0]} editable")
            elif line.startswith(READY):
                ready = time.perf_counter() - started
                words = line[len(READY):].split()
                if words[0] != expect[0] or words[1] != f"rows={expect[1]}" or words[2] == "preview=0":  # type: ignore[index]
                    raise SystemExit(f"the app was ready with {line!r}; expected {expect[0]}, rows={expect[1]} and a preview")  # type: ignore[index]
                break
        if paint is None or ready is None:
            process.kill()
            raise SystemExit(f"{command} ended without showing a window (status {process.wait()}):\n{process.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(settle)
        rss, peak = status_kb(process.pid, "VmRSS"), status_kb(process.pid, "VmHWM")
        if expect is not None:  # closed as a clerk closes it (see the module's docstring)
            process.stdin.write('{"cmd": "quit"}\n')  # type: ignore[union-attr]
            process.stdin.flush()  # type: ignore[union-attr]
            if process.wait(timeout=30) != 0:
                raise SystemExit(f"the app ended with status {process.returncode}:\n{process.stderr.read()}")  # type: ignore[union-attr]
    finally:
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            stream.close()  # type: ignore[union-attr]
    return Run(paint, ready, rss, peak)


def measure(count: int, database: Path, newest: str, args: argparse.Namespace, folder: Path, bare_script: Path) -> dict:
    work = folder / f"db-{count}"
    work.mkdir()
    copy = work / "archive.sqlite3"
    shutil.copyfile(database, copy)  # the app may write (WAL, settings): never into the cache
    url = "sqlite:///" + copy.as_posix()
    env = dict(os.environ, QT_QPA_PLATFORM=args.platform, DESK_APP_STARTUP_MARKER="1",
               DESK_APP_DATA_DIR=str(work / "data"), DESK_APP_TEST_HOOK="stdin")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules load from bytecode, not source
    app = [sys.executable, "-m", "desk_app", "--database", url]
    bare = [sys.executable, str(bare_script)]
    expect = (newest, count)
    run_once(app, env, 0, expect), run_once(bare, env, 0, None)  # warm the caches; the first start writes settings
    results: dict[str, list[Run]] = {"app": [], "bare": []}
    for round_ in range(args.runs):
        order = (("app", app, expect), ("bare", bare, None))
        for name, command, expected in order if round_ % 2 == 0 else order[::-1]:
            results[name].append(run_once(command, env, args.settle, expected))
    return results


def median_ms(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="rounds per database size (each: one app, one bare start)")
    parser.add_argument("--issues", default="1,1000,10000", help="database sizes, comma-separated")
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--settle", type=float, default=0.5, help="seconds after ready before reading the memory")
    parser.add_argument("--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "desk-app-bench")
    args = parser.parse_args()
    sizes = [int(word) for word in args.issues.split(",") if word.strip()]

    over: list[str] = []
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder_name:
        folder = Path(folder_name)
        bare_script = folder / "bare_window.py"
        bare_script.write_text(BARE_WINDOW, encoding="utf-8")
        databases = {count: cached_database(args.cache, count) for count in sizes}
        for count in sizes:
            database, newest = databases[count]
            results = measure(count, database, newest, args, folder, bare_script)
            app, bare = results["app"], results["bare"]
            paint_ratio = statistics.median(a.paint / b.paint for a, b in zip(app, bare))
            ready_ratio = statistics.median(a.ready / b.paint for a, b in zip(app, bare))
            memory_ratio = statistics.median(a.rss for a in app) / statistics.median(b.rss for b in bare)
            rows.append((count, newest, median_ms(app, "paint"), median_ms(app, "ready"), median_ms(bare, "paint"),
                         paint_ratio, ready_ratio, statistics.median(a.rss for a in app) / 1024,
                         statistics.median(b.rss for b in bare) / 1024, memory_ratio,
                         statistics.median(a.peak for a in app) / 1024))
            if paint_ratio > TARGET_PAINT:
                over.append(f"first paint {paint_ratio:.2f}x at {count} issues (target <= {TARGET_PAINT}x)")
            if count == 1000 and ready_ratio > TARGET_READY_1000:
                over.append(f"ready {ready_ratio:.2f}x at {count} issues (target <= {TARGET_READY_1000}x)")
            if memory_ratio > TARGET_MEMORY:
                over.append(f"memory {memory_ratio:.2f}x at {count} issues (target <= {TARGET_MEMORY}x)")

    print(f"platform {args.platform}, {args.runs} rounds per size, order alternating (app/bare, bare/app); medians")
    print(f"{'issues':>7} {'newest':>8} {'app paint':>10} {'app ready':>10} {'bare paint':>11} {'paint x':>8} {'ready x':>8}"
          f" {'app RSS':>8} {'bare RSS':>9} {'RSS x':>6} {'app peak':>9}")
    for count, newest, paint, ready, bare, px, rx, rss, bare_rss, mx, peak in rows:
        print(f"{count:>7} {newest:>8} {paint:>8.0f}ms {ready:>8.0f}ms {bare:>9.0f}ms {px:>7.2f}x {rx:>7.2f}x"
              f" {rss:>5.0f}MiB {bare_rss:>6.0f}MiB {mx:>5.2f}x {peak:>6.0f}MiB")
    print(f"targets: first paint <= {TARGET_PAINT}x, ready <= {TARGET_READY_1000}x at 1000 issues, steady memory <= {TARGET_MEMORY}x")
    for line in over:
        print(f"OVER TARGET: {line}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
