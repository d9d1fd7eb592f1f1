"""Importing 1,000 exchange files: the command line's time a file, and the GUI's without freezing the window.

Generates 1,000 valid, varied issues (``bench_archive_scaling.generate_issues``: 20 years, lists of
varying length, year-to-date figures that add up) as window-weekly/1 files in a folder with a
Chinese name and a space, then, for ``--rounds`` rounds, alternating which goes first, into a fresh
SQLite file each time:

- ``cli``: ``python -m desk_app --database URL import FILE…`` (the whole process);
- ``floor``: a process that parses the same files and stores each through ``repository.save_issue``
  (one transaction a file, as the import), without reading the previous issue or checking anything;
- ``gui`` (once, after the rounds): the main window, offscreen and in-process, imports the folder
  through 文件 › 导入文件夹 with a fake Dialogs answering the report; a QTimer ticking every 10 ms
  measures the longest time the UI thread did not get to run it.

Each run checks that all 1,000 issues are in the database. Prints the medians, per-file ms and the
ratios; exits 1 when the command line takes over 4 ms a file or the window is blocked 100 ms or more.

    .venv/bin/python benchmarks/bench_import.py [--issues 1000] [--rounds 3] [--source DIR]

``--source DIR`` runs another checkout's ``desk_app`` (e.g. ``/work/main`` for the code before):
its GUI import, if it has no import workflow, is timed as the menu's synchronous import of all files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import time_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
TARGET_MS_A_FILE = 4.0
TARGET_LONGEST_BLOCK_MS = 100.0

FLOOR = """
import sys
from pathlib import Path
from desk_app.domain.exchange import loads
from desk_app.storage import repository
from desk_app.storage.database import open_database
open_database(sys.argv[1])
for name in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
    repository.save_issue(loads(Path(name).read_text(encoding="utf-8")))
"""

GUI = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desk_app.storage.database import open_database
open_database(sys.argv[1])
folder = Path(sys.argv[2])
files = sorted(p for p in folder.iterdir() if p.suffix == ".json")
from desk_app.gui.main_window import MainWindow

class Dialogs:
    def __init__(self): self.reports = []
    def open_folder(self, title, start): return folder
    def open_files(self, title, start, filters): return files
    def import_report(self, report): self.reports.append(report.summary()); return False
    def import_preview(self, recognitions): return True
    def ask(self, *a, **k): return True
    def choose(self, title, text, choices, warning=False): return len(choices) - 1
    def inform(self, title, text): self.reports.append(text.splitlines()[0])
    def warn(self, *a, **k): pass
    def error(self, *a, **k): raise SystemExit(f"error dialog: {a}")

dialogs = Dialogs()
window = MainWindow(dialogs)
window.show()
window.load_list()
for _ in range(20): app.processEvents()
clock, gaps, last = QElapsedTimer(), [], [0]
ticker = QTimer(); ticker.setInterval(10)
def tick():
    now = clock.elapsed(); gaps.append(now - last[0]); last[0] = now
ticker.timeout.connect(tick)
clock.start(); ticker.start()
started = time.perf_counter()
if hasattr(window, "import_folder_action"):
    workflow = window._importing()
    done = []
    workflow.finished.connect(lambda report: done.append(report))
    window.import_folder_action.trigger()
    while not done:
        app.processEvents()
        time.sleep(0.001)
    gaps.append(clock.elapsed() - last[0])  # the last step, up to the report
else:  # the code before: the menu's import of the files, synchronous
    window.import_json()
    dialogs.reports.append(window.statusBar().currentMessage() or (dialogs.reports or [""])[-1])
elapsed = time.perf_counter() - started
if not hasattr(window, "import_folder_action"):
    app.processEvents(); time.sleep(0.011); app.processEvents()  # the synchronous import is one long gap
during, counted = max(gaps), len(gaps)
after_started = time.perf_counter()
while time.perf_counter() - after_started < 0.6:  # the issue opened after the import: its preview after the next paint
    app.processEvents(); time.sleep(0.001)
ticker.stop()
print(json.dumps({"seconds": elapsed, "longest_block_ms": during, "longest_after_ms": max(gaps[counted:] or [0]),
                  "report": (dialogs.reports[-1].splitlines() or [""])[0]}, ensure_ascii=False))
"""


