"""Timing whole processes for the benchmarks (shared by the scripts beside it)."""

from __future__ import annotations

import subprocess
import time


def time_command(command: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of one run of ``command``; a failing run stops the benchmark with its error."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode('utf-8', 'replace')}")
    return elapsed
