"""「导出设置」: the fonts and page-number style of the exported bulletin, kept in settings.json.

Imported when the dialog is first opened (never at start-up). The dialog saves on 确定 and
stays open when the file cannot be written; messages go through a :class:`Dialogs`, so tests
drive it without ``exec()``.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.output import fonts as font_check
from desk_app.output.atomic import TargetLocked
from desk_app.output.layout import PAGE_NUMBERS_CENTRED, PAGE_NUMBERS_OUTSIDE, ExportLayout
from desk_app.settings import Settings, load_settings, save_settings, settings_path

from . import style
from .dialogs import Dialogs

log = logging.getLogger(__name__)

TITLE = "导出设置"
# Font role → its label: what the font is used for in the bulletin.
ROLE_LABELS = {
    "body_font": "正文、「1.」「（1）」和报尾(&B)：",
    "kai_font": "「（一）」标题、分项小标题和日期行(&K)：",
    "hei_font": "「一、」标题(&H)：",
    "title_font": "报头和大标题(&T)：",
    "song_font": "页码(&G)：",
    "latin_font": "西文和数字(&L)：",
}
PAGE_NUMBER_LABELS = {
    PAGE_NUMBERS_OUTSIDE: "单页右、双页左（默认）(&O)",
    PAGE_NUMBERS_CENTRED: "居中(&C)",
}
NOT_INSTALLED = "本机未安装，Word 会用其他字体代替"
WARNING_COLOR = "#a15c00"  # dark amber: readable on the light dialog background
ERROR_COLOR = "#c62828"


class InstalledFonts:
    """The font families Qt sees on this PC (on Windows the same fonts Word uses)."""

    def __init__(self) -> None:
        # "@仿宋" and the like are the vertical-writing twins Windows lists; nobody picks those.
        def visible(families: list[str]) -> list[str]:
            return [f for f in families if not f.startswith("@") and not QFontDatabase.isPrivateFamily(f)]

        self.chinese = visible(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
        self.latin = visible(QFontDatabase.families(QFontDatabase.WritingSystem.Latin))
        self._folded = frozenset(f.casefold() for f in QFontDatabase.families())

    def has(self, name: str) -> bool:
        # A metric-compatible stand-in (Liberation Serif for Times New Roman) breaks lines the same,
        # and Windows' 仿宋 is 仿宋_GB2312 under its newer name (font_check.SAME_DESIGN).
        names = font_check.equivalent_names(name)
        if any(n.casefold() in self._folded for n in names):
            return True
        # On Windows Qt also knows a font by its other-language name (SimSun for 宋体). Elsewhere
        # hasFamily would follow fontconfig's aliases, which Word does not: real families only.
        return sys.platform == "win32" and any(QFontDatabase.hasFamily(n) for n in names)

    def warning(self, name: str, *, latin: bool) -> str:
        """'' when ``name`` is installed, else what Word will do about it."""
        if not name or self.has(name):
            return ""
        substitute = font_check.substitute_for(name, self._folded, latin=latin)
        return f"本机未安装，Word 会用“{substitute}”代替" if substitute else NOT_INSTALLED


class ExportSettingsDialog(QDialog):
    """One editable list of fonts per role, the page-number style, 恢复默认 / 确定 / 取消."""

    def __init__(self, parent: QWidget | None = None, dialogs: Dialogs | None = None):
        super().__init__(parent)
        self.dialogs = dialogs or Dialogs(self)
        self.setWindowTitle(TITLE)
        self.fonts = InstalledFonts()
        settings = load_settings()
        self.loaded = settings
        self.saved: ExportLayout | None = None  # what 确定 wrote

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("settingsProblems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label.setStyleSheet(
            "QLabel { background: #fffbea; border: 1px solid #e6a100; border-radius: 3px; padding: 6px; }"
        )
        if settings.problems_zh:
            self.problem_label.setText(
                f"设置文件“{settings_path()}”有以下问题，有误的项已改用默认值；按“确定”会按本窗口的内容重写该文件：\n"
                + "\n".join(f"• {p}" for p in settings.problems_zh)
            )
        else:
            self.problem_label.hide()
        layout.addWidget(self.problem_label)

        intro = QLabel("导出 Word 文档时各部分使用的字体。可从列表中选本机已装的字体，也可直接输入字体名称。")
        intro.setWordWrap(True)
        style.hint(intro)
        layout.addWidget(intro)

        # Label | list | warning: the warning beside its field keeps the dialog short enough for
        # 1366×768 at 150 % (910×512) even when several fonts are missing.
        font_box = QGroupBox("字体")
        grid = QGridLayout(font_box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.combos: dict[str, QComboBox] = {}
        self.warnings: dict[str, QLabel] = {}
        for row, (role, label_text) in enumerate(ROLE_LABELS.items()):
            label = QLabel(label_text)
            combo = self._font_combo(role)
            label.setBuddy(combo)
            warning = QLabel()
            warning.setObjectName(f"{role}Warning")
            style.set_text_color(warning, WARNING_COLOR)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(warning, row, 2)
            self.combos[role] = combo
            self.warnings[role] = warning
        # Room for the usual warning from the start, so the dialog does not widen when one appears.
        grid.setColumnMinimumWidth(2, self.fontMetrics().horizontalAdvance(f"⚠ {NOT_INSTALLED}") + 4)
        layout.addWidget(font_box)

        page_box = QGroupBox("页码位置")
        page_row = QHBoxLayout(page_box)
        self.page_number_group = QButtonGroup(self)
        self.page_number_buttons: dict[str, QRadioButton] = {}
        for style_name, text in PAGE_NUMBER_LABELS.items():
            button = QRadioButton(text)
            button.setObjectName(f"pageNumbers_{style_name}")
            self.page_number_group.addButton(button)
            self.page_number_buttons[style_name] = button
            page_row.addWidget(button)
            page_row.addSpacing(24)
        page_row.addStretch(1)
        layout.addWidget(page_box)

        where = QLabel(f"保存在：{settings_path()}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style.hint(where)
        layout.addWidget(where)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.RestoreDefaults
            | QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setText("恢复默认(&R)")
        self.restore_button.setAutoDefault(False)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.restore_button.clicked.connect(self.restore_defaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._check_timer = QTimer(self)  # while typing: check once the clerk pauses
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(600)
        self._check_timer.timeout.connect(self.check_fonts)

        self.show_layout(settings.export)
        self.combos["body_font"].setFocus()
        self.combos["body_font"].lineEdit().selectAll()

    def _font_combo(self, role: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(role)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a typed name is saved, not added to the list
        combo.setMaxVisibleItems(20)
        combo.setMinimumContentsLength(16)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # 「仿宋」 finds 仿宋_GB2312 too
        combo.setCompleter(completer)
        combo.editTextChanged.connect(lambda _text: self._check_timer.start())
        combo.lineEdit().editingFinished.connect(self.check_fonts)
        combo.activated.connect(lambda _index: self.check_fonts())
        return combo

    # showing ------------------------------------------------------------------------

    def show_layout(self, export: ExportLayout) -> None:
        for role, combo in self.combos.items():
            value = getattr(export, role)
            installed = self.fonts.latin if role == "latin_font" else self.fonts.chinese
            default = getattr(ExportLayout, role)
            names = list(dict.fromkeys((value, default)))  # the current and the default name first, …
            names += [n for n in installed if n not in names]  # … then the fonts of this PC
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(0)
            combo.setEditText(value)
            combo.blockSignals(False)
        self.page_number_buttons[export.page_numbers].setChecked(True)
        self.check_fonts()

    def check_fonts(self) -> None:
        """Mark the names this PC does not have (and an empty field)."""
        self._check_timer.stop()
        for role, combo in self.combos.items():
            name = combo.currentText().strip()
            label = self.warnings[role]
            text = "请填写字体名称" if not name else self.fonts.warning(name, latin=role == "latin_font")
            style.set_text_color(label, ERROR_COLOR if not name else WARNING_COLOR)
            label.setText(f"⚠ {text}" if text else "")
            label.setVisible(bool(text))
            combo.setToolTip(text)

    def missing_marked(self) -> dict[str, str]:
        """Role → the warning shown under its field, for the fields that have one."""
        return {role: label.text() for role, label in self.warnings.items() if not label.isHidden()}

    def current_layout(self) -> ExportLayout:
        """The layout the dialog shows (ValueError when a font field is empty)."""
        fonts = {role: combo.currentText().strip() for role, combo in self.combos.items()}
        page_numbers = next(s for s, b in self.page_number_buttons.items() if b.isChecked())
        return replace(ExportLayout(), **fonts, page_numbers=page_numbers)

    # buttons ------------------------------------------------------------------------

    def restore_defaults(self) -> None:
        self.show_layout(ExportLayout())

    def accept(self) -> None:
        self.check_fonts()
        empty = [role for role, combo in self.combos.items() if not combo.currentText().strip()]
        if empty:
            self.combos[empty[0]].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        export = self.current_layout()
        if export == self.loaded.export and not self.loaded.problems_zh:
            super().accept()  # nothing changed: leave the file as it is
            return
        path = settings_path()
        try:
            save_settings(Settings(export=export))
        except OSError as exc:
            log.warning("saving the export settings to %s failed: %s", path, exc)
            reason = exc.message_zh() if isinstance(exc, TargetLocked) else f"无法写入“{path}”：{exc.strerror or exc}。"
            self.dialogs.error(
                "无法保存导出设置",
                f"{reason}\n\n设置没有保存，本窗口仍然打开。请检查数据文件夹是否可写（或该文件是否被其他程序占用）后再按“确定”，"
                "或按“取消”放弃修改。",
            )
            return
        log.info("export settings saved to %s: %s", path, export)
        self.saved = export
        super().accept()
