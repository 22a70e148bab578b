"""Merging a duplicate into another ticket: the thread moves, the duplicate points, the customer is told once."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.core.tables import ThreadEntry, Ticket
from tests.fixtures import CUSTOMER, post_json, submit


def file(client: Any, subject: str, **overrides: Any) -> str:
    response = submit(client, email=CUSTOMER, subject=subject, **overrides)
    assert response.status_code == 201, response.body
    return response.json_body["number"]


def merge(client: Any, headers: dict, duplicate: str, target: str, **extra: Any) -> Any:
    return post_json(client, f"/consultant/tickets/{duplicate}/merge", {"into": target, **extra}, headers)


def detail(client: Any, headers: dict, number: str) -> dict:
    response = client.http.get(f"/consultant/tickets/{number}", headers=headers)
    assert response.status_code == 200, response.body
    return response.json_body


@pytest.fixture
def pair(client, consultant) -> tuple[str, str]:
    """A (older, the target) and B (the duplicate), both Anna's; B has a reply and a note."""
    a = file(client, "Wyszukiwarka nie działa")
    b = file(client, "Znowu wyszukiwarka", description="Wyszukiwarka dalej pusta.")
    post_json(client, f"/consultant/tickets/{b}/replies", {"body": "Proszę wyczyścić pamięć."}, consultant)
    post_json(client, f"/consultant/tickets/{b}/notes", {"body": "Duplikat?"}, consultant)
    return a, b


def test_merge_moves_the_thread_in_time_order_and_closes_the_duplicate_with_a_pointer(client, consultant, mailbox,
                                                                                      pair):
    a, b = pair
    before = len(mailbox())
    response = merge(client, consultant, b, a)
    assert response.status_code == 200, response.body
    target = response.json_body
    assert target["number"] == a
    bodies = [e["body"] for e in target["thread"] if e["kind"] in ("message", "reply", "note")]
    assert bodies == ["Po wpisaniu frazy wyszukiwarka zwraca pustą listę.", "Wyszukiwarka dalej pusta.",
                      "Proszę wyczyścić pamięć.", "Duplikat?"]
    times = [e["created_at"] for e in target["thread"]]
    assert times == sorted(times)
    moved = [e for e in ThreadEntry.query(a) if e.merged_from == b]
    assert {e.kind for e in moved} >= {"message", "reply", "note", "mail"}
    assert [e["action"] for e in target["thread"] if e["kind"] == "event"][-1] == "merged_from"
    assert [e["detail"] for e in target["thread"] if e["action"] == "merged_from"] == [b]

    duplicate = detail(client, consultant, b)
    assert duplicate["status"] == "merged" and duplicate["merged_into"] == a
    assert [(e["kind"], e["action"], e["detail"]) for e in duplicate["thread"]] == [("event", "merged", a)]

    [notice] = mailbox()[before:]
    assert notice["to"] == [CUSTOMER]
    assert notice["subject"] == f"[#{a}] Połączyliśmy Państwa zgłoszenia: Wyszukiwarka nie działa"
    assert f"Państwa zgłoszenie {b}" in notice["text"] and f"w zgłoszeniu {a}" in notice["text"]
    assert notice["headers"]["Auto-Submitted"] == "auto-replied"


def test_merging_again_is_idempotent(client, consultant, mailbox, pair):
    a, b = pair
    assert merge(client, consultant, b, a).status_code == 200
    entries, mails = len(list(ThreadEntry.query(a))), len(mailbox())
    again = merge(client, consultant, b, a)
    assert again.status_code == 200 and again.json_body["number"] == a
    assert len(list(ThreadEntry.query(a))) == entries and len(mailbox()) == mails


def test_an_interrupted_move_is_finished_by_merging_again(client, consultant, pair, monkeypatch):
    from chalicelib.tickets import merging

    a, b = pair
    monkeypatch.setattr(merging, "_move_thread", lambda duplicate, target: 0)  # the process died after step 1
    monkeypatch.setattr(merging, "_tell_customer", lambda target, duplicate: None)
    assert merge(client, consultant, b, a).status_code == 200
    assert len(list(ThreadEntry.query(b))) > 1
    monkeypatch.undo()
    assert merge(client, consultant, b, a).status_code == 200
    assert [e.action for e in ThreadEntry.query(b)] == ["merged"]


