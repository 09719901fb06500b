"""Add up JUnit XML reports (pytest, Vitest, Playwright) and failed checks into one closing line.

Before it: the wall time of each phase of the run (``phases.tsv``, written by run_all.sh) and the slowest
tests of all reports, so a slow run shows where its time went.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SLOWEST = 20


def count(report: Path) -> tuple[int, int, int]:
    root = ET.parse(report).getroot()
    passed = failed = skipped = 0
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def durations(report: Path) -> list[tuple[float, str, str]]:
    """(seconds, pass, test) for every test case of one report; the pass is the report's name."""
    cases = []
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("name", "")
        where = case.get("classname", "")
        test = f"{where}::{name}" if where and where not in name else name
        cases.append((float(case.get("time") or 0), report.stem, test))
    return cases


def duration(seconds: float) -> str:
    return f"{int(seconds) // 60} min {int(seconds) % 60:2d} s" if seconds >= 60 else f"{seconds:4.1f} s"


def clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def print_phases(results: Path) -> None:
    """Each phase with when it started and ended (minutes:seconds into the run) and its wall time."""
    phases = results / "phases.tsv"
    if not phases.exists():
        return
    print("  phases (from - to, wall time; the lanes' phases overlap):")
    for line in phases.read_text().splitlines():
        name, start, seconds = line.rsplit("\t", 2)
        began, took = float(start), float(seconds)
        print(f"    {clock(began):>5} - {clock(began + took):>5}  {duration(took):>11}  {name}")


def print_slowest(reports: list[Path]) -> None:
    cases = sorted((case for report in reports for case in durations(report)), reverse=True)[:SLOWEST]
    if not cases:
        return
    print(f"  {len(cases)} slowest tests (seconds, pass, test):")
    for seconds, report, test in cases:
        print(f"    {seconds:7.2f}  {report:18}  {test}")


def main(results: Path, failed_checks: int) -> int:
    reports = sorted(results.glob("*.xml"))
    print_phases(results)
    print_slowest(reports)
    total_passed = total_failed = total_skipped = 0
    for report in reports:
        passed, failed, skipped = count(report)
        print(f"  {report.stem:28} {passed} passed, {failed} failed, {skipped} skipped")
        total_passed += passed
        total_failed += failed
        total_skipped += skipped
    if failed_checks:
        print(f"  {'checks':28} {failed_checks} failed (lint, types, schema, or a step that produced no report)")
    total_failed += failed_checks
    print(f"{total_passed} passed, {total_failed} failed, {total_skipped} skipped")
    return 1 if total_failed or total_passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 0))
