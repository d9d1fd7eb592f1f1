"""The cost of the change log in the save path (typing saves at most every 0.4 s).

A save of a long issue (the reference issue with every 窗口动态 entry five times, ~100
fields) after one field changed, as typing does: with the change log (the stored issue read
back, both flattened and compared, the changed field logged) against the same save with
the log switched off in this process. Alternating rounds, medians, the median ratio.

    .venv/bin/python benchmarks/bench_save_change_log.py [--rounds 200] [--postgres URL]

Target: with log / without ≤ 1.5× (a ratio: absolute times follow the machine's load).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

RATIO_TARGET = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL")
    args = parser.parse_args()

    from desk_app.domain.exchange import loads
    from desk_app.storage import change_log, repository
    from desk_app.storage.database import close_database, open_database

    with tempfile.TemporaryDirectory(prefix="bench-change-log-") as folder:
        url = args.postgres or "sqlite:///" + (Path(folder) / "bench.sqlite3").as_posix()
        open_database(url)
        issue = loads((ROOT / "tests" / "data" / "bulletin.json").read_text(encoding="utf-8"))
        for group in issue.dynamics.groups:
            group.entries = [copy.deepcopy(e) for _ in range(5) for e in group.entries]
        if args.postgres and repository.issue_exists(issue.key):
            raise SystemExit("the PostgreSQL database already holds issue 2023-6: give an empty one")
        repository.save_issue(issue)
        _, revision = repository.load_issue_with_revision(issue.key)

        def save(round_number: int) -> float:
            nonlocal revision
            issue.dynamics.groups[0].entries[0].text = f"第{round_number}次输入的动态。"
            started = time.perf_counter()
            revision = repository.save_issue(issue, expected_revision=revision).revision
            return (time.perf_counter() - started) * 1000

        @contextlib.contextmanager
        def log_switched_off():  # noqa: ANN202
            # The stored issue is not read back (nothing to compare) and nothing is written to the log.
            with mock.patch.object(repository, "_issue_from_row"), mock.patch.object(change_log, "record_save"):
                yield

        with_times, without_times = [], []
        for n in range(args.rounds):
            if n % 2:
                with_times.append(save(n))
                with log_switched_off():
                    without_times.append(save(n))
            else:
                with log_switched_off():
                    without_times.append(save(n))
                with_times.append(save(n))
        if not any(c.path == "dynamics.groups[0].entries[0].text" for c in change_log.changes_of(issue.key)):
            raise SystemExit("the saves with the change log did not log the field typed into")
        if args.postgres:
            repository.delete_issue(issue.key)
        close_database()

    with_ms, without_ms = statistics.median(with_times), statistics.median(without_times)
    ratio = with_ms / without_ms
    print(f"save of a long issue, {args.rounds} rounds ({'PostgreSQL' if args.postgres else 'SQLite'})")
    print(f"  with change log     median {with_ms:6.2f} ms")
    print(f"  without change log  median {without_ms:6.2f} ms")
    print(f"  ratio {ratio:.2f}x (target ≤ {RATIO_TARGET}x)")
    return 0 if ratio <= RATIO_TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