def write_files(folder: Path, count: int) -> list[Path]:
    from bench_archive_scaling import generate_issues

    folder.mkdir(parents=True)
    paths = []
    for index, data in enumerate(generate_issues(count)):
        path = folder / f"{index:04d} 第{data['masthead']['number']}期.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def stored_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(DISTINCT year * 100 + number) FROM issue").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout whose desk_app is run (default: this one)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    os.chdir(source)  # python -m / -c put the working folder first: that checkout's desk_app is run
    python = sys.executable
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caches, as on a clerk's PC
    with tempfile.TemporaryDirectory(prefix="bench-import-") as work_dir:
        work = Path(work_dir)
        env["DESK_APP_DATA_DIR"] = str(work / "data")  # backups and settings of the runs: not the user's
        files = write_files(work / "周报 交换文件", args.issues)
        listing = work / "files.txt"
        listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
        commands = {
            "cli": lambda url: [python, "-m", "desk_app", "--database", url, "import", *map(str, files)],
            "floor": lambda url: [python, "-c", FLOOR, url, str(listing)],
        }
        times: dict[str, list[float]] = {"cli": [], "floor": []}
        cpu: dict[str, list[float]] = {"cli": [], "floor": []}  # user + system: what a loaded machine does not inflate much
        run = 0
        for round_ in range(args.rounds):
            order = ["cli", "floor"] if round_ % 2 == 0 else ["floor", "cli"]
            for name in order:
                run += 1
                database = work / f"第{run}次 导入.sqlite3"
                url = "sqlite:///" + database.as_posix()
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[name].append(time_command(commands[name](url), env))
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                if stored_count(database) != args.issues:
                    raise SystemExit(f"{name}: {stored_count(database)} issues stored, not {args.issues}")
        gui_database = work / "界面 导入.sqlite3"
        result = subprocess.run(
            [python, "-c", GUI, "sqlite:///" + gui_database.as_posix(), str(files[0].parent)],
            env=env, capture_output=True, text=True, encoding="utf-8", cwd=source,
        )  # fmt: skip
        if result.returncode != 0:
            raise SystemExit(f"GUI import failed:\n{result.stderr}")
        gui = json.loads(result.stdout.strip().splitlines()[-1])
        if stored_count(gui_database) != args.issues:
            raise SystemExit(f"gui: {stored_count(gui_database)} issues stored, not {args.issues}")

    cli, floor = statistics.median(times["cli"]), statistics.median(times["floor"])
    per_file = cli * 1000 / args.issues
    ratios = [c / f for c, f in zip(times["cli"], times["floor"])]
    print(f"source: {source}; {args.issues} files, {args.rounds} rounds, every issue stored each time")
    print(f"{'run':8} {'median s':>9} {'ms a file':>10} {'cpu ms a file':>14}")
    for name, wall in (("cli", cli), ("floor", floor)):
        print(f"{name:8} {wall:9.2f} {wall * 1000 / args.issues:10.2f} {statistics.median(cpu[name]) * 1000 / args.issues:14.2f}")
    cpu_ratios = [c / f for c, f in zip(cpu["cli"], cpu["floor"])]
    print(f"cli / floor (median of rounds): {statistics.median(ratios):.2f}x wall, {statistics.median(cpu_ratios):.2f}x cpu")
    print(f"gui: {gui['seconds']:.2f} s ({gui['seconds'] * 1000 / args.issues:.2f} ms a file, {gui['seconds'] / floor:.2f}x floor), "
          f"longest UI block {gui['longest_block_ms']:.0f} ms; report: {gui['report']}")  # fmt: skip
    print(f"gui: opening the newest issue afterwards (the editor and its preview, as a click in the list): "
          f"longest UI block {gui['longest_after_ms']:.0f} ms (not counted against the target)")  # fmt: skip
    failed = False
    if per_file > TARGET_MS_A_FILE:
        print(f"OVER TARGET: cli {per_file:.2f} ms a file > {TARGET_MS_A_FILE} ms")
        failed = True
    if gui["longest_block_ms"] >= TARGET_LONGEST_BLOCK_MS:
        print(f"OVER TARGET: the window was blocked {gui['longest_block_ms']:.0f} ms >= {TARGET_LONGEST_BLOCK_MS:.0f} ms")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
