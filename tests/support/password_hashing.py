"""Password hashing for the in-process test apps: argon2id with the cheapest parameters, production's on request.

Production's argon2id (``backend/domain/auth/passwords.py``: 64 MiB, 3 passes, 4 lanes) costs 0.1–0.3 s of
CPU per hash; the suite signs in some 600 times per database pass, most of it in the authorization matrix,
which proves who may do what, not how passwords are stored. So every test hashes with the same algorithm
at its floor (8 KiB, 1 pass, 1 lane). The tests about hashing itself (``tests/web/test_sign_in.py``: the
parameters, rehashing at sign-in, hashing off the event loop) ask for ``production_password_hashing`` and
run on production's parameters. Server processes the tests start (``tests/deploy``, the reliability live
server, the browser tests' backend) always hash with production's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from argon2 import PasswordHasher

from backend.domain.auth import passwords

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PRODUCTION = passwords._hasher  # taken before any test swaps it


@contextmanager
def hashing_with(hasher: PasswordHasher) -> Iterator[None]:
    """Hash, verify and check for rehashing with ``hasher`` (and its own hash for unknown e-mails) meanwhile."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", hasher)
        patch.setattr(passwords, "_DUMMY_HASH", hasher.hash("not-a-real-password"))
        yield
