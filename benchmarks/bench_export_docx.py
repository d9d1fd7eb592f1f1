"""What does the official layout cost? `export` against plain python-docx, at 1×, 5× and 20× length (target 1.2x).

Times whole processes, as a clerk or a script runs them:

    python -m desk_app --database URL export 2023-6 -o x.docx

against the floor: a script that opens the same SQLite database with peewee, reads the issue's
rows, and writes the same paragraphs (the same text, the same count: those of the export's own
output) as plain python-docx paragraphs into the same prepared template the export starts from.
The difference is what the program adds: migrations check, validation, composing, the GB/T 9704
formatting (fonts, sizes, line pitch on every paragraph and run; footers, styles, font table),
settings and the font check.

The reference issue is measured as it is (1×) and with every 窗口工作动态 group's entries repeated
5 and 20 times (tests/conftest.py's ``lengthen``), each in a database of its own. Rounds alternate
which program goes first. Every output is checked: it opens with python-docx and holds the
expected paragraphs (the export: the plain-text render's lines, in order; the floor: the text it
was given). Prints the medians and the median of the per-round ratios; exits 1 when any length's
ratio is over the target.

    .venv/bin/python benchmarks/bench_export_docx.py [--rounds 11] [--lengths 1 5 20]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import time_command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT / "tests" / "data" / "bulletin.json"
KEY = "2023-6"
TARGET_RATIO = 1.2

FLOOR = '''\
import json
import sys

import peewee
from docx import Document

path, year, number, template, paragraphs, out = sys.argv[1:]
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
document = Document(template)
with open(paragraphs, encoding="utf-8") as file:
    for text in json.load(file):
        document.add_paragraph(text)
document.save(out)
'''


def lengthen(issue, times: int):  # noqa: ANN001, ANN201
    """As tests/conftest.py's ``lengthen``: every 窗口工作动态 group's entries repeated ``times`` times."""
    longer = copy.deepcopy(issue)
    for group in longer.dynamics.groups:
        group.entries = [copy.deepcopy(entry) for _ in range(times) for entry in group.entries]
    return longer


def prepared_template(folder: Path) -> Path:
    """The template the export starts from (before the prepared one was shipped: the lean one it made in memory)."""
    from desk_app.output import docx_writer

    if hasattr(docx_writer, "TEMPLATE"):
        return docx_writer.template_path()
    path = folder / "lean-template.docx"
    path.write_bytes(docx_writer._lean_template())
    return path


def paragraph_texts(path: Path) -> list[str]:
    """The body's top-level paragraphs' text, as python-docx reads them (it fails on a broken file)."""
    from docx import Document

    return [paragraph.text for paragraph in Document(str(path)).paragraphs]


def check_export(path: Path, expected_lines: list[str]) -> list[str]:
    """The export's paragraphs; it must show the plain-text render's lines, in order."""
    texts = paragraph_texts(path)
    shown = [text for text in texts if text]
    if shown != expected_lines:
        raise SystemExit(f"{path}: {len(shown)} paragraphs with text, expected {len(expected_lines)} (the text render)")
    return texts


def check_floor(path: Path, expected: list[str]) -> None:
    texts = paragraph_texts(path)
    if texts != expected:
        raise SystemExit(f"{path}: the floor wrote {len(texts)} paragraphs, expected {len(expected)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=11, help="timed rounds per length (default 11)")
    parser.add_argument("--lengths", type=int, nargs="+", default=[1, 5, 20], help="issue lengths (default 1 5 20)")
    args = parser.parse_args(argv)

    from desk_app.domain.compose import compose
    from desk_app.domain.exchange import loads
    from desk_app.output.text import render_text
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    with tempfile.TemporaryDirectory(prefix="bench-export-") as temp:
        folder = Path(temp)
        env = dict(os.environ, DESK_APP_DATA_DIR=str(folder / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from cached bytecode
        floor_script = folder / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        template = prepared_template(folder)
        reference = loads(REFERENCE.read_text(encoding="utf-8"))
        year, number = KEY.split("-")

        commands: dict[tuple[int, str], list[str]] = {}
        for length in args.lengths:
            issue = lengthen(reference, length)
            database = folder / f"bulletins-{length}x.sqlite3"
            open_database("sqlite:///" + database.as_posix())
            repository.save_issue(issue)
            close_database()
            program = [sys.executable, "-m", "desk_app", "--database", "sqlite:///" + database.as_posix()]
            exported = folder / f"export-{length}x.docx"
            subprocess.run([*program, "export", KEY, "-o", str(exported)], env=env, check=True, capture_output=True)
            expected_lines = [line for line in render_text(compose(issue)).splitlines() if line]
            texts = check_export(exported, expected_lines)
            paragraphs = folder / f"paragraphs-{length}x.json"
            paragraphs.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
            floor_out = folder / f"floor-{length}x.docx"
            commands[length, "export"] = [*program, "export", KEY, "-o", str(exported)]
            commands[length, "floor"] = [
                sys.executable, str(floor_script), str(database), year, number, str(template), str(paragraphs),
                str(floor_out),
            ]  # fmt: skip
            time_command(commands[length, "floor"], env)  # warm-up: bytecode cache, file cache
            check_floor(floor_out, texts)
            print(f"{length:>3}x: {len(texts)} paragraphs, export {exported.stat().st_size / 1000:.1f} kB, "
                  f"floor {floor_out.stat().st_size / 1000:.1f} kB")

        times: dict[tuple[int, str], list[float]] = {key: [] for key in commands}
        ratios: dict[int, list[float]] = {length: [] for length in args.lengths}
        for round_number in range(args.rounds):
            for length in args.lengths:
                order = ("export", "floor") if round_number % 2 == 0 else ("floor", "export")
                measured = {name: time_command(commands[length, name], env) for name in order}
                for name, value in measured.items():
                    times[length, name].append(value)
                ratios[length].append(measured["export"] / measured["floor"])
        for length in args.lengths:  # the timed runs' outputs too
            texts = json.loads((folder / f"paragraphs-{length}x.json").read_text(encoding="utf-8"))
            check_export(folder / f"export-{length}x.docx", [t for t in texts if t])
            check_floor(folder / f"floor-{length}x.docx", texts)

        print(f"{args.rounds} rounds, alternating; whole process, milliseconds:")
        print(f"{'length':<7} {'export':>8} {'floor':>8} {'median ratio':>13}")
        worst = 0.0
        for length in args.lengths:
            export = statistics.median(times[length, "export"]) * 1000
            floor = statistics.median(times[length, "floor"]) * 1000
            ratio = statistics.median(ratios[length])
            worst = max(worst, ratio)
            print(f"{str(length) + 'x':<7} {export:>8.1f} {floor:>8.1f} {ratio:>12.3f}x")
        verdict = "within" if worst <= TARGET_RATIO else "OVER"
        print(f"target: export / floor <= {TARGET_RATIO}x at every length -> {verdict} target (worst {worst:.3f}x)")
        return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
