"""Misheard ticket numbers: every single wrong digit and adjacent swap leads back to the original."""

import random

import pytest

from chalicelib.rules.damm import damm_check_digit, damm_valid
from chalicelib.rules.misheard import _valid_neighbours, candidates, is_valid, neighbours, split


def test_known_damm_digits():
    # The textbook example, and two ticket numbers checked by hand against the table.
    assert damm_check_digit("572") == "4" and damm_valid("5724") and not damm_valid("5723")
    assert damm_check_digit("2026000123") == "8"
    assert damm_check_digit("2026000132") == "9"
    assert damm_check_digit("") == "0"


@pytest.mark.parametrize("bad", ["12a", "1 2", "١٢", "²"])
def test_damm_refuses_anything_but_ascii_digits(bad):
    with pytest.raises(ValueError, match="not a digit"):
        damm_check_digit(bad)


def test_swapped_digits_on_the_phone():
    # "2026-000132-8" is 2026-000123-8 with 2 and 3 swapped (and fails its check digit).
    assert not is_valid("2026-000132-8") and is_valid("2026-000123-8")
    assert candidates("2026-000132-8") == [
        "2022-000132-8", "2026-000123-8", "2026-000132-9", "2026-000137-8", "2026-000182-8", "2026-000532-8",
        "2026-005132-8", "2026-090132-8", "2026-300132-8", "2096-000132-8", "2526-000132-8", "7026-000132-8",
    ]


@pytest.mark.parametrize("typed", ["2026 000132 8", "20260001328", "#2026-000132-8", " 2026-000132 8 "])
def test_typed_shapes(typed):
    assert "2026-000123-8" in candidates(typed)


def test_a_valid_number_has_no_candidates_and_garbage_is_refused():
    assert candidates("2026-000123-8") == []
    with pytest.raises(ValueError, match="YYYY-NNNNNN-C"):
        split("2026-123-8")
    assert not is_valid("hello")


def test_wider_sequences_keep_their_width():
    number = "2026-1234567-" + damm_check_digit("20261234567")
    wrong = number[:-3] + ("0" if number[-3] != "0" else "1") + number[-2:]
    assert number in candidates(wrong)
    assert all(len(c) == len(number) for c in candidates(wrong))


def test_fast_search_equals_brute_force():
    rng = random.Random(14)
    for _ in range(2000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(2, 14)))
        assert _valid_neighbours(digits) == {n for n in neighbours(digits) if damm_valid(n)}


def _errors(digits: str):
    for i, original in enumerate(digits):
        for d in "0123456789":
            if d != original:
                yield digits[:i] + d + digits[i + 1 :]
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            yield digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]


def test_thousand_numbers_every_single_error_and_adjacent_swap_lists_the_original():
    rng = random.Random(2026)
    checked = 0
    for _ in range(1000):
        body = f"{rng.randint(2024, 2035)}{rng.randint(0, 999_999):06d}"
        number = f"{body[:4]}-{body[4:]}-{damm_check_digit(body)}"
        for wrong in _errors(body + damm_check_digit(body)):
            assert not damm_valid(wrong)  # Damm detects it ...
            found = candidates(f"{wrong[:4]}-{wrong[4:10]}-{wrong[10]}")
            assert number in found  # ... and the original is among the few candidates
            assert len(found) <= 21
            checked += 1
    assert checked > 100_000
