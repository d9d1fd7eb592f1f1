"""The reference issue printed through LibreOffice and measured from the PDF (``pdftotext -bbox-layout``).

Fonts come from the tests' own fontconfig file (tests/fonts/fonts.conf), which maps the Windows font
names to free stand-ins. Under CI this test must run: missing tools are a failure there, a skip only
on a developer's machine.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from desk_app.output.layout import LINE_PITCH, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP

pytestmark = pytest.mark.libreoffice

HERE = Path(__file__).parent
FONTS_CONF = HERE / "fonts" / "fonts.conf"
MM_PER_PT = 25.4 / 72
MM_PER_TWIP = 25.4 / 1440
PITCH = LINE_PITCH * MM_PER_TWIP  # 10.21 mm
LEFT, RIGHT = MARGIN_LEFT * MM_PER_TWIP, 210 - MARGIN_RIGHT * MM_PER_TWIP
TOP, BOTTOM = MARGIN_TOP * MM_PER_TWIP, 297 - MARGIN_BOTTOM * MM_PER_TWIP
TOLERANCE = 0.6  # mm
DISTRIBUTION = ("报：", "送：", "发：", "（共印")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def is_page_number(self) -> bool:
        return self.y0 > BOTTOM and re.fullmatch(r"—\s*\d+\s*—", self.text) is not None


@dataclass
class Rule:
    """A horizontal line drawn on a page (mm), its width in points and its colour."""

    x0: float
    x1: float
    y: float
    width: float
    color: str


def tools() -> None:
    from desk_app.output.pdf import find_soffice

    if find_soffice() and shutil.which("pdftotext") and shutil.which("pdftocairo"):
        return
    message = "LibreOffice (soffice) and poppler-utils (pdftotext, pdftocairo) are needed to render the bulletin"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; .ci/run must install libreoffice-writer-nogui and poppler-utils")
    pytest.skip(message)


_LINE = r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>'
_STROKE = (
    r'<path style="fill:none;stroke-width:([\d.]+);[^"]*?stroke:([^;]+);[^"]*" '
    r'd="M ([\d.-]+) ([\d.-]+) L ([\d.-]+) ([\d.-]+) "\s*transform="matrix\(([^)]*)\)"'
)


def read_pages(pdf: Path) -> list[list[Line]]:
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html.decode("utf-8"), re.S):
        lines = []
        for m in re.finditer(_LINE, page, re.S):
            words = [unescape(w) for w in re.findall(r">([^<]*)</word>", m.group(5))]
            x0, y0, x1, y1 = (float(v) * MM_PER_PT for v in m.groups()[:4])
            lines.append(Line("".join(words), x0, y0, x1, y1))
        pages.append(_join_same_row(lines))
    return pages


def _join_same_row(lines: list[Line]) -> list[Line]:
    """pdftotext splits a row at a wide gap (the tab between issuer and date): one printed row, one Line."""
    rows: list[Line] = []
    for line in sorted(lines, key=lambda item: (round(item.y1, 0), item.x0)):
        if rows and abs(rows[-1].y1 - line.y1) < 1.0 and line.x0 > rows[-1].x1:
            last = rows[-1]
            rows[-1] = Line(last.text + line.text, last.x0, min(last.y0, line.y0), line.x1, max(last.y1, line.y1))
        else:
            rows.append(line)
    return rows


def read_rules(pdf: Path, page: int) -> list[Rule]:
    """The stroked horizontal lines of one page, from poppler's SVG rendering."""
    svg = pdf.with_name(f"{pdf.stem}-{page}.svg")
    subprocess.run(["pdftocairo", "-svg", "-f", str(page), "-l", str(page), str(pdf), str(svg)], check=True)
    rules = []
    for m in re.finditer(_STROKE, svg.read_text(encoding="utf-8")):
        width, color = float(m.group(1)), m.group(2)
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(3, 7))
        a, b, c, d, e, f = (float(v) for v in m.group(7).split(","))
        if abs(y0 - y1) > 0.01:
            continue
        left, right = sorted((a * x0 + c * y0 + e, a * x1 + c * y1 + e))
        rule = Rule(left * MM_PER_PT, right * MM_PER_PT, (b * x0 + d * y0 + f) * MM_PER_PT, width * abs(a), color)
        if rule not in rules:  # cairo may stroke the same line twice
            rules.append(rule)
    return sorted(rules, key=lambda r: r.y)


