"""settings.json: the export layout the command line and the GUI share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.output.layout import ExportLayout
from desk_app.settings import Settings, load_settings, save_settings, settings_path


def test_the_file_lives_in_the_data_folder(isolated_data_dir: Path):
    assert settings_path() == isolated_data_dir / "settings.json"


def test_no_file_means_the_defaults_and_no_complaint():
    settings = load_settings()
    assert settings.export == ExportLayout()
    assert settings.export.body_font == "仿宋_GB2312" and settings.export.page_numbers == "outside"
    assert settings.problems == ()


def test_saved_settings_load_back_and_the_file_is_readable_utf8():
    layout = ExportLayout(body_font="仿宋", kai_font="楷体", page_numbers="centred")
    save_settings(Settings(export=layout))
    assert load_settings().export == layout
    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert data["export"] == {
        "fonts": {
            "body": "仿宋",
            "kai": "楷体",
            "hei": "黑体",
            "title": "方正小标宋简体",
            "song": "宋体",
            "latin": "Times New Roman",
        },
        "page_numbers": "centred",
    }
    assert "仿宋" in settings_path().read_text(encoding="utf-8")  # written as characters, not \\u escapes


def test_saving_keeps_sections_it_does_not_know():
    settings_path().write_text(json.dumps({"gui": {"theme": "浅色"}, "export": {}}), encoding="utf-8")
    save_settings(Settings(export=ExportLayout(hei_font="方正黑体_GBK")))
    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert data["gui"] == {"theme": "浅色"}
    assert data["export"]["fonts"]["hei"] == "方正黑体_GBK"


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "does not hold a JSON object"),
        ('{"export": "仿宋"}', "not an object"),
        ('{"export": {"fonts": ["仿宋"]}}', "export.fonts is not an object"),
        ('{"export": {"fonts": {"body": ""}}}', "export.fonts.body is not a font name"),
        ('{"export": {"fonts": {"kai": 3}}}', "export.fonts.kai is not a font name"),
        ('{"export": {"page_numbers": "left"}}', "export.page_numbers must be one of outside, centred"),
    ],
)
def test_a_bad_file_gives_the_defaults_and_says_what_was_wrong(content: str, problem: str):
    settings_path().write_text(content, encoding="utf-8")
    settings = load_settings()
    assert settings.export == ExportLayout()
    assert len(settings.problems) == 1 and problem in settings.problems[0]


def test_good_values_survive_next_to_bad_ones():
    settings_path().write_text(
        json.dumps({"export": {"fonts": {"body": " 仿宋 ", "hei": None}, "page_numbers": "centred"}}), encoding="utf-8"
    )
    settings = load_settings()
    assert settings.export.body_font == "仿宋"
    assert settings.export.hei_font == "黑体"
    assert settings.export.page_numbers == "centred"
    assert [p for p in settings.problems if "hei" in p]


def test_a_bom_from_notepad_and_bytes_that_are_not_utf8():
    settings_path().write_bytes("\ufeff".encode("utf-8") + b'{"export": {"page_numbers": "centred"}}')
    assert load_settings().export.page_numbers == "centred"
    settings_path().write_bytes('{"export": {"fonts": {"body": "仿宋"}}}'.encode("gbk"))
    settings = load_settings()
    assert settings.export == ExportLayout() and "cannot read" in settings.problems[0]


def test_an_unreadable_settings_path_is_not_a_crash():
    settings_path().mkdir()  # a folder where the file should be
    settings = load_settings()
    assert settings.export == ExportLayout() and settings.problems


def test_a_layout_refuses_nonsense_when_built_in_code():
    with pytest.raises(ValueError, match="page_numbers"):
        ExportLayout(page_numbers="left")
    with pytest.raises(ValueError, match="body_font"):
        ExportLayout(body_font=" ")


@pytest.mark.parametrize("bad", ["仿宋\u000b", "仿\x00宋", "楷体\n", "X" * 65])
def test_a_font_name_a_document_cannot_hold_falls_back_to_the_default_and_the_export_works(bad, tmp_path, reference_issue):
    from desk_app.services import export_issue

    settings_path().write_text(json.dumps({"export": {"fonts": {"body": bad}}}, ensure_ascii=False), encoding="utf-8")
    settings = load_settings()
    assert settings.export.body_font == "仿宋_GB2312"
    assert any("export.fonts.body" in p for p in settings.problems)
    result = export_issue(reference_issue, tmp_path / "周报.docx")
    assert result.path.stat().st_size > 1000
    assert any("export.fonts.body" in w for w in result.warnings)


def test_a_setting_of_backups_kept_is_read_and_a_bad_one_falls_back():
    from desk_app.settings import DEFAULT_BACKUP_KEEP

    settings_path().write_text(json.dumps({"backup": {"keep": 12}}), encoding="utf-8")
    assert load_settings().backup_keep == 12
    for bad in (0, 1001, "12", 2.5, True):
        settings_path().write_text(json.dumps({"backup": {"keep": bad}}), encoding="utf-8")
        settings = load_settings()
        assert settings.backup_keep == DEFAULT_BACKUP_KEEP and any("backup.keep" in p for p in settings.problems)
    save_settings(Settings(backup_keep=7))
    assert load_settings().backup_keep == 7 and "export" in json.loads(settings_path().read_text(encoding="utf-8"))
