"""Two clerks saving into one database at typing pace for a minute: no save fails, no update is lost (issues 7 and 13).

Two writer processes, started together, edit issues as the GUI does: the issue is loaded,
a field is changed, and it is saved with ``expected_revision`` (optimistic locking) at most
every 0.4 s (gui/session.py SAVE_DELAY_MS); a ConflictError (the other saved meanwhile)
means: load it again, make the change again, save again. Now and then a writer moves to
another issue. Each writer only ever increments its own counter field (writer 0 the week's
咨询, writer 1 the week's 受理), so at the end each stored counter must equal the number of
that writer's successful saves of that issue, and the revision one more than all of them.

Two scenarios per database, each for ``--seconds`` (default 60):

* same issues — both writers on issues 2099-1 and 2099-2: conflicts are expected and retried;
* different issues — writer 0 on 2099-3, writer 1 on 2099-4 of one database: no conflict may happen.

On SQLite (a temporary file) and, when a URL is given by ``--postgres URL`` or
``DESK_APP_TEST_POSTGRES_URL``, on PostgreSQL (issues of the year 2099 are made and removed
afterwards; the benchmark refuses to run if that year is already there).

    .venv/bin/python benchmarks/bench_soak_two_writers.py [--seconds 60] [--postgres URL] [--pace 0.4]

Prints per database and scenario: saves, conflicts, failed saves, throughput, save latency.
Exits 1 if an update was lost, a save failed, or the writers of different issues met a conflict.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
POSTGRES_URL_ENV = "DESK_APP_TEST_POSTGRES_URL"
YEAR = 2099  # far from any real bulletin
SCENARIOS = {
    "same issues": ([1, 2], [1, 2]),  # issue numbers writer 0 and writer 1 edit
    "different issues": ([3], [4]),
}
COUNTERS = ("consult", "accept")  # reform.window_stats.week.<counter>: writer 0's and writer 1's
TYPING_PACE = 0.4  # seconds between saves while typing (gui/session.py SAVE_DELAY_MS)
SWITCH_CHANCE = 0.1  # after a save, the chance a writer moves on to another of its issues
CONFLICTS_IN_A_ROW = 50  # an edit still conflicting after this many reloads counts as failed


# --- a writer process ----------------------------------------------------------------------


def writer(url: str, index: int, numbers: list[int], start_at: float, seconds: float, pace: float) -> dict:
    """Edit until ``seconds`` after ``start_at``; returns counts, per-issue successes and save latencies."""
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    counter = COUNTERS[index]
    rng = random.Random(index)
    keys = [IssueKey(YEAR, number) for number in numbers]
    report = {"saves": 0, "conflicts": 0, "failed": 0, "errors": [], "successes": {str(k): 0 for k in keys}, "latencies": []}
    open_database(url)
    time.sleep(max(0.0, start_at - time.time()))
    deadline = time.monotonic() + seconds
    key = rng.choice(keys)
    issue, revision = repository.load_issue_with_revision(key)
    while time.monotonic() < deadline:
        time.sleep(pace * rng.uniform(0.5, 1.5))
        week = issue.reform.window_stats.week
        setattr(week, counter, (getattr(week, counter) or 0) + 1)  # the keystroke
        for _attempt in range(CONFLICTS_IN_A_ROW):
            started = time.perf_counter()
            try:
                result = repository.save_issue(issue, expected_revision=revision)
            except repository.ConflictError:
                report["conflicts"] += 1
                issue, revision = repository.load_issue_with_revision(key)  # what the other saved, then the change again
                week = issue.reform.window_stats.week
                setattr(week, counter, (getattr(week, counter) or 0) + 1)
                continue
            except Exception as exc:  # any other refusal is a failed save: the clerk's typing would be unsaved
                report["failed"] += 1
                report["errors"].append(f"{type(exc).__name__}: {exc}")
                issue, revision = repository.load_issue_with_revision(key)
                break
            report["latencies"].append(time.perf_counter() - started)
            report["saves"] += 1
            report["successes"][str(key)] += 1
            revision = result.revision
            break
        else:
            report["failed"] += 1
            report["errors"].append(f"{key}: still conflicting after {CONFLICTS_IN_A_ROW} reloads")
            issue, revision = repository.load_issue_with_revision(key)
        if len(keys) > 1 and rng.random() < SWITCH_CHANCE:
            key = rng.choice([k for k in keys if k != key])
            issue, revision = repository.load_issue_with_revision(key)
    close_database()
    return report


# --- the benchmark -----------------------------------------------------------------------


def prepare(url: str, numbers: list[int]) -> None:
    """The issues ``YEAR-n`` made from the reference issue, both counters at 0; refuses if the year is in use."""
    from desk_app.domain.exchange import loads
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    reference = loads(REFERENCE.read_text(encoding="utf-8"))
    open_database(url)
    try:
        taken = [s.key for s in repository.list_issues() if s.key.year == YEAR]
        if taken:
            raise SystemExit(f"{url}: issues of {YEAR} are stored already ({', '.join(map(str, taken))}): not touching them")
        for number in numbers:
            reference.masthead.year, reference.masthead.number = YEAR, number
            for name in COUNTERS:
                setattr(reference.reform.window_stats.week, name, 0)
            repository.save_issue(reference)
    finally:
        close_database()


def verify(url: str, numbers: list[int], reports: list[dict]) -> tuple[int, list[str]]:
    """Lost updates (stored counters short of the successful saves) and every mismatch, in words."""
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    lost, problems = 0, []
    open_database(url)
    try:
        for number in numbers:
            key = IssueKey(YEAR, number)
            issue, revision = repository.load_issue_with_revision(key)
            saves = 0
            for index, report in enumerate(reports):
                expected = report["successes"].get(str(key), 0)
                stored = getattr(issue.reform.window_stats.week, COUNTERS[index]) or 0
                saves += expected
                if stored != expected:
                    lost += max(0, expected - stored)
                    problems.append(f"{key}: writer {index} saved {expected} times, its counter says {stored}")
            if revision != 1 + saves:
                problems.append(f"{key}: revision {revision} after {saves} saves (expected {1 + saves})")
    finally:
        close_database()
    return lost, problems


def remove(url: str, numbers: list[int]) -> None:
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(url)
    try:
        for number in numbers:
            repository.delete_issue(IssueKey(YEAR, number))
    finally:
        close_database()


def run_scenario(url: str, name: str, seconds: float, pace: float, env: dict[str, str]) -> dict:
    plans = SCENARIOS[name]
    numbers = sorted({n for plan in plans for n in plan})
    prepare(url, numbers)
    start_at = time.time() + 2.0  # both have started Python and opened the database by then
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, "--writer", json.dumps([url, index, plan, start_at, seconds, pace])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env, cwd=ROOT,
        )  # fmt: skip
        for index, plan in enumerate(plans)
    ]
    reports, crashed = [], []
    for index, process in enumerate(processes):
        out, err = process.communicate(timeout=seconds + 120)
        if process.returncode != 0:
            crashed.append(f"writer {index} ended with exit code {process.returncode}:\n{err}")
            reports.append({"saves": 0, "conflicts": 0, "failed": 0, "errors": [], "successes": {}, "latencies": []})
        else:
            reports.append(json.loads(out.strip().splitlines()[-1]))
    lost, problems = verify(url, numbers, reports)
    if url.startswith("sqlite"):
        problems += integrity_problems(url)
    remove(url, numbers)
    latencies = [value for report in reports for value in report["latencies"]]
    return {
        "saves": sum(r["saves"] for r in reports),
        "conflicts": sum(r["conflicts"] for r in reports),
        "failed": sum(r["failed"] for r in reports),
        "errors": [e for r in reports for e in r["errors"]],
        "per_second": sum(r["saves"] for r in reports) / seconds,
        "latencies": latencies,
        "lost": lost,
        "problems": crashed + problems,
    }


def integrity_problems(url: str) -> list[str]:
    import sqlite3

    from desk_app.storage.database import sqlite_path

    with sqlite3.connect(sqlite_path(url)) as connection:
        result = "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    return [] if result == "ok" else [f"integrity_check: {result}"]


def milliseconds(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of each scenario (default 60)")
    parser.add_argument("--postgres", metavar="URL", help=f"a PostgreSQL database to use too (default: ${POSTGRES_URL_ENV})")
    parser.add_argument("--pace", type=float, default=TYPING_PACE, help=f"seconds between a writer's saves (default {TYPING_PACE})")
    parser.add_argument("--writer", help=argparse.SUPPRESS)  # internal: run as one writer process
    args = parser.parse_args(argv)
    if args.writer:
        print(json.dumps(writer(*json.loads(args.writer))), flush=True)
        return 0

    postgres = args.postgres or os.environ.get(POSTGRES_URL_ENV)
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as temp:
        env = dict(os.environ, DESK_APP_DATA_DIR=str(Path(temp) / "data"))  # nothing in the user's data folder
        databases = {"SQLite": "sqlite:///" + (Path(temp) / "soak.sqlite3").as_posix()}
        if postgres:
            databases["PostgreSQL"] = postgres
        else:
            print(f"PostgreSQL: not run (give --postgres URL or set {POSTGRES_URL_ENV})")
        for label, url in databases.items():
            print(f"\n{label}: 2 writers, {args.seconds:g} s per scenario, a save every {args.pace:g} s (±50%) per writer")
            columns = ("saves", 6), ("conflicts", 9), ("failed", 6), ("saves/s", 8), ("p50 ms", 7), ("p95 ms", 7), ("max ms", 7), ("lost", 5)
            print(f"{'scenario':<17} " + " ".join(f"{name:>{width}}" for name, width in columns))
            for name in SCENARIOS:
                result = run_scenario(url, name, args.seconds, args.pace, env)
                latencies = result["latencies"]
                print(
                    f"{name:<17} {result['saves']:>6} {result['conflicts']:>9} {result['failed']:>6} "
                    f"{result['per_second']:>8.1f} {milliseconds(latencies, 0.5):>7.1f} {milliseconds(latencies, 0.95):>7.1f} "
                    f"{max(latencies, default=float('nan')) * 1000:>7.1f} {result['lost']:>5}"
                )
                wrong = list(result["problems"])
                if result["failed"]:
                    wrong.append(f"{result['failed']} failed save(s): " + "; ".join(sorted(set(result["errors"]))[:5]))
                if name == "different issues" and result["conflicts"]:
                    wrong.append(f"{result['conflicts']} conflict(s) between writers of different issues")
                for line in wrong:
                    print(f"  ! {line}")
                failed = failed or bool(wrong) or result["lost"] > 0
    print("\nresult: " + ("FAILED — see the lines marked !" if failed else "no failed save, no lost update"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
