"""A number misheard on the phone: the 400 for a wrong check digit lists the tickets it may have been."""

from __future__ import annotations

import random

from chalicelib.core.tables import Ticket
from chalicelib.rules import misheard
from chalicelib.rules.damm import damm_check_digit, damm_valid
from tests.fixtures import CUSTOMER, submit

DIGITS = "0123456789"


def mistakes(number: str) -> set[str]:
    """Every single wrong digit and every swap of two adjacent (different) digits, written as typed."""
    digits = number.replace("-", "")
    found = {digits[:i] + d + digits[i + 1:] for i in range(len(digits)) for d in DIGITS if d != digits[i]}
    found |= {digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:] for i in range(len(digits) - 1)
              if digits[i] != digits[i + 1]}
    return found


def test_a_wrong_check_digit_lists_the_ticket_it_was_misheard_from(client, consultant):
    number = submit(client, email=CUSTOMER, subject="Faktura").json_body["number"]
    digits = number.replace("-", "")
    i = max(i for i in range(len(digits) - 1) if digits[i] != digits[i + 1])  # two different neighbours
    swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    response = client.http.get(f"/consultant/tickets/{swapped}", headers=consultant)
    assert response.status_code == 400
    assert response.json_body["errors"] == {"number": "check digit mismatch"}
    assert {"number": number, "subject": "Faktura", "status": "new",
            "requester": {"email": CUSTOMER, "name": "Anna Nowak"}} in response.json_body["candidates"]


def test_every_mistake_of_existing_numbers_lists_them_through_the_api(client, consultant):
    numbers = [submit(client, email=CUSTOMER, subject=f"T{i}").json_body["number"] for i in range(2)]
    checked = 0
    for number in numbers:
        for typed in sorted(mistakes(number)):
            response = client.http.get(f"/consultant/tickets/{typed}", headers=consultant)
            assert response.status_code == 400, typed
            assert number in [c["number"] for c in response.json_body["candidates"]], typed
            checked += 1
    assert checked > 200


def test_a_sample_of_a_thousand_numbers_every_mistake_finds_its_ticket(stack):
    """1,000 stored tickets: every single wrong digit and adjacent swap of each (over 100,000 typed
    numbers) has it among the candidate numbers, and one random mistake of each, looked up in the
    store with one batch read, lists the stored ticket."""
    from chalicelib.tickets import reading

    rng = random.Random(20261125)
    sequences = rng.sample(range(1, 1_000_000), 1000)
    years = [rng.choice((2025, 2026, 2027)) for _ in sequences]
    numbers = []
    with Ticket.batch_write() as batch:
        for year, sequence in zip(years, sequences, strict=True):
            body = f"{year}{sequence:06d}"
            number = f"{year}-{sequence:06d}-{damm_check_digit(body)}"
            numbers.append(number)
            batch.save(Ticket(number, created_at="2026-01-01T00:00:00Z", updated_at="2026-01-01T00:00:00Z",
                              status="open", queue="lex", request_type="technical", product="lex",
                              subject=f"S{sequence}", requester_email=CUSTOMER, requester_name="Anna"))
    stored = set(numbers)
    misses, checked = [], 0
    for number in numbers:
        for typed in mistakes(number):
            found = misheard.candidates(typed)
            checked += 1
            if number not in found or not damm_valid(number.replace("-", "")):
                misses.append((number, typed))
            assert len(found) <= 30
    assert misses == [] and checked > 100_000
    # And through the store: for each of the 1,000, one mistake at random, one batch read.
    for number in numbers:
        typed = rng.choice(sorted(mistakes(number)))
        listed = [c["number"] for c in reading.misheard_candidates(misheard.candidates(typed))]
        assert number in listed and set(listed) <= stored
