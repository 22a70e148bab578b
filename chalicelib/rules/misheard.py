"""Numbers a misheard ticket number may have been: one wrong digit or two adjacent digits swapped.

The Damm check digit catches both mistakes, and at any one position exactly one digit value makes a
number valid again, so the candidates are few (at most one per position plus one per adjacent pair:
21 for an 11-digit number) and one batch read finds which of them exist.
"""

from __future__ import annotations

from functools import lru_cache

from chalicelib.rules import numbering
from chalicelib.rules.damm import TABLE, damm_valid

_DIGITS = "0123456789"


def split(text: str) -> tuple[str, str, str]:
    """Year, sequence and check digit of something shaped like ``YYYY-NNNNNN-C``, valid or not:
    the shapes people type or read out (``numbering.split``, length-bounded before any pattern)."""
    return numbering.split(text)


def candidates(text: str) -> list[str]:
    """Valid numbers one wrong digit or one adjacent swap away from ``text``, sorted and formatted.

    Works on any number; the input itself is never among them (so a valid number has none: Damm
    guarantees no valid number is one such mistake away from another). Every digit takes part,
    the year's and the check digit too, and a swap may cross a hyphen (``2026-0…`` heard as ``2020-6…``).
    """
    year, sequence, check = split(text)
    widths = (len(year), len(sequence))
    return sorted(_format(d, widths) for d in _valid_neighbours(year + sequence + check))


def neighbours(digits: str) -> set[str]:
    """Every digit string one substitution or one adjacent transposition away (the input excluded)."""
    found = {digits[:i] + d + digits[i + 1 :] for i, original in enumerate(digits) for d in _DIGITS if d != original}
    found |= {
        digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1]
    }
    return found


def _valid_neighbours(digits: str) -> set[str]:
    """``{n for n in neighbours(digits) if damm_valid(n)}``, in linear time instead of ~100 full checks.

    ``before[i]`` is the interim digit before position i; ``needed[i]`` the only interim digit at
    position i from which the rest of the number folds to 0 (the table's rows and columns are
    permutations, so it is unique). A change at i..j is valid iff it turns ``before[i]`` into ``needed[j+1]``.
    """
    values = [int(c) for c in digits]
    row_inverse, column_inverse = _inverses()
    before = [0]
    for value in values:
        before.append(TABLE[before[-1]][value])
    needed = [0] * (len(values) + 1)
    for i in range(len(values) - 1, -1, -1):
        needed[i] = column_inverse[values[i]][needed[i + 1]]
    found: set[str] = set()
    for i, original in enumerate(values):
        digit = row_inverse[before[i]][needed[i + 1]]
        if digit != original:
            found.add(digits[:i] + str(digit) + digits[i + 1 :])
    for i in range(len(values) - 1):
        a, b = values[i], values[i + 1]
        if a != b and TABLE[TABLE[before[i]][b]][a] == needed[i + 2]:
            found.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    return found


@lru_cache(maxsize=1)
def _inverses() -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    # row_inverse[r][v]: the column c with TABLE[r][c] == v; column_inverse[c][v]: the row r with TABLE[r][c] == v.
    row_inverse = tuple(tuple(TABLE[r].index(v) for v in range(10)) for r in range(10))
    column_inverse = tuple(tuple(next(r for r in range(10) if TABLE[r][c] == v) for v in range(10)) for c in range(10))
    return row_inverse, column_inverse


def is_valid(text: str) -> bool:
    """True when ``text`` has the number's shape and its check digit is right."""
    try:
        year, sequence, check = split(text)
    except ValueError:
        return False
    return damm_valid(year + sequence + check)


def _format(digits: str, widths: tuple[int, int]) -> str:
    year_width, sequence_width = widths
    return f"{digits[:year_width]}-{digits[year_width : year_width + sequence_width]}-{digits[-1]}"