def test_english_requester_gets_the_notice_in_english(client, consultant, mailbox):
    a = file(client, "Search is broken", language="en")
    b = file(client, "Search again", language="en")
    assert merge(client, consultant, b, a).status_code == 200
    notice = mailbox()[-1]
    assert notice["subject"] == f"[#{a}] Your requests were joined: Search is broken"
    assert f"your request {b}" in notice["text"]


def test_refusals(client, consultant, stack, mailbox):
    a, b, c = file(client, "A"), file(client, "B"), file(client, "C")
    other = submit(client, email="inny@example.org").json_body["number"]
    itself = merge(client, consultant, a, a)
    assert itself.status_code == 400 and itself.json_body["errors"] == {"into": "the same ticket"}
    assert merge(client, consultant, a, "2026-000001-0").status_code == 400  # wrong check digit
    assert merge(client, consultant, a, "2026-000123-8").status_code == 404  # a valid number, no such ticket
    assert merge(client, consultant, a, other).status_code == 409  # another requester
    assert merge(client, consultant, b, a).status_code == 200
    circle = merge(client, consultant, a, b)
    assert circle.status_code == 409 and "circle" in circle.json_body["message"]
    into_merged = merge(client, consultant, c, b)
    assert into_merged.status_code == 409 and into_merged.json_body["merged_into"] == a
    elsewhere = merge(client, consultant, b, c)
    assert elsewhere.status_code == 409 and elsewhere.json_body["merged_into"] == a
    assert Ticket.get(c).status == "new" and Ticket.get(a).status == "new"


def test_a_merged_ticket_takes_no_more_work(client, consultant, pair):
    a, b = pair
    merge(client, consultant, b, a)
    for action, body in [("replies", {"body": "x"}), ("notes", {"body": "x"}), ("close", {}), ("claim", {}),
                         ("reopen", {})]:
        response = post_json(client, f"/consultant/tickets/{b}/{action}", body, consultant)
        assert response.status_code == 409, action
        if action != "reopen":
            assert response.json_body["merged_into"] == a


def test_a_closed_target_opens_again_for_an_open_duplicate(client, consultant, pair):
    a, b = pair
    post_json(client, f"/consultant/tickets/{a}/close", {}, consultant)
    target = merge(client, consultant, b, a).json_body
    assert target["status"] == "open"
    assert any(e["action"] == "reopened" for e in target["thread"])


def test_the_portal_shows_the_duplicate_merged_and_a_reply_there_lands_in_the_target(client, consultant, customer,
                                                                                      pair):
    a, b = pair
    post_json(client, f"/consultant/tickets/{a}/close", {}, consultant)
    post_json(client, f"/consultant/tickets/{b}/close", {}, consultant)
    merge(client, consultant, b, a)
    shown = client.http.get(f"/me/tickets/{b}", headers=customer).json_body
    assert shown["status"] == "merged" and shown["merged_into"] == a
    listed = {t["number"]: t for t in client.http.get("/me/tickets", headers=customer).json_body["tickets"]}
    assert listed[b]["merged_into"] == a
    reply = post_json(client, f"/me/tickets/{b}/replies", {"body": "Nadal nie działa."}, customer)
    assert reply.status_code == 200 and reply.json_body["number"] == a and reply.json_body["status"] == "open"
    assert [e.body for e in ThreadEntry.query(a) if e.kind == "message"][-1] == "Nadal nie działa."


def test_a_chain_of_merges_is_followed(client, consultant, customer):
    a, b, c = file(client, "A"), file(client, "B"), file(client, "C")
    merge(client, consultant, a, b)
    merge(client, consultant, b, c)
    reply = post_json(client, f"/me/tickets/{a}/replies", {"body": "Do C"}, customer)
    assert reply.json_body["number"] == c
    assert [e.kind for e in ThreadEntry.query(c) if e.merged_from == b].count("message") == 2


def test_the_duplicate_leaves_the_views_and_its_clocks_stop(client, consultant):
    from chalicelib.core.tables import Counter

    a, b = file(client, "Cel"), file(client, "Nowy duplikat")
    before = Ticket.get(b)
    assert before.active == "open" and before.earliest_due is not None  # a new ticket, its clock running
    merge(client, consultant, b, a)
    after = Ticket.get(b)
    assert after.active is None and after.desk is None and after.earliest_due is None
    assert after.clock_events[-1].endswith("status_changed closed")
    assert Counter.get("view#status#merged").value == 1
