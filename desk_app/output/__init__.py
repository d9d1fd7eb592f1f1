"""Renderers of composed blocks: plain text, .docx, PDF."""
