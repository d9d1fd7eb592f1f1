"""output/pagination.py without Qt: line breaking (28 a line, kinsoku, hanging marks) and page filling
(22 lines, headings kept with what follows, the 报尾 at the foot of the last page or of a page of its own).

Widths come from a stand-in measure: Chinese one em, everything else half an em.
"""

from __future__ import annotations

from desk_app.domain.blocks import Distribution, DistributionLine, Heading, Paragraph
from desk_app.output.layout import ExportLayout
from desk_app.output.pagination import BOTTOM_PT, LEFT_PT, RIGHT_PT, is_wide, paginate

HAN = "政务服务窗口受理办件"  # ten different Chinese characters


def measure(text: str, family: str, size: float) -> list[float]:
    return [size if is_wide(c) else size / 2 for c in text]


def han(count: int) -> str:
    return (HAN * (count // len(HAN) + 1))[:count]


def lines_of(paragraph: Paragraph) -> list[str]:
    (page,) = paginate([paragraph], measure)
    return [line.text for line in page.lines]


DISTRIBUTION = Distribution(
    (DistributionLine("报", "报：中心领导。"), DistributionLine("送", "送：各部门。"), DistributionLine("发", "发：各窗口。")),
    "（共印80份）",
)


def test_a_body_line_holds_28_characters_the_first_26_after_its_indent():
    lines = lines_of(Paragraph(han(26 + 28 + 5)))
    assert [len(line) for line in lines] == [26, 28, 5]


def test_a_comma_that_does_not_fit_hangs_past_the_margin():
    text = han(26) + "，" + han(10)
    lines = lines_of(Paragraph(text))
    assert lines[0] == han(26) + "，"
    (page,) = paginate([Paragraph(text)], measure)
    first = page.lines[0]
    assert first.positions()[-1] > RIGHT_PT - 1  # the comma stands in the margin


def test_a_closing_mark_that_cannot_hang_takes_the_character_before_it_along():
    text = han(26) + "》" + han(10)
    lines = lines_of(Paragraph(text))
    assert lines[0] == han(25)
    assert lines[1].startswith(han(26)[-1] + "》")


def test_an_opening_mark_never_ends_a_line_and_numbers_keep_together():
    lines = lines_of(Paragraph(han(25) + "《" + han(10)))
    assert lines[0] == han(25) and lines[1].startswith("《")
    lines = lines_of(Paragraph(han(24) + "20230" + han(10)))  # 2½ characters wide: does not fit after 24
    assert lines[0] == han(24) and lines[1].startswith("20230")


def test_a_line_break_typed_in_a_paragraph_ends_the_line():
    assert lines_of(Paragraph(han(5) + "\u2028" + han(3))) == [han(5), han(3)]


def test_22_lines_a_page_and_page_numbers_outside_then_centred():
    blocks = [Paragraph(han(10)) for _ in range(30)]
    pages = paginate(blocks, measure)
    assert [len(page.lines) for page in pages] == [22, 8]
    assert [page.footer.text for page in pages] == ["— 1 —", "— 2 —"]
    assert [page.footer.align for page in pages] == ["right", "left"]
    centred = paginate(blocks, measure, ExportLayout(page_numbers="centred"))
    assert {page.footer.align for page in centred} == {"center"}


def test_a_heading_at_the_foot_of_a_page_goes_over_with_its_paragraph():
    blocks = [Paragraph(han(10)) for _ in range(21)] + [Heading(2, "（一）", "小标题"), Paragraph(han(10))]
    pages = paginate(blocks, measure)
    assert len(pages[0].lines) == 21
    assert [line.text for line in pages[1].lines] == ["（一）小标题", han(10)]


def test_the_distribution_stands_at_the_foot_of_the_last_page_or_of_a_page_of_its_own():
    def placed(body_lines: int):
        pages = paginate([Paragraph(han(10)) for _ in range(body_lines)] + [DISTRIBUTION], measure)
        return pages, [line.text for line in pages[-1].lines]

    pages, texts = placed(18)  # four lines free: room for its four rows
    assert len(pages) == 1 and texts[-4:] == ["报：中心领导。", "送：各部门。", "发：各窗口。", "（共印80份）"]
    rules = pages[-1].rules
    assert [rule.width for rule in rules] == [1.0, 0.75, 0.75, 0.75, 1.0]
    assert rules[-1].y == BOTTOM_PT and all(rule.x0 == LEFT_PT and rule.x1 == RIGHT_PT for rule in rules)
    pages, texts = placed(19)  # three lines free: too few
    assert len(pages) == 2 and len(pages[0].lines) == 19
    assert texts == ["报：中心领导。", "送：各部门。", "发：各窗口。", "（共印80份）"]
    assert max(line.top + line.height for line in pages[-1].lines) < BOTTOM_PT
