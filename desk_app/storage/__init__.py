"""Storage: peewee models behind a proxy, numbered migrations, whole-issue reads and writes."""
