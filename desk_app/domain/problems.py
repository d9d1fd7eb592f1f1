"""Errors and warnings about an issue, each naming the field it is about.

A problem carries a code so the command line can say it in English and the GUI
in Chinese; the field path (``masthead.serial``, ``dynamics.groups[0].entries[1].text``)
lets the GUI mark the widget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


# code → (English template, Chinese template); {detail} is filled from Problem.detail
_MESSAGES: dict[str, tuple[str, str]] = {
    "malformed": ("malformed JSON: {detail}", "文件不是有效的 JSON：{detail}"),
    "unreadable": ("cannot read the file: {detail}", "无法读取文件：{detail}"),
    "missing": ("missing", "未填写"),
    "empty": ("empty", "不能为空"),
    "unknown_key": ("unknown key", "是未知的字段"),
    "wrong_type": ("wrong type: expected {detail}", "类型不对，应为{detail}"),
    "negative": ("must not be negative (got {detail})", "不能为负数（现为 {detail}）"),
    "too_large": ("is too large (got {detail})", "数值过大（现为 {detail}）"),
    "control_character": (
        "contains a control character ({detail}) that a document cannot hold",
        "含有文档无法容纳的控制字符（{detail}）",
    ),
    "not_positive": ("must be at least 1 (got {detail})", "至少为 1（现为 {detail}）"),
    "impossible_date": ("impossible date {detail} (expected YYYY-MM-DD)", "日期 {detail} 不存在（格式应为 年-月-日）"),
    "unknown_format": ("unknown format {detail} (expected window-weekly/1)", "格式 {detail} 无法识别（应为 window-weekly/1）"),
    "authorized_above_stationed": (
        "authorized is more than stationed ({detail})",
        "已授权部门数超过了进驻部门数（{detail}）",
    ),
    "start_after_end": ("start {detail} is after the end", "起始日期 {detail} 晚于结束日期"),
    "from_after_to": ("from {detail} is after to", "统计起始日期 {detail} 晚于截止日期"),
    "too_many": ("too many: {detail}", "数量过多：{detail}"),
    "too_long": ("text too long ({detail} characters)", "文字过长（{detail} 个字）"),
    "invalid_text": ("holds a broken character ({detail}, half of a UTF-16 pair)", "含有残缺的字符（{detail}），无法保存"),
    "year_out_of_range": ("year {detail} is outside 1900–2999", "年份 {detail} 不在 1900–2999 之间"),
    "too_deep": ("nested too deeply ({detail})", "嵌套层数过多（{detail}）"),
    "file_too_large": ("the file is too large ({detail})", "文件过大（{detail}）"),
    "not_a_file": ("not a regular file ({detail})", "不是普通文件（{detail}）"),
    "unknown_file_kind": (
        "cannot import this kind of file ({detail}); expected .json, .docx or .txt",
        "无法导入这种文件（{detail}），应为 .json、.docx 或 .txt",
    ),
    "issue_issued": (
        "issue {detail} is marked issued (已印发): unlock it first to replace it",
        "{detail}期已印发，未导入；如需替换请先在该期解锁",
    ),
    "not_utf8": ("not UTF-8 text ({detail})", "不是 UTF-8 编码的文本（{detail}）"),
    # Recognising past bulletins (.docx, PDF text): the detail names the place (第 N 段, 第 N 页第 M 行).
    "not_found": ("not found: {detail}", "找不到{detail}"),
    "not_understood": ("not understood: {detail}", "无法识别：{detail}"),
    "not_docx": ("not a Word document (.docx): {detail}", "不是 Word 文档（.docx）：{detail}"),
    "ytd_below_week": (
        "year to date is below the week's figure ({detail})",
        "今年以来累计数小于本周数（{detail}）",
    ),
    # Checks against the previous issue and of the whole issue: the detail is the sentence, naming the figures.
    "newly_missing": ("{detail}", "{detail}"),
    "newly_count_differs": ("{detail}", "{detail}"),
    "newly_without_growth": ("{detail}", "{detail}"),
    "authorized_fell": ("{detail}", "{detail}"),
    "total_fell": ("{detail} (a year-to-date total never falls within a year)", "{detail}（今年以来的累计数不会减少）"),
    "dynamics_empty": (
        "no entry at all: the whole section {detail} is left out and the sections after it move up",
        "一条动态也没有：“{detail}”整个部分将不印出，其后各部分的序号随之前移",
    ),
    "no_department": (
        "no department (it is not printed, but the archive's search and statistics go by department)",
        "未填写部门（部门不印出，但档案的查找和统计按部门归类）",
    ),
    "serial_not_following": (
        "serial {detail}",
        "总期数 {detail}",
    ),
    "ytd_differs": (
        "year to date differs from last issue's plus this week ({detail})",
        "今年以来累计数与上期累计加本周数不一致（{detail}）",
    ),
}

_TYPE_NAMES_ZH = {
    "integer": "整数",
    "string": "文字",
    "object": "对象",
    "list": "列表",
    "date string YYYY-MM-DD": "日期（年-月-日）",
}


@dataclass(frozen=True)
class Problem:
    field: str  # dotted path; "" for the file as a whole
    code: str
    severity: Severity = Severity.ERROR
    detail: str = ""
    detail_zh: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self) -> str:
        """English, for the command line: ``masthead.serial: missing``."""
        text = _MESSAGES[self.code][0].format(detail=self.detail)
        return f"{self.field}: {text}" if self.field else text

    def message_zh(self) -> str:
        """Chinese, for the GUI: 「报头 › 总期数：未填写」."""
        detail = self.detail_zh or _TYPE_NAMES_ZH.get(self.detail, self.detail)
        text = _MESSAGES[self.code][1].format(detail=detail)
        return f"{field_label_zh(self.field)}：{text}" if self.field else text


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


_LABELS_ZH: dict[str, str] = {
    "format": "格式",
    "masthead": "报头",
    "title": "标题",
    "year": "年份",
    "number": "期号",
    "serial": "总期数",
    "issuer": "编发单位",
    "date": "日期",
    "headline": "大标题",
    "period": "周期",
    "start": "起始日期",
    "end": "结束日期",
    "reform": "一、综窗改革",
    "window_stats": "综窗办件情况",
    "week": "本周",
    "ytd": "今年以来",
    "consult": "咨询",
    "accept": "受理",
    "issue": "颁发",
    "transfer": "流转",
    "authorization": "授权情况",
    "stationed": "进驻部门数",
    "authorized": "已授权部门数",
    "newly_authorized": "新增授权部门",
    "name": "名称",
    "note": "备注",
    "progress": "推进情况",
    "items": "条目",
    "approvals": "二、受理办理",
    "source": "数据来源",
    "from": "统计起始日期",
    "to": "统计截止日期",
    "licensing": "行政许可事项",
    "public_service": "公共服务事项",
    "other": "其它九类行权事项",
    "accepted": "受理",
    "completed": "办结",
    "dynamics": "三、窗口动态",
    "groups": "分组",
    "entries": "动态",
    "department": "部门",
    "text": "内容",
    "inspection": "四、大厅巡查",
    "intro": "导语",
    "item": "巡查项目",
    "result": "结果",
    "distribution": "报尾",
    "report": "报",
    "send": "送",
    "copies": "印数",
}
# Inside distribution, "issue" is 发, not 颁发.
_CONTEXT_LABELS_ZH = {("distribution", "issue"): "发"}

_PART = re.compile(r"([A-Za-z_]+)((?:\[\d+\])*)")


def field_label_zh(path: str) -> str:
    """masthead.serial → 报头 › 总期数; dynamics.groups[0].entries[1].text → 三、窗口动态 › 分组1 › 动态2 › 内容."""
    labels = []
    previous = ""
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if not match:
            labels.append(part)
            continue
        name, indexes = match.groups()
        label = _CONTEXT_LABELS_ZH.get((previous, name), _LABELS_ZH.get(name, name))
        for index in re.findall(r"\d+", indexes):
            label += str(int(index) + 1)
        labels.append(label)
        previous = name
    return " › ".join(labels)
