"""The bulletin's domain: data, validation, wording and numbering rules, composition into blocks.

Free of Qt and of the database (a test enforces it).
"""
