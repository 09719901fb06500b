"""Every e-mail body Recoup writes: its own words first, each field from outside rendered as inert text.

Text from people reaches e-mails sent as Recoup to addresses they choose: a customer admin names the colleague
an invitation goes to. Put in verbatim, a "name" of ``x\\r\\n\\r\\nURGENT: your account is suspended. Verify at
http://evil.example/login`` wrote its own paragraph into Recoup's mail, first, above Recoup's words. Here:

* a template is Recoup's text with ``{placeholders}``, and must begin with its own words (never a field);
* a one-line field (:func:`line`) keeps no line break or control character and is capped; names are refused
  with line breaks at the boundary already (``backend.domain.text``), this is the net under that;
* a multi-line field (:func:`quoted`: a message, a question) is set off as a quoted block, each line
  behind ``> ``, so nobody reads it as Recoup's own paragraph.

Mail is plain text (``EmailMessage.set_content``); an HTML part, when one comes, renders the same inert fields
through ``html.escape`` here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata

from backend.domain.text import LINE_BREAKING

_SPACES = re.compile(r"\s+")
LINE_LIMIT = 200


def line(value: str, limit: int = LINE_LIMIT) -> str:
    """``value`` as one line of inert text: line breaks and control characters become spaces, capped."""
    if value.isprintable() and len(value) <= limit and "  " not in value and value == value.strip():
        return value  # nothing to clean (``isprintable`` is False for every line break and control character)
    cleaned = "".join(" " if unicodedata.category(ch) in LINE_BREAKING else ch for ch in value)
    cleaned = _SPACES.sub(" ", cleaned).strip()
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def quoted(value: str) -> str:
    """A multi-line text as a quoted block: each line behind ``> ``, control characters dropped."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = ["".join(ch for ch in text if unicodedata.category(ch) not in LINE_BREAKING) for text in lines]
    return "\n".join(f"> {text}".rstrip() for text in kept).strip("\n") or ">"


def compose(template: str, /, **fields: str) -> str:
    """``template`` (Recoup's words) with each field inserted as inert text: through :func:`quoted` when its name
    ends in ``_block`` (multi-line text), through :func:`line` otherwise."""
    if template.lstrip().startswith("{"):
        raise ValueError("an e-mail begins with Recoup's own words, not with a field")
    values = {name: quoted(value) if name.endswith("_block") else line(value) for name, value in fields.items()}
    return template.format(**values)
