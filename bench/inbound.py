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
GOALS = {"inbound: quote stripping of a hostile long text, slowest": "< 3000 ms"}


def corpus() -> list[bytes]:
    files = [p for folder in CORPORA if folder.exists() for p in sorted(folder.rglob("*"))
             if p.is_file() and p.suffix.lower() not in (".md", ".txt", ".py", ".gz") and p.name != "LICENSE"]
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


def _slowest_hostile() -> float:
    """Quote stripping of the tests' backtracking bait (tests/mail/test_quotes.py), slowest text."""
    from chalicelib.mail.quotes import strip_quotes
    from tests.mail.test_quotes import HOSTILE_TEXTS

    slowest = 0.0
    for text in HOSTILE_TEXTS:
        start = time.perf_counter()
        strip_quotes(text)
        slowest = max(slowest, time.perf_counter() - start)
    return slowest


def measure() -> dict[str, str]:
    messages = corpus()
    _ours(messages[0])  # imports and pattern compilation are not per-mail costs
    ours, stdlib = _timed(_ours, messages), _timed(_stdlib, messages)
    per_mail = ours / (ROUNDS * len(messages)) * 1000
    return {
        "inbound corpus (messages)": str(len(messages)),
        "inbound: our processing per mail": f"{per_mail:.2f} ms",
        "inbound: ratio to stdlib parse + body": f"{ours / stdlib:.2f}",
        "inbound: quote stripping of a hostile long text, slowest": f"{_slowest_hostile() * 1000:.0f} ms",
    }
