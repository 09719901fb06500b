"""Where an inbound message is in its life, and why one waits for a person."""

from __future__ import annotations

from enum import StrEnum


class MessageStatus(StrEnum):
    RECEIVED = "received"
    """Kept (the original is in the archive), not yet read: the mailbox job reads it next."""
    PROCESSED = "processed"
    """Everything usable in it was taken: advices wait for their cash, documents are in the archive."""
    REVIEW = "review"
    """A person must look (``ReviewReason``); what could be taken was taken."""
    DISMISSED = "dismissed"
    """Staff looked and closed it."""


class ReviewReason(StrEnum):
    UNKNOWN_SENDER = "unknown_sender"
    """No customer's user has the address and no customer has its domain: nothing was read."""
    UNREADABLE_ATTACHMENT = "unreadable_attachment"
    """An attachment could not be read or used (its note says why); the others were taken."""
    NOTHING_USABLE = "nothing_usable"
    """No attachment: no advice, claim or backup document in it."""
    TOO_LARGE = "too_large"
    """Past the size a message may have; not read (an IMAP message is left in the mailbox)."""
    LIMITS = "limits"
    """Nested too deep, too many attachments or too many bytes in them (an e-mail bomb?): nothing was taken."""
    MALFORMED = "malformed"
    """Not readable as an e-mail at all: nothing was taken."""
    FAILED = "failed"
    """Reading it failed on our side several times: nothing was taken."""


class SenderKind(StrEnum):
    ADDRESS = "address"
    DOMAIN = "domain"
