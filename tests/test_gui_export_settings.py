"""「导出设置」 (文件 › 导出设置, Ctrl+,): fonts and page-number style saved to settings.json and used by the export."""

from __future__ import annotations

import json
import zipfile

import pytest
from gui_support import FakeDialogs, dialogs, stored_reference, window  # noqa: F401
from lxml import etree
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from desk_app.output.layout import ExportLayout
from desk_app.settings import Settings, load_settings, save_settings, settings_path

CTRL = Qt.KeyboardModifier.ControlModifier
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.fixture
def open_dialog(qtbot):
    """The dialog as 文件 › 导出设置 makes it, shown but never exec()'d."""
    from desk_app.gui.export_settings import ExportSettingsDialog

    def make(fake: FakeDialogs | None = None) -> ExportSettingsDialog:
        dialog = ExportSettingsDialog(None, fake or FakeDialogs())
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):  # as exec() would: the keyboard is in the dialog
            dialog.show()
            dialog.activateWindow()
        return dialog

    return make


def retype(qtbot, dialog, role: str, text: str) -> None:
    """Put a name in a font field, then leave it with Tab as a clerk would.

    Set, not typed: typing opens the completer's popup, which the offscreen platform cannot raise.
    """
    combo = dialog.combos[role]
    combo.setFocus()
    combo.lineEdit().setText(text)
    combo.lineEdit().setModified(True)  # as typing leaves it
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)


