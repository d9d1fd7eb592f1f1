"""The 统计 window's charts, drawn by QtCharts (PySide6-Addons).

Chosen by measurement (README, benchmarks/bench_archive.py): importing QtCharts and drawing a
first chart of 4 × 52 points took 10–24 ms + 16–42 ms here, matplotlib's Agg backend 600–850 ms
+ 75–100 ms; in the bundle QtCharts adds about 4 MB (Qt6Charts, its binding, Qt6OpenGL and
Qt6OpenGLWidgets), matplotlib with numpy and Pillow tens of megabytes. Imported only when the
统计 window is first opened.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

# Colours that stay apart in print and for the colour-blind (Okabe–Ito), then greys.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#999999"]


class ChartView(QChartView):
    """A chart with a title, a legend at the top and the application's font."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self._empty_chart()

    def _empty_chart(self) -> QChart:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        font = QFont(self.font())
        chart.legend().setFont(font)
        title_font = QFont(font)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        return chart

    def _value_axis(self, top: float) -> QValueAxis:
        """From 0 to a round number above ``top``. No axis title: Qt turns it on its side, which reads
        badly in Chinese; the chart's title says what is counted and in which unit."""
        axis = QValueAxis()
        axis.setRange(0, max(top, 10))
        axis.setTickCount(6)
        axis.applyNiceNumbers()
        axis.setLabelFormat("%d")
        axis.setLabelsFont(self.font())
        return axis

    def show_lines(
        self,
        title: str,
        x_values: Sequence[int],
        series: dict[str, Sequence[int | None]],
        *,
        x_title: str = "期号",
    ) -> None:
        """One line per entry of ``series`` over ``x_values`` (a missing value breaks nothing: it is left out)."""
        chart = self._empty_chart()
        chart.setTitle(title)
        top = 0
        lines = []
        for index, (name, values) in enumerate(series.items()):
            line = QLineSeries()
            line.setName(name)
            pen = QPen(QColor(PALETTE[index % len(PALETTE)]))
            pen.setWidthF(2.0)
            line.setPen(pen)
            for x, y in zip(x_values, values, strict=True):
                if y is not None:
                    line.append(x, y)
                    top = max(top, y)
            chart.addSeries(line)
            lines.append(line)
        x_axis = QValueAxis()
        x_axis.setRange(min(x_values, default=1), max(x_values, default=1) or 1)
        x_axis.setLabelFormat("%d")
        x_axis.setTickCount(min(11, max(2, len(x_values))))
        x_axis.setTitleText(x_title)
        x_axis.setLabelsFont(self.font())
        y_axis = self._value_axis(top)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for line in lines:
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)

    def show_stacked_bars(self, title: str, categories: Sequence[str], stacks: dict[str, Sequence[int]]) -> None:
        """Bars per category, each stacked from the entries of ``stacks``."""
        chart = self._empty_chart()
        chart.setTitle(title)
        bars = QStackedBarSeries()
        for index, (name, values) in enumerate(stacks.items()):
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(PALETTE[index % len(PALETTE)]))
            bar_set.setBorderColor(QColor("#ffffff"))
            for value in values:
                bar_set.append(value)
            bars.append(bar_set)
        chart.addSeries(bars)
        x_axis = QBarCategoryAxis()
        x_axis.append(list(categories))
        x_axis.setLabelsFont(self.font())
        totals = [sum(values[i] for values in stacks.values()) for i in range(len(categories))]
        y_axis = self._value_axis(max(totals, default=0))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x_axis)
        bars.attachAxis(y_axis)

    # what the tests and the screenshots read back ------------------------------------------

    def series_names(self) -> list[str]:
        chart = self.chart()
        names = []
        for series in chart.series():
            if isinstance(series, QStackedBarSeries):
                names += [bar_set.label() for bar_set in series.barSets()]
            else:
                names.append(series.name())
        return names

    def series_values(self, name: str) -> list[float]:
        for series in self.chart().series():
            if isinstance(series, QStackedBarSeries):
                for bar_set in series.barSets():
                    if bar_set.label() == name:
                        return [bar_set.at(i) for i in range(bar_set.count())]
            elif series.name() == name:
                return [point.y() for point in series.points()]
        raise KeyError(name)
