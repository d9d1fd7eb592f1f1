"""Hostile and odd input never crashes: every file is imported, or refused in one line naming the field or the file.

The kinds found as a new user would (deep nesting, a 5,000-digit integer, years 0/10000/2^64,
issue numbers of 2^63, lone surrogates, 200,000 items, /dev/zero, a FIFO, an ISO week date),
through the command line on SQLite and PostgreSQL and through the GUI's import; then a property
test with arbitrary JSON values and arbitrary bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.domain.exchange import InvalidIssue, dumps
from desk_app.files import read_exchange_file

DATA = Path(__file__).parent / "data"


def cli(*args: str, db: str, timeout: float = 30) -> subprocess.CompletedProcess:
    command = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "desk_app",
               "--database", db, *args]  # fmt: skip
    environment = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=environment, timeout=timeout)


def reference() -> dict:
    return json.loads((DATA / "bulletin.json").read_text(encoding="utf-8"))


def changed(change) -> str:  # noqa: ANN001
    data = reference()
    change(data)
    return json.dumps(data)  # \u escapes: a lone surrogate stays "\ud800" in the file, as a tool would write it


def without_from(data: dict) -> None:
    data["approvals"].pop("from", None)  # so that a date is computed from the year


KINDS = {
    "deep nesting": (
        lambda: json.dumps(reference()).replace('"headline": "', '"headline": ' + "[" * 100_000 + "]" * 100_000 + ', "x": "'),
        "nested too deeply",
    ),
    "nesting 70 in a string field's place": (
        lambda: changed(lambda d: d.__setitem__("headline", json.loads("[" * 70 + "]" * 70))),
        "headline[0]",
    ),
    "an integer of 5,000 digits": (
        lambda: json.dumps(reference()).replace('"copies": 80', '"copies": ' + "9" * 5000),
        "distribution.copies: is too large",
    ),
    "year 0": (lambda: changed(lambda d: (d["masthead"].__setitem__("year", 0), without_from(d))), "masthead.year"),
    "year 10000": (lambda: changed(lambda d: (d["masthead"].__setitem__("year", 10000), without_from(d))), "masthead.year"),
    "year 2^64": (lambda: changed(lambda d: (d["masthead"].__setitem__("year", 2**64), without_from(d))), "masthead.year"),
    "number 2^63": (lambda: changed(lambda d: (d["masthead"].__setitem__("number", 2**63), without_from(d))), "masthead.number"),
    "a lone surrogate": (lambda: changed(lambda d: d["dynamics"]["groups"][0]["entries"][0].__setitem__("text", "好\ud800")),
                         "dynamics.groups[0].entries[0].text"),
    "200,000 progress items": (lambda: changed(lambda d: d["reform"]["progress"].__setitem__("items", ["一项"] * 200_000)),
                               "reform.progress.items: too many"),
    "an ISO week date": (lambda: changed(lambda d: d["masthead"].__setitem__("date", "2023-W09-1")), "masthead.date"),
    "a date without dashes": (lambda: changed(lambda d: d["period"].__setitem__("start", "20230213")), "period.start"),
    "a date in year 1": (lambda: changed(lambda d: d["period"].__setitem__("start", "0001-02-13")), "period.start"),
    "a huge integer as the format (found by the property test)": (
        lambda: json.dumps(reference()).replace('"window-weekly/1"', "[-100000000000000000000]"), "format: unknown format"),
    "a text of 200,000 characters": (lambda: changed(lambda d: d.__setitem__("headline", "字" * 200_000)), "headline: text too long"),
}


@pytest.fixture
def stored(database_url):
    """The reference issue stored in a fresh database of each kind; the dump to compare with."""
    imported = cli("import", str(DATA / "bulletin.json"), db=database_url)
    assert imported.returncode == 0, imported.stderr
    return database_url, cli("dump", "2023-6", db=database_url).stdout


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_command_line_refuses_in_one_line_and_changes_nothing(kind, stored, tmp_path):
    url, before = stored
    make, words = KINDS[kind]
    path = tmp_path / f"{kind}.json"
    path.write_text(make(), encoding="utf-8")
    result = cli("import", str(path), db=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and words in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}: error: ") and len(first) < 400
    assert cli("dump", "2023-6", db=url).stdout == before


def special_files(tmp_path: Path) -> dict[str, Path]:
    found = {"a folder": tmp_path}
    if sys.platform != "win32":
        fifo = tmp_path / "没有写入方.fifo"
        os.mkfifo(fifo)
        found |= {"a FIFO with no writer": fifo, "/dev/zero": Path("/dev/zero")}
    return found


def test_non_regular_files_are_refused_before_reading(stored, tmp_path):
    url, before = stored
    for kind, path in special_files(tmp_path).items():
        result = cli("import", str(path), db=url, timeout=20)  # a hang fails here
        assert result.returncode != 0 and "not a regular file" in result.stderr, (kind, result.stderr)
        assert "Traceback" not in result.stderr
    assert cli("dump", "2023-6", db=url).stdout == before


def test_a_file_over_five_megabytes_is_refused_unread(tmp_path):
    big = tmp_path / "大文件.json"
    with big.open("wb") as stream:
        stream.truncate(6 * 1024 * 1024)  # sparse: no time spent writing it
    with pytest.raises(InvalidIssue, match="too large"):
        read_exchange_file(big)


def test_the_guis_import_says_it_in_chinese_and_imports_the_good_ones(qapp, sqlite_db, tmp_path):
    from gui_support import FakeDialogs

    from desk_app.gui.importing import import_files
    from desk_app.storage import repository

    paths = []
    for kind, (make, _words) in KINDS.items():
        path = tmp_path / f"{kind}.json"
        path.write_text(make(), encoding="utf-8")
        paths.append(path)
    paths += list(special_files(tmp_path).values())
    paths.append(DATA / "bulletin.json")
    report = import_files(paths, FakeDialogs())
    assert report.failed == len(paths) - 1 and [str(k) for k in report.imported] == ["2023-6"]
    refused = [line for line in report.lines if line.startswith("✗")]
    assert len(refused) == len(paths) - 1
    assert any("嵌套层数过多" in line for line in refused)
    assert any("年份 0 不在 1900–2999 之间" in line for line in refused)
    assert any("不是普通文件" in line for line in refused)
    assert repository.load_issue(repository.latest_key()).masthead.serial == 426


# --- property: arbitrary input reaches only the project's own error ---------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)
PATHS = [("headline",), ("masthead",), ("masthead", "year"), ("masthead", "date"), ("period", "end"),
         ("reform", "window_stats", "week"), ("reform", "progress", "items"), ("approvals", "from"),
         ("dynamics", "groups"), ("inspection", "items"), ("distribution", "copies"), ("format",)]  # fmt: skip


def placed(value, where: tuple[str, ...]) -> str:  # noqa: ANN001
    data = reference()
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return json.dumps(data, ensure_ascii=False)


PROPERTY = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_refused_or_imported(text: str, before: str) -> None:
    from desk_app.services import import_issue_text
    from desk_app.storage import repository
    from desk_app.storage.models import database_proxy

    tracemalloc.start()
    try:
        with database_proxy.atomic() as transaction:
            try:
                import_issue_text(text)
            except InvalidIssue:
                pass
            transaction.rollback()  # whatever was imported: the next example starts from the reference again
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024
    from desk_app.domain.model import IssueKey

    assert dumps(repository.load_issue(IssueKey(2023, 6))) == before


@pytest.fixture
def stored_reference_dump(sqlite_db, reference_issue):
    from desk_app.storage import repository

    repository.save_issue(reference_issue)
    return dumps(repository.load_issue(reference_issue.key))


@PROPERTY
@given(value=json_values)
def test_any_json_value_is_refused_cleanly(stored_reference_dump, value):
    assert_refused_or_imported(json.dumps(value), stored_reference_dump)


@PROPERTY
@given(value=json_values, where=st.sampled_from(PATHS))
def test_any_json_value_in_any_field_is_imported_or_refused_cleanly(stored_reference_dump, value, where):
    assert_refused_or_imported(placed(value, where), stored_reference_dump)


@PROPERTY
@given(data=st.binary(max_size=2000))
def test_any_bytes_in_a_file_are_refused_cleanly(stored_reference_dump, data, tmp_path_factory):
    path = tmp_path_factory.mktemp("bytes") / "任意.json"
    path.write_bytes(data)
    try:
        text = read_exchange_file(path)
    except InvalidIssue:
        return
    assert_refused_or_imported(text, stored_reference_dump)


def test_the_property_test_would_see_a_stray_exception(stored_reference_dump, monkeypatch):
    """Not vacuous: an exception other than InvalidIssue escapes the checker."""
    import desk_app.services as services

    monkeypatch.setattr(services, "import_issue_text", lambda text: (_ for _ in ()).throw(RecursionError("boom")))
    with pytest.raises(RecursionError):
        assert_refused_or_imported("{}", stored_reference_dump)
