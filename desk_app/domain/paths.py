"""Field paths: ``reform.window_stats.week.consult``, ``dynamics.groups[0].entries[1].text``.

Validation problems, the GUI's widgets and the conflict merge all name fields this way; the
names are the exchange format's (``approvals.from``), the indexes those of its lists.
"""

from __future__ import annotations

import re

_PART = re.compile(r"([A-Za-z_]+)((?:\[\d+\])*)")


def path_steps(path: str) -> list[str | int]:
    """``dynamics.groups[0].entries[1].text`` → ``["dynamics", "groups", 0, "entries", 1, "text"]``."""
    steps: list[str | int] = []
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if not match:
            raise ValueError(f"not a field path: {path!r}")
        name, indexes = match.groups()
        steps.append(name)
        steps += [int(i) for i in re.findall(r"\d+", indexes)]
    return steps
