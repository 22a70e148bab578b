"""Ticket numbers: ``YYYY-NNNNNN-C``, a per-year sequence with a Damm check digit.

The Damm digit detects every single-digit error and every adjacent
transposition, the two usual ways a number goes wrong on the phone.
Pure: allocation (one atomic ``ADD`` on the year's counter) is ``tickets.numbers``.
"""

from __future__ import annotations

import re

# The Damm quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

SEQUENCE_WIDTH = 6
_INPUT = re.compile(r"^\s*#?\s*(\d{4})[\s-]*(\d{6,})[\s-]*(\d)\s*$")
_COMPACT = re.compile(r"^\s*#?\s*(\d{4})(\d{6,})(\d)\s*$")


def check_digit(digits: str) -> str:
    """The Damm check digit of a string of decimal digits."""
    interim = 0
    for char in digits:
        if not char.isdigit():
            raise ValueError(f"not a digit: {char!r}")
        interim = _DAMM[interim][int(char)]
    return str(interim)


def format_number(year: int, sequence: int) -> str:
    body = f"{year:04d}{sequence:0{SEQUENCE_WIDTH}d}"
    return f"{year:04d}-{sequence:0{SEQUENCE_WIDTH}d}-{check_digit(body)}"


def parse(text: str) -> str:
    """Normalise a number typed or read out by a person; ``ValueError`` says why not."""
    if not isinstance(text, str):
        raise ValueError("ticket number must be text")
    match = _INPUT.match(text) or _COMPACT.match(text)
    if not match:
        raise ValueError("ticket number must look like YYYY-NNNNNN-C")
    year, sequence, digit = match.groups()
    if check_digit(year + sequence) != digit:
        raise ValueError("check digit mismatch")
    return f"{year}-{sequence}-{digit}"


def compact(number: str) -> str:
    """The number's digits only (used in reply tokens and message ids)."""
    return number.replace("-", "")
