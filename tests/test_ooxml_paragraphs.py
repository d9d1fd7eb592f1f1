"""A paragraph made as markup and parsed at once (ooxml.paragraph_element) equals one built element by element."""

from __future__ import annotations

import pytest
from lxml import etree

from desk_app.output.ooxml import W_P, ParagraphFormat, RunFormat, _namespace_of, add_text_run, paragraph_element

BODY = RunFormat("仿宋_GB2312", "Times New Roman", 32, spacing=-4)
KAI = RunFormat("楷体_GB2312", "Times New Roman", 32, color="FF0000", bold=True)
HIDDEN = RunFormat("仿宋_GB2312", "Times New Roman", 28, hidden=True)
FORMAT = ParagraphFormat(first_line=640, first_line_chars=200, keep_next=True)


def built_by_elements(ppr: ParagraphFormat, runs: list[tuple[str, RunFormat]]):
    paragraph = etree.Element(W_P, nsmap=_namespace_of("w:p"))
    paragraph.append(ppr.ppr())
    for text, fmt in runs:
        add_text_run(paragraph, text, fmt)
    return paragraph


@pytest.mark.parametrize(
    "runs",
    [
        [("（一）", KAI), ("省公安厅窗口受理356件。", BODY)],
        [("A&B <c> \"d\" 'e' ]]>", BODY)],  # markup characters
        [(" 前后有空格 ", BODY), ("尾空格 ", HIDDEN)],  # xml:space="preserve"
        [("一\t二", BODY), ("三\n四", KAI)],  # tab and line break: the element path
        [("", BODY)],
        [],
    ],
)
def test_the_same_elements_either_way(runs):
    made = paragraph_element(FORMAT, runs)
    expected = built_by_elements(FORMAT, runs)
    assert etree.tostring(made, encoding="unicode") == etree.tostring(expected, encoding="unicode")


def test_a_run_inside_the_body_declares_no_namespace_of_its_own():
    body = etree.Element(W_P.replace("}p", "}body"), nsmap=_namespace_of("w:p"))
    body.append(paragraph_element(FORMAT, [("正文", BODY)]))
    assert etree.tostring(body, encoding="unicode").count("xmlns:w=") == 1
