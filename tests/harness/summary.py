"""Add up JUnit XML reports (pytest, Vitest, Playwright) and failed checks into one closing line."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


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


def main(results: Path, failed_checks: int) -> int:
    total_passed = total_failed = total_skipped = 0
    for report in sorted(results.glob("*.xml")):
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
