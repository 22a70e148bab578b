"""The whole conversation through the API: submit, claim, reply, close, customer reply."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.core.tables import Ticket
from chalicelib.mail import tokens
from chalicelib.rules import numbering
from tests.fixtures import CONSULTANT, CUSTOMER, post_json, submit


def queue_numbers(client: Any, headers: dict[str, str], **params: str) -> list[str]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.http.get(f"/consultant/tickets?{query}", headers=headers)
    assert response.status_code == 200, response.body
    return [t["number"] for t in response.json_body["tickets"]]


def walk_to_closed(client: Any, consultant: dict, mailbox: Any) -> str:
    number = submit(client, email=CUSTOMER).json_body["number"]
    assert number in queue_numbers(client, consultant, status="new", queue="lex", assignee="none")
    claimed = post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant).json_body
    assert claimed["status"] == "open" and claimed["assignee_email"] == CONSULTANT
    assert number in queue_numbers(client, consultant, assignee="me")
    replied = post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Proszę wyczyścić pamięć."},
                        consultant)
    assert replied.status_code == 200 and replied.json_body["status"] == "waiting"
    closed = post_json(client, f"/consultant/tickets/{number}/close", {}, consultant).json_body
    assert closed["status"] == "closed"
    return number


def test_reply_mail_carries_threading_headers(client, consultant, mailbox):
    number = walk_to_closed(client, consultant, mailbox)
    ack, reply, closing = mailbox()  # the close mails the customer too (issue 10 item 15)
    assert closing["subject"].startswith(f"[#{number}] Zamknięte:")
    headers = reply["headers"]
    assert reply["subject"] == f"[#{number}] Re: Nie działa wyszukiwarka"
    assert tokens.ticket_of_address(headers["Reply-To"]) == number
    # The acknowledgement as the customer got it: SES's own Message-ID, in eu-central-1.
    assert ack["headers"]["Message-ID"] == f"<{ack['id']}@eu-central-1.amazonses.com>"
    assert headers["In-Reply-To"] == f"<{ack['id']}@eu-central-1.amazonses.com>"
    references = re.findall(r"<[^>]+>", headers["References"])
    assert f"<{ack['id']}@eu-central-1.amazonses.com>" in references
    assert any(tokens.ticket_of_message_id(ref) == number for ref in references)
    assert "Auto-Submitted" not in headers  # a person's answer, not an automatic mail
    assert "Proszę wyczyścić pamięć." in reply["text"]
    # The SES id of the reply is stored on its thread entry.
    detail = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body
    [entry] = [e for e in detail["thread"] if e["kind"] == "reply"]
    assert entry["message_id"] == f"{reply['id']}@eu-central-1.amazonses.com" and entry["delivery"] == "sent"


def test_customer_reply_reopens_with_the_same_consultant(client, consultant, customer, mailbox):
    number = walk_to_closed(client, consultant, mailbox)
    response = post_json(client, f"/me/tickets/{number}/replies", {"body": "Nadal nie działa."}, customer)
    assert response.status_code == 200
    assert response.json_body["status"] == "open"
    ticket = Ticket.get(number)
    assert ticket.status == "open" and ticket.assignee_email == CONSULTANT
    notice = mailbox()[-1]
    assert notice["to"] == [CONSULTANT] and f"[#{number}]" in notice["subject"]
    assert "ponownie otwarte" in notice["text"] and "Nadal nie działa." in notice["text"]
    thread = client.http.get(f"/consultant/tickets/{number}", headers=consultant).json_body["thread"]
    reopen = [e for e in thread if e["action"] == "reopened"]
    assert reopen and reopen[0]["from_status"] == "closed" and reopen[0]["to_status"] == "open"
    assert reopen[0]["author"] == CUSTOMER


def test_unavailable_consultant_sends_the_reopened_ticket_back_to_the_queue(client, consultant, customer,
                                                                             mailbox):
    number = walk_to_closed(client, consultant, mailbox)
    away = client.http.put("/consultant/me", headers={"Content-Type": "application/json", **consultant},
                           body='{"available": false}')
    assert away.status_code == 200
    assert client.http.get("/consultant/me", headers=consultant).json_body["available"] is False
    post_json(client, f"/me/tickets/{number}/replies", {"body": "Halo?"}, customer)
    ticket = Ticket.get(number)
    assert ticket.status == "open" and ticket.assignee is None
    assert number in queue_numbers(client, consultant, status="open", assignee="none")
    assert mailbox()[-1]["to"] == [CONSULTANT]  # the queue's consultants are told


def test_disabled_consultant_loses_the_ticket(client, consultant, customer, stack, mailbox):
    from infra.accounts import set_enabled

    number = walk_to_closed(client, consultant, mailbox)
    set_enabled(stack.user_pool_id, CONSULTANT, False)
    post_json(client, f"/me/tickets/{number}/replies", {"body": "Halo?"}, customer)
    assert Ticket.get(number).assignee is None


def test_customer_sees_no_internal_notes_or_events(client, consultant, customer):
    number = submit(client, email=CUSTOMER).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/notes", {"body": "Klient trudny"}, consultant)
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Odpowiedź"}, consultant)
    detail = client.http.get(f"/me/tickets/{number}", headers=customer).json_body
    assert [e["kind"] for e in detail["thread"]] == ["message", "reply"]
    assert "Klient trudny" not in str(detail) and "queue" not in detail and "assignee" not in detail


def test_notes_are_never_mailed(client, consultant, mailbox):
    number = submit(client, email=CUSTOMER).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/notes", {"body": "Tylko dla nas"}, consultant)
    assert all("Tylko dla nas" not in m["text"] for m in mailbox())


def test_ticket_by_number_with_or_without_hyphens_and_check_digit_mismatch(client, consultant):
    number = submit(client).json_body["number"]
    compact = numbering.compact(number)
    assert client.http.get(f"/consultant/tickets/{compact}", headers=consultant).json_body["number"] == number
    wrong = compact[:-1] + str((int(compact[-1]) + 1) % 10)
    response = client.http.get(f"/consultant/tickets/{wrong}", headers=consultant)
    assert response.status_code == 400 and response.json_body["message"] == "check digit mismatch"
    missing = numbering.format_number(2026, 999_999)
    assert client.http.get(f"/consultant/tickets/{missing}", headers=consultant).status_code == 404


def test_assign_to_another_consultant_and_unassign(client, consultant, stack):
    from tests.fixtures import add_account

    add_account(stack, "druga@example.com", "consultants", "Druga Konsultantka")
    number = submit(client).json_body["number"]
    assigned = post_json(client, f"/consultant/tickets/{number}/assign", {"assignee": "druga@example.com"},
                         consultant).json_body
    assert assigned["assignee_email"] == "druga@example.com" and assigned["status"] == "open"
    refused = post_json(client, f"/consultant/tickets/{number}/assign", {"assignee": CUSTOMER}, consultant)
    assert refused.status_code == 400 and "assignee" in refused.json_body["errors"]
    unassigned = post_json(client, f"/consultant/tickets/{number}/assign", {"assignee": None}, consultant)
    assert unassigned.json_body["assignee"] is None


def test_close_and_reopen_refuse_the_wrong_state(client, consultant):
    number = submit(client).json_body["number"]
    assert post_json(client, f"/consultant/tickets/{number}/reopen", {}, consultant).status_code == 409
    assert post_json(client, f"/consultant/tickets/{number}/close", {}, consultant).status_code == 200
    assert post_json(client, f"/consultant/tickets/{number}/close", {}, consultant).status_code == 409
    reopened = post_json(client, f"/consultant/tickets/{number}/reopen", {}, consultant)
    assert reopened.status_code == 200 and reopened.json_body["status"] == "open"


def test_queue_listing_paginates_with_a_cursor(client, consultant):
    numbers = {submit(client).json_body["number"] for _ in range(5)}
    seen, cursor = [], None
    while True:
        suffix = f"&cursor={cursor}" if cursor else ""
        page = client.http.get(f"/consultant/tickets?status=new&limit=2{suffix}", headers=consultant).json_body
        seen += [t["number"] for t in page["tickets"]]
        cursor = page["cursor"]
        if not cursor:
            break
    assert set(seen) == numbers and len(seen) == 5
    bad = client.http.get("/consultant/tickets?cursor=garbage", headers=consultant)
    assert bad.status_code == 400
    bad_status = client.http.get("/consultant/tickets?status=lost", headers=consultant)
    assert bad_status.status_code == 400


def test_logged_in_customer_files_without_captcha_as_themselves(client, customer, mailbox):
    form = {"request_type": "progman", "product": "progman-cloud-kadry-place", "subject": "Lista płac",
            "description": "Nie liczy się lista płac.", "email": "someone.else@example.com"}
    response = post_json(client, "/me/tickets", form, {**customer, "Idempotency-Key": "portal-000001"})
    assert response.status_code == 201
    ticket = Ticket.get(response.json_body["number"])
    assert ticket.requester_email == CUSTOMER and ticket.channel == "portal" and ticket.queue == "progman"
    assert mailbox()[-1]["to"] == [CUSTOMER]
