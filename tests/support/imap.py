"""A local IMAP4rev1 server stand-in: real IMAP over TCP on loopback, for the inbound mailbox's client (imaplib).

It speaks what the client uses and no more: the greeting, ``CAPABILITY``, ``LOGIN``, ``SELECT``, ``UID SEARCH
UNSEEN`` (or ``ALL``), ``UID FETCH`` of ``RFC822.SIZE``, ``RFC822`` (which sets ``\\Seen``), ``BODY.PEEK[]`` and
``BODY.PEEK[HEADER]`` (which do not), ``UID STORE … +FLAGS (\\Seen)``, ``NOOP`` and ``LOGOUT``; anything else is
``BAD``. Tests put messages in the mailbox (:meth:`StandInImap.deliver`) and read back which are seen and which
commands came (:attr:`StandInImap.commands`), like ``tests/support/idp.py`` stands in for the identity provider.
"""

from __future__ import annotations

import re
import shlex
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

USERNAME = "remittances@seller.example"
PASSWORD = "stand-in-secret"
_REQUEST = re.compile(r"^(?P<tag>[A-Za-z0-9.]+) (?P<command>[A-Za-z]+)(?: (?P<rest>.*))?$")


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class StandInImap:
    """The mailbox and the server; ``with serving() as imap`` runs it on a free loopback port."""

    def __init__(self) -> None:
        self.messages: list[StoredMessage] = []
        self.commands: list[str] = []
        self.lock = threading.Lock()
        self.server: socketserver.ThreadingTCPServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.server_address[1])

    def deliver(self, raw: bytes) -> int:
        with self.lock:
            uid = (self.messages[-1].uid if self.messages else 0) + 1
            self.messages.append(StoredMessage(uid, raw))
            return uid

    def seen(self, uid: int) -> bool:
        with self.lock:
            return any(m.uid == uid and "\\Seen" in m.flags for m in self.messages)


class _Session(socketserver.StreamRequestHandler):
    imap: StandInImap

    def send(self, line: str | bytes) -> None:
        self.wfile.write((line.encode() if isinstance(line, str) else line) + b"\r\n")

    def handle(self) -> None:
        self.send("* OK [CAPABILITY IMAP4rev1] stand-in ready")
        logged_in = selected = False
        while raw := self.rfile.readline():
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            found = _REQUEST.match(line)
            if not found:
                self.send("* BAD unreadable command")
                continue
            tag, command, rest = found["tag"], found["command"].upper(), found["rest"] or ""
            with self.imap.lock:
                self.imap.commands.append(f"{command} {rest}".strip() if command != "LOGIN" else "LOGIN ***")
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1")
                self.send(f"{tag} OK CAPABILITY completed")
            elif command == "NOOP":
                self.send(f"{tag} OK NOOP completed")
            elif command == "LOGOUT":
                self.send("* BYE stand-in logging out")
                self.send(f"{tag} OK LOGOUT completed")
                return
            elif command == "LOGIN":
                user, password = [*shlex.split(rest), "", ""][:2]
                logged_in = (user, password) == (USERNAME, PASSWORD)
                self.send(f"{tag} OK LOGIN completed" if logged_in else f"{tag} NO [AUTHENTICATIONFAILED] wrong")
            elif not logged_in:
                self.send(f"{tag} NO log in first")
            elif command == "SELECT":
                selected = rest.strip('"').upper() == "INBOX"
                if not selected:
                    self.send(f"{tag} NO no such mailbox")
                    continue
                with self.imap.lock:
                    count = len(self.imap.messages)
                self.send(f"* {count} EXISTS")
                self.send("* FLAGS (\\Seen)")
                self.send(f"{tag} OK [READ-WRITE] SELECT completed")
            elif command == "UID" and selected:
                self.uid_command(tag, rest)
            else:
                self.send(f"{tag} BAD not supported by the stand-in")

    def uid_command(self, tag: str, rest: str) -> None:
        verb, _, arguments = rest.partition(" ")
        verb = verb.upper()
        with self.imap.lock:
            messages = list(self.imap.messages)
        if verb == "SEARCH":
            wanted = arguments.strip().upper()
            if wanted not in {"UNSEEN", "ALL"}:
                self.send(f"{tag} BAD the stand-in searches UNSEEN or ALL")
                return
            uids = [str(m.uid) for m in messages if wanted == "ALL" or "\\Seen" not in m.flags]
            self.send("* SEARCH" + "".join(f" {u}" for u in uids))
            self.send(f"{tag} OK SEARCH completed")
            return
        uid_text, _, what = arguments.partition(" ")
        found = next((i for i, m in enumerate(messages) if str(m.uid) == uid_text), None)
        if found is None:
            self.send(f"{tag} OK {verb} completed")  # no such uid: an empty answer, as servers give
            return
        message, number = messages[found], found + 1
        spec = what.strip().upper()
        what = spec.strip("()")
        if verb == "FETCH":
            if what == "RFC822.SIZE":
                self.send(f"* {number} FETCH (UID {message.uid} RFC822.SIZE {len(message.raw)})")
            elif what in {"RFC822", "BODY.PEEK[]", "BODY.PEEK[HEADER]"}:
                data = message.raw
                if what.endswith("[HEADER]"):
                    end = data.find(b"\r\n\r\n")
                    data = data[: end + 4] if end >= 0 else data
                name = {"RFC822": "RFC822", "BODY.PEEK[]": "BODY[]", "BODY.PEEK[HEADER]": "BODY[HEADER]"}[what]
                self.wfile.write(f"* {number} FETCH (UID {message.uid} {name} {{{len(data)}}}\r\n".encode())
                self.wfile.write(data)
                self.send(")")
                if what == "RFC822":
                    with self.imap.lock:
                        message.flags.add("\\Seen")
            else:
                self.send(f"{tag} BAD the stand-in fetches RFC822.SIZE, RFC822, BODY.PEEK[] or BODY.PEEK[HEADER]")
                return
            self.send(f"{tag} OK FETCH completed")
        elif verb == "STORE" and spec.replace(" ", "") in {"+FLAGS(\\SEEN)", "+FLAGS\\SEEN"}:
            with self.imap.lock:
                message.flags.add("\\Seen")
            self.send(f"* {number} FETCH (UID {message.uid} FLAGS (\\Seen))")
            self.send(f"{tag} OK STORE completed")
        else:
            self.send(f"{tag} BAD not supported by the stand-in")


@contextmanager
def serving() -> Iterator[StandInImap]:
    """A stand-in mailbox served on ``127.0.0.1`` and a free port until the block ends."""
    imap = StandInImap()
    handler = type("Session", (_Session,), {"imap": imap})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    imap.server = server
    thread = threading.Thread(target=server.serve_forever, name="imap-stand-in", daemon=True)
    thread.start()
    try:
        yield imap
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
