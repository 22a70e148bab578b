"""The Damm check digit: detects every single wrong digit and every swap of two adjacent digits.

Pure; ticket numbering computes its check digit here and the misheard-number search reuses it.
"""

from __future__ import annotations

# Damm's quasigroup of order 10 (weakly totally anti-symmetric): the standard published table.
TABLE = (
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


def _interim(digits: str) -> int:
    interim = 0
    for char in digits:
        # isdigit() accepts superscripts and other scripts' digits; only ASCII 0-9 are ours.
        if char not in "0123456789":
            raise ValueError(f"not a digit: {char!r}")
        interim = TABLE[interim][ord(char) - 48]
    return interim


def damm_check_digit(digits: str) -> str:
    """The check digit to append to ``digits`` (a string of ASCII decimal digits)."""
    return str(_interim(digits))


def damm_valid(digits_with_check: str) -> bool:
    """True when the last digit is the Damm check digit of the others (the whole string folds to 0)."""
    return bool(digits_with_check) and _interim(digits_with_check) == 0
