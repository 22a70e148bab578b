"""Ticket numbers: ``YYYY-NNNNNN-C``, a per-year sequence with a Damm check digit.

The Damm digit detects every single-digit error and every adjacent
transposition, the two usual ways a number goes wrong on the phone.
Pure: allocation (one atomic ``ADD`` on the year's counter) is ``tickets.numbers``.
"""

from __future__ import annotations

import re

from chalicelib.rules.damm import damm_check_digit

SEQUENCE_WIDTH = 6
_INPUT = re.compile(r"^\s*#?\s*(\d{4})[\s-]*(\d{6,})[\s-]*(\d)\s*$")
_COMPACT = re.compile(r"^\s*#?\s*(\d{4})(\d{6,})(\d)\s*$")


def check_digit(digits: str) -> str:
    """The Damm check digit of a string of decimal digits (the one table lives in ``rules.damm``)."""
    return damm_check_digit(digits)


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
