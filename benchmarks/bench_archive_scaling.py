"""Does the cost of a clerk's everyday work grow with the archive? (issue 2; targets: 1.2x, GUI 1.2x, list 5 µs an issue)

Three SQLite databases: one holding only the target issue, and archives of 1,000 and 10,000
issues (50 a year, the target among them). Then, alternating which database goes first in
each round, it times whole processes as a clerk or a script runs them:

    python -m desk_app --database URL list
    python -m desk_app --database URL export YEAR-NUMBER -o x.docx
    python -m desk_app --database URL dump YEAR-NUMBER -o x.json
    python -m desk_app --database URL               (the window, offscreen: ready)

"Ready" is the window shown with the newest issue loaded and the list filled: the program
prints a line at its first paint (DESK_APP_STARTUP_MARKER, as bench_startup.py uses) and the
list is read right after it, so the benchmark then asks the test hook (DESK_APP_TEST_HOOK=stdin,
``state``) until it reports the newest issue open and every issue listed.

Prints medians and the median per-round ratio of each archive to the one-issue database; exits 1
when a ratio is over its target. Targets: 1.2x for the command-line runs that read one issue
(``export``, ``dump``: the cost of one issue must not grow with the archive, issue 2). ``list``
prints every issue, so its time grows with the archive by its nature: its target is its cost an
issue, (time with N issues - time with 1) / (N - 1) <= 5 µs, i.e. 10,000 issues listed within
50 ms more than one (its ratio to the one-issue listing is printed too). The window: also 1.2x,
at 10,000 issues too: about 200 years of weekly bulletins, far more than an office will keep in
one file, yet what a start must still not make a clerk wait for; the list is the only part of a
start that reads every issue, and reading a summary row costs microseconds.

Every output is checked: ``list`` prints one line per issue, newest first; ``dump`` writes the same
JSON from each database; ``export`` the same document body; the window lists every issue.

    .venv/bin/python benchmarks/bench_archive_scaling.py [--issues 1000 10000] [--rounds 9]

The archives are made fast: one year of varied, valid issues (``generate_issues``) is saved
through the repository, and the other years are copies of its rows made in SQL (search lines and
all), with keys, serial numbers and dates of their own. ``build_archive()`` and
``generate_issues()`` are importable for other benchmarks.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from timing import time_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
ISSUES_PER_YEAR = 50
TARGET_RATIO = 1.2
GUI_TARGET_RATIO = 1.2
# ``list`` prints every issue: it cannot stay at 1.2x of a one-issue listing, only cheap per issue.
# 5 µs an issue: 10,000 issues listed within 50 ms more than one, under what a clerk notices.
LIST_TARGET_US = 5.0
LAST_YEAR = 2023
TARGET = (2014, 6)  # in every archive: years LAST_YEAR back to as many as needed
SERIAL_BASE_YEAR = 1800  # serial numbers (year - 1800) * 50 + number: the same target in every database
MARKER = "desk-app: window shown"


def _weekly_counts(rng: random.Random) -> dict[str, int]:
    return {
        "consult": rng.randint(200, 1500),
        "accept": rng.randint(50, 600),
        "issue": rng.randint(500, 5000),
        "transfer": rng.randint(1000, 9000),
    }


def generate_issues(count: int = 1000, seed: int = 20230227, first_year: int | None = None) -> Iterator[dict]:
    """``count`` valid window-weekly/1 issues, oldest first: 50 a year, consecutive serials,
    Monday–Friday periods, year-to-date figures that add up, and varied lists and texts."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    years = -(-count // ISSUES_PER_YEAR)
    first_year = first_year or 2024 - years
    entries = [(g["title"], e) for g in reference["dynamics"]["groups"] for e in g["entries"]]
    groups = [g["title"] for g in reference["dynamics"]["groups"]]
    departments = sorted({e["department"] for _, e in entries} | {"省地震局", "省测绘地理信息局", "省林草局", "省药监局"})
    progress = reference["reform"]["progress"]["items"]
    results = ["总体情况良好。", "个别窗口人员离岗未放置暂离牌，已当场提醒。", "大厅运行保障有序。"]
    ytd: dict[str, int] = {}
    approvals: dict[str, int] = {}
    for index in range(count):
        year, number = first_year + index // ISSUES_PER_YEAR, index % ISSUES_PER_YEAR + 1
        if number == 1:
            ytd = dict.fromkeys(("consult", "accept", "issue", "transfer"), 0)
            approvals = dict.fromkeys(("la", "lc", "pa", "pc", "oa", "oc"), 0)
        monday = date.fromisocalendar(year, number, 1)
        friday = monday + timedelta(days=4)
        week = _weekly_counts(rng)
        ytd = {k: ytd[k] + week[k] for k in week}
        for prefix, scale in (("l", 1500), ("p", 12000), ("o", 150)):
            accepted = rng.randint(scale // 2, scale)
            approvals[prefix + "a"] += accepted
            approvals[prefix + "c"] += rng.randint(accepted // 2, accepted)
        stationed = rng.randint(40, 50)
        authorized = rng.randint(20, stationed)

        data = copy.deepcopy(reference)
        data["masthead"].update(year=year, number=number, serial=index + 1, date=(friday + timedelta(days=10)).isoformat())
        data["period"] = {"start": monday.isoformat(), "end": friday.isoformat()}
        reform = data["reform"]
        reform["window_stats"]["week"], reform["window_stats"]["ytd"] = week, ytd
        reform["authorization"].update(
            stationed=stationed,
            authorized=authorized,
            newly_authorized=[
                {"name": name, **({"note": "部分事项授权"} if rng.random() < 0.3 else {})}
                for name in rng.sample(departments, rng.randint(0, 2))
            ],
        )
        reform["progress"]["items"] = rng.sample(progress, rng.randint(0, len(progress)))
        data["approvals"].update(
            {"from": date(year, 1, 1).isoformat(), "to": friday.isoformat()},
            licensing={"accepted": approvals["la"], "completed": approvals["lc"]},
            public_service={"accepted": approvals["pa"], "completed": approvals["pc"]},
            other={"accepted": approvals["oa"], "completed": approvals["oc"]},
        )
        data["dynamics"]["groups"] = [  # some groups empty, entries drawn from the whole pool
            {"title": title, "entries": [dict(entry) for _, entry in rng.sample(entries, rng.randint(0, 3))]}
            for title in groups
        ]
        for item in data["inspection"]["items"]:
            item["result"] = rng.choice(results)
        data["distribution"]["copies"] = rng.choice([60, 80, 100])
        yield data


def _dates_of(year: int, number: int) -> dict[str, date]:
    """The dates generate_issues gives issue ``number`` of ``year`` (the issue row's date columns)."""
    monday = date.fromisocalendar(year, number, 1)
    friday = monday + timedelta(days=4)
    return {
        "period_start": monday,
        "period_end": friday,
        "issue_date": friday + timedelta(days=10),
        "approvals_from": date(year, 1, 1),
        "approvals_to": friday,
    }


def _year_of_issues(year: int) -> list[dict]:
    issues = list(generate_issues(ISSUES_PER_YEAR, first_year=year))
    for data in issues:
        data["masthead"]["serial"] = (year - SERIAL_BASE_YEAR) * ISSUES_PER_YEAR + data["masthead"]["number"]
    return issues


def build_archive(url: str, issues: int) -> float:
    """An archive of ``issues`` (a multiple of 50, at least 50) at ``url`` (a new SQLite file),
    the years up to LAST_YEAR, TARGET's year saved through the repository and validated, the
    others copied from it in SQL. Returns the seconds it took."""
    from desk_app.domain.exchange import parse_issue
    from desk_app.domain.validation import validate
    from desk_app.storage import models, repository
    from desk_app.storage.database import close_database, open_database
    from desk_app.storage.models import IssueRow, database_proxy

    started = time.perf_counter()
    years = max(1, issues // ISSUES_PER_YEAR)
    first_year = LAST_YEAR - years + 1
    pool_year = TARGET[0]
    if not first_year <= pool_year <= LAST_YEAR:
        raise ValueError(f"an archive of {issues} issues does not reach back to {pool_year}")
    open_database(url)
    try:
        with database_proxy.atomic():
            previous = None
            for data in _year_of_issues(pool_year):
                issue = parse_issue(data)
                errors = [p for p in validate(issue, previous) if p.is_error]
                if errors:
                    raise ValueError(f"generated issue {issue.key} is invalid: {errors[0].message()}")
                repository.save_issue(issue)
                previous = issue
            _copy_year_to_others(pool_year, [y for y in range(first_year, LAST_YEAR + 1) if y != pool_year], models)
        assert IssueRow.select().count() == years * ISSUES_PER_YEAR
    finally:
        close_database()
    return time.perf_counter() - started


def _copy_year_to_others(pool_year: int, years: list[int], models) -> None:  # noqa: ANN001
    """Copies of ``pool_year``'s rows (issue and every table that hangs off it) for each of ``years``."""
    import peewee

    database = models.database_proxy.obj
    pool = list(models.IssueRow.select().where(models.IssueRow.year == pool_year).order_by(models.IssueRow.number).dicts())
    pool_ids = [row["id"] for row in pool]
    issue_span = max(pool_ids)  # the pool is the first thing in the file: ids 1..50
    group_span = models.GroupRow.select(peewee.fn.MAX(models.GroupRow.id)).scalar() or 0
    issue_fields = models.IssueRow._meta.sorted_fields
    insert_issue = "INSERT INTO issue ({}) VALUES ({})".format(
        ", ".join(f.column_name for f in issue_fields), ", ".join("?" * len(issue_fields))
    )
    children = [m for m in models.ALL_MODELS if any(
        isinstance(f, peewee.ForeignKeyField) and f.rel_model in (models.IssueRow, models.GroupRow)
        for f in m._meta.sorted_fields
    )]  # fmt: skip
    children.sort(key=lambda m: m is models.EntryRow)  # groups before their entries
    for copy_number, year in enumerate(years, start=1):
        issue_offset, group_offset = copy_number * issue_span, copy_number * group_span
        rows = []
        for row in pool:
            changed = dict(row, id=row["id"] + issue_offset, year=year, **_dates_of(year, row["number"]))
            changed["serial"] = (year - SERIAL_BASE_YEAR) * ISSUES_PER_YEAR + row["number"]
            rows.append([f.db_value(changed[f.name]) for f in issue_fields])
        database.cursor().executemany(insert_issue, rows)
        for model in children:
            columns, values, where = [], [], ""
            for field in model._meta.sorted_fields:
                column, parent = field.column_name, getattr(field, "rel_model", None)
                if field.primary_key:
                    if model is models.GroupRow:  # groups keep their ids, shifted, for their entries
                        columns.append(column)
                        values.append(f"{column} + {group_offset}")
                    continue
                columns.append(column)
                if parent is models.IssueRow:
                    values.append(f"{column} + {issue_offset}")
                    where = f"{column} <= {issue_span}"
                elif parent is models.GroupRow:
                    values.append(f"{column} + {group_offset}")
                    where = f"{column} <= {group_span}"
                else:
                    values.append(column)
            table = model._meta.table_name
            database.execute_sql(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} WHERE {where}"
            )


# ---- the window ---------------------------------------------------------------------------------


def time_window_ready(command: list[str], env: dict[str, str], newest: str, issues: int) -> float:
    """Seconds from start to the window shown with ``newest`` open and ``issues`` listed."""
    env = dict(env, DESK_APP_STARTUP_MARKER="1", DESK_APP_TEST_HOOK="stdin")
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, encoding="utf-8", env=env)  # fmt: skip
    try:
        assert process.stdin is not None and process.stdout is not None
        for line in process.stdout:
            if line.startswith(MARKER):  # 「desk-app: window shown KEY editable」 (launch.py)
                break
        else:
            raise SystemExit(f"{' '.join(command)} ended without showing its window (status {process.wait()})")
        state: dict = {}
        while True:
            process.stdin.write('{"cmd": "state"}\n')
            process.stdin.flush()
            answer = process.stdout.readline()
            if not answer.startswith("ok "):
                if answer.strip() == "ready" or answer.startswith("desk-app: "):  # the hook's and launch.py's own lines
                    continue
                raise SystemExit(f"the window answered {answer!r}")
            state = json.loads(answer[3:])
            if state.get("listed") == issues and state.get("key") == newest:
                return time.perf_counter() - started
            if time.perf_counter() - started > 120:
                raise SystemExit(f"the window was not ready after 2 minutes: {state}")
            time.sleep(0.002)
    finally:
        process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


# ---- checks -------------------------------------------------------------------------------------


def check_list(path: Path, issues: int, newest: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) != issues or not lines[0].startswith(newest + "\t"):
        raise SystemExit(f"list printed {len(lines)} lines (expected {issues}), first {lines[:1]}, expected {newest}")


def document_body(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, nargs="+", default=[1000, 10000], help="archive sizes (default 1000 10000)")
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds (default 9)")
    parser.add_argument("--no-gui", action="store_true", help="leave out the window's time to ready")
    args = parser.parse_args(argv)
    sizes = [1, *args.issues]

    with tempfile.TemporaryDirectory(prefix="bench-archive-") as temp:
        folder = Path(temp)
        base_env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from cached bytecode
        key = f"{TARGET[0]}-{TARGET[1]}"
        urls, envs, newest = {}, {}, {}
        for size in sizes:
            path = folder / f"archive-{size}.sqlite3"
            urls[size] = "sqlite:///" + path.as_posix()
            envs[size] = dict(base_env, DESK_APP_DATA_DIR=str(folder / f"data-{size}"))  # settings, backups, log
            if size == 1:
                seconds = _single(urls[size])
                newest[size] = key
            else:
                seconds = build_archive(urls[size], size)
                newest[size] = f"{LAST_YEAR}-{ISSUES_PER_YEAR}"
            print(f"database of {size} issues made in {seconds:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")

        def command(kind: str, size: int) -> list[str]:
            program = [sys.executable, "-m", "desk_app", "--database", urls[size]]
            if kind == "list":
                return program + ["list"]
            if kind == "gui":
                return program
            out = folder / f"{kind}-{size}.{'docx' if kind == 'export' else 'json'}"
            return [*program, kind, key, "-o", str(out)]

        kinds = ["list", "export", "dump"] + ([] if args.no_gui else ["gui"])

        def run(kind: str, size: int) -> float:
            if kind == "gui":
                return time_window_ready(command(kind, size), envs[size], newest[size], size)
            if kind == "list":
                started = time.perf_counter()
                with open(folder / f"list-{size}.txt", "w", encoding="utf-8") as out:
                    result = subprocess.run(command(kind, size), env=envs[size], stdout=out, stderr=subprocess.PIPE)
                elapsed = time.perf_counter() - started
                if result.returncode != 0:
                    raise SystemExit(f"list failed: {result.stderr.decode('utf-8', 'replace')}")
                return elapsed
            return time_command(command(kind, size), envs[size])

        for kind in kinds:  # warm-up (bytecode and file caches, the daily backup), and the checks
            for size in sizes:
                run(kind, size)
        check_outputs(folder, sizes, newest)

        times: dict[tuple[str, int], list[float]] = {(k, s): [] for k in kinds for s in sizes}
        ratios: dict[tuple[str, int], list[float]] = {(k, s): [] for k in kinds for s in sizes[1:]}
        per_issue: dict[int, list[float]] = {s: [] for s in sizes[1:]}  # list: µs a listed issue beyond the first
        for round_number in range(args.rounds):
            order = sizes if round_number % 2 == 0 else list(reversed(sizes))
            for kind in kinds:
                measured = {size: run(kind, size) for size in order}
                for size, value in measured.items():
                    times[kind, size].append(value)
                for size in sizes[1:]:
                    ratios[kind, size].append(measured[size] / measured[1])
                    if kind == "list":
                        per_issue[size].append((measured[size] - measured[1]) / (size - 1) * 1e6)
        check_outputs(folder, sizes, newest)

        print(f"{args.rounds} rounds, alternating; whole process (python -m desk_app …), milliseconds; ratio to 1 issue:")
        print(f"{'command':<8} " + " ".join(f"{str(s) + ' issues':>14}" for s in sizes) + "   target")
        over = []
        for kind in kinds:
            cells = [f"{statistics.median(times[kind, 1]) * 1000:>14.1f}"]
            if kind == "list":  # its output grows with the archive: the target is its cost an issue
                for size in sizes[1:]:
                    micro = statistics.median(per_issue[size])
                    cells.append(f"{statistics.median(times[kind, size]) * 1000:>6.1f} {micro:>4.1f}µs")
                    if micro > LIST_TARGET_US:
                        over.append(f"list at {size} issues ({micro:.1f} µs an issue)")
                ratio_note = ", ".join(f"{statistics.median(ratios[kind, size]):.2f}x" for size in sizes[1:])
                print(f"{kind:<8} " + " ".join(cells) + f"   <= {LIST_TARGET_US:g} µs an issue ({ratio_note} of 1 issue)")
                continue
            target = GUI_TARGET_RATIO if kind == "gui" else TARGET_RATIO
            for size in sizes[1:]:
                ratio = statistics.median(ratios[kind, size])
                cells.append(f"{statistics.median(times[kind, size]) * 1000:>7.1f} {ratio:>5.2f}x")
                if ratio > target:
                    over.append(f"{kind} at {size} issues ({ratio:.2f}x)")
            print(f"{'window' if kind == 'gui' else kind:<8} " + " ".join(cells) + f"   <= {target}x")
        print("within target" if not over else "OVER target: " + ", ".join(over))
        return 1 if over else 0


def _single(url: str) -> float:
    """The target issue alone (as it is in the archives)."""
    from desk_app.domain.exchange import parse_issue
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    started = time.perf_counter()
    data = _year_of_issues(TARGET[0])[TARGET[1] - 1]
    open_database(url)
    try:
        repository.save_issue(parse_issue(data))
    finally:
        close_database()
    return time.perf_counter() - started


def check_outputs(folder: Path, sizes: list[int], newest: dict[int, str]) -> None:
    for size in sizes:
        check_list(folder / f"list-{size}.txt", size, newest[size])
    dumps = {s: (folder / f"dump-{s}.json").read_text(encoding="utf-8") for s in sizes}
    bodies = {s: document_body(folder / f"export-{s}.docx") for s in sizes}
    from docx import Document

    for size in sizes:
        if dumps[size] != dumps[1]:
            raise SystemExit(f"the database of {size} issues dumps the target issue differently")
        if bodies[size] != bodies[1]:
            raise SystemExit(f"the database of {size} issues exports the target issue differently")
        if len(Document(str(folder / f"export-{size}.docx")).paragraphs) < 30:
            raise SystemExit(f"export-{size}.docx has too few paragraphs")


if __name__ == "__main__":
    sys.exit(main())