def body(page: list[Line]) -> list[Line]:
    return [line for line in page if not line.is_page_number]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, list[list[Line]] | Path]:
    """The reference issue through the program's own PDF export, and a variant whose body fills the
    last page (with centred page numbers), each as pages of text lines."""
    tools()
    from desk_app import services
    from desk_app.domain.exchange import loads
    from desk_app.output.layout import ExportLayout

    reference = json.loads((HERE / "data" / "bulletin.json").read_text(encoding="utf-8"))
    full = copy.deepcopy(reference)
    # Ten more one-line checklist items: the body then ends three lines from the foot of its page,
    # too little room for the 报尾's four rows, which must go to the foot of a page of its own.
    full["inspection"]["items"] += [{"item": f"补充检查{i}", "result": "总体情况良好"} for i in range(1, 11)]
    out = tmp_path_factory.mktemp("导出 pdf")
    result = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", str(FONTS_CONF))
        for name, data, layout in (
            ("reference", reference, ExportLayout()),
            ("full", full, ExportLayout(page_numbers="centred")),
        ):
            target = out / f"{name} 周报.pdf"
            issue = loads(json.dumps(data, ensure_ascii=False))
            services.export_issue(issue, target, layout=layout)  # LibreOffice, private profile in /tmp
            result[name] = read_pages(target)
            result[f"{name}.pdf"] = target
    return result


def test_every_page_has_its_number_odd_right_even_left(rendered):
    pages = rendered["reference"]
    assert len(pages) == 6
    for number, page in enumerate(pages, start=1):
        numbers = [line for line in page if line.is_page_number]
        assert len(numbers) == 1 and numbers[0].text.replace(" ", "") == f"—{number}—", page
        label = numbers[0]
        one_char = 14 * MM_PER_PT  # 四号
        if number % 2:
            assert abs(label.x1 - (RIGHT - one_char)) < 1.5, label
        else:
            assert abs(label.x0 - (LEFT + one_char)) < 1.5, label
        middle = (label.y0 + label.y1) / 2
        assert 5 < middle - BOTTOM < 9, label  # about 7 mm under the type area (GB/T 9704)


def test_centred_page_numbers(rendered):
    for number, page in enumerate(rendered["full"], start=1):
        (label,) = [line for line in page if line.is_page_number]
        assert label.text.replace(" ", "") == f"—{number}—"
        assert abs((label.x0 + label.x1) / 2 - (LEFT + RIGHT) / 2) < 1.5


@pytest.mark.parametrize("name", ["reference", "full"])
def test_a_full_page_carries_22_lines_and_none_more_on_the_grid(rendered, name):
    pages = rendered[name]
    counts = [len(body(page)) for page in pages]
    assert max(counts) == 22, counts
    assert counts.count(22) >= 2, counts
    for page in pages[1:]:
        tops = [line.y0 for line in body(page) if not line.text.startswith(DISTRIBUTION)]
        for a, b in zip(tops, tops[1:]):
            steps = (b - a) / PITCH
            assert abs(steps - round(steps)) * PITCH < TOLERANCE and round(steps) >= 1, (a, b)


# Marks that may hang past the right margin, one character wide at most (as in the printed original).
HANGING = "，、。．；：！？”’）》」』"
ONE_CHAR = 16 * MM_PER_PT  # 三号


