"""Does the cost of one issue grow with the archive? (issue 2; target: at most 1.2x)

Builds two SQLite databases: an archive of 1,000 varied, valid issues (20 years of
weekly bulletins derived from tests/data/bulletin.json) and one holding only the
target issue (the same issue, from the middle of the archive). Then times whole
processes, as a clerk or a script runs them:

    python -m desk_app --database URL export YEAR-NUMBER -o x.docx
    python -m desk_app --database URL dump YEAR-NUMBER -o x.json

against each database, alternating which goes first each round, and prints the
medians and the median of the per-round ratios (archive / single).

    .venv/bin/python benchmarks/bench_archive_scaling.py [--issues 1000] [--rounds 15]

``build_archive()`` and ``generate_issues()`` are importable for other benchmarks that
need a full database.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from timing import time_command

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
ISSUES_PER_YEAR = 50
TARGET_RATIO = 1.2


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


def build_archive(url: str, issues: list[dict]) -> float:
    """Import ``issues`` into the database at ``url`` in one transaction; returns the seconds."""
    from desk_app.domain.exchange import parse_issue
    from desk_app.domain.validation import validate
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database
    from desk_app.storage.models import database_proxy

    started = time.perf_counter()
    open_database(url)
    try:
        previous = None
        with database_proxy.atomic():
            for data in issues:
                issue = parse_issue(data)
                errors = [p for p in validate(issue, previous) if p.is_error]
                if errors:
                    raise ValueError(f"generated issue {issue.key} is invalid: {errors[0].message()}")
                repository.save_issue(issue)
                previous = issue
    finally:
        close_database()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=1000, help="issues in the archive (default 1000)")
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds per command (default 15)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-archive-") as temp:
        folder = Path(temp)
        env = dict(os.environ, DESK_APP_DATA_DIR=str(folder / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from cached bytecode
        issues = list(generate_issues(args.issues))
        target = issues[min(len(issues) // 2 + 5, len(issues) - 1)]  # mid-archive, mid-year
        key = f"{target['masthead']['year']}-{target['masthead']['number']}"
        databases = {
            "archive": "sqlite:///" + (folder / "archive.sqlite3").as_posix(),
            "single": "sqlite:///" + (folder / "single.sqlite3").as_posix(),
        }
        seconds = build_archive(databases["archive"], issues)
        build_archive(databases["single"], [target])
        size = (folder / "archive.sqlite3").stat().st_size / 1e6
        print(f"archive: {len(issues)} issues imported in {seconds:.1f} s ({size:.1f} MB); target issue {key}")

        def command(kind: str, database: str) -> list[str]:
            out = folder / f"{database}.{'docx' if kind == 'export' else 'json'}"
            return [sys.executable, "-m", "desk_app", "--database", databases[database], kind, key, "-o", str(out)]

        kinds = ("export", "dump")
        for kind in kinds:  # warm-up: bytecode cache, file cache
            for database in databases:
                time_command(command(kind, database), env)
        dumped = {d: (folder / f"{d}.json").read_text(encoding="utf-8") for d in databases}
        assert dumped["archive"] == dumped["single"], "the two databases must hold the same target issue"

        times: dict[tuple[str, str], list[float]] = {(k, d): [] for k in kinds for d in databases}
        ratios: dict[str, list[float]] = {k: [] for k in kinds}
        for round_number in range(args.rounds):
            order = list(databases) if round_number % 2 == 0 else list(reversed(databases))
            for kind in kinds:
                measured = {database: time_command(command(kind, database), env) for database in order}
                for database, value in measured.items():
                    times[kind, database].append(value)
                ratios[kind].append(measured["archive"] / measured["single"])

        print(f"{args.rounds} rounds, alternating; whole process (python -m desk_app …), milliseconds:")
        print(f"{'command':<8} {'archive':>9} {'single':>9} {'median ratio':>13}")
        worst = 0.0
        for kind in kinds:
            archive = statistics.median(times[kind, "archive"]) * 1000
            single = statistics.median(times[kind, "single"]) * 1000
            ratio = statistics.median(ratios[kind])
            worst = max(worst, ratio)
            print(f"{kind:<8} {archive:>9.1f} {single:>9.1f} {ratio:>12.3f}x")
        verdict = "within" if worst <= TARGET_RATIO else "OVER"
        print(f"target: archive / single <= {TARGET_RATIO}x -> {verdict} target (worst {worst:.3f}x)")
        return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
