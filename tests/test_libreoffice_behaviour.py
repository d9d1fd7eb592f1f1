"""What the PDF export relies on LibreOffice doing, pinned with the version it was seen in.

The copy LibreOffice turns into PDF (write_docx(for_libreoffice=True)) differs from the Word copy
only where LibreOffice reads or prints the format differently. Seen in LibreOffice 7.4.7.2
(Debian 12):

1. ``w:overflowPunct`` is read the other way round: its DOCX import sets "hanging punctuation"
   to ``val == 0`` (writerfilter DomainMapper), so val 0 hangs and val 1 does not; Word and the
   standard mean the opposite. Hence the copy's 0. (``autoSpaceDE``/``autoSpaceDN`` it ignores;
   its own spacing between Chinese and Latin text is on.)
2. A mark it hangs at the end of a justified line that is full to within 1.2 pt is left out of
   the page altogether. Hence the copy's character spacing, a twentieth of a point tighter
   (LIBREOFFICE_CHAR_SPACING), which leaves 2.6 pt and the mark printed.

When LibreOffice changes either, a test here fails and says which version did: then the copy
must follow (or the workaround can go).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pytest
from test_pdf_render import FONTS_CONF, RIGHT, read_pages, tools

from desk_app.domain.blocks import Paragraph
from desk_app.output.docx_writer import build_document
from desk_app.output.layout import CHAR_SPACING, LIBREOFFICE_CHAR_SPACING

pytestmark = pytest.mark.libreoffice

SEEN_IN = "7.4.7.2"
# A paragraph whose fourth line is 28 characters and then 「，」: with hanging punctuation the
# comma hangs past the margin; without, 「工，」 goes to the next line together.
TEXT = (
    "2月16日下午，应急管理厅窗口党支部委员会召开党员大会，开展支部换届选举工作。会议采用无记名投票方式选出"
    "新一届支部委员会委员。随后，召开了新一届支部委员会第一次会议，选举产生新一届党支部书记，对支部委员职责"
    "进行了分工，研究部署了近期支部重点工作。"
)
FULL_LINE = "会议，选举产生新一届党支部书记，对支部委员职责进行了分工"


@cache
def libreoffice_version() -> str:
    from desk_app.output.pdf import find_soffice

    done = subprocess.run([str(find_soffice()), "--version"], capture_output=True, timeout=60, check=False)
    match = re.search(rb"LibreOffice (\S+)", done.stdout)
    return match.group(1).decode() if match else done.stdout.decode(errors="replace").strip()


def changed(what: str) -> str:
    return f"LibreOffice {libreoffice_version()} no longer {what} (seen in {SEEN_IN}): revisit the LibreOffice copy"


def render(tmp_path: Path, name: str, changes: list[tuple[str, str]], monkeypatch) -> list[str]:
    """The paragraph as the LibreOffice copy writes it, with ``changes`` made to its XML, rendered:
    its lines' text, and the right edge of the line that holds FULL_LINE."""
    from desk_app.output.pdf import convert_to_pdf

    path = tmp_path / f"{name}.docx"
    build_document([Paragraph(TEXT, number="（1）", level=2)], for_libreoffice=True).save(str(path))
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for old, new in changes:
                    assert old in xml, old
                    xml = xml.replace(old, new)
                data = xml.encode("utf-8")
            archive.writestr(info, data)
    monkeypatch.setenv("FONTCONFIG_FILE", str(FONTS_CONF))
    convert_to_pdf(path, tmp_path / f"{name}.pdf")
    return [line for line in read_pages(tmp_path / f"{name}.pdf")[0] if not line.is_page_number]


HANG = '<w:overflowPunct w:val="0"/>'
NO_HANG = '<w:overflowPunct w:val="1"/>'
WORD_SPACING = f'<w:spacing w:val="{CHAR_SPACING}"/>'
COPY_SPACING = f'<w:spacing w:val="{LIBREOFFICE_CHAR_SPACING}"/>'


@pytest.fixture(autouse=True)
def _tools():
    tools()


def test_overflow_punct_0_hangs_and_the_mark_is_printed_past_the_margin(tmp_path, monkeypatch):
    lines = render(tmp_path, "copy", [], monkeypatch)  # exactly the LibreOffice copy's markup
    (line,) = [line for line in lines if line.text.startswith(FULL_LINE)]
    assert line.text == FULL_LINE + "，", changed("hangs the comma for w:overflowPunct 0")
    assert line.x1 > RIGHT + 3, changed("sets the hung comma past the margin")


def test_overflow_punct_1_does_not_hang(tmp_path, monkeypatch):
    lines = render(tmp_path, "no-hang", [(HANG, NO_HANG)], monkeypatch)
    assert not any(line.text.startswith(FULL_LINE) for line in lines), changed("reads w:overflowPunct 1 as no hanging")
    assert any(line.text.startswith("工，") for line in lines)


def test_a_mark_hung_at_the_end_of_a_line_full_to_within_1_2_pt_is_not_printed(tmp_path, monkeypatch):
    """The reason for LIBREOFFICE_CHAR_SPACING. If this fails, LibreOffice prints the mark now and
    its copy can take Word's character spacing again."""
    lines = render(tmp_path, "word-spacing", [(COPY_SPACING, WORD_SPACING)], monkeypatch)
    (line,) = [line for line in lines if line.text.startswith(FULL_LINE)]
    text = "".join(line.text for line in lines)
    assert line.text == FULL_LINE and text.count("，") == TEXT.count("，") - 1, changed("leaves the hung comma out")