@pytest.mark.parametrize("name", ["reference", "full"])
def test_no_text_outside_the_type_area_but_hanging_punctuation(rendered, name):
    hung = 0
    for number, page in enumerate(rendered[name], start=1):
        for line in body(page):
            right = RIGHT + TOLERANCE
            if line.text[-1:] in HANGING and line.x1 > right:
                right += ONE_CHAR
                hung += 1
            assert LEFT - TOLERANCE <= line.x0 and line.x1 <= right, (number, line)
            assert TOP - TOLERANCE <= line.y0 and line.y1 <= BOTTOM + TOLERANCE, (number, line)
    assert hung >= 5  # the original hangs about ten


def normalised(text: str) -> str:
    """A line as compared with the printed original: no spaces (pdftotext puts them around digits),
    and the original's typing slips (a half-width 「,」, 「(1)」) as the program prints them."""
    return "".join(text.split()).replace(",", "，").replace("(", "（").replace(")", "）")


def original_body_lines() -> list[str]:
    """The printed original's body lines, 「一、综窗改革攻坚行动」 to the end of 四、, without the
    masthead title and page number pdftotext puts in between."""
    lines = [normalised(t) for t in (HERE / "data" / "original-pdf-text.txt").read_text(encoding="utf-8").splitlines()]
    lines = [t for t in lines if t and t != "窗口工作周报" and not re.fullmatch(r"—\d+—", t)]
    return lines[lines.index("一、综窗改革攻坚行动") : lines.index("报：中心领导。")]


