"""Point 8: quadratic parsing.

The attack: ``numbering.parse`` took 2.7 s on 8,000 spaces followed by ``x`` (two adjacent
``\\s*`` around an optional ``#``), and the API's JSON depth check took 86 s on 80 KB of
escaped quotes. Every pattern that sees user input or mail (outside mail parsing, which has
its own) now gets bounded input, and its pattern has no ambiguous repetition. Times are
measured by ``make bench`` (``bench/adversarial.py``); these tests assert the bounds: what
each pattern is allowed to see, and how many lookups hostile input can cause.
"""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.api import http
from chalicelib.core.errors import InvalidInput
from chalicelib.mail import matching, opaque_headers, tokens
from chalicelib.rules import misheard, numbering, schemas
from tests.fixtures import post_json

HOSTILE = [" " * 8000 + "x", "#" + " " * 8000 + "2026-000001-5", "2026" + "-" * 8000 + "x", "1" * 8000,
           "[#" * 8000, "\u2028" * 8000, "a@" * 8000, "+" + "1" * 8000 + "@x"]


class Spy:
    """Stands in for a compiled pattern and records the length of every text it is given."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.seen = pattern, []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.pattern, name)

        def call(text: Any, *args: Any, **kwargs: Any) -> Any:
            self.seen.append(len(text))
            return method(text, *args, **kwargs)

        return call


def spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> Spy:
    watcher = Spy(getattr(module, name))
    monkeypatch.setattr(module, name, watcher)
    return watcher


def test_the_reported_input_is_refused_before_any_pattern(monkeypatch):
    shape = spy(monkeypatch, numbering, "_SHAPE")
    with pytest.raises(ValueError, match="at most 40 characters"):
        numbering.parse(" " * 8000 + "x")
    assert shape.seen == []
    assert numbering.MAX_INPUT == 40
    assert numbering.parse("  # 2026 - 000001 - 5 ") == "2026-000001-5"  # what people type still works
    assert numbering.parse("20260000015") == "2026-000001-5"


def test_ticket_numbers_see_at_most_40_characters(monkeypatch):
    shape = spy(monkeypatch, numbering, "_SHAPE")
    for text in HOSTILE:
        for function in (numbering.parse, misheard.split):
            with pytest.raises(ValueError):
                function(text)
    assert shape.seen == []  # every hostile input is longer than a number can be
    for text in ("2026-000001-5" + " " * 26 + "x", "#" * 40):
        with pytest.raises(ValueError):
            numbering.parse(text)
    assert max(shape.seen) <= 40


def test_subject_tags_see_one_header_line_and_cost_at_most_five_lookups(monkeypatch):
    tag = spy(monkeypatch, matching, "_TAG")
    parse = spy(monkeypatch, numbering, "_SHAPE")
    numbers = matching.subject_numbers("[#2026-000001-5] " * 10_000 + "[#2026" + "0" * 100_000)
    assert numbers == ["2026-000001-5"] * 5
    assert tag.seen == [998] and len(parse.seen) == 5


def test_matching_reads_a_bounded_number_of_ids_and_recipients(monkeypatch):
    looked_up: list[str] = []

    def ticket_of_reference(message_id: str) -> None:
        looked_up.append(message_id)

    address = spy(monkeypatch, tokens, "_ADDRESS")
    matching.match(sender="anna@example.org", recipients=["x@y.pl"] * 10_000, referenced_ids=["a@b"] * 10_000,
                   subject="", ticket_of_reference=ticket_of_reference, requester_of=lambda _: None,
                   sender_authenticated=True)
    assert len(address.seen) == 50 and len(looked_up) == 20
    looked_up.clear()
    matching.match(sender="anna@example.org", recipients=[], referenced_ids=["a" * 999 + "@b"],
                   subject="", ticket_of_reference=ticket_of_reference, requester_of=lambda _: None,
                   sender_authenticated=True)
    assert looked_up == []  # longer than any id (and than a database key may be)


def test_tokens_refuse_anything_longer_than_an_address_or_an_id(monkeypatch):
    address, message_id = spy(monkeypatch, tokens, "_ADDRESS"), spy(monkeypatch, tokens, "_MESSAGE_ID")
    for text in HOSTILE:
        assert tokens.ticket_of_address(text) is None
        assert tokens.ticket_of_message_id(text) is None
    assert address.seen == [] and message_id.seen == []
    assert (tokens.MAX_ADDRESS, tokens.MAX_MESSAGE_ID) == (254, 998)


def test_header_text_and_ids_are_bounded():
    assert len(opaque_headers.header_text("x" * 100_000)) == 998
    assert opaque_headers.message_ids(["a" * 201 + "@example.org", "a@" + "b" * 201, "ok@example.org"]) == [
        "ok@example.org"]


def test_form_fields_are_length_checked_before_their_patterns(monkeypatch):
    control = spy(monkeypatch, schemas, "_CONTROL")
    phone = spy(monkeypatch, schemas, "_PHONE")
    form = {"request_type": "technical", "product": "lex", "subject": "s" * 100_000, "description": "d",
            "name": "\u2028" * 100_000, "email": "a" * 100_000 + "@example.org", "phone": "1" * 100_000,
            "company": "c" * 100_000}
    with pytest.raises(InvalidInput) as refused:
        schemas.parse_body(schemas.TicketRequest, form)
    assert set(refused.value.errors) == {"subject", "name", "email", "phone", "company"}
    assert all(length <= 254 for length in control.seen + phone.seen)


def test_json_bodies_are_bounded_and_the_depth_check_is_exact():
    with pytest.raises(InvalidInput, match="larger than 256 KB"):
        http.json_body(b" " * (256 * 1024 + 1))
    assert http.MAX_BODY_BYTES == 256 * 1024
    assert http.json_body(b'{"a": "\\\\", "b": "[[[\\"{{{"}') == {"a": "\\", "b": '[[["{{{'}
    assert http._too_deep(b"[" * 33 + b"]" * 33) and not http._too_deep(b"[" * 32 + b"]" * 32)
    assert not http._too_deep(b'["' + b"[" * 100 + b'"]')  # brackets in strings do not count
    assert http._too_deep(b'["\\\\"' + b"," + b"[" * 40 + b"]" * 40 + b"]")  # an escaped backslash ends no string
    with pytest.raises(InvalidInput, match="not valid JSON"):
        http.json_body(b'"' + b'\\"' * 40_000)  # the 86-second body of before


def test_the_api_answers_hostile_numbers_and_bodies_with_400(client, consultant):
    response = client.http.get("/consultant/tickets/" + "%20" * 8000 + "x", headers=consultant)
    assert response.status_code == 400
    too_big = post_json(client, "/tickets", {"description": "x" * (300 * 1024)})
    assert too_big.status_code == 400 and too_big.json_body["message"] == "Request body is larger than 256 KB."
