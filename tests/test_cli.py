"""The command line, as a clerk or a tool calls it: ``python -m desk_app …``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docx_text import body_paragraphs, squeeze

DATA = Path(__file__).parent / "data"


def run(*args: str, db: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "desk_app"]
    if db:
        command += ["--database", db]
    environment = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run(command + list(args), capture_output=True, text=True, encoding="utf-8", env=environment)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_then_export_gives_the_expected_body(tmp_path, sqlite_url, expected_body):
    imported = run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    assert "imported 2023-6" in imported.stdout
    target = tmp_path / "输出 文件" / "窗口工作周报2023年第6期.docx"
    exported = run("export", "2023-6", "-o", str(target), db=sqlite_url)
    assert target.exists() and "exported 2023-6" in exported.stdout
    assert squeeze("".join(body_paragraphs(target))) == squeeze(expected_body)


def test_dump_returns_what_was_imported(tmp_path, sqlite_url, reference_data):
    run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    assert json.loads(run("dump", "2023-6", db=sqlite_url).stdout) == reference_data
    out = tmp_path / "导出 的.json"
    run("dump", "2023-6", "-o", str(out), db=sqlite_url)
    assert json.loads(out.read_text(encoding="utf-8")) == reference_data


def test_import_of_several_files_reports_each(tmp_path, sqlite_url, make_data):
    files = []
    for number, serial in [(6, 426), (7, 427)]:
        data = make_data()
        data["masthead"]["number"], data["masthead"]["serial"] = number, serial
        files.append(write_json(tmp_path / f"{number}.json", data))
    result = run("import", *map(str, files), db=sqlite_url)
    assert "imported 2023-6" in result.stdout and "imported 2023-7" in result.stdout
    listing = run("list", db=sqlite_url).stdout.splitlines()
    assert [line.split("\t")[0] for line in listing] == ["2023-7", "2023-6"]
    assert "总第427期" in listing[0] and "（2月13日—2月17日）" in listing[0]


def test_reimport_replaces_the_issue(tmp_path, sqlite_url, make_data):
    run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    data = make_data()
    data["headline"] = "政务服务工作（修订）"
    result = run("import", str(write_json(tmp_path / "new.json", data)), db=sqlite_url)
    assert "replaced 2023-6" in result.stdout
    assert json.loads(run("dump", "2023-6", db=sqlite_url).stdout)["headline"] == "政务服务工作（修订）"
    assert len(run("list", db=sqlite_url).stdout.splitlines()) == 1


BAD_INPUTS = {
    "malformed JSON": ("{\"format\": ", "malformed JSON"),
    "missing key": (lambda d: d["masthead"].pop("serial"), "masthead.serial: missing"),
    "wrong type": (lambda d: d["reform"]["window_stats"]["week"].update(accept="116"), "reform.window_stats.week.accept: wrong type"),
    "negative count": (lambda d: d["approvals"]["public_service"].update(completed=-1), "approvals.public_service.completed: must not be negative"),
    "impossible date": (lambda d: d["period"].update(end="2023-02-29"), "period.end: impossible date"),
    "authorized > stationed": (lambda d: d["reform"]["authorization"].update(authorized=50), "reform.authorization.authorized: authorized is more than stationed"),
    "start > end": (lambda d: d["period"].update(start="2023-02-20"), "period.start: start 2023-02-20 is after the end"),
    "unknown format": (lambda d: d.update(format="weekly/9"), "format: unknown format"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_with_the_field_named_and_the_stored_issue_unchanged(case, tmp_path, sqlite_url, make_data):
    run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    before = run("dump", "2023-6", db=sqlite_url).stdout
    change, message = BAD_INPUTS[case]
    path = tmp_path / "坏 文件.json"
    if isinstance(change, str):
        path.write_text(change, encoding="utf-8")
    else:
        data = make_data()
        data["headline"] = "不该写入"
        change(data)
        write_json(path, data)
    result = run("import", str(path), db=sqlite_url, check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert run("dump", "2023-6", db=sqlite_url).stdout == before


def test_a_bad_file_does_not_stop_the_good_ones(tmp_path, sqlite_url, make_data):
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    result = run("import", str(bad), str(DATA / "bulletin.json"), db=sqlite_url, check=False)
    assert result.returncode == 1
    assert "imported 2023-6" in result.stdout and "1 of 2 file(s) not imported" in result.stderr


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        (lambda d: d["reform"]["window_stats"]["ytd"].update(issue=3), "reform.window_stats.ytd.issue: year to date is below the week's figure"),
        (
            lambda d: (d["masthead"].update(number=7, serial=427), d["reform"]["authorization"].update(authorized=39, newly_authorized=[])),
            "reform.authorization.newly_authorized: authorized went from 37 last week to 39, but no newly authorised department is listed",
        ),
        (lambda d: d["masthead"].update(number=7, serial=500), "masthead.serial: serial 500 does not follow 426 of issue 2023-6"),
    ],
)
def test_warnings_are_printed_and_the_import_goes_on(change, warning, tmp_path, sqlite_url, make_data):
    run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    data = make_data()
    change(data)
    result = run("import", str(write_json(tmp_path / "w.json", data)), db=sqlite_url)
    assert f"warning: {warning}" in result.stderr
    key = f"{data['masthead']['year']}-{data['masthead']['number']}"
    assert json.loads(run("dump", key, db=sqlite_url).stdout) == data


def test_import_over_an_issued_issue_is_refused_unless_unlocked_with_a_reason(tmp_path, sqlite_url, make_data):
    from desk_app.domain.model import IssueKey
    from desk_app.storage import repository
    from desk_app.storage.change_log import changes_of
    from desk_app.storage.database import close_database, open_database

    run("import", str(DATA / "bulletin.json"), db=sqlite_url)
    open_database(sqlite_url)
    repository.mark_issued(IssueKey(2023, 6), who="张三")
    close_database()
    data = make_data()
    data["headline"] = "印发后导入的标题"
    path = write_json(tmp_path / "新 文件.json", data)

    refused = run("import", str(path), db=sqlite_url, check=False)
    assert refused.returncode == 1
    assert "issue 2023-6 was marked issued" in refused.stderr and "--unlock REASON" in refused.stderr
    assert json.loads(run("dump", "2023-6", db=sqlite_url).stdout)["headline"] == "政务服务工作"
    assert run("import", "--unlock", " ", str(path), db=sqlite_url, check=False).stderr.strip() == "error: --unlock needs a reason"

    replaced = run("import", "--unlock", "更正标题后重新导入", str(path), db=sqlite_url)
    assert "replaced 2023-6" in replaced.stdout
    assert json.loads(run("dump", "2023-6", db=sqlite_url).stdout)["headline"] == "印发后导入的标题"
    open_database(sqlite_url)
    try:
        assert not repository.issue_state(IssueKey(2023, 6)).issued
        log = [(c.kind, c.path, c.note) for c in changes_of(IssueKey(2023, 6))]
    finally:
        close_database()
    assert log[:2] == [("imported", "headline", "新 文件.json"), ("unlocked", "", "更正标题后重新导入")]
    assert log[-1] == ("imported", "", "bulletin.json")


def test_unknown_issue_and_bad_key_are_one_line_errors(sqlite_url):
    result = run("dump", "2023-99", db=sqlite_url, check=False)
    assert result.returncode == 1 and result.stderr.strip() == "error: no issue 2023-99 in the database"
    result = run("export", "2023/6", "-o", "x.docx", db=sqlite_url, check=False)
    assert result.returncode == 1 and "not an issue key" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_database_is_a_one_line_error(tmp_path):
    result = run("list", db="sqlite:///" + (tmp_path / "missing dir" / "x.db").as_posix(), check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_the_default_database_lives_in_the_data_folder(isolated_data_dir):
    run("import", str(DATA / "bulletin.json"))
    assert (isolated_data_dir / "bulletins.sqlite3").exists()
    assert run("list").stdout.startswith("2023-6")


def test_export_refuses_an_issue_with_errors(tmp_path, sqlite_url, reference_issue):
    from desk_app.storage import repository
    from desk_app.storage.database import close_database, open_database

    open_database(sqlite_url)
    reference_issue.headline = ""
    repository.save_issue(reference_issue)  # a draft with an error, as the GUI may store it
    close_database()
    target = tmp_path / "x.docx"
    result = run("export", "2023-6", "-o", str(target), db=sqlite_url, check=False)
    assert result.returncode == 1
    assert "error: headline: empty" in result.stderr
    assert not target.exists()


def test_the_command_line_does_not_import_qt(tmp_path, sqlite_url):
    probe = (
        "import sys, runpy; sys.argv = ['desk_app', '--database', sys.argv[1], 'import', sys.argv[2]];\n"
        "try:\n    runpy.run_module('desk_app', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "sys.argv = ['desk_app', '--database', sys.argv[1], 'export', '2023-6', '-o', sys.argv[3]]\n"
        "try:\n    runpy.run_module('desk_app', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, sqlite_url, str(DATA / "bulletin.json"), str(tmp_path / "o.docx")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.stdout.strip().endswith("NO-QT"), result.stdout + result.stderr


def test_console_script_is_installed():
    scripts = Path(sys.executable).parent
    assert any((scripts / name).exists() for name in ("desk-app", "desk-app.exe"))


def test_a_file_saved_by_notepad_with_a_bom_imports(tmp_path, sqlite_url, reference_json):
    path = tmp_path / "记事本.json"
    path.write_bytes(b"\xef\xbb\xbf" + reference_json.encode("utf-8"))
    assert "imported 2023-6" in run("import", str(path), db=sqlite_url).stdout


def test_options_without_a_command_go_to_the_gui(monkeypatch):
    import desk_app.gui.launch as launch
    from desk_app import cli

    calls = []
    monkeypatch.setattr(launch, "run_gui", lambda **kwargs: calls.append(kwargs) or 0)
    assert cli.main(["--database", "sqlite:///x.db"]) == 0
    assert cli.main(["--smoke-test"]) == 0
    assert calls == [
        {"database_url": "sqlite:///x.db", "smoke_test": False},
        {"database_url": None, "smoke_test": True},
    ]


def test_help_lists_the_commands():
    result = run("--help")
    assert all(command in result.stdout for command in ("import", "dump", "export", "list"))


@pytest.mark.parametrize("encoding", ["cp936", "cp936:surrogateescape", "ascii"])  # the 2nd: a Windows bundle
def test_output_redirected_in_a_code_page_without_the_character_does_not_crash(tmp_path, sqlite_url, reference_json, encoding):
    """A Chinese Windows encodes redirected output in code page 936, which has no emoji and no 𠀀:
    they are printed as '?', the import is done, the exit status is 0, and no traceback."""
    command = [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "desk_app"]
    environment = dict(os.environ, PYTHONIOENCODING=encoding)  # strict unless said, as Windows' own default
    encoding = encoding.split(":")[0]
    source = tmp_path / "第6期 😀 𠀀.json"
    source.write_text(reference_json, encoding="utf-8")
    redirected = tmp_path / "输出.txt"
    with redirected.open("wb") as stdout:
        result = subprocess.run(
            [*command, "--database", sqlite_url, "import", str(source)], stdout=stdout, stderr=subprocess.PIPE, env=environment
        )
    as_printed = str(source).encode(encoding, errors="replace").decode(encoding)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr.decode(encoding, errors="replace")
    assert f"imported 2023-6 (serial 426) from {as_printed}" in redirected.read_bytes().decode(encoding)

    broken = tmp_path / "坏 😀.json"  # and an error message to a redirected standard error
    broken.write_text("{", encoding="utf-8")
    result = subprocess.run([*command, "--database", sqlite_url, "import", str(broken)], capture_output=True, env=environment)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b": error: malformed JSON" in result.stderr
