"""The archive (issue 9): search over ten years, and opening the 统计与核对 window, against a bare query.

Builds the generated archive of tests/archive_data.py (ten years, ~520 issues, with the search
index) in a temporary SQLite database, or in the PostgreSQL database given with --postgres
(its public schema is dropped and made anew).

- search: in-process medians of ``search_index.search(term)`` for terms of one, two, three and
  more characters and two terms together, alternating with a bare query of the same database
  (the newest issue's key: one indexed row); prints the medians and the median per-round ratio.
  Target: every term's median ≤ 200 ms.
- 统计与核对 and 查找 opened: each round is a fresh process (offscreen Qt) that opens the main
  window on the archive, then times the first ``show_statistics()`` until painted (importing
  QtCharts, reading the archive, drawing the first chart and table) and the first
  ``show_search()`` with a query, each beside the bare query in the same process. Target:
  统计与核对 ≤ 500 ms median.

    .venv/bin/python benchmarks/bench_archive.py [--rounds 15] [--postgres URL]

Exits 1 when a median is over its target. Takes about 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the archive generator the tests use

SEARCH_TARGET_MS = 200.0
STATISTICS_TARGET_MS = 500.0
TERMS = ("窗", "受理", "不动产", "防震减灾科普宣传", "冰雪 窗")

OPEN_WINDOWS = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desk_app.storage.database import open_database
from desk_app.storage import repository
open_database(sys.argv[1])
from desk_app.gui.main_window import MainWindow

def bare():
    started = time.perf_counter()
    repository.latest_key()
    return time.perf_counter() - started

window = MainWindow()
window.start()
window.show()
for _ in range(20):
    app.processEvents()
bare()  # the connection and its statement cache warm, as in a running program
figures = {}
started = time.perf_counter()
window.show_statistics()
window.statistics_window.repaint()  # painted: the chart and the table drawn
app.processEvents()
figures["statistics"] = time.perf_counter() - started
figures["statistics_bare"] = bare()
started = time.perf_counter()
window.show_search()
window.search_panel.set_query("冰雪")
window.search_panel.repaint()
app.processEvents()
figures["search"] = time.perf_counter() - started
figures["search_bare"] = bare()
print("FIGURES " + json.dumps(figures), flush=True)
window.statistics_window.close()
window.search_panel.close()
window.close()
"""


def build(url: str) -> tuple[float, int]:
    from archive_data import generate_archive, store_archive

    from desk_app.storage.database import close_database, open_database

    issues = generate_archive().issues
    started = time.perf_counter()
    open_database(url)
    try:
        store_archive(issues)
    finally:
        close_database()
    return time.perf_counter() - started, len(issues)


def reset_postgres(url: str) -> None:
    from desk_app.storage.database import make_database

    database = make_database(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def bench_search(url: str, rounds: int) -> float:
    """Prints the search medians; returns the worst median in ms."""
    from desk_app.storage import repository, search_index
    from desk_app.storage.database import close_database, open_database

    open_database(url)
    try:
        def timed(work) -> float:  # noqa: ANN001
            started = time.perf_counter()
            work()
            return time.perf_counter() - started

        for term in TERMS:  # warm-up: caches of the database and of Python
            search_index.search(term)
        repository.latest_key()
        times = {term: [] for term in TERMS}
        bare: list[float] = []
        ratios = {term: [] for term in TERMS}
        for round_number in range(rounds):
            for term in TERMS:
                pair = [("search", lambda t=term: search_index.search(t)), ("bare", repository.latest_key)]
                if round_number % 2:
                    pair.reverse()
                measured = {name: timed(work) for name, work in pair}
                times[term].append(measured["search"])
                bare.append(measured["bare"])
                ratios[term].append(measured["search"] / measured["bare"])
        hits = {term: search_index.search(term) for term in TERMS}
    finally:
        close_database()
    print(f"search, {rounds} rounds, in-process, alternating with the bare query (median {median_ms(bare):.2f} ms):")
    print(f"{'term':<18} {'found':>7} {'median ms':>10} {'ratio to bare':>14}")
    worst = 0.0
    for term in TERMS:
        median = median_ms(times[term])
        worst = max(worst, median)
        print(f"{term:<18} {hits[term].total:>7} {median:>10.2f} {statistics.median(ratios[term]):>13.0f}x")
    return worst


def bench_windows(url: str, rounds: int, data_dir: Path) -> tuple[float, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_APP_DATA_DIR=str(data_dir))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from cached bytecode
    command = [sys.executable, "-c", OPEN_WINDOWS, url]
    results: dict[str, list[float]] = {}
    for round_number in range(rounds + 1):
        done = subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
        line = next((x for x in done.stdout.splitlines() if x.startswith("FIGURES ")), None)
        if done.returncode != 0 or line is None:
            raise SystemExit(f"opening the windows failed:\n{done.stderr}")
        if round_number == 0:
            continue  # warm-up: bytecode caches
        for name, value in json.loads(line[len("FIGURES "):]).items():
            results.setdefault(name, []).append(value)
    print(f"first opening in a fresh process (offscreen), {rounds} processes, median ms:")
    print(f"{'window':<34} {'opened':>9} {'bare query':>11} {'ratio':>9}")
    medians = {}
    for name, label in (("statistics", "统计与核对 (QtCharts, first chart)"), ("search", "查找 with a query")):
        ratio = statistics.median(a / b for a, b in zip(results[name], results[f"{name}_bare"], strict=True))
        medians[name] = median_ms(results[name])
        print(f"{label:<34} {medians[name]:>9.1f} {median_ms(results[f'{name}_bare']):>11.2f} {ratio:>8.0f}x")
    return medians["statistics"], medians["search"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database to use instead (its public schema is replaced)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-archive9-") as temp:
        folder = Path(temp)
        os.environ["DESK_APP_DATA_DIR"] = str(folder / "data")
        if args.postgres:
            reset_postgres(args.postgres)
            url = args.postgres
        else:
            url = "sqlite:///" + (folder / "archive.sqlite3").as_posix()
        seconds, count = build(url)
        size = f", {(folder / 'archive.sqlite3').stat().st_size / 1e6:.1f} MB" if not args.postgres else ""
        print(f"archive: {count} issues ({'PostgreSQL' if args.postgres else 'SQLite'}) stored in {seconds:.1f} s{size}")
        worst_search = bench_search(url, args.rounds)
        statistics_ms, _search_ms = bench_windows(url, max(5, args.rounds // 2), folder / "data")
    ok = worst_search <= SEARCH_TARGET_MS and statistics_ms <= STATISTICS_TARGET_MS
    print(
        f"targets: search median <= {SEARCH_TARGET_MS:.0f} ms (worst {worst_search:.1f} ms), "
        f"统计与核对 opened <= {STATISTICS_TARGET_MS:.0f} ms ({statistics_ms:.1f} ms) -> {'within' if ok else 'OVER'} target"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
