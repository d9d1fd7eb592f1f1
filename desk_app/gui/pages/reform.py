"""一、综窗改革: window figures, authorisation, 推进情况."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desk_app.domain.model import PARTIAL_AUTHORISATION, NewlyAuthorized

from ..fields import CheckField
from .base import Page

FIGURES = (("consult", "咨询", "人次"), ("accept", "受理", "件"), ("issue", "颁发", "件"), ("transfer", "流转", "件"))


class ReformPage(Page):
    def populate(self, layout: QVBoxLayout) -> None:
        issue = self.editor.issue
        form = self.form()
        form.addRow("部分标题", self.line("reform.title", "综窗改革攻坚行动"))
        layout.addLayout(form)

        # （一） window figures -------------------------------------------------
        layout.addWidget(self.section("（一）办件情况"))
        form = self.form()
        form.addRow("小标题", self.line("reform.window_stats.title", "省本级综窗办件情况"))
        layout.addLayout(form)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for column, (_name, label, unit) in enumerate(FIGURES, start=1):
            header = QLabel(f"{label}（{unit}）")
            header.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(header, 0, column)
        grid.addWidget(QLabel("本周"), 1, 0)
        grid.addWidget(QLabel("今年以来"), 2, 0)
        # Tab order: the week's four figures, then the year to date (as the sentence reads).
        for span, row in (("week", 1), ("ytd", 2)):
            for column, (name, label, _unit) in enumerate(FIGURES, start=1):
                field = self.count(f"reform.window_stats.{span}.{name}")
                field.setAccessibleName(f"{'本周' if span == 'week' else '今年以来'}{label}")
                grid.addWidget(field, row, column)
        layout.addLayout(grid)
        self.ytd_hint = self.hint()
        recompute = self.button("按上期累计重算", "今年以来 = 上期今年以来 + 本周（新年度首期 = 本周）", self.editor.recompute_ytd)
        row = QHBoxLayout()
        row.addWidget(self.ytd_hint, 1)
        row.addWidget(recompute, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.update_hints()

        # （二） authorisation --------------------------------------------------
        layout.addWidget(self.section("（二）授权情况"))
        form = self.form()
        form.addRow("小标题", self.line("reform.authorization.title", "省级部门（单位）事项纳入及授权情况"))
        counts = QHBoxLayout()
        counts.addWidget(QLabel("已进驻部门"))
        stationed = self.count("reform.authorization.stationed")
        counts.addWidget(stationed)
        counts.addWidget(QLabel("个，其中已授权综窗"))
        authorized = self.count("reform.authorization.authorized")
        counts.addWidget(authorized)
        counts.addWidget(QLabel("个"))
        counts.addStretch(1)
        for field in (stationed, authorized):
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0") * 8 + 20)
        form.addRow("部门数", counts)
        layout.addLayout(form)
        self.authorized_hint = self.hint()
        layout.addWidget(self.authorized_hint)

        newly = issue.reform.authorization.newly_authorized
        list_box = QWidget()
        self.register("reform.authorization.newly_authorized", list_box)
        rows = QVBoxLayout(list_box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(QLabel("较上周新增授权的部门：" if newly else "较上周新增授权的部门：无（句中“较上周新增…”一句将略去）"))
        list_path = "reform.authorization.newly_authorized"
        for i, department in enumerate(newly):
            body = QHBoxLayout()
            body.addWidget(self.line(f"{list_path}[{i}].name", "部门名称，如 省地震局"), 1)
            tick = CheckField("部分事项授权")
            tick.setToolTip("勾选后名称后加“（部分事项授权）”")
            self._bind(tick, f"{list_path}[{i}].note", value=department.partial,
                       to_model=lambda checked: PARTIAL_AUTHORISATION if checked else "")
            body.addWidget(tick)
            rows.addWidget(self.list_row(list_path, i, len(newly), body))
        rows.addWidget(
            self.button("＋ 添加新增授权部门", "在列表末尾添加（Ctrl+Enter 在当前行下方添加）",
                        lambda p=list_path, n=len(newly): self.editor.insert_item(p, n, NewlyAuthorized(), focus="name"))
        )
        layout.addWidget(list_box)

        # （三） progress -------------------------------------------------------
        layout.addWidget(self.section("（三）推进情况", "没有条目时，本节不印出。"))
        form = self.form()
        form.addRow("小标题", self.line("reform.progress.title", "推进情况"))
        layout.addLayout(form)
        items = issue.reform.progress.items
        list_path = "reform.progress.items"
        list_box = QWidget()
        self.register(list_path, list_box)
        rows = QVBoxLayout(list_box)
        rows.setContentsMargins(0, 0, 0, 0)
        for i in range(len(items)):
            rows.addWidget(self.list_row(list_path, i, len(items), self.paragraph(f"{list_path}[{i}]"), number=f"{i + 1}."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.button("＋ 添加条目", "在末尾添加（Ctrl+Enter 在当前条目下方添加）",
                                      lambda p=list_path, n=len(items): self.editor.insert_item(p, n, "")))
        previous = self.editor.previous
        if previous is not None and previous.reform.progress.items:
            buttons.addWidget(self.button(f"复制上期的 {len(previous.reform.progress.items)} 条",
                                          "把上一期的推进情况条目加到本期末尾，再作修改", self.editor.copy_previous_progress))
        buttons.addStretch(1)
        rows.addLayout(buttons)
        layout.addWidget(list_box)
        self.update_hints()

    def update_hints(self) -> None:
        """How the computed figures come about, below them."""
        from desk_app.domain import carry

        issue, previous = self.editor.issue, self.editor.previous
        if previous is None:
            text = "没有上一期：今年以来的累计数请直接填写。"
        elif not carry.same_year(issue, previous):
            text = "新年度首期：今年以来 = 本周。填写本周数后自动计算；改动过的累计数不再自动计算。"
        else:
            before = previous.reform.window_stats.ytd
            parts = "、".join(f"{label}{getattr(before, name) if getattr(before, name) is not None else '—'}" for name, label, _ in FIGURES)
            text = f"今年以来 = 上期（第{previous.masthead.number}期）累计 + 本周，自动计算；上期累计：{parts}。改动过的累计数不再自动计算。"
        if hasattr(self, "ytd_hint"):
            self.ytd_hint.setText(text)
        if hasattr(self, "authorized_hint"):
            auth = issue.reform.authorization
            if previous is not None and previous.reform.authorization.authorized is not None:
                base = previous.reform.authorization.authorized
                expected = base + len(auth.newly_authorized)
                text = f"上期已授权 {base} 个，本周新增 {len(auth.newly_authorized)} 个 → {expected} 个。"
                if auth.authorized is not None and auth.authorized != expected:
                    text += "（已授权数已手动修改）"
            else:
                text = ""
            self.authorized_hint.setText(text)
            self.authorized_hint.setVisible(bool(text))

    def refresh_values(self) -> None:
        super().refresh_values()
        self.update_hints()


