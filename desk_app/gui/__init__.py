"""The Qt (PySide6) desktop application: a thin layer over the domain and storage."""
