"""Numbers a misheard ticket number may have been: one wrong digit or two adjacent digits swapped.

The Damm check digit catches both mistakes, and for a given position exactly one digit value makes
the number valid again, so the candidates are few (at most one per position plus one per adjacent
pair: 21 for an 11-digit number) and one batch read finds which of them exist.
"""

from __future__ import annotations

import re

from chalicelib.rules.damm import damm_valid

_DIGITS = "0123456789"
# The shapes people type or read out: hyphens, spaces, none; an optional leading '#'.
_SPACED = re.compile(r"^\s*#?\s*(\d{4})[\s-]*(\d{6,})[\s-]*(\d)\s*$")
_COMPACT = re.compile(r"^\s*#?\s*(\d{4})(\d{6,})(\d)\s*$")


def split(text: str) -> tuple[str, str, str]:
    """Year, sequence and check digit of something shaped like ``YYYY-NNNNNN-C``, valid or not."""
    match = (_SPACED.match(text) or _COMPACT.match(text)) if isinstance(text, str) else None
    if not match:
        raise ValueError("ticket number must look like YYYY-NNNNNN-C")
    year, sequence, check = match.groups()
    return year, sequence, check


def neighbours(digits: str) -> set[str]:
    """Every digit string one substitution or one adjacent transposition away (the input excluded)."""
    found: set[str] = set()
    for i, original in enumerate(digits):
        for digit in _DIGITS:
            if digit != original:
                found.add(digits[:i] + digit + digits[i + 1 :])
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            found.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    return found


def candidates(text: str) -> list[str]:
    """Valid numbers one wrong digit or one adjacent swap away from ``text``, sorted, formatted.

    Works on any number: for one that fails its check digit these are the numbers the caller
    probably meant; the input itself is never among them. The year and check digit take part,
    since a person can mishear any digit, and a swap may cross a hyphen (``2026-0...`` read as
    ``2020-6...``).
    """
    year, sequence, check = split(text)
    digits = year + sequence + check
    widths = (len(year), len(sequence))
    return sorted(_format(d, widths) for d in neighbours(digits) if damm_valid(d))


def _format(digits: str, widths: tuple[int, int]) -> str:
    year_width, sequence_width = widths
    return f"{digits[:year_width]}-{digits[year_width : year_width + sequence_width]}-{digits[-1]}"
