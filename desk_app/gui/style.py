"""The application's look: marks for problems, section titles, hints."""

STYLE_SHEET = """
QLabel#sectionTitle { font-weight: bold; color: #1f3b63; border-bottom: 1px solid #c9d3e0; padding: 2px 0; }
QLabel#hint { color: #5f6770; }
QLabel#emptyHint { color: #4a4a4a; font-size: 12pt; }
QLabel#rowNumber { color: #444; padding-top: 4px; }
QLabel#problemTitle { font-weight: bold; color: #333; }
QFrame#groupFrame { background: #f7f9fc; border: 1px solid #d5dbe5; border-radius: 4px; padding: 4px; }
QTextBrowser#preview { background: #ffffff; border: none; border-left: 1px solid #d0d0d0; }
*[problem="error"] { border: 2px solid #d32f2f; border-radius: 3px; background: #fff6f6; }
*[problem="warning"] { border: 2px solid #e6a100; border-radius: 3px; background: #fffbea; }
"""
