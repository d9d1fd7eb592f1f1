"""Importing the past: 500 .docx bulletins through the command line in one process, within a minute.

Makes 500 different issues (the reference issue varied: its key, figures, entries, groups and items
left out, periods across New Year), writes most of them with the program's own exporter and some as
people type them in Word or WPS (auto-numbered lists, runs split mid-word, the masthead in a table or a
text box; built with python-docx as tests/test_import_docx.py does), then times

    python -m desk_app --database sqlite:///… import *.docx

as one process. Per-file times are the gaps between the lines it prints (unbuffered), the first one
including the process's start. Afterwards the database must hold all 500 issues, each with the serial
written in its file. Exits 1 over 60 s or if an issue is missing.

    .venv/bin/python benchmarks/bench_import_docx.py [--files 500] [--limit 60]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
HAND_MADE_SHARE = 10  # one file in ten is typed in Word/WPS rather than exported


def varied_issue(rng: random.Random, k: int):
    from desk_app.domain.exchange import loads

    issue = loads(REFERENCE.read_text(encoding="utf-8"))
    year, number = 2000 + k // 50, k % 50 + 1
    end = date(year, 1, 6) + timedelta(weeks=number - 1)
    if number == 1 and rng.random() < 0.5:
        end = date(year, 1, 2)  # a week across New Year
    issue.masthead.year, issue.masthead.number, issue.masthead.serial = year, number, 100 + k
    issue.masthead.date = end + timedelta(days=rng.randint(3, 12))
    issue.masthead.year = issue.masthead.date.year if number != 1 else year
    issue.masthead.date = max(issue.masthead.date, date(issue.masthead.year, 1, 1))
    issue.period.start, issue.period.end = end - timedelta(days=rng.choice([4, 6])), end
    issue.approvals.date_from, issue.approvals.date_to = date(issue.masthead.year, 1, 1), max(end, date(issue.masthead.year, 1, 1))
    for counts in (issue.reform.window_stats.week, issue.reform.window_stats.ytd):
        for name in counts.FIELDS:
            setattr(counts, name, rng.randint(0, 10**6))
    auth = issue.reform.authorization
    auth.stationed = rng.randint(40, 60)
    auth.authorized = rng.randint(2, auth.stationed)
    auth.newly_authorized = auth.newly_authorized[: rng.randint(0, 2)]
    rng.shuffle(issue.reform.progress.items)
    issue.reform.progress.items = issue.reform.progress.items[: rng.randint(0, 5)]
    for category in issue.approvals.CATEGORIES:
        pair = getattr(issue.approvals, category)
        pair.accepted, pair.completed = rng.randint(0, 10**6), rng.randint(0, 10**6)
    groups = issue.dynamics.groups
    for group in groups:
        rng.shuffle(group.entries)
        group.entries = group.entries[: rng.randint(0, len(group.entries))]
    issue.dynamics.groups = [g for g in groups if rng.random() < 0.9]
    issue.inspection.items = issue.inspection.items[: rng.randint(1, 6)]
    issue.distribution.copies = rng.randint(40, 120)
    return issue


def write_files(folder: Path, count: int) -> dict[str, int]:
    """The files and what each holds: key → serial."""
    from docx import Document
    from test_import_docx import VARIANTS, _lines_with_levels

    from desk_app.domain.compose import compose
    from desk_app.output.docx_writer import write_docx

    rng = random.Random(2023)
    hand_made = [v for v in VARIANTS if v != "typed numbers"]
    expected = {}
    for k in range(count):
        issue = varied_issue(rng, k)
        path = folder / f"{issue.masthead.year}年第{issue.masthead.number:02d}期 周报.docx"
        if k % HAND_MADE_SHARE == HAND_MADE_SHARE - 1:
            document = Document()
            VARIANTS[hand_made[k // HAND_MADE_SHARE % len(hand_made)]](document, _lines_with_levels(issue))
            document.save(str(path))
        else:
            write_docx(compose(issue), path)
        expected[f"{issue.masthead.year}-{issue.masthead.number}"] = issue.masthead.serial
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds allowed for the whole import (default 60)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-docx-") as temp:
        folder = Path(temp)
        files = folder / "往期周报"
        files.mkdir()
        started = time.perf_counter()
        expected = write_files(files, args.files)
        print(f"{len(expected)} .docx files written in {time.perf_counter() - started:.1f} s "
              f"(one in {HAND_MADE_SHARE} typed as in Word/WPS)")  # fmt: skip
        database = folder / "bulletins.sqlite3"
        env = dict(os.environ, DESK_APP_DATA_DIR=str(folder / "data"), PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        paths = sorted(str(p) for p in files.glob("*.docx"))
        command = [sys.executable, "-m", "desk_app", "--database", "sqlite:///" + database.as_posix(), "import", *paths]
        arrivals: list[float] = []
        started = time.perf_counter()
        log = folder / "stderr.txt"  # a file, not a pipe: warnings must never block the import
        with open(log, "w", encoding="utf-8") as stderr, subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8"
        ) as process:
            for line in process.stdout:
                if line.startswith(("imported ", "replaced ")):
                    arrivals.append(time.perf_counter() - started)
        errors = log.read_text(encoding="utf-8")
        total = time.perf_counter() - started
        gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
        if process.returncode != 0:
            print(errors[-3000:], file=sys.stderr)
        if gaps:
            p95 = statistics.quantiles(gaps, n=20)[-1] * 1000
            print(f"per file: median {statistics.median(gaps) * 1000:.1f} ms, p95 {p95:.1f} ms, "
                  f"slowest {max(gaps) * 1000:.1f} ms; first file (with the process's start) {arrivals[0] * 1000:.0f} ms")  # fmt: skip
        with sqlite3.connect(database) as connection:
            stored = {f"{y}-{n}": s for y, n, s in connection.execute("SELECT year, number, serial FROM issue")}
        connection.close()
        missing = sorted(set(expected) - set(stored), key=lambda k: tuple(map(int, k.split("-"))))
        wrong = [k for k in expected if k in stored and stored[k] != expected[k]]
        print(f"total {total:.1f} s for {len(paths)} files (exit status {process.returncode}); "
              f"stored {len(stored)} issues, {len(missing)} missing, {len(wrong)} with another serial")  # fmt: skip
        if missing:
            print("missing: " + ", ".join(missing[:20]), file=sys.stderr)
        ok = total <= args.limit and not missing and not wrong and process.returncode == 0
        print(f"target: all {len(expected)} stored within {args.limit:.0f} s -> {'within' if ok else 'OVER'} target")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
