"""Every change names the ticket version it was based on; a stale one gets 409 with what changed."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.core.tables import ThreadEntry
from tests.fixtures import CUSTOMER, add_account, bearer, login, post_json, submit

COLLEAGUE = "kolega@example.com"


@pytest.fixture
def colleague(client, stack) -> dict[str, str]:
    add_account(stack, COLLEAGUE, "consultants", "Kolega Drugi")
    return bearer(login(client, COLLEAGUE))


@pytest.fixture
def number(client) -> str:
    return submit(client, email=CUSTOMER).json_body["number"]


def version(client: Any, headers: dict, number: str) -> int:
    return client.http.get(f"/consultant/tickets/{number}", headers=headers).json_body["version"]


def test_every_change_raises_the_version(client, consultant, customer, number):
    assert version(client, consultant, number) == 0
    claimed = post_json(client, f"/consultant/tickets/{number}/claim", {"version": 0}, consultant).json_body
    assert claimed["version"] == 1
    noted = post_json(client, f"/consultant/tickets/{number}/notes", {"body": "n", "version": 1}, consultant)
    assert noted.json_body["version"] == 2
    post_json(client, f"/me/tickets/{number}/replies", {"body": "Klient"}, customer)  # customers send none
    assert version(client, consultant, number) == 3


def test_a_stale_reply_is_refused_with_what_changed_and_nothing_is_sent(client, consultant, colleague, mailbox,
                                                                        number):
    seen = version(client, consultant, number)
    post_json(client, f"/consultant/tickets/{number}/notes", {"body": "Dzwoniłem do klienta.", "version": seen},
              colleague)
    mails = len(mailbox())
    stale = post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Moja odpowiedź", "version": seen},
                      consultant)
    assert stale.status_code == 409
    conflict = stale.json_body["conflict"]
    assert conflict["based_on"] == 0 and conflict["version"] == 1 and conflict["status"] == "new"
    assert [(c["kind"], c["author"], c["body"]) for c in conflict["changes"]] == [
        ("note", COLLEAGUE, "Dzwoniłem do klienta.")]
    assert len(mailbox()) == mails
    assert [e.kind for e in ThreadEntry.query(number)].count("reply") == 0
    resent = post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Moja odpowiedź", "version": 1},
                       consultant)
    assert resent.status_code == 200 and resent.json_body["version"] == 2
    assert len(mailbox()) == mails + 1


def test_a_customer_message_meanwhile_is_what_changed(client, consultant, customer, number):
    post_json(client, f"/me/tickets/{number}/replies", {"body": "Jeszcze jedno pytanie"}, customer)
    stale = post_json(client, f"/consultant/tickets/{number}/close", {"version": 0}, consultant)
    assert stale.status_code == 409
    assert [(c["kind"], c["body"]) for c in stale.json_body["conflict"]["changes"]] == [
        ("message", "Jeszcze jedno pytanie")]


@pytest.mark.parametrize("action, body", [
    ("replies", {"body": "x"}), ("notes", {"body": "x"}), ("claim", {}), ("assign", {"assignee": "me"}),
    ("close", {}), ("classify", {"request_type": "technical", "product": "lex"}),
])
def test_each_change_route_checks_the_version(client, consultant, colleague, number, action, body):
    post_json(client, f"/consultant/tickets/{number}/notes", {"body": "kolega"}, colleague)
    response = post_json(client, f"/consultant/tickets/{number}/{action}", {**body, "version": 0}, consultant)
    assert response.status_code == 409, response.body
    assert response.json_body["conflict"]["version"] == 1


def test_reopen_and_merge_check_the_version(client, consultant, colleague, number):
    other = submit(client, email=CUSTOMER, subject="Drugie").json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/close", {}, consultant)
    post_json(client, f"/consultant/tickets/{number}/notes", {"body": "po zamknięciu"}, colleague)
    reopen = post_json(client, f"/consultant/tickets/{number}/reopen", {"version": 1}, consultant)
    assert reopen.status_code == 409 and reopen.json_body["conflict"]["version"] == 2
    merge = post_json(client, f"/consultant/tickets/{number}/merge", {"into": other, "version": 1}, consultant)
    assert merge.status_code == 409 and merge.json_body["conflict"]["changes"][0]["body"] == "po zamknięciu"


def test_a_change_without_a_version_is_based_on_the_ticket_as_read(client, consultant, number):
    assert post_json(client, f"/consultant/tickets/{number}/notes", {"body": "bez wersji"}, consultant).status_code \
        == 200
    assert post_json(client, f"/consultant/tickets/{number}/close", None, consultant).status_code == 200


@pytest.mark.parametrize("bad", ["1", -1, 1.5, True])
def test_a_version_that_is_not_a_whole_number_is_a_400(client, consultant, number, bad):
    response = post_json(client, f"/consultant/tickets/{number}/notes", {"body": "x", "version": bad}, consultant)
    assert response.status_code == 400 and "version" in response.json_body["errors"]


def test_the_write_itself_is_conditional_on_the_version_read(client, colleague, number):
    """Two changes computed from the same read: the second one fails in DynamoDB, not only in a pre-check."""
    from chalicelib.core.tables import Ticket
    from chalicelib.tickets import changes

    read_before = Ticket.get(number, consistent_read=True)
    post_json(client, f"/consultant/tickets/{number}/notes", {"body": "pierwszy"}, colleague)
    with pytest.raises(changes.Stale) as refused:
        changes.apply(read_before, changes.Change(actor="drugi@example.com", to_status="closed"))
    assert refused.value.details["conflict"]["changes"][0]["body"] == "pierwszy"
    assert Ticket.get(number).status == "new"
