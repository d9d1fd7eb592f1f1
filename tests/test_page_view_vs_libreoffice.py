"""The page view measured against LibreOffice's render of the .docx: same pages, same page breaks.

The .docx goes through the program's own PDF export (LibreOffice, tests/fonts/fonts.conf stand-in
fonts) and is read back with pdftotext; the page view lays out the same blocks in a child process
that sees the same fontconfig file (Qt reads its fonts once per process, so this one's may
already be set up without the stand-ins). Compared: the page count, the first line of every page,
and every line of every page. Cases: the reference issue, a 5× one (tests/conftest.py lengthen), and
one whose body leaves too little room on its last page for the 报尾, which then stands alone.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lengthen
from test_pdf_render import FONTS_CONF, read_pages, tools

pytestmark = pytest.mark.libreoffice

HERE = Path(__file__).parent
PAGE_VIEW = """
import json, sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from desk_app.domain.compose import compose
from desk_app.domain.exchange import loads
from desk_app.gui.page_view import layout_pages
issue = loads(open(sys.argv[1], encoding="utf-8").read())
json.dump([page.texts() for page in layout_pages(compose(issue))], sys.stdout, ensure_ascii=True)
"""


def squeeze(text: str) -> str:
    return "".join(text.split())  # pdftotext puts spaces around digits and splits the issuer/date row


def page_view_pages(issue, folder: Path) -> list[list[str]]:  # noqa: ANN001
    from desk_app.domain.exchange import dumps

    source = folder / "期 数据.json"
    source.write_text(dumps(issue), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PAGE_VIEW, str(source)], capture_output=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", errors="replace")
    return [[squeeze(line) for line in page] for page in json.loads(done.stdout)]


def libreoffice_pages(issue, folder: Path) -> list[list[str]]:  # noqa: ANN001
    from desk_app import services
    from desk_app.output.layout import ExportLayout

    target = folder / "周报 LibreOffice.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", str(FONTS_CONF))
        services.export_issue(issue, target, layout=ExportLayout())
    return [[squeeze(line.text) for line in page] for page in read_pages(target)]


def distribution_alone(issue):  # noqa: ANN001, ANN201
    """Ten more one-line checklist items: three lines left on the last page, the 报尾 needs four."""
    from desk_app.domain.model import InspectionItem

    fuller = copy.deepcopy(issue)
    fuller.inspection.items += [InspectionItem(f"补充检查{i}", "总体情况良好") for i in range(1, 11)]
    return fuller


@pytest.mark.parametrize("case", ["reference", "five_times", "distribution_alone"])
def test_the_page_view_breaks_pages_where_libreoffice_does(case, reference_issue, tmp_path):
    tools()
    issue = {
        "reference": lambda: reference_issue,
        "five_times": lambda: lengthen(reference_issue, 5),
        "distribution_alone": lambda: distribution_alone(reference_issue),
    }[case]()
    ours = page_view_pages(issue, tmp_path)
    theirs = libreoffice_pages(issue, tmp_path)
    print(f"{case}: page view {len(ours)} pages, LibreOffice {len(theirs)} pages")
    assert len(ours) == len(theirs)
    assert [page[0] for page in ours] == [page[0] for page in theirs]  # the first line of every page
    for number, (mine, libreoffice) in enumerate(zip(ours, theirs), start=1):
        assert mine == libreoffice, f"page {number} differs"
    if case == "five_times":
        assert len(ours) > 2 * 6  # five times the dynamics: many more pages (17)
    if case == "distribution_alone":
        assert ours[-1][0] == "报：中心领导。"  # the 报尾 at the foot of a page of its own
