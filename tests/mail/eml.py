"""The ``.eml`` fixtures of issue 10 (``fixtures/lostmail``; the large ones gzipped, see make.py there).

Replies in them are addressed to ``pomoc+ticket@support.example.com``: ``load`` puts a real
ticket's signed reply address (and, optionally, the Message-ID it answers) in its place.
"""

from __future__ import annotations

import gzip
from email import message_from_bytes, policy
from pathlib import Path

LOSTMAIL = Path(__file__).parent / "fixtures" / "lostmail"
PLACEHOLDER = b"pomoc+ticket@support.example.com"
ANSWERED = b"<answered-message@placeholder.invalid>"


def path(name: str) -> Path:
    plain = LOSTMAIL / f"{name}.eml"
    return plain if plain.exists() else LOSTMAIL / f"{name}.eml.gz"


def load(name: str, reply_to: str | None = None, answers: str | None = None) -> bytes:
    file = path(name)
    raw = gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
    if reply_to:
        raw = raw.replace(PLACEHOLDER, reply_to.strip("<>").encode())
    if answers:
        raw = raw.replace(ANSWERED, answers.encode())
    return raw


def stdlib_text(raw: bytes) -> str:
    """The first text part as the standard library decodes it (the expectation, not our parser)."""
    message = message_from_bytes(raw, policy=policy.default)
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
