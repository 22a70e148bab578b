import random

import pytest

from chalicelib.rules import numbering


def sample_bodies(count: int = 300) -> list[str]:
    rng = random.Random(2026)
    return [f"{rng.randint(2000, 2099)}{rng.randint(0, 999_999):06d}" for _ in range(count)]


def test_known_damm_digit():
    # The textbook example: 572 -> 4.
    assert numbering.check_digit("572") == "4"
    assert numbering.check_digit("5724") == "0"


def test_format_pads_sequence_and_appends_check_digit():
    number = numbering.format_number(2026, 123)
    assert number.startswith("2026-000123-")
    assert numbering.check_digit(numbering.compact(number)) == "0"


def test_sequence_widens_instead_of_wrapping():
    number = numbering.format_number(2026, 1_234_567)
    assert number.startswith("2026-1234567-")
    assert numbering.parse(number) == number


@pytest.mark.parametrize("body", sample_bodies())
def test_every_single_digit_error_is_caught(body):
    full = body + numbering.check_digit(body)
    for position in range(len(full)):
        for digit in "0123456789":
            if digit == full[position]:
                continue
            wrong = full[:position] + digit + full[position + 1 :]
            assert numbering.check_digit(wrong) != "0", wrong


@pytest.mark.parametrize("body", sample_bodies())
def test_every_adjacent_transposition_is_caught(body):
    full = body + numbering.check_digit(body)
    for position in range(len(full) - 1):
        a, b = full[position], full[position + 1]
        if a == b:
            continue
        swapped = full[:position] + b + a + full[position + 2 :]
        assert numbering.check_digit(swapped) != "0", swapped


def test_parse_accepts_spaces_and_no_hyphens():
    number = numbering.format_number(2026, 123)
    digit = number[-1]
    assert numbering.parse(f"2026 000123 {digit}") == number
    assert numbering.parse(f"2026000123{digit}") == number
    assert numbering.parse(f" #{number} ") == number


def test_parse_refuses_wrong_check_digit_with_message():
    number = numbering.format_number(2026, 123)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(ValueError, match="check digit mismatch"):
        numbering.parse(wrong)


@pytest.mark.parametrize("text", ["", "2026-12-1", "abcd-000123-4", "2026-000123", "20260001234x"])
def test_parse_refuses_malformed_numbers(text):
    with pytest.raises(ValueError, match="YYYY-NNNNNN-C"):
        numbering.parse(text)
