"""「使用说明」 (F1): the clerk's Friday in ten steps, then every shortcut of the menus.

A non-modal window beside the main one (the clerk reads and types at once), made by
:meth:`Dialogs.help` and imported when first opened, never at start-up.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenuBar, QTextBrowser, QVBoxLayout, QWidget

TITLE = "使用说明"

# What a clerk does each Friday, in order; each step names where it is done.
HOW_TO_STEPS = (
    "打开程序：自动打开上次编辑的一期（没有时打开最新一期）；左侧“期刊列表”可打开以前各期（Ctrl+L 到列表，Ctrl+\\ 收起或展开列表）。",
    "新建本周一期：按 Ctrl+N。期号、总期数、周期和日期按上一期推算，上周的标题、进驻部门、累计数等都沿用过来；请在“报头”（Ctrl+1）核对。",
    "填“一、综窗改革”（Ctrl+2）：本周咨询、受理、办结、转办的数字，年度累计自动算出；核对进驻和授权部门。",
    "填“二、受理办理”（Ctrl+3）：各类事项的受理数和办结数（年度累计）。",
    "填“三、窗口动态”（Ctrl+4）：各部门本周的动态，一条一段；Ctrl+Enter 在下方添加一条，Alt+↑ / Alt+↓ 调整顺序，Alt+PgUp / Alt+PgDn 移到上一或下一分组。",
    "填“四、大厅巡查”（Ctrl+5）和“报尾”（Ctrl+6）：巡查情况、报送和抄送单位、印数。",
    "看窗口下方的问题列表：红色“错误”改正后才能导出，黄色“提醒”请逐条核对；按 F8 逐条跳到该处。",
    "看右侧预览：与导出的 Word 文档文字相同，逐段通读（Ctrl+= 放大，Ctrl+- 缩小）。",
    "导出：按 Ctrl+E，保存为 Word 文档（默认存到上次导出的文件夹，第一次为“文档”）；字体和页码位置在“文件 › 导出设置”（Ctrl+,）。",
    "打印：在“导出完成”中选“打开文件”，在 Word 或 WPS 中核对版面后打印。",
)
NOTE = "所有输入随时自动保存到数据库，无需手动保存；每天第一次打开时自动备份（“文件 › 备份与恢复”）。"


def shortcut_lines(menu_bar: QMenuBar) -> list[str]:
    """「新建一期(N)：Ctrl+N」 for every menu command that has a shortcut, in menu order."""
    lines = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.isSeparator() or not action.shortcut().toString():
                continue
            keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            lines.append(f"{action.text().replace('(&', '(').replace('&', '').rstrip('…')}：{keys}")
    lines.append("Tab / Shift+Tab：下一项 / 上一项；在数字框中按回车也到下一项。")
    return lines


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def help_html(shortcuts: list[str]) -> str:
    steps = "".join(f"<li>{_escape(step)}</li>" for step in HOW_TO_STEPS)
    keys = "".join(f"<li>{_escape(line)}</li>" for line in shortcuts)
    return (
        "<h3>每周五编一期周报</h3>"
        f"<ol>{steps}</ol>"
        f"<p>{_escape(NOTE)}</p>"
        "<h3>快捷键</h3>"
        f"<ul>{keys}</ul>"
    )


class HelpWindow(QDialog):
    """The how-to and the shortcuts, readable while the main window is used."""

    def __init__(self, shortcuts: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenLinks(False)
        self.text.setHtml(help_html(shortcuts))
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(560, 460)  # fits 910×512 (1366×768 at 150 %) beside the taskbar

    def plain_text(self) -> str:
        return self.text.toPlainText()
