"""What does the official layout cost? One export of the reference issue against the floor (issue 3; target 1.3x).

Times whole processes, as a clerk or a script runs them:

    python -m desk_app --database URL export 2023-6 -o x.docx

against the floor: a script that opens the same SQLite database with peewee, reads the issue's
rows, and writes the same text (the plain-text render's lines) as plain paragraphs with
python-docx. The difference is what the program adds: migrations check, validation, composing,
the GB/T 9704 formatting, settings and the font check. Rounds alternate which goes first; the
medians and the median of the per-round ratios are printed.

    .venv/bin/python benchmarks/bench_export_docx.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import time_command

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
KEY = "2023-6"
TARGET_RATIO = 1.3

FLOOR = '''\
import sys

import peewee
from docx import Document

path, year, number, lines, out = sys.argv[1:]
database = peewee.SqliteDatabase(path)
database.connect()
issue = database.execute_sql("SELECT * FROM issue WHERE year = ? AND number = ?", (int(year), int(number))).fetchone()
issue_id = issue[0]
for table in ("newly_authorized", "progress_item", "dynamics_group", "inspection_item"):
    database.execute_sql(f"SELECT * FROM {table} WHERE issue_id = ?", (issue_id,)).fetchall()
database.execute_sql(
    "SELECT e.* FROM dynamics_entry e JOIN dynamics_group g ON e.group_id = g.id WHERE g.issue_id = ?", (issue_id,)
).fetchall()
database.close()
document = Document()
with open(lines, encoding="utf-8") as file:
    for line in file.read().splitlines():
        document.add_paragraph(line)
document.save(out)
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds (default 15)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-export-") as temp:
        folder = Path(temp)
        env = dict(os.environ, DESK_APP_DATA_DIR=str(folder / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from cached bytecode
        database = folder / "bulletins.sqlite3"
        url = "sqlite:///" + database.as_posix()
        program = [sys.executable, "-m", "desk_app", "--database", url]
        imported = subprocess.run([*program, "import", str(REFERENCE)], env=env, capture_output=True)
        if imported.returncode != 0:
            raise SystemExit(imported.stderr.decode("utf-8", "replace"))

        from desk_app.domain.compose import compose
        from desk_app.domain.exchange import loads
        from desk_app.output.text import render_text

        lines = folder / "lines.txt"
        lines.write_text(render_text(compose(loads(REFERENCE.read_text(encoding="utf-8")))), encoding="utf-8")
        floor_script = folder / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        year, number = KEY.split("-")
        commands = {
            "export": [*program, "export", KEY, "-o", str(folder / "x.docx")],
            "floor": [sys.executable, str(floor_script), str(database), year, number, str(lines), str(folder / "f")],
        }
        for command in commands.values():  # warm-up: bytecode cache, file cache
            time_command(command, env)

        times: dict[str, list[float]] = {name: [] for name in commands}
        ratios: list[float] = []
        for round_number in range(args.rounds):
            order = list(commands) if round_number % 2 == 0 else list(reversed(commands))
            measured = {name: time_command(commands[name], env) for name in order}
            for name, value in measured.items():
                times[name].append(value)
            ratios.append(measured["export"] / measured["floor"])

        export = statistics.median(times["export"]) * 1000
        floor = statistics.median(times["floor"]) * 1000
        ratio = statistics.median(ratios)
        print(f"{args.rounds} rounds, alternating; whole process, milliseconds:")
        print(f"{'export (official layout)':<28} {export:>8.1f}")
        print(f"{'floor (peewee + plain docx)':<28} {floor:>8.1f}")
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(f"median ratio export / floor: {ratio:.3f}x; target <= {TARGET_RATIO}x -> {verdict} target")
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
