"""Ticket numbers: ``YYYY-NNNNNN-C``, a per-year sequence with a Damm check digit.

The Damm digit detects every single-digit error and every adjacent
transposition, the two usual ways a number goes wrong on the phone.
Pure: allocation (one atomic ``ADD`` on the year's counter) is ``tickets.numbers``.
"""

from __future__ import annotations

import re

from chalicelib.rules.damm import damm_check_digit

SEQUENCE_WIDTH = 6
# A number typed with spaces, hyphens and a '#' is about 16 characters: nothing longer is one,
# and no pattern ever sees more (the old pattern took 2.7 s on 8,000 spaces and an 'x').
MAX_INPUT = 40
# ASCII digits (int() would take any script's); at most 3 separators; sequences up to 9 digits.
_SHAPE = re.compile(r"([0-9]{4})[\s-]{0,3}([0-9]{6,9})[\s-]{0,3}([0-9])")


def check_digit(digits: str) -> str:
    """The Damm check digit of a string of decimal digits (the one table lives in ``rules.damm``)."""
    return damm_check_digit(digits)


def format_number(year: int, sequence: int) -> str:
    body = f"{year:04d}{sequence:0{SEQUENCE_WIDTH}d}"
    return f"{year:04d}-{sequence:0{SEQUENCE_WIDTH}d}-{check_digit(body)}"


def split(text: str) -> tuple[str, str, str]:
    """Year, sequence and check digit of something shaped like ``YYYY-NNNNNN-C`` (spaces, hyphens,
    none; an optional leading '#'), valid or not; ``ValueError`` if it is not that shape."""
    if not isinstance(text, str):
        raise ValueError("ticket number must be text")
    if len(text) > MAX_INPUT:
        raise ValueError(f"ticket number must look like YYYY-NNNNNN-C (at most {MAX_INPUT} characters)")
    match = _SHAPE.fullmatch(text.strip().removeprefix("#").lstrip())
    if not match:
        raise ValueError("ticket number must look like YYYY-NNNNNN-C")
    year, sequence, digit = match.groups()
    return year, sequence, digit


def parse(text: str) -> str:
    """Normalise a number typed or read out by a person; ``ValueError`` says why not."""
    year, sequence, digit = split(text)
    if check_digit(year + sequence) != digit:
        raise ValueError("check digit mismatch")
    return f"{year}-{sequence}-{digit}"


def compact(number: str) -> str:
    """The number's digits only (used in reply tokens and message ids)."""
    return number.replace("-", "")