def test_most_body_lines_break_where_the_printed_original_breaks(rendered):
    """Line for line against tests/data/original-pdf-text.txt (stand-in fonts, so not all can)."""
    import difflib

    ours = [normalised(line.text) for page in rendered["reference"] for line in body(page)]
    ours = ours[ours.index("一、综窗改革攻坚行动") : next(i for i, t in enumerate(ours) if t.startswith("报："))]
    original = original_body_lines()
    assert len(original) == 104
    matcher = difflib.SequenceMatcher(a=original, b=ours, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    print(f"body lines as in the printed original: {same} of {len(original)} (ours: {len(ours)} lines)")
    assert same > len(original) // 2, f"only {same} of {len(original)} body lines break as in the original"


@pytest.mark.parametrize("name", ["reference", "full"])
def test_every_character_of_the_body_is_printed(rendered, name, expected_body):
    """No mark lost at a line's end (LibreOffice drops a hung one in some lines: see
    LIBREOFFICE_CHAR_SPACING and tests/test_libreoffice_behaviour.py)."""
    import collections

    printed = collections.Counter("".join(line.text for page in rendered[name] for line in page))
    wanted = collections.Counter("".join(expected_body.split()))
    if name == "full":
        wanted.update("".join(f"补充检查{i}。总体情况良好" for i in range(1, 11)))
    missing = wanted - printed
    assert not missing, missing


def assert_distribution_at_the_foot(page: list[Line]) -> list[Line]:
    lines = body(page)
    rows = lines[-4:]
    assert all(row.text.startswith(d) for row, d in zip(rows, DISTRIBUTION)), [r.text for r in rows]
    assert rows[-1].text == "（共印80份）"
    assert BOTTOM - 3 < rows[-1].y1 <= BOTTOM + TOLERANCE  # the last row ends at the type area's foot
    for above, below in zip(rows, rows[1:]):
        assert abs(below.y0 - above.y0 - PITCH) < TOLERANCE  # one ruled row a grid line
    for line in lines[:-4]:
        assert line.y1 < rows[0].y0, line  # the body never runs into the 报尾
    return lines[:-4]


def test_the_distribution_sits_at_the_foot_of_the_last_page(rendered):
    pages = rendered["reference"]
    body_above = assert_distribution_at_the_foot(pages[-1])
    assert body_above[-1].text.endswith("大厅运行保障有序。")
    assert not any(line.text.startswith(DISTRIBUTION) for page in pages[:-1] for line in page)


def test_a_full_last_page_sends_the_distribution_to_the_foot_of_a_new_page(rendered):
    pages = rendered["full"]
    assert assert_distribution_at_the_foot(pages[-1]) == []  # a page of its own
    previous = body(pages[-2])
    assert previous[-1].text.endswith("补充检查10。总体情况良好")
    assert BOTTOM - 4 * PITCH < previous[-1].y1 < BOTTOM - PITCH  # lines left, but fewer than the 报尾 needs


def test_the_first_page_is_masthead_and_headline_and_the_pages_break_like_the_printed_issue(rendered):
    pages = rendered["reference"]
    first = [line.text for line in body(pages[0])]
    assert first[:5] == [
        "窗口工作周报",
        "2023年第6期（总第426期）",
        "四川省政府政务服务和公共资源交易服务中心2023年2月27日",  # one line: issuer and date
        "政务服务工作",
        "（2月13日—2月17日）",
    ]
    issuer = body(pages[0])[2]
    assert abs(issuer.x0 - LEFT) < TOLERANCE and abs(issuer.x1 - RIGHT) < TOLERANCE
    title = body(pages[0])[0]
    assert abs((title.x0 + title.x1) / 2 - (LEFT + RIGHT) / 2) < 1.5  # centred
    assert 25 < title.y0 - TOP < 45  # GB/T 9704: some 35 mm under the top of the type area
    # Where the printed issue (tests/data/original-pdf-text.txt) turns its first pages. As printed,
    # 「，」 hangs past the margin, so page 1 ends with 「其中，」. Later breaks drift with the
    # stand-in fonts' widths, and the original's page 3 holds 20 lines where this grid holds 22
    # (it ends 「并规范优化办事指南展示。」; here two lines later): not asserted.
    assert first[-1] == "已进驻省政务服务大厅的省级部门（单位）共45个。其中，"
    assert body(pages[1])[0].text.startswith("已授权无差别综合窗口的37个")
    assert body(pages[1])[-1].text.startswith("（1）近日，公安厅被省政府评为2022年度")


def test_the_red_rule_spans_the_type_area_under_the_issuer_and_date(rendered):
    rules = read_rules(rendered["reference.pdf"], 1)
    (red,) = [rule for rule in rules if rule.color == "rgb(100%,0%,0%)"]
    assert abs(red.x0 - LEFT) < TOLERANCE and abs(red.x1 - RIGHT) < TOLERANCE
    lines = body(rendered["reference"][0])
    issuer, headline = lines[2], lines[3]
    assert issuer.y1 < red.y < issuer.y1 + 6  # a few millimetres under the issuer and date
    assert red.y < headline.y0 - PITCH  # the headline two lines under it


def test_the_distribution_rules_are_type_area_wide_thick_outside_thin_inside(rendered):
    pages = rendered["reference"]
    rules = [r for r in read_rules(rendered["reference.pdf"], len(pages)) if r.color == "rgb(0%,0%,0%)"]
    assert [round(r.width, 2) for r in rules] == [1.0, 0.75, 0.75, 0.75, 1.0]  # 0.35 mm, 0.25 mm
    for rule in rules:
        assert abs(rule.x0 - LEFT) < TOLERANCE and abs(rule.x1 - RIGHT) < TOLERANCE
    assert abs(rules[-1].y - BOTTOM) < TOLERANCE  # the last rule on the type area's lower edge
    rows = body(pages[-1])[-4:]
    for row, (above, below) in zip(rows, zip(rules, rules[1:])):
        middle = (row.y0 + row.y1) / 2
        assert abs(middle - (above.y + below.y) / 2) < 1.5, row  # each line centred between its rules


def test_pandoc_reads_the_distribution_too(tmp_path):
    """A reader that drops mc:AlternateContent (pandoc) still gets the 报尾's lines (the hidden copy)."""
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    from desk_app.domain.exchange import loads
    from desk_app.services import export_issue

    docx = tmp_path / "周报.docx"
    export_issue(loads((HERE / "data" / "bulletin.json").read_text(encoding="utf-8")), docx, layout=None)
    text = subprocess.run(["pandoc", "-t", "plain", str(docx)], capture_output=True, check=True).stdout.decode("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[-4:] == ["报：中心领导。", "送：各相关省级部门（单位），中心各处（室）、直属单位。", "发：各部门窗口。", "（共印80份）"]
