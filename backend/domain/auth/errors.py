"""Why a sign-in did not work."""

from __future__ import annotations


class InvalidCredentials(Exception):
    """E-mail unknown, password wrong or user inactive: deliberately one error for all three."""


class TooManyAttempts(Exception):
    """Too many failed sign-ins for this address recently."""
