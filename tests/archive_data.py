"""A generated archive of ten years of issues for the search, statistics and consistency tests.

Realistic in what the archive code reads: one issue a week (Monday–Friday, ISO weeks, so the first
week of a year often starts in December), numbers from 1 each year, serial numbers running on across
years, year-to-date figures that add up (approvals too), departments that come and go over the years
with 0–6 entries a week, and a few slips a clerk makes, each listed in ``SLIPS`` with what the
consistency check must say about it:

- 2017-20: a year-to-date figure typed 5 too high (the next issues add to what was printed);
- 2019-11: the serial number skips one;
- 2020-30: an issue lost (never stored): number, serial, week and year to date jump over it;
- 2021-6: a week with no issue (the holiday): issue 6 covers the week after issue 5's next;
- 2022-16: given the period of the week before issue 15's, so it is out of order, and issue 17
  then follows a week without an issue.

``generate_archive()`` is deterministic; ``store_archive()`` saves it in one transaction.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from desk_app.domain.exchange import loads
from desk_app.domain.model import (
    AcceptedCompleted,
    Entry,
    Group,
    Issue,
    IssueKey,
    NewlyAuthorized,
    Period,
    WindowCounts,
)

REFERENCE = Path(__file__).parent / "data" / "bulletin.json"
FIRST_YEAR, YEARS = 2015, 10
FIRST_SERIAL = 1

# (key, kind) the consistency check must find, and nothing else.
SLIPS = {
    (IssueKey(2017, 20), "ytd"),
    (IssueKey(2019, 11), "serial"),
    (IssueKey(2020, 31), "missing_number"),
    (IssueKey(2021, 6), "missing_week"),
    (IssueKey(2022, 16), "order"),
    (IssueKey(2022, 17), "missing_week"),
}

# Departments and the years they sent reports in (some joined the hall later, one left).
DEPARTMENTS = {
    "公安厅": (2015, 2024),
    "自然资源厅": (2015, 2024),
    "应急管理厅": (2018, 2024),  # formed in 2018
    "水利厅": (2015, 2024),
    "省市场监管局": (2018, 2024),
    "司法厅": (2015, 2024),
    "人力资源社会保障厅": (2015, 2024),
    "住房城乡建设厅": (2015, 2024),
    "交通运输厅": (2015, 2024),
    "省医保局": (2019, 2024),  # formed in 2019
    "省地震局": (2015, 2024),
    "省林草局": (2019, 2024),
    "省药监局": (2019, 2024),
    "省工商局": (2015, 2017),  # merged into 省市场监管局 in 2018
    "教育厅": (2015, 2024),
    "商务厅": (2016, 2024),
}
TOPICS = [
    "不动产登记“一件事一次办”",
    "企业开办“一网通办”",
    "“川渝通办”事项",
    "电子证照互认",
    "告知承诺制审批",
    "“跨省通办”专窗",
    "政务服务“好差评”",
    "帮办代办服务",
    "冰雪季旅游保障",
    "防震减灾科普宣传",
]
OPENINGS = ["近日，", "本周，", "{month}月{day}日，", "{month}月{day}日上午，"]
ACTIONS = [
    "{dept}窗口推进{topic}，本周办理相关业务{n}件。",
    "{dept}窗口开展{topic}业务培训，{n}名窗口工作人员参加。",
    "{dept}窗口围绕{topic}梳理办事指南{n}项，进一步压缩办理时限。",
    "{dept}窗口为鑫源公司等{n}家企业提供{topic}上门服务。",
]
# Entries the search tests look for: a character found nowhere else, and a department named
# only in the (unprinted) department field.
RARE_CHARACTER = "曌"
SILENT_DEPARTMENT = "省档案馆"
MARKED = {
    (2018, 3): [Entry("省统计局", f"1月17日，省统计局副局长赵{RARE_CHARACTER}到窗口调研统计数据共享工作。")],
    (2016, 7): [Entry(SILENT_DEPARTMENT, "2月18日起，档案查阅窗口延长服务时间至下午六时。")],
}
GROUP_TITLES = ["优化营商环境工作开展情况", "窗口服务效能提升工作情况", "厅（局）长进大厅"]


@dataclass
class GeneratedArchive:
    issues: list[Issue]  # as stored, oldest first (without the lost one)
    lost: list[Issue]  # generated but never stored (2020-30)


def _weekly(rng: random.Random) -> WindowCounts:
    return WindowCounts(rng.randint(200, 1500), rng.randint(50, 600), rng.randint(500, 5000), rng.randint(1000, 9000))


def _entries(rng: random.Random, year: int, monday: date) -> list[Entry]:
    active = [d for d, (first, last) in DEPARTMENTS.items() if first <= year <= last]
    chosen = rng.sample(active, rng.randint(0, min(6, len(active))))
    entries = []
    for department in chosen:
        day = monday + timedelta(days=rng.randint(0, 4))
        opening = rng.choice(OPENINGS).format(month=day.month, day=day.day)
        action = rng.choice(ACTIONS).format(dept=department, topic=rng.choice(TOPICS), n=rng.randint(2, 90))
        entries.append(Entry(department, opening + action))
    return entries


def generate_archive(seed: int = 20150105) -> GeneratedArchive:
    reference = loads(REFERENCE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    issues: list[Issue] = []
    lost: list[Issue] = []
    serial = FIRST_SERIAL
    printed: Issue | None = None  # the last issue as printed (what the next one's year to date adds to)
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        weeks = date(year, 12, 28).isocalendar().week  # 52 or 53
        week_of_year = 0
        stationed = rng.randint(38, 44)
        authorized = rng.randint(20, 30)
        for number in range(1, weeks + 1):
            week_of_year += 1
            if (year, number) == (2021, 6):
                week_of_year += 1  # the holiday: no issue that week
            if week_of_year > weeks:
                break
            monday = date.fromisocalendar(year, week_of_year, 1)
            if (year, number) == (2022, 16):
                monday -= timedelta(days=14)  # typed the period of the week before issue 15's
            friday = monday + timedelta(days=4)
            issue = copy.deepcopy(reference)
            m = issue.masthead
            m.year, m.number, m.serial, m.date = year, number, serial, friday + timedelta(days=3)
            serial += 2 if (year, number) == (2019, 10) else 1  # 2019-11 gets a serial one too high
            issue.period = Period(monday, friday)

            week = _weekly(rng)
            stats = issue.reform.window_stats
            stats.week = week
            if number == 1 or printed is None:
                stats.ytd = copy.copy(week)
            else:
                before = printed.reform.window_stats.ytd
                stats.ytd = WindowCounts(*(getattr(before, f) + getattr(week, f) for f in WindowCounts.FIELDS))
            if (year, number) == (2017, 20):
                stats.ytd.accept += 5

            newly = rng.sample(sorted(DEPARTMENTS), rng.randint(0, 2)) if authorized < stationed - 2 else []
            authorized += len(newly)
            issue.reform.authorization.stationed, issue.reform.authorization.authorized = stationed, authorized
            issue.reform.authorization.newly_authorized = [
                NewlyAuthorized(name, "部分事项授权" if rng.random() < 0.3 else "") for name in newly
            ]
            issue.reform.progress.items = rng.sample(reference.reform.progress.items, rng.randint(0, 3))

            a = issue.approvals
            a.date_from, a.date_to = date(year, 1, 1), friday
            for category, scale in (("licensing", 1500), ("public_service", 12000), ("other", 150)):
                accepted = rng.randint(scale // 2, scale)
                completed = rng.randint(accepted // 2, accepted)
                if number > 1 and printed is not None:
                    old = getattr(printed.approvals, category)
                    accepted, completed = old.accepted + accepted, old.completed + completed
                setattr(a, category, AcceptedCompleted(accepted, completed))

            entries = _entries(rng, year, monday)
            entries += MARKED.get((year, number), [])
            groups = [Group(title, []) for title in GROUP_TITLES]
            for entry in entries:
                groups[rng.randrange(len(groups))].entries.append(entry)
            issue.dynamics.groups = groups
            printed = issue
            (lost if (year, number) == (2020, 30) else issues).append(issue)
    return GeneratedArchive(issues, lost)


def store_archive(issues: list[Issue]) -> None:
    """Save ``issues`` in one transaction (the models must be bound: the ``db`` fixture)."""
    from desk_app.storage import repository
    from desk_app.storage.models import database_proxy

    with database_proxy.atomic():
        for issue in issues:
            repository.save_issue(issue)


def as_json_files(issues: list[Issue], folder: Path) -> list[Path]:
    """The issues as window-weekly/1 files (for a process that imports them)."""
    from desk_app.domain.exchange import dumps

    paths = []
    for issue in issues:
        path = folder / f"{issue.key}.json"
        path.write_text(dumps(issue), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # a look at what it makes
    archive = generate_archive()
    print(len(archive.issues), "issues;", json.dumps([str(i.key) for i in archive.issues[:3]]))
