"""Memory while issue after issue is opened: nothing may grow with the number of issues opened.

One offscreen process holds the main window on a database of ten long issues (5× the reference
issue's 窗口动态). It opens them in turn, as a clerk clicking down the list does, and measures
after a warm-up of 40 openings and again after 200 more: the process's VmRSS, Python's live
objects (``gc.get_objects()``), the QObjects under the window and the live ``IssueSession``
objects. Prints both points and their ratios; exits 1 when

* VmRSS after 240 openings is over 1.05× that after 40 (or grew by more than 8 MiB),
* Python's live objects grew by more than 2 %,
* more than two IssueSession objects are alive, or the window holds more than 5 QObjects more than
  after 40 (one short-lived animation or timer may be alive at either point; a leak of one a
  opening would be 200),
* an opening did not show the issue asked for (the output is checked, not only timed).

    python benchmarks/bench_reopen_memory.py [--warm-up 40] [--openings 200] [--times 5]

Linux only (reads /proc/self/status).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RSS_RATIO_TARGET = 1.05
RSS_GROWTH_TARGET_MIB = 8.0
OBJECTS_RATIO_TARGET = 1.02
QOBJECTS_SLACK = 5
KEYS = [(2023, number) for number in range(6, 16)]

OPEN_IN_TURN = r"""
import gc, json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from desk_app.domain.model import IssueKey
from desk_app.gui.dialogs import Dialogs
from desk_app.gui.main_window import MainWindow
from desk_app.gui.session import IssueSession
from desk_app.storage.database import open_database

open_database(sys.argv[1])
keys = [IssueKey(*pair) for pair in json.loads(sys.argv[2])]
warm_up, openings = int(sys.argv[3]), int(sys.argv[4])
window = MainWindow(Dialogs())
window.start()
window.show()
for _ in range(20):
    app.processEvents()

def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError("VmRSS")

wrong = []
def open_in_turn(count: int, start: int) -> None:
    for n in range(start, start + count):
        key = keys[n % len(keys)]
        window.open_issue(key)
        app.processEvents()  # painted
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the event loop does between two clicks
        shown = window.session.stored_key if window.session else None
        if shown != key:
            wrong.append(f"asked for {key}, shown {shown}")

def measure() -> dict:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()
    gc.collect()  # the first collection untracks what it can; counting after a second one is repeatable
    objects = gc.get_objects()
    return {
        "rss_kib": rss_kib(),
        "python_objects": len(objects),
        "sessions": sum(isinstance(o, IssueSession) for o in objects),
        "window_qobjects": len(window.findChildren(QObject)),
    }

open_in_turn(warm_up, 0)
measure()  # its first findChildren makes PySide's lazy type objects: counted from the second call on
first = measure()
open_in_turn(openings, warm_up)
second = measure()
print("FIGURES " + json.dumps({"first": first, "second": second, "wrong": wrong[:5]}), flush=True)
window.close()
"""


def make_database(url: str, times: int) -> None:
    from desk_app.domain.exchange import loads
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    reference = loads((ROOT / "tests" / "data" / "bulletin.json").read_text(encoding="utf-8"))
    for group in reference.dynamics.groups:
        group.entries = [copy.deepcopy(entry) for _ in range(times) for entry in group.entries]
    open_database(url)
    for offset, (year, number) in enumerate(KEYS):
        issue = copy.deepcopy(reference)
        issue.masthead.year, issue.masthead.number = year, number
        issue.masthead.serial = reference.masthead.serial + offset
        repository.save_issue(issue)
    close_database()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warm-up", type=int, default=40)
    parser.add_argument("--openings", type=int, default=200)
    parser.add_argument("--times", type=int, default=5, help="length of each issue's 窗口动态 (× the reference)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-reopen-") as folder:
        url = "sqlite:///" + (Path(folder) / "issues.sqlite3").as_posix()
        make_database(url, args.times)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_APP_DATA_DIR=str(Path(folder) / "data"))
        result = subprocess.run(
            [sys.executable, "-c", OPEN_IN_TURN, url, json.dumps(KEYS), str(args.warm_up), str(args.openings)],
            env=env, capture_output=True, text=True, encoding="utf-8",
        )
    lines = [line for line in result.stdout.splitlines() if line.startswith("FIGURES ")]
    if result.returncode != 0 or not lines:
        print(result.stdout, result.stderr, sep="\n")
        print(f"the measuring process failed (exit {result.returncode})")
        return 1
    figures = json.loads(lines[-1].removeprefix("FIGURES "))
    first, second = figures["first"], figures["second"]
    total = args.warm_up + args.openings
    rss_ratio = second["rss_kib"] / first["rss_kib"]
    rss_growth = (second["rss_kib"] - first["rss_kib"]) / 1024
    objects_ratio = second["python_objects"] / first["python_objects"]
    print(f"{len(KEYS)} issues of {args.times}x length opened in turn")
    print(f"{'':28}{'after ' + str(args.warm_up):>14}{'after ' + str(total):>14}{'ratio':>9}")
    print(f"{'VmRSS (MiB)':28}{first['rss_kib'] / 1024:14.1f}{second['rss_kib'] / 1024:14.1f}{rss_ratio:9.3f}"
          f"   (target <= {RSS_RATIO_TARGET}x and <= {RSS_GROWTH_TARGET_MIB:.0f} MiB more; grew {rss_growth:+.1f} MiB)")
    print(f"{'Python objects':28}{first['python_objects']:14}{second['python_objects']:14}{objects_ratio:9.3f}"
          f"   (target <= {OBJECTS_RATIO_TARGET}x)")
    print(f"{'IssueSession objects alive':28}{first['sessions']:14}{second['sessions']:14}{'':9}   (target <= 2)")
    print(f"{'QObjects under the window':28}{first['window_qobjects']:14}{second['window_qobjects']:14}{'':9}"
          f"   (target: at most {QOBJECTS_SLACK} more)")
    failures = []
    if figures["wrong"]:
        failures.append("an opening showed the wrong issue: " + "; ".join(figures["wrong"]))
    if rss_ratio > RSS_RATIO_TARGET or rss_growth > RSS_GROWTH_TARGET_MIB:
        failures.append(f"VmRSS grew {rss_ratio:.3f}x ({rss_growth:+.1f} MiB)")
    if objects_ratio > OBJECTS_RATIO_TARGET:
        failures.append(f"Python's live objects grew {objects_ratio:.3f}x")
    if second["sessions"] > 2:
        failures.append(f"{second['sessions']} IssueSession objects alive")
    if second["window_qobjects"] > first["window_qobjects"] + QOBJECTS_SLACK:
        failures.append(f"the window holds {second['window_qobjects'] - first['window_qobjects']} more QObjects")
    for failure in failures:
        print("OVER TARGET: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
