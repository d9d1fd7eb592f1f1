"""Draw the program's icon and write ``resources/desk-app.ico`` (16, 32, 48 and 256 px).

    .venv/bin/python scripts/make_icon.py        (Windows: .venv\\Scripts\\python)

The picture is a bulletin: a white sheet with the red masthead and rule of a Chinese official
document (红头文件) and grey lines of text, on a rounded square in the masthead's red. Each
size is drawn on its own so that the small ones stay crisp (fewer, pixel-aligned lines), with
shapes only: no glyph, so the result does not depend on the fonts of the machine.

The .ico is written here, not by Qt: 16/32/48 as 32-bit BMP entries (what every Windows shell,
NSIS and PyInstaller read), 256 as PNG (Vista and later).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "desk-app.ico"
SIZES = (16, 32, 48, 256)
RED = QColor("#c8102e")
DARK_RED = QColor("#9e0b22")
TEXT_GREY = QColor("#8a8f98")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 16  # drawn on a 16-unit grid
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, size >= 32)
    painter.setPen(Qt.PenStyle.NoPen)

    background = QPainterPath()
    background.addRoundedRect(QRectF(0, 0, size, size), 3 * s, 3 * s)
    painter.fillPath(background, RED)

    sheet = QRectF(3 * s, 2 * s, 10 * s, 12 * s) if size > 16 else QRectF(3, 2, 10, 12)
    painter.fillRect(sheet, QColor("white"))
    # The masthead (报头) in red, and the red rule under it.
    painter.fillRect(QRectF(sheet.left() + s, sheet.top() + s, sheet.width() - 2 * s, 2 * s), RED)
    painter.fillRect(QRectF(sheet.left() + s, sheet.top() + 4 * s, sheet.width() - 2 * s, max(1.0, 0.5 * s)), DARK_RED)
    # Lines of text: three at 16 px, more where there is room.
    lines = 3 if size <= 16 else 4 if size <= 48 else 5
    top, bottom = sheet.top() + 6 * s, sheet.bottom() - 1.5 * s
    pitch = (bottom - top) / (lines - 1) if lines > 1 else 0
    thickness = max(1.0, round(0.8 * s))
    for i in range(lines):
        width = sheet.width() - 2 * s if i < lines - 1 else (sheet.width() - 2 * s) * 0.6
        y = round(top + i * pitch) if size <= 48 else top + i * pitch
        painter.fillRect(QRectF(sheet.left() + s, y, width, thickness), TEXT_GREY)
    if size >= 48:  # a thin outline keeps the sheet apart from the red at large sizes
        painter.setPen(QPen(DARK_RED, max(1.0, s / 4)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(background)
    painter.end()
    return image


def bmp_entry(image: QImage) -> bytes:
    """An icon's BITMAPINFOHEADER + bottom-up BGRA pixels + AND mask (all 0: alpha decides)."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        row = bytearray()
        for x in range(size):
            c = image.pixelColor(x, y)
            row += bytes((c.blue(), c.green(), c.red(), c.alpha()))
        rows.append(bytes(row))
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * size)


def png_entry(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not write PNG")
    return bytes(data.data())


def ico(images: list[QImage]) -> bytes:
    entries = [png_entry(i) if i.width() >= 256 else bmp_entry(i) for i in images]
    offset = 6 + 16 * len(images)
    directory = b""
    for image, entry in zip(images, entries):
        side = image.width() % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(entry), offset)
        offset += len(entry)
    return struct.pack("<HHH", 0, 1, len(images)) + directory + b"".join(entries)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage needs it
    TARGET.write_bytes(ico([draw(size) for size in SIZES]))
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes, sizes {', '.join(map(str, SIZES))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
