"""The main window: the issue list, the tabs of the open issue, its problems and a live preview."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtWidgets  # QtCore.X, QtWidgets.X: made by PySide when first used, after the first paint
from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.model import Issue, IssueKey
from desk_app.storage import repository

from . import style
from .after_paint import AfterPaint
from .app_settings import app_settings, last_folder, remember_folder
from .dialogs import Dialogs
from .editor import TABS, IssueEditor
from .issue_list import IssueListModel
from .qt_names import set_enum_property
from .session import IssueSession, SaveBlocked
from .undo import undo_menu_texts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidgetItem

    from desk_app.domain.problems import Problem  # imported with validation, after the window is shown

log = logging.getLogger(__name__)
APP_TITLE = "窗口工作周报"
PREVIEW_DELAY_MS = 120
SMALL_SCREEN_WIDTH = 1100  # device-independent pixels: below it the issue list starts narrow


def _paste_cleanup():  # noqa: ANN202 - gui/paste_cleanup.py, imported when first used: not at start-up
    from . import paste_cleanup

    return paste_cleanup


class MainWindow(QMainWindow):
    def __init__(self, dialogs: Dialogs | None = None):
        super().__init__()
        self.dialogs = dialogs or Dialogs(self)
        self.session: IssueSession | None = None
        self.problems: list[Problem] = []
        self._opening = False
        self._deferred: list = []  # start-up work done after the first paint
        self.setWindowTitle(APP_TITLE)
        self.search_panel = None  # 查找 and 统计与核对: made when first opened (gui/search.py, gui/statistics.py)
        self.statistics_window = None
        self._exporting = None
        self.help_window = None  # 使用说明 (F1), made when first opened
        self.importing = None  # 导入文件 / 导入文件夹 (gui/importing.py): made when first used

        self.model = IssueListModel(self)
        self._list_columns_sized = False
        self.list_view = self._make_list()
        self.editor = IssueEditor(self.dialogs)
        self.editor.content_changed.connect(self._schedule_preview)
        self.editor.told.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.editor.tabs.currentChanged.connect(self._scroll_preview_to_tab)
        from .locking import IssueLocking

        self.locking = IssueLocking(self)  # 标记为已印发 / 解锁: the banner above the tabs, the lock's actions
        self.editor.tabs.setUsesScrollButtons(True)  # a narrow window (910×512) scrolls the tabs, every one reachable

        self.problem_title = QLabel()
        self.problem_title.setObjectName("problemTitle")
        style.problem_title(self.problem_title)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setWordWrap(True)
        # Enum values by name before the window is shown (qt_names.py says why).
        set_enum_property(self.problem_list, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.problem_list.itemClicked.connect(self._go_to_problem)
        problems_box = QWidget()
        box = QVBoxLayout(problems_box)
        box.setContentsMargins(6, 4, 6, 4)
        box.setSpacing(2)
        box.addWidget(self.problem_title)
        box.addWidget(self.problem_list)

        self.empty_hint = QLabel()
        set_enum_property(self.empty_hint, "alignment", "AlignCenter")
        self.empty_hint.setObjectName("emptyHint")
        style.empty_hint(self.empty_hint, "还没有周报。\n\n按 Ctrl+N 新建一期，\n或用“文件 › 导入交换文件”（Ctrl+O）导入以前的周报。")
        self.center = QStackedWidget()
        self.editor_splitter = QSplitter()
        set_enum_property(self.editor_splitter, "orientation", "Vertical")
        self.editor_splitter.setObjectName("editorSplitter")
        self.editor_splitter.addWidget(self.editor)
        self.editor_splitter.addWidget(problems_box)
        self.editor_splitter.setStretchFactor(0, 1)
        self.editor_splitter.setSizes([520, 120])
        self.editor_splitter.setChildrenCollapsible(False)
        self.center.addWidget(self.empty_hint)
        self.center.addWidget(self.editor_splitter)

        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.preview.setOpenLinks(False)
        self.preview.setFrameShape(QFrame.Shape.NoFrame)
        style.paper(self.preview)
        self._preview_zoom = 0
        preview_box = QWidget()  # a thin rule at the preview's left edge
        style.set_background(preview_box, style.PREVIEW_EDGE)
        edge = QVBoxLayout(preview_box)
        edge.setContentsMargins(1, 0, 0, 0)
        edge.addWidget(self.preview)

        self.main_splitter = QSplitter()  # horizontal
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(self.list_view)
        self.main_splitter.addWidget(self.center)
        self.main_splitter.addWidget(preview_box)
        self.main_splitter.setCollapsible(0, True)  # the list folds away on a small screen (Ctrl+\)
        self.main_splitter.setCollapsible(1, False)
        self.main_splitter.splitterMoved.connect(lambda _pos, _index: self._list_shown_changed())
        self._list_width = 0  # its width before it was folded
        self.main_splitter.setStretchFactor(1, 3)
        self.main_splitter.setStretchFactor(2, 2)
        self.setCentralWidget(self.main_splitter)

        self.save_label = QLabel()
        self.problem_label = QLabel()
        self.statusBar().addPermanentWidget(self.problem_label)
        self.statusBar().addPermanentWidget(self.save_label)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        # An opened issue is painted first, ready to type in; its preview and problems follow the paint.
        self._opened_preview = AfterPaint(self, self.update_preview)

        self._make_actions()
        self._restore_layout()

    # building ------------------------------------------------------------------------

    def _make_list(self) -> QTableView:
        view = QTableView()
        view.setObjectName("issueList")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setShowGrid(False)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.model.modelReset.connect(self._size_list_columns)  # the columns come with the first reload
        view.selectionModel().currentRowChanged.connect(self._row_changed)
        return view

    def _size_list_columns(self) -> None:
        header = self.list_view.horizontalHeader()
        if self._list_columns_sized or header.count() == 0:
            return
        self._list_columns_sized = True
        metrics = self.list_view.fontMetrics()
        for column, sample in enumerate(("2023", "期号", "总期数", "已印发", "12月25日—29日", "最后修改")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)

    def _action(self, menu, text: str, shortcut, slot, tip: str = "") -> QAction:  # noqa: ANN001
        action = QAction(self)  # QAction(text, self) would make PySide load QIcon to pick the overload: ~2 ms at start-up
        action.setText(text)
        if shortcut:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("文件(&F)")
        self.new_action = self._action(file, "新建一期(&N)", "Ctrl+N", self.new_issue, "以最新一期为基础新建下一期")
        file.addSeparator()
        self.import_action = self._action(
            file, "导入交换文件(&I)…", "Ctrl+O", self.import_json, "导入交换文件（.json）、以前的周报（.docx）或其 PDF 文本（.txt）"
        )
        self.import_folder_action = self._action(
            file, "导入文件夹(&M)…", "Ctrl+Shift+O", lambda: self._importing().import_folder(), "导入文件夹及其子文件夹中的全部周报文件"
        )
        self.export_json_action = self._action(file, "导出交换文件(&S)…", "Ctrl+Shift+S", self.export_json)
        self.export_action = self._action(file, "导出 Word 文档(&E)…", "Ctrl+E", self.export_docx)
        # The bulletin as printed: desk_app/gui/printing.py (page view, Qt printing, PDF without LibreOffice).
        self.page_view_action = self._action(
            file, "页面视图(&G)", "Ctrl+Shift+P", lambda: self._printing().show_page_view(), "按打印效果分页：页数、分页、报尾位置"
        )
        self.print_action = self._action(file, "打印(&P)…", "Ctrl+P", lambda: self._printing().print_issue())
        self.pdf_action = self._action(file, "导出 PDF（不需 LibreOffice）…", "Ctrl+Shift+E", lambda: self._printing().export_pdf())
        self.export_settings_action = self._action(
            file, "导出设置(&L)…", "Ctrl+,", self.edit_export_settings, "导出 Word 文档所用的字体和页码位置"
        )
        self._action(file, "备份与恢复(&B)…", "Ctrl+Shift+B", self.show_backups, "数据库的备份：立即备份、从备份恢复")
        file.addSeparator()
        self.locking.mark_action = self._action(
            file, "标记为已印发(&P)…", "Ctrl+Shift+L", self.locking.mark_issued, "锁定本期：印发后不再修改（如需修改须先解锁）"
        )
        self.locking.unlock_action = self._action(file, "解锁(&U)…", "Ctrl+Shift+U", self.locking.unlock, "解锁已印发的本期，须说明原因")
        self.delete_action = self._action(file, "删除本期(&D)…", "Ctrl+Shift+Delete", self.delete_issue)
        self.refresh_action = self._action(file, "刷新(&R)", "F5", self.refresh, "重新读取数据库（多人共用数据库时）")
        file.addSeparator()
        self._action(file, "退出(&X)", "Ctrl+Q", self.close)

        edit = bar.addMenu("编辑(&E)")
        self.undo_action = self._action(edit, "撤销(&Z)", "Ctrl+Z", self.editor.undo_stack.undo)
        self.redo_action = self._action(edit, "重做(&Y)", [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")], self.editor.undo_stack.redo)
        undo_menu_texts(self.editor.undo_stack, self.undo_action, self.redo_action)
        edit.addSeparator()
        self._action(edit, "在下方添加一条(&A)", ["Ctrl+Return", "Ctrl+Enter"], self._row_add)
        self._action(edit, "删除所在的一条(&D)", "Ctrl+D", self._row_remove)
        self._action(edit, "上移(&U)", "Alt+Up", lambda: self._row_move(-1))
        self._action(edit, "下移(&W)", "Alt+Down", lambda: self._row_move(+1))
        self._action(edit, "动态移到上一分组", "Alt+PgUp", lambda: self._entry_to_group(-1))
        self._action(edit, "动态移到下一分组", "Alt+PgDown", lambda: self._entry_to_group(+1))
        edit.addSeparator()
        self._action(edit, "整理标点(&T)…", "Ctrl+Shift+F", lambda: _paste_cleanup().tidy_issue(self), "整理本期各栏目的标点、引号和空格，先列出改动")
        self._action(edit, "粘贴部门报送(&V)…", "Ctrl+Shift+V", lambda: _paste_cleanup().paste_submission(self), "把剪贴板中的部门报送（文字或 .docx）整理后加入窗口动态")
        self._after_first_paint(self._accept_submissions)  # drops on 三、窗口动态
        edit.addSeparator()
        self._action(edit, "下一个问题(&P)", "F8", lambda: self._step_problem(+1))
        self._action(edit, "上一个问题", "Shift+F8", lambda: self._step_problem(-1))

        view = bar.addMenu("查看(&V)")
        for index, tab in enumerate(TABS):
            self._action(view, tab.title, f"Ctrl+{index + 1}", lambda i=index: self._show_tab(i))
        view.addSeparator()
        self._action(view, "期刊列表(&L)", "Ctrl+L", self.focus_list)
        self.list_action = self._action(view, "显示期刊列表(&S)", "Ctrl+\\", self.toggle_list, "收起或展开左侧的期刊列表（小屏幕上给编辑区腾出地方）")
        self.list_action.setCheckable(True)
        self.list_action.setChecked(True)
        self._action(view, "放大预览", ["Ctrl+=", "Ctrl++"], lambda: self._zoom_preview(+1))
        self._action(view, "缩小预览", "Ctrl+-", lambda: self._zoom_preview(-1))

        archive = bar.addMenu("档案(&A)")
        self._action(archive, "查找(&F)…", "Ctrl+F", self.show_search, "在所有各期中查找文字")
        self._action(archive, "统计与核对(&T)…", "Ctrl+T", self.show_statistics, "各周数字、年度对比、部门动态，导出 Excel")
        self._action(archive, "一致性检查(&C)…", "Ctrl+Shift+T", lambda: self.show_statistics("consistency"))
        self.changes_action = self._action(archive, "本期修改记录(&H)…", "Ctrl+Shift+H", self.show_changes, "谁在何时改了本期的哪些内容")

        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "使用说明(&H)", "F1", self.show_help, "每周编一期周报的步骤，和所有快捷键")
        self._action(help_menu, "快捷键(&K)", "Shift+F1", self.show_shortcuts)
        self._action(help_menu, "数据与日志位置(&A)", "Ctrl+F1", self.show_about)
        self.issue_actions = [self.export_action, self.export_json_action, self.delete_action, self.page_view_action, self.print_action, self.pdf_action, self.changes_action]

    def _printing(self):  # noqa: ANN202
        if getattr(self, "_print_workflow", None) is None:
            from .printing import PrintWorkflow  # QtPrintSupport only once printing is asked for

            self._print_workflow = PrintWorkflow(self)
        return self._print_workflow

    # settings ------------------------------------------------------------------------

    def _screen_size(self) -> str:
        """The screen's room in device-independent pixels: it changes with the resolution and with
        Windows' scaling (缩放 100 % → 150 % turns 1920×1040 into 1280×693)."""
        available = self.screen().availableGeometry()
        return f"{available.width()}x{available.height()}"

    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        # A layout saved for another screen size (other scaling, resolution, monitor) is not
        # restored: squeezed onto a smaller room it leaves the preview a column of one character.
        same_screen = settings.value("window/screen") in (None, self._screen_size())
        if same_screen and isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            for key, splitter in (("window/mainSplitter", self.main_splitter), ("window/editorSplitter", self.editor_splitter)):
                state = settings.value(key)
                if isinstance(state, QByteArray) and not state.isEmpty():
                    splitter.restoreState(state)
        else:
            # First start: as much of the screen as it offers (1366×768 at 150 % is 910×512).
            available = self.screen().availableGeometry()
            width, height = min(1366, available.width()), min(740, available.height() - 30)
            self.resize(width, height)
            # A small screen (910 px) gives the tabs the room; the list shows year and number (Ctrl+\ folds it).
            share = 0.23 if width >= SMALL_SCREEN_WIDTH else 0.16
            self.main_splitter.setSizes([int(width * share), int(width * (0.66 - share)), int(width * 0.34)])
            problems = 100 if height >= 600 else 76  # two lines of problems still show
            self.editor_splitter.setSizes([height - problems, problems])
        if str(settings.value("window/listShown", "true")).lower() == "false":
            self.set_list_shown(False)
        self._list_shown_changed()
        zoom = int(settings.value("preview/zoom", 0) or 0)
        self._zoom_preview(zoom)

    def list_shown(self) -> bool:
        return self.main_splitter.sizes()[0] > 0

    def set_list_shown(self, shown: bool) -> None:
        sizes = self.main_splitter.sizes()
        if shown == (sizes[0] > 0):
            return
        if shown:
            width = self._list_width or max(180, sum(sizes) // 5)
            sizes = [width, max(sizes[1] - width, 1), sizes[2]]
        else:
            self._list_width = sizes[0]
            sizes = [0, sizes[1] + sizes[0], sizes[2]]
        self.main_splitter.setSizes(sizes)
        self._list_shown_changed()

    def toggle_list(self) -> None:
        self.set_list_shown(not self.list_shown())

    def focus_list(self) -> None:
        self.set_list_shown(True)
        self.list_view.setFocus()

    def _list_shown_changed(self) -> None:
        self.list_action.setChecked(self.list_shown())

    def save_layout(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/screen", self._screen_size())
        settings.setValue("window/mainSplitter", self.main_splitter.saveState())
        settings.setValue("window/editorSplitter", self.editor_splitter.saveState())
        settings.setValue("window/listShown", self.list_shown())
        settings.setValue("preview/zoom", self._preview_zoom)
        if self.session is not None and self.session.stored_key is not None:
            settings.setValue("issue/last", str(self.session.stored_key))
        settings.sync()

    # the list ------------------------------------------------------------------------

    def start(self) -> None:
        """At start-up: open the last (or newest) issue at once; the list and the preview follow the first paint."""
        key = None
        last = str(app_settings().value("issue/last", "") or "")
        try:
            key = IssueKey.parse(last) if last else None
        except ValueError:
            key = None
        if key is None or not self._open_stored(key, preview_later=True):
            latest = repository.latest_key()
            if latest is not None:
                self.open_issue(latest, preview_later=True)
        self._update_enabled()
        self._after_first_paint(self.load_list)
        self._after_first_paint(self._daily_backup)

    def _after_first_paint(self, work) -> None:  # noqa: ANN001
        """Run ``work`` once the window is on screen (or after 300 ms, should it never be painted)."""
        self._deferred.append(work)
        if len(self._deferred) == 1:
            self.installEventFilter(self)
            QTimer.singleShot(300, self._run_deferred)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001
        if watched is self and event.type() == QEvent.Type.Paint and self._deferred:
            QTimer.singleShot(0, self._run_deferred)
        return False

    def _run_deferred(self) -> None:
        self.removeEventFilter(self)
        work, self._deferred = self._deferred, []
        for job in work:
            job()

    # backups ---------------------------------------------------------------------------

    def _daily_backup(self) -> None:
        from desk_app.storage.backups import BackupError

        from .backups import daily_backup

        try:
            daily_backup()
        except BackupError as exc:
            self.statusBar().showMessage(f"今天的自动备份没有成功：{exc.message_zh}", 20000)

    def show_backups(self) -> None:
        self.dialogs.backups(self.restore_backup)

    def restore_backup(self, backup: Path) -> bool:
        from .backups import restore_while_open

        return restore_while_open(backup, self.dialogs, self._close_session, self.load_list)

    def load_list(self, select: IssueKey | None = None) -> None:
        """Read the issue list; open ``select`` (or the last one opened, or the newest)."""
        self.model.reload(repository.list_issues())
        if select is None and self.session is None:
            last = app_settings().value("issue/last", "")
            try:
                select = IssueKey.parse(str(last)) if last else None
            except ValueError:
                select = None
        if select is None and self.session is not None:
            select = self.session.stored_key
        row = self.model.row_of(select)
        if row < 0 and self.model.summaries:
            row = 0
        if row >= 0:
            self._select_row(row)
            key = self.model.key_at(row)
            if self.session is None or self.session.stored_key != key:
                self.open_issue(key)
        else:
            self._close_session()
        self._update_enabled()

    def _select_row(self, row: int) -> None:
        self._opening = True
        try:
            index = self.model.index(row, 0)
            self.list_view.selectionModel().setCurrentIndex(
                index, QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect | QtCore.QItemSelectionModel.SelectionFlag.Rows
            )
            self.list_view.scrollTo(index)
        finally:
            self._opening = False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._opening or not current.isValid():
            return
        key = self.model.key_at(current.row())
        if key is not None and (self.session is None or key != self.session.stored_key):
            self.open_issue(key)

    def _update_enabled(self) -> None:
        has_issue = self.session is not None
        self.center.setCurrentIndex(1 if has_issue else 0)
        for action in self.issue_actions:
            action.setEnabled(has_issue)
        self.locking.sync()

    # opening and saving ----------------------------------------------------------------

    def _close_session(self, show_empty: bool = True) -> bool:
        session = self.session
        if session is None:
            return True
        saved = session.save_for_closing()
        self._drop_session(session)
        if show_empty:  # not when another issue opens at once: showing the empty page between costs a relayout
            self._update_enabled()
        return saved

    def _drop_session(self, session: IssueSession) -> None:
        """Let go of ``session`` (already saved or given up): no timer, no signals, and freed."""
        session.stop()
        for signal in (session.saved, session.save_blocked, session.conflict, session.failed, session.locked):
            signal.disconnect()
        session.deleteLater()  # a child of the window: it would otherwise live (with its issue) as long as the window
        if self.session is session:
            self.session = None
        self.editor.set_session(None)

    def open_issue(self, key: IssueKey | None, preview_later: bool = False) -> None:
        if key is None:
            return
        if not self._open_stored(key, preview_later):
            self.dialogs.warn("找不到这一期", f"{key.year}年第{key.number}期已不在数据库中（可能已被其他同事删除）。")
            self.model.reload(repository.list_issues())

    def _open_stored(self, key: IssueKey, preview_later: bool = False) -> bool:
        """Open the issue ``key``; False when it is not (or no longer) stored."""
        self._close_session(show_empty=False)
        try:
            issue, revision = repository.load_issue_with_revision(key)
        except repository.IssueNotFound:
            self._update_enabled()
            return False
        session = IssueSession(issue, revision, self)
        session.saved.connect(self._saved)
        session.save_blocked.connect(self._save_blocked)
        session.conflict.connect(self._conflict)
        session.failed.connect(self._save_failed)
        session.locked.connect(self.locking.save_refused)
        self.session = session
        self.editor.set_session(session)
        row = self.model.row_of(key)
        if row >= 0:
            self._select_row(row)
        self._update_enabled()
        self._update_title()
        if preview_later:  # at start-up: after the window is on screen
            self._after_first_paint(self._show_preview_of_tab)
        else:
            self._show_problems([], checking=True)  # not the last issue's, meanwhile
            self._opened_preview.request()
        self.save_label.setText("已保存")
        log.info("opened %s (revision %s)", key, revision)
        return True

    def _saved(self, result: repository.SaveResult) -> None:
        session = self.session
        assert session is not None
        issue = session.issue
        if not self.model.touch(result.key, issue.masthead.serial, issue.period.start, issue.period.end, result.revision):
            self.model.reload(repository.list_issues())
            row = self.model.row_of(result.key)
            if row >= 0:
                self._select_row(row)
        self.save_label.setText(f"已保存 {session.last_saved:%H:%M:%S}" if session.last_saved else "已保存")
        self.save_label.setStyleSheet("")
        self._update_title()

    def _save_blocked(self, blocked: SaveBlocked | None) -> None:
        if blocked is None:
            self.statusBar().clearMessage()
        else:
            self.save_label.setText("未保存")
            self.save_label.setStyleSheet("color:#c00000;")
            self.statusBar().showMessage(blocked.message_zh)
        self.update_preview()

    def _save_failed(self, message: str) -> None:
        self.save_label.setText("未保存")
        self.save_label.setStyleSheet("color:#c00000;")
        self.statusBar().showMessage(f"无法保存到数据库，稍后自动重试。请勿关闭程序。（{message}）")

    def _conflict(self, message: str) -> None:
        from .conflict import settle

        session = self.session
        assert session is not None
        key = session.stored_key
        assert key is not None
        kept = self._keep_copy(session.issue, "冲突")  # first: whatever is chosen next, nothing typed is lost
        session.dirty = False
        self._drop_session(session)
        settled = settle(key, session.issue, kept, self.dialogs, base=session.base)
        self.model.reload(repository.list_issues())
        if settled.key is None:
            self.load_list()
        else:
            self.open_issue(settled.key)
        self.statusBar().showMessage(settled.message, 15000)

    def _keep_copy(self, issue: Issue, reason: str) -> Path:
        """Write ``issue`` as exchange JSON to the data folder, so nothing typed is ever lost."""
        from desk_app.domain.exchange import dumps
        from desk_app.output.atomic import write_atomically
        from desk_app.storage.database import data_dir

        folder = data_dir() / "备份"
        name = f"{reason}-{issue.masthead.year}年第{issue.masthead.number}期-{datetime.now():%Y%m%d-%H%M%S}.json"
        target = folder / name
        text = dumps(issue)
        write_atomically(target, lambda p: p.write_text(text, encoding="utf-8"))
        log.info("kept a copy of %s in %s", issue.key, target)
        return target

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_TITLE)
            return
        m = self.session.issue.masthead
        serial = f"（总第{m.serial}期）" if m.serial else ""
        self.setWindowTitle(f"{m.year or '＿'}年第{m.number or '＿'}期{serial} — {APP_TITLE}")

    # preview and problems ----------------------------------------------------------------

    def _schedule_preview(self) -> None:
        self.save_label.setText("正在保存…" if self.session and self.session.dirty else self.save_label.text())
        if not self._preview_timer.isActive():
            self._preview_timer.start()

    def current_problems(self) -> list[Problem]:
        from desk_app.domain import carry
        from desk_app.domain.validation import validate

        session = self.session
        if session is None:
            return []
        problems = validate(session.issue, session.previous)
        fell = {p.field for p in problems if p.code == "total_fell"}  # says more than "differs" on the same figure
        problems += [p for p in carry.ytd_problems(session.issue, session.previous) if p.field not in fell]
        return sorted(problems, key=lambda p: not p.is_error)

    def update_preview(self) -> None:
        # Imported here: the preview is made after the window is first on screen.
        from desk_app.domain.compose import compose

        from .preview import blocks_to_html

        self._preview_timer.stop()
        opening = self._opened_preview.pending
        self._opened_preview.cancel()  # made now
        session = self.session
        if session is None:
            self.preview.clear()
            self._show_problems([])
            return
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        self.preview.setHtml(blocks_to_html(compose(session.issue)))
        bar.setValue(position)
        self._show_problems(self.current_problems())
        if opening:
            self._scroll_preview_to_tab(self.editor.tabs.currentIndex())

    @property
    def preview_pending(self) -> bool:
        """The preview and problems do not show the issue as it is yet (they follow a paint or typing)."""
        return self._opened_preview.pending or self._preview_timer.isActive()

    def flush_pending(self) -> None:
        """Bring the preview and problems up to date now, not after the next paint or keystroke."""
        self._opened_preview.run_now()
        if self._preview_timer.isActive():
            self.update_preview()

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    def _show_problems(self, problems: list[Problem], checking: bool = False) -> None:
        self.problems = problems
        self.editor.show_problems(problems)
        blocked = self.session.blocked if self.session else None
        if blocked is not None:
            widget = self.editor._widget_for(self.editor.current_page(), blocked.field)
            if widget is not None:
                from .fields import mark

                mark(widget, "error", blocked.message_zh)
        self.problem_list.clear()
        if blocked is not None:
            item = QtWidgets.QListWidgetItem(f"未保存：{blocked.message_zh}")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, blocked.field)
            item.setForeground(QtCore.Qt.GlobalColor.darkRed)
            self.problem_list.addItem(item)
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        for problem in problems:
            prefix = "错误" if problem.is_error else "提醒"
            item = QtWidgets.QListWidgetItem(f"{prefix}：{problem.message_zh()}")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, problem.field)
            item.setForeground(QtCore.Qt.GlobalColor.darkRed if problem.is_error else QtCore.Qt.GlobalColor.darkYellow)
            item.setToolTip("双击或按回车跳到该处")
            self.problem_list.addItem(item)
        if checking:
            summary = "正在核对…"
        elif errors:
            summary = f"还有 {errors} 处未填写或有误，改正后才能导出" + (f"；{warnings} 条提醒" if warnings else "")
        elif warnings:
            summary = f"没有错误，可以导出；{warnings} 条提醒请核对"
        else:
            summary = "没有错误，可以导出"
        style.problem_title(self.problem_title, summary + "（F8 逐条查看）" if problems else summary)
        self.problem_label.setText("" if checking else f"错误 {errors} · 提醒 {warnings}")

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        path = item.data(QtCore.Qt.ItemDataRole.UserRole)
        if path:
            self.editor.focus_field(path)

    def _step_problem(self, delta: int) -> None:
        count = self.problem_list.count()
        if not count:
            return
        row = (self.problem_list.currentRow() + delta) % count if self.problem_list.currentRow() >= 0 else 0
        self.problem_list.setCurrentRow(row)
        self._go_to_problem(self.problem_list.item(row))

    def _accept_submissions(self) -> None:
        from .submission_drop import accept_submissions  # the drop target only: what reads a drop comes at the first

        accept_submissions(self)

    def _show_preview_of_tab(self) -> None:
        self.update_preview()
        self._scroll_preview_to_tab(self.editor.tabs.currentIndex())

    def _scroll_preview_to_tab(self, index: int) -> None:
        anchor = TABS[index].anchor if 0 <= index < len(TABS) else ""
        if anchor:
            self.preview.scrollToAnchor(anchor)
        else:
            self.preview.verticalScrollBar().setValue(0)

    def _zoom_preview(self, steps: int) -> None:
        if steps > 0:
            self.preview.zoomIn(steps)
        elif steps < 0:
            self.preview.zoomOut(-steps)
        self._preview_zoom += steps

    def _show_tab(self, index: int) -> None:
        self.editor.tabs.setCurrentIndex(index)
        page = self.editor.page(index)
        if page._order:
            page._order[0].setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)

    # list rows from the keyboard -----------------------------------------------------------

    def _row_add(self) -> None:
        left = self.editor.row_left_by_enter()
        if left is not None:
            self.editor.new_item_after(*left)
            return
        path = self.editor.focused_path() or ""
        if path.startswith("dynamics.groups[") and path.endswith("].title"):
            # In a group's title: a new first entry of that group (groups are added with the button).
            self.editor.new_item_after(path[: -len(".title")] + ".entries", -1)
            return
        row = self.editor.focused_row()
        if row is not None:
            self.editor.new_item_after(*row)
            return
        near = self.editor.list_near(path)
        if near is None:
            self.statusBar().showMessage("请先把光标放在列表中的一条里（如一条动态），再按 Ctrl+Enter。", 4000)
            return
        self.editor.new_item_after(near, len(self.editor.items(near)) - 1)

    def _row_remove(self) -> None:
        row = self.editor.focused_row()
        if row is not None:
            self.editor.remove_item(*row)

    def _row_move(self, delta: int) -> None:
        row = self.editor.focused_row()
        if row is not None:
            self.editor.move_item(row[0], row[1], delta)

    def _entry_to_group(self, delta: int) -> None:
        row = self.editor.focused_row()
        if row is None or not row[0].endswith(".entries"):
            return
        group = int(row[0].split("[", 1)[1].split("]", 1)[0])
        self.editor.move_entry_to_group(group, row[1], group + delta, at_start=delta > 0)

    # commands --------------------------------------------------------------------------

    def new_issue(self) -> None:
        from desk_app.domain import carry

        self._close_session()
        latest = repository.latest_issue()
        issue = carry.next_issue(latest, date.today())
        key = issue.key
        assert key is not None
        if repository.issue_exists(key):  # cannot happen after the latest, unless someone is quicker
            self.load_list(select=key)
            return
        repository.save_issue(issue)
        log.info("created %s from %s", key, latest.key if latest else None)
        self.model.reload(repository.list_issues())
        self.open_issue(key)
        self.editor.focus_field("reform.window_stats.week.consult")
        self.statusBar().showMessage(
            f"已新建{key.year}年第{key.number}期：期号、周期和日期已按上一期推算，请在“报头”核对。", 8000
        )

    def delete_issue(self) -> None:
        session = self.session
        if session is None or session.stored_key is None:
            return
        key = session.stored_key
        if not self.locking.may_delete():
            return
        m = session.issue.masthead
        serial = f"（总第{m.serial}期）" if m.serial else ""
        if not self.dialogs.ask(
            "删除本期", f"确定删除{key.year}年第{key.number}期{serial}吗？\n删除前会在数据文件夹的“备份”中留一份交换文件，可再导入恢复。",
            yes="删除",
        ):
            return
        if not session.save_now():  # a conflict or a failure was said; the issue stays
            return
        row = self.model.row_of(key)
        revision = session.revision
        session.dirty = False
        self._close_session()
        try:
            # The copy is of the newest stored version, written before anything is deleted.
            stored, stored_revision = repository.load_issue_with_revision(key)
            if stored_revision != revision:
                raise repository.ConflictError(f"{key} changed to revision {stored_revision}")
            kept = self._keep_copy(stored, "已删除")
            repository.delete_issue(key, expected_revision=revision)
        except repository.ConflictError:
            self.dialogs.warn(
                "这一期未删除",
                f"{key.year}年第{key.number}期刚刚被其他同事修改并保存（共用数据库），所以没有删除。\n现在载入对方保存的内容，请看过后再决定。",
            )
            self.model.reload(repository.list_issues())
            self.open_issue(key)
            return
        except repository.IssueNotFound:
            kept = self._keep_copy(session.issue, "已删除")  # someone else deleted it already: keep what this window had
        log.info("deleted %s (copy in %s)", key, kept)
        self.model.reload(repository.list_issues())
        row = min(row, len(self.model.summaries) - 1)
        if row >= 0:
            self.open_issue(self.model.key_at(row))
        self._update_enabled()
        self.statusBar().showMessage(f"已删除{key.year}年第{key.number}期；备份：{kept}", 10000)

    def refresh(self) -> None:
        if self.session is not None:
            self.session.save_now()
        key = self.session.stored_key if self.session else None
        summaries = repository.list_issues()
        self.model.reload(summaries)
        if key is not None:
            stored = next((s for s in summaries if s.key == key), None)
            if stored is None or stored.revision != self.session.revision:  # type: ignore[union-attr]
                self.session.dirty = False  # type: ignore[union-attr]
                self._close_session()
                self.load_list(select=key)
                return
            self._select_row(self.model.row_of(key))
        else:
            self.load_list()

    def export_docx(self) -> None:
        self.exporting.export_docx()

    def edit_export_settings(self) -> None:
        if self.dialogs.export_settings():
            self.statusBar().showMessage("导出设置已保存，下次导出 Word 文档时使用。", 8000)

    def refuse_export(self, errors: list[Problem]) -> None:
        shown = "\n".join(f"• {p.message_zh()}" for p in errors[:12])
        more = f"\n…另有 {len(errors) - 12} 处" if len(errors) > 12 else ""
        self.dialogs.warn("还不能导出", f"本期还有 {len(errors)} 处错误，改正后才能导出：\n{shown}{more}")
        if errors[0].field:
            self.editor.focus_field(errors[0].field)

    def export_json(self) -> None:
        self.exporting.export_json()

    def show_status(self, text: str, milliseconds: int = 0) -> None:
        self.statusBar().showMessage(text, milliseconds)

    def import_json(self) -> None:
        self._importing().import_files()

    def _importing(self):  # noqa: ANN202 (ImportWorkflow: made when first used, not at start-up)
        if self.importing is None:
            from .importing import ImportWorkflow

            self.importing = ImportWorkflow(self)
        return self.importing

    # the archive: search and statistics ------------------------------------------------------

    def show_search(self) -> None:
        if self.search_panel is None:
            from .search import SearchPanel

            self.search_panel = SearchPanel(self, self.open_search_hit)
            # First shown over the preview, at the window's right: the field a hit opens stays in sight.
            frame = self.geometry()
            width = min(self.search_panel.width(), max(480, frame.width() // 2))
            self.search_panel.resize(width, min(self.search_panel.height(), frame.height() - 60))
            self.search_panel.move(frame.right() - width - 8, frame.top() + 60)
        if self.session is not None:
            self.session.save_now()  # the search sees what was just typed
        self.search_panel.show()
        self.search_panel.raise_()
        self.search_panel.activateWindow()
        self.search_panel.focus_query()

    def open_search_hit(self, hit, terms: list[str]) -> None:  # noqa: ANN001 - a domain.search.SearchHit
        from .search import select_first

        widget = self.open_at(hit.key, hit.path)
        if widget is not None:
            select_first(widget, terms)

    def open_at(self, key: IssueKey, path: str):  # noqa: ANN201
        """Open the issue ``key`` (unless it is open) and put the cursor in the field ``path``."""
        if self.session is None or self.session.stored_key != key:
            self.open_issue(key)
            if self.session is None or self.session.stored_key != key:
                return None  # no longer stored: open_issue said so
        self.raise_()
        self.activateWindow()
        return self.editor.focus_field(path)

    def show_statistics(self, page: str = "") -> None:
        if self.session is not None:
            self.session.save_now()
        if self.statistics_window is None:
            from .statistics import StatisticsWindow

            self.statistics_window = StatisticsWindow(self, self.dialogs, self.open_at)
        else:
            self.statistics_window.reload()
        if page:
            self.statistics_window.show_page(page)
        self.statistics_window.show()
        self.statistics_window.raise_()
        self.statistics_window.activateWindow()

    def show_changes(self) -> None:
        from desk_app.storage.change_log import changes_of

        session = self.session
        if session is None or session.stored_key is None:
            return
        session.save_now()  # the log shows what was just typed
        key = session.stored_key
        self.dialogs.change_log(f"{key.year}年第{key.number}期", changes_of(key))

    def show_shortcuts(self) -> None:
        from .help import shortcut_lines

        self.dialogs.inform("快捷键", "\n".join(shortcut_lines(self.menuBar())))

    def show_help(self) -> None:
        from .help import shortcut_lines

        if self.help_window is None:
            self.help_window = self.dialogs.help(shortcut_lines(self.menuBar()))
        self.help_window.show()  # again, after 关闭
        self.help_window.raise_()
        self.help_window.activateWindow()

    def show_about(self) -> None:
        from desk_app import __version__
        from desk_app.storage.database import data_dir

        from .crash import log_path

        self.dialogs.inform(
            "关于窗口工作周报",
            f"窗口工作周报 {__version__}\n\n数据文件夹：{data_dir()}\n日志文件：{log_path()}\n\n所有输入随时自动保存，无需手动保存。",
        )

    @property
    def exporting(self):  # noqa: ANN201 - an exporting.Exporting, imported with the first export
        if self._exporting is None:
            from .exporting import Exporting

            self._exporting = Exporting(self)
        return self._exporting

    # closing ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.importing is not None and self.importing.busy:  # its progress dialog offers 取消 first
            event.ignore()
            return
        if not self._may_close():
            event.ignore()
            return
        self.save_layout()
        event.accept()

    def _may_close(self) -> bool:
        """Save before closing; when that fails, the clerk decides, and nothing typed is lost either way."""
        session = self.session
        while session is not None and not session.save_for_closing():
            reason = session.last_error or (session.blocked.message_zh if session.blocked else "原因不明")
            choice = self.dialogs.choose(
                "本期内容没有保存",
                f"{self._issue_name(session)}最近的修改没有保存到数据库：\n{reason}\n\n"
                "重试：再保存一次（例如网络或服务器恢复之后）。\n"
                "另存为副本：把本期内容另存为文件，窗口保持打开。\n"
                "仍然关闭：先把本期内容另存为文件，再关闭程序。",
                ["重试", "另存为副本", "仍然关闭", "取消"],
                warning=True,
            )
            if choice == 0:
                continue
            if choice == 2:
                self._keep_copy(session.issue, "未保存")
                return True
            if choice == 1:
                kept = self._keep_copy(session.issue, "未保存")
                self.dialogs.inform("已另存为副本", f"本期内容已另存为：\n{kept}\n\n可用“文件 › 导入交换文件”恢复。")
            return False
        return True

    @staticmethod
    def _issue_name(session: IssueSession) -> str:
        key = session.stored_key or session.issue.key
        return f"{key.year}年第{key.number}期" if key else "本期"

    def flush(self) -> bool:
        """Save what was typed now (crash handler); False when it could only be kept as a copy in 备份/."""
        session = self.session
        if session is not None and not session.save_for_closing():
            self._keep_copy(session.issue, "未保存")
            return False
        return True
