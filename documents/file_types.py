"""What a file really is, by its first bytes, never by its name.

Four signatures are all the archive accepts, so a table here is clearer than a
dependency; the archive issue may widen it (and then puremagic is the library).
"""

from __future__ import annotations

SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]

ACCEPTED_TYPES = frozenset(content_type for _, content_type in SIGNATURES)


def sniff_content_type(head: bytes) -> str | None:
    """The content type the bytes start with, or None when it is none of the accepted ones."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None
