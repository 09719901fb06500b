"""Bulk imports run without the cyclic garbage collector (``db.bulk.collector_paused``); two imports on one
event loop overlap, and the collector must come back once the last of them ends — never earlier (the other would
run with it again) and never when it was off before."""

from __future__ import annotations

import gc

from backend.db.bulk import collector_paused


def test_the_collector_runs_again_after_the_last_of_two_overlapping_imports() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)  # the first import ends while the second still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_import_that_fails_still_brings_the_collector_back() -> None:
    try:
        with collector_paused():
            raise ValueError("a bad file")
    except ValueError:
        pass
    assert gc.isenabled()
