"""Every numbered SECURITY.md requirement has a row in docs/SECURITY-TESTS.md, and every test a row names exists.

A row names tests as ``path::function``, ``path::Class::method`` or, parametrized, ``path::function[case]``
(checked by the base name, in the file's syntax tree). A row may name a bare file only under
``tests/reliability/``: that suite (items 33–35) is merged from its own branch, and such a file must exist.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from backend.settings import PROJECT_ROOT

TABLE = PROJECT_ROOT / "docs" / "SECURITY-TESTS.md"
# The design pages sit beside the repository (docs/ARCHITECTURE.md); a clone without them checks the table alone.
REQUIREMENTS = Path(os.environ.get("RECOUP_SECURITY_REQUIREMENTS", PROJECT_ROOT.parent / "shared/design/SECURITY.md"))
RELIABILITY = "tests/reliability/"

_ROW = re.compile(r"^\|\s*\d+\s*\|")
_ITEM = re.compile(r"^(\d+)\.\s")


def table_rows() -> dict[int, list[str]]:
    """Item number → the test ids (backticked) its row names."""
    rows: dict[int, list[str]] = {}
    for line in TABLE.read_text().splitlines():
        if _ROW.match(line.strip()):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            number = int(cells[0])
            assert number not in rows, f"item {number} has two rows"
            assert len(cells) == 4, f"item {number}: a row is | # | requirement | tests | note |"
            rows[number] = re.findall(r"`(tests/[^`]+)`", cells[2])
    return rows


def requirement_numbers(text: str) -> list[int]:
    return [int(m.group(1)) for line in text.splitlines() if (m := _ITEM.match(line))]


def defined_tests(path: Path) -> set[str]:
    """``function`` and ``Class::method`` names of the test functions defined in ``path``."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test")
            }
    return names


def missing_tests(test_ids: list[str]) -> list[str]:
    """The ids among ``test_ids`` that name no existing test (bare files count only under tests/reliability/)."""
    missing = []
    for test_id in test_ids:
        path_text, _, name = test_id.partition("::")
        path = PROJECT_ROOT / path_text
        if path_text.startswith(RELIABILITY):
            continue  # test_the_reliability_suite_is_there checks these
        if not name or not path.is_file() or re.sub(r"\[.*\]$", "", name) not in defined_tests(path):
            missing.append(test_id)
    return missing


def test_every_item_from_1_has_a_row_naming_at_least_one_test() -> None:
    rows = table_rows()
    assert sorted(rows) == list(range(1, len(rows) + 1)), f"rows are not 1..{len(rows)}: {sorted(rows)}"
    assert len(rows) >= 35
    assert not [n for n, ids in rows.items() if not ids], "rows without tests"


def test_every_test_a_row_names_exists() -> None:
    missing = {n: m for n, ids in table_rows().items() if (m := missing_tests(ids))}
    assert not missing, f"named tests that do not exist: {missing}"


def test_the_reliability_suite_is_there() -> None:
    named = [test_id for ids in table_rows().values() for test_id in ids if test_id.startswith(RELIABILITY)]
    assert named, "items 33-35 name the reliability suite"
    absent = []
    for test_id in named:
        path_text, _, name = test_id.partition("::")
        path = PROJECT_ROOT / path_text
        if not path.is_file() or (name and re.sub(r"\[.*\]$", "", name) not in defined_tests(path)):
            absent.append(test_id)
    assert not absent, f"the reliability suite is not merged: {absent}"


def test_every_numbered_requirement_of_security_md_has_a_row() -> None:
    if not REQUIREMENTS.is_file():
        pytest.skip(f"{REQUIREMENTS} not found (set RECOUP_SECURITY_REQUIREMENTS); the table alone was checked")
    numbers = requirement_numbers(REQUIREMENTS.read_text())
    assert numbers == list(range(1, len(numbers) + 1)), "SECURITY.md's items are not numbered 1..N"
    # Rows past the design's last item are this repository's own requirements (the design folder is read-only).
    assert sorted(table_rows())[: len(numbers)] == numbers, "docs/SECURITY-TESTS.md and SECURITY.md disagree"


def test_the_checker_finds_what_is_missing(tmp_path: Path) -> None:
    """The checker itself: a misspelled test, a bare file outside the reliability suite, a method by class."""
    assert missing_tests(["tests/test_security_requirements.py::test_the_checker_finds_what_is_missing"]) == []
    assert missing_tests(["tests/web/test_sign_in.py::test_idle_session_expires[case]"]) == []
    assert missing_tests(["tests/console/test_ledger_state_machine.py::LedgerMachine::no_such"]) == [
        "tests/console/test_ledger_state_machine.py::LedgerMachine::no_such"
    ]
    assert missing_tests(["tests/web/test_sign_in.py", "tests/web/test_sign_in.py::test_no_such_thing"]) == [
        "tests/web/test_sign_in.py",
        "tests/web/test_sign_in.py::test_no_such_thing",
    ]
    assert requirement_numbers("## A\n1. Limits: x\n   2. not an item\n2. More\n") == [1, 2]