def click(qtbot, button) -> None:
    """Click a radio button or push button on its text (a radio button's own width may reach past it)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def an_installed_family(dialog) -> str:
    families = dialog.fonts.latin or dialog.fonts.chinese
    if not families:
        pytest.skip("Qt sees no fonts on this machine")
    return families[0]


def test_the_dialog_shows_the_saved_settings_and_ok_saves_the_changes_keeping_other_sections(qtbot, open_dialog):
    settings_path().write_text(json.dumps({"gui": {"theme": "浅色"}}, ensure_ascii=False), encoding="utf-8")
    save_settings(Settings(export=ExportLayout(hei_font="方正黑体_GBK")))
    dialog = open_dialog()
    assert dialog.windowTitle() == "导出设置"
    assert dialog.combos["hei_font"].currentText() == "方正黑体_GBK"
    assert dialog.combos["body_font"].currentText() == "仿宋_GB2312"
    assert dialog.page_number_buttons["outside"].isChecked()
    assert dialog.problem_label.isHidden()
    # The list offers this PC's fonts, the current name and the default.
    hei_items = [dialog.combos["hei_font"].itemText(i) for i in range(dialog.combos["hei_font"].count())]
    assert hei_items[:2] == ["方正黑体_GBK", "黑体"]
    assert set(dialog.fonts.chinese) <= set(hei_items)
    completer = dialog.combos["hei_font"].completer()
    completer.setCompletionPrefix("黑体")  # typing part of a name offers every name containing it
    offered = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert {"方正黑体_GBK", "黑体"} <= set(offered)

    retype(qtbot, dialog, "body_font", "仿宋")
    retype(qtbot, dialog, "kai_font", "楷体")
    click(qtbot, dialog.page_number_buttons["centred"])
    click(qtbot, dialog.ok_button)

    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    expected = ExportLayout(body_font="仿宋", kai_font="楷体", hei_font="方正黑体_GBK", page_numbers="centred")
    assert dialog.saved == expected
    assert load_settings() == Settings(export=expected)
    assert json.loads(settings_path().read_text(encoding="utf-8"))["gui"] == {"theme": "浅色"}


def test_restore_defaults_shows_the_defaults_and_ok_saves_them(qtbot, open_dialog):
    save_settings(Settings(export=ExportLayout(body_font="仿宋", title_font="华文中宋", page_numbers="centred")))
    dialog = open_dialog()
    assert dialog.combos["title_font"].currentText() == "华文中宋"
    assert dialog.page_number_buttons["centred"].isChecked()

    click(qtbot, dialog.restore_button)
    assert dialog.isVisible()  # restoring is not saving
    assert {role: combo.currentText() for role, combo in dialog.combos.items()} == ExportLayout().fonts()
    assert dialog.page_number_buttons["outside"].isChecked()
    assert load_settings().export.page_numbers == "centred"

    click(qtbot, dialog.ok_button)
    assert load_settings().export == ExportLayout()


def test_cancel_saves_nothing(qtbot, open_dialog):
    dialog = open_dialog()
    retype(qtbot, dialog, "body_font", "仿宋")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert not settings_path().exists()


def test_a_font_this_pc_lacks_is_flagged_under_its_field(qtbot, open_dialog):
    dialog = open_dialog()
    installed = an_installed_family(dialog)
    retype(qtbot, dialog, "hei_font", "并不存在的黑体")
    retype(qtbot, dialog, "latin_font", installed)
    marked = dialog.missing_marked()
    assert marked["hei_font"].startswith("⚠ 本机未安装，Word 会用")
    assert dialog.warnings["hei_font"].isVisible()
    assert "本机未安装" in dialog.combos["hei_font"].toolTip()
    assert "latin_font" not in marked and dialog.warnings["latin_font"].isHidden()

    # While typing the mark follows once the clerk pauses.
    combo = dialog.combos["kai_font"]
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "#no-such-kai")  # "#" first: no completions, no popup
    qtbot.waitUntil(lambda: "kai_font" in dialog.missing_marked())
    assert dialog.focusWidget() in (combo, combo.lineEdit())

    # Fixed: the mark goes once the field is left.
    retype(qtbot, dialog, "hei_font", installed)
    assert "hei_font" not in dialog.missing_marked()

    # A missing font is only a warning: it is saved as typed.
    retype(qtbot, dialog, "title_font", "方正小标宋_GBK")
    assert "title_font" in dialog.missing_marked()
    click(qtbot, dialog.ok_button)
    assert load_settings().export.title_font == "方正小标宋_GBK"


def test_an_empty_font_field_keeps_the_dialog_open_and_says_so(qtbot, open_dialog):
    dialog = open_dialog()
    combo = dialog.combos["song_font"]
    retype(qtbot, dialog, "song_font", "  ")
    assert dialog.missing_marked()["song_font"] == "⚠ 请填写字体名称"
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.missing_marked()["song_font"] == "⚠ 请填写字体名称"
    assert dialog.focusWidget() in (combo, combo.lineEdit())
    assert not settings_path().exists()


@pytest.mark.parametrize("failure", ["folder not writable", "file locked"])
def test_a_write_error_is_said_in_chinese_and_the_dialog_and_the_file_stay(qtbot, open_dialog, isolated_data_dir, failure):
    from desk_app.output import atomic

    save_settings(Settings(export=ExportLayout(body_font="仿宋")))
    before = settings_path().read_bytes()
    # Its own MonkeyPatch: leaving it undoes the failure only, not the test's data folder.
    with pytest.MonkeyPatch.context() as failing:
        if failure == "folder not writable":
            def refuse(*args, **kwargs):
                raise PermissionError(13, "拒绝访问。")

            failing.setattr(atomic.tempfile, "mkstemp", refuse)
        else:
            def locked(source, target):
                raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")

            failing.setattr(atomic.os, "replace", locked)
        fake = FakeDialogs()
        dialog = open_dialog(fake)
        click(qtbot, dialog.page_number_buttons["centred"])
        click(qtbot, dialog.ok_button)

        title, text = fake.last("error")
        assert title == "无法保存导出设置"
        assert str(settings_path()) in text and "设置没有保存" in text
        if failure == "folder not writable":
            assert "拒绝访问" in text
        else:
            assert "Word 或 WPS" in text or "只读" in text
        assert dialog.isVisible() and dialog.saved is None
        assert dialog.page_number_buttons["centred"].isChecked()  # what the clerk chose is still there to retry
        assert settings_path().read_bytes() == before
        assert [p.name for p in settings_path().parent.iterdir()] == ["settings.json"]  # no temporary left over

    # The folder is writable again: 确定 now saves, into this test's folder.
    click(qtbot, dialog.ok_button)
    assert settings_path() == isolated_data_dir / "settings.json"
    assert load_settings().export == ExportLayout(body_font="仿宋", page_numbers="centred")
    assert settings_path().read_bytes() != before


def test_problems_in_the_settings_file_are_shown_in_chinese(qtbot, open_dialog):
    settings_path().write_text(
        json.dumps({"export": {"fonts": {"kai": 3, "body": "仿宋"}, "page_numbers": "left"}}), encoding="utf-8"
    )
    dialog = open_dialog()
    assert dialog.problem_label.isVisible()
    text = dialog.problem_label.text()
    assert str(settings_path()) in text
    assert "二级标题和段首小标题的字体（export.fonts.kai）不是字体名称，已使用“楷体_GB2312”。" in text
    assert "页码位置（export.page_numbers）只能是 outside（单页右、双页左）或 centred（居中）" in text
    assert "using" not in text and "not a font" not in text
    # The good value survives; OK writes a clean file.
    assert dialog.combos["body_font"].currentText() == "仿宋"
    click(qtbot, dialog.ok_button)
    settings = load_settings()
    assert settings.problems == () and settings.export == ExportLayout(body_font="仿宋")


def test_a_file_that_is_not_json_is_explained_and_replaced_on_ok(qtbot, open_dialog):
    settings_path().write_text('{"export": {', encoding="utf-8")
    dialog = open_dialog()
    assert "第 1 行" in dialog.problem_label.text() and "不是有效的 JSON" in dialog.problem_label.text()
    click(qtbot, dialog.ok_button)
    assert load_settings() == Settings()


def test_tab_goes_through_the_fields_in_order(qtbot, open_dialog):
    dialog = open_dialog()
    roles = ["body_font", "kai_font", "hei_font", "title_font", "song_font", "latin_font"]
    assert dialog.focusWidget() in (dialog.combos["body_font"], dialog.combos["body_font"].lineEdit())
    seen = []
    widget = dialog.focusWidget()
    for _ in range(len(roles) + 4):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = dialog.focusWidget()
        seen.append(widget)
    owners = [w.parent() if w.parent() in dialog.combos.values() else w for w in seen]
    assert owners[:5] == [dialog.combos[r] for r in roles[1:]]
    assert owners[5] is dialog.page_number_buttons["outside"]  # the checked one; arrows choose within the group
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert set(owners[6:9]) == {dialog.restore_button, dialog.ok_button, cancel}  # in the platform's button order


def test_the_menu_opens_it_and_f1_lists_its_shortcut(qtbot, window, dialogs):
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    assert dialogs.kinds() == ["export_settings"]
    assert window.export_settings_action.isEnabled()  # no issue needed
    qtbot.keyClick(window, Qt.Key.Key_F1)
    _title, text = dialogs.last("help")
    assert "导出设置(L)：Ctrl+," in text


@pytest.mark.usefixtures("stored_reference")
def test_an_export_after_saving_centred_page_numbers_has_centred_footers(qtbot, window, dialogs, tmp_path):
    def choose_centred(dialog):
        click(qtbot, dialog.page_number_buttons["centred"])
        click(qtbot, dialog.ok_button)

    dialogs.settings_script = choose_centred
    window.export_settings_action.trigger()
    assert "导出设置已保存" in window.statusBar().currentMessage()
    assert load_settings().export.page_numbers == "centred"

    dialogs.save_path = tmp_path / "周报.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert dialogs.last("choose")[0] == "导出完成"
    footers = footer_alignments(dialogs.save_path)
    assert footers == {"default": ["center"]}  # one footer for every page, centred (no odd/even pair)

    # And back to the default: odd pages right, even pages left.
    dialogs.settings_script = lambda dialog: (
        click(qtbot, dialog.page_number_buttons["outside"]),
        click(qtbot, dialog.ok_button),
    )
    window.export_settings_action.trigger()
    dialogs.save_path = tmp_path / "周报 默认.docx"
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    assert footer_alignments(dialogs.save_path) == {"default": ["right"], "even": ["left"]}


def footer_alignments(path) -> dict[str, list[str]]:
    """Footer type (default/even) → the w:jc of each of its paragraphs."""
    with zipfile.ZipFile(path) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        result = {}
        for ref in document.find(f"{W}body/{W}sectPr").findall(f"{W}footerReference"):
            footer = etree.fromstring(archive.read("word/" + targets[ref.get(R_ID)]))
            result[ref.get(f"{W}type")] = [p.find(f"{W}pPr/{W}jc").get(f"{W}val") for p in footer.iter(f"{W}p")]
    return result


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2]",
        '{"export": "仿宋"}',
        '{"export": {"fonts": ["仿宋"]}}',
        '{"export": {"fonts": {"body": "", "latin": 7}, "page_numbers": "left"}}',
    ],
)
def test_every_problem_of_the_file_has_its_chinese_words(content):
    settings_path().write_text(content, encoding="utf-8")
    settings = load_settings()
    assert settings.problems and len(settings.problems_zh) == len(settings.problems)
    for message in settings.problems_zh:
        assert "已使用" in message and "using" not in message and "not " not in message
