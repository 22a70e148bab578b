"""Priority on every ticket, its change as an event, and the SLA clocks stored with each change."""

from __future__ import annotations

from chalicelib.core.tables import Ticket
from tests.fixtures import post_json, submit


def test_a_filed_ticket_has_its_catalogue_priority_and_first_clocks(client, consultant, frozen):
    number = submit(client).json_body["number"]  # Friday 13 March 2026, 15:30 Warsaw

    ticket = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body
    assert ticket["priority"] == "normalny"
    # normalny: 8 business hours to the first response, 40 to resolution (Mon-Fri 8-16, Warsaw = UTC+1).
    assert ticket["sla"]["first_response_due"] == "2026-03-16T14:30:00.000+00:00"
    assert ticket["sla"]["next_response_due"] is None
    assert ticket["sla"]["resolution_due"] == "2026-03-20T14:30:00.000+00:00"
    assert ticket["sla"]["breaches"] == []
    stored = Ticket.get(number)
    assert stored.earliest_due == "2026-03-16T14:30:00.000+00:00"
    assert stored.next_check == "2026-03-16T13:30:00.000+00:00"  # warned 60 business minutes before


def test_priority_change_accepts_english_names_records_an_event_and_moves_the_clocks(client, consultant, frozen):
    number = submit(client).json_body["number"]
    frozen.advance(minutes=10)

    response = post_json(client, f"/consultant/tickets/{number}/priority", {"priority": "Urgent"}, consultant)

    assert response.status_code == 200, response.body
    ticket = response.json_body
    assert ticket["priority"] == "pilny"
    # pilny: 1 business hour to the first response, 8 to resolution, counted from filing.
    assert ticket["sla"]["first_response_due"] == "2026-03-16T07:30:00.000+00:00"
    assert ticket["sla"]["resolution_due"] == "2026-03-16T14:30:00.000+00:00"
    events = [(e["action"], e["detail"]) for e in ticket["thread"] if e["kind"] == "event"]
    assert events == [("priority_changed", "pilny")]
    assert Ticket.get(number).earliest_due == "2026-03-16T07:30:00.000+00:00"


def test_the_same_priority_again_changes_nothing(client, consultant, frozen):
    number = submit(client).json_body["number"]

    response = post_json(client, f"/consultant/tickets/{number}/priority", {"priority": "normalny"}, consultant)

    assert response.status_code == 200
    assert [e for e in response.json_body["thread"] if e["kind"] == "event"] == []


def test_an_unknown_priority_is_a_clear_400_and_writes_nothing(client, consultant, frozen):
    number = submit(client).json_body["number"]

    response = post_json(client, f"/consultant/tickets/{number}/priority", {"priority": "asap"}, consultant)

    assert response.status_code == 400
    assert response.json_body["errors"] == {
        "priority": "Priority: low, normal, high or urgent (or niski, normalny, wysoki, pilny)."}
    assert Ticket.get(number).priority == "normalny"


def test_a_reply_pauses_the_clocks_and_the_customer_resumes_them(client, consultant, customer, frozen):
    number = submit(client, email="klient@example.com").json_body["number"]
    frozen.set("2026-03-16T09:00:00+01:00")  # Monday 9:00: one business hour after filing (30 min Friday)
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Proszę o zrzut ekranu."}, consultant)

    waiting = Ticket.get(number)
    assert waiting.status == "waiting"
    assert waiting.earliest_due is None and waiting.next_check is None  # paused: out of the due indexes
    assert waiting.sla.as_dict()["paused_remaining"] == {"resolution": 2310}

    frozen.set("2026-03-18T09:00:00+01:00")  # Wednesday 9:00, two days later
    post_json(client, f"/me/tickets/{number}/replies", {"body": "Zrzut w załączniku."}, customer)

    ticket = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body
    assert ticket["status"] == "open"
    # Next response: 8 business hours from Wednesday 9:00; resolution: 2310 minutes left from then.
    assert ticket["sla"]["next_response_due"] == "2026-03-19T08:00:00.000+00:00"
    assert ticket["sla"]["resolution_due"] == "2026-03-24T14:30:00.000+00:00"
    assert ticket["sla"]["first_response_due"] is None
