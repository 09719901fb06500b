"""Password hashing with argon2id, off the event loop.

One argon2 hash costs a quarter of a second of CPU and 64 MiB here: run on the event loop, fifty people
signing in at once stopped the process answering anyone else for ten seconds (the reliability load
measured it). The async functions hash in a pool of one thread per core (argon2 releases the GIL), so
requests that do not sign in go on being served and a flood of sign-ins queues instead of taking memory.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
_HASHING = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="argon2")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; always spends one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """:func:`verify_password` in the hashing pool."""
    return await asyncio.get_running_loop().run_in_executor(_HASHING, verify_password, password_hash, password)


async def hash_password_off_loop(password: str) -> str:
    """:func:`hash_password` in the hashing pool."""
    return await asyncio.get_running_loop().run_in_executor(_HASHING, hash_password, password)
