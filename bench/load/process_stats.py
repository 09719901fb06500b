"""What the server's worker processes spent: CPU time from ``/proc``, and garbage-collection pauses they logged.

CPU per request is the workers' user + system time over a step ÷ the requests of that step: unlike
latency it does not depend on what else the machine runs at the same moment (wrk, PostgreSQL,
other work), so pages can be compared with their floors even on a busy 2-core box.
Each worker appends every collection that took longer than ``PAUSE_LOGGED_MS`` to its own file
(``gc-<pid>.log``: when, the collector's own CPU milliseconds, wall milliseconds, generation, objects
collected; kept in ``.bench-results/gc-pauses/``); a step
reads the ones in its window. A pause is the collector's CPU time: on a shared 2-core machine the
wall time also counts the moments other processes held the core, which no collector setting changes.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Any

GC_DIR_VARIABLE = "RECOUP_BENCH_GC_DIR"
PAUSE_LOGGED_MS = 1.0
_TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (uvicorn's workers under its supervisor)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / _TICKS


def record_gc_pauses() -> None:
    """In a worker: log this process's collections longer than ``PAUSE_LOGGED_MS`` (when the suite asks)."""
    directory = os.environ.get(GC_DIR_VARIABLE)
    if not directory:
        return
    log = Path(directory, f"gc-{os.getpid()}.log").open("a", buffering=1)
    started = (0.0, 0.0)

    def timed(phase: str, info: dict[str, Any]) -> None:
        nonlocal started
        if phase == "start":
            started = (time.thread_time(), time.perf_counter())
            return
        cpu_ms = (time.thread_time() - started[0]) * 1000
        wall_ms = (time.perf_counter() - started[1]) * 1000
        if wall_ms >= PAUSE_LOGGED_MS:
            log.write(f"{time.time():.3f} {cpu_ms:.2f} {wall_ms:.2f} {info['generation']} {info['collected']}\n")

    gc.callbacks.append(timed)


def longest_gc_pause_ms(directory: Path, start: float, end: float) -> tuple[float, float]:
    """The longest collection any worker logged between ``start`` and ``end`` (wall-clock seconds), as (CPU ms,
    wall ms); 0 if none."""
    cpu, wall = 0.0, 0.0
    for path in directory.glob("gc-*.log"):
        for line in path.read_text().splitlines():
            at, cpu_ms, wall_ms, *_ = line.split()
            if start <= float(at) <= end:
                cpu, wall = max(cpu, float(cpu_ms)), max(wall, float(wall_ms))
    return cpu, wall


PROFILE_DIR_VARIABLE = "RECOUP_BENCH_PROFILE_DIR"


def profile_cpu() -> Any:
    """In a worker, when ``RECOUP_BENCH_PROFILE_DIR`` is set: cProfile on the process CPU clock (other processes
    pre-empting the worker do not count), written to ``profile-<pid>.prof`` there when the app shuts down.
    Returns the shutdown hook, or None."""
    directory = os.environ.get(PROFILE_DIR_VARIABLE)
    if not directory:
        return None
    import cProfile

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()

    def dump() -> None:
        profiler.disable()
        profiler.dump_stats(str(Path(directory, f"profile-{os.getpid()}.prof")))

    return dump
