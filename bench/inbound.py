"""Inbound mail: our processing (parse, machine check, quote stripping) of a corpus
against the standard library's parse of the same corpus, as a ratio."""

from __future__ import annotations

import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (ROOT / "tests" / "mail" / "fixtures", ROOT.parent / "shared" / "corpus" / "mail")
ROUNDS = 20
GOALS: dict[str, str] = {}


def corpus() -> list[bytes]:
    files = [p for folder in CORPORA if folder.exists() for p in sorted(folder.rglob("*"))
             if p.is_file() and p.suffix.lower() not in (".md", ".txt") and p.name != "LICENSE"]
    return [p.read_bytes() for p in files]


def _timed(function: object, messages: list[bytes]) -> float:
    start = time.perf_counter()
    for _ in range(ROUNDS):
        for raw in messages:
            function(raw)  # type: ignore[operator]
    return time.perf_counter() - start


def _ours(raw: bytes) -> None:
    from chalicelib.mail import machine, parsing, quotes

    try:
        mail = parsing.parse_mail(raw)
    except parsing.UnparsableMail:
        return
    machine.automatic_reason(mail.headers)
    quotes.strip_quotes(mail.text)


def _stdlib(raw: bytes) -> None:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        body.get_content()


def measure() -> dict[str, str]:
    messages = corpus()
    _ours(messages[0])  # imports and pattern compilation are not per-mail costs
    ours, stdlib = _timed(_ours, messages), _timed(_stdlib, messages)
    per_mail = ours / (ROUNDS * len(messages)) * 1000
    return {
        "inbound corpus (messages)": str(len(messages)),
        "inbound: our processing per mail": f"{per_mail:.2f} ms",
        "inbound: ratio to stdlib parse + body": f"{ours / stdlib:.2f}",
    }
