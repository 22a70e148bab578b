"""Issue 10 item 15: a consultant closing a ticket tells the customer, in the ticket's language,
that it was closed and that a reply reopens it; one "closed" mail kind for every close."""

from __future__ import annotations

from chalicelib.jobs import schedule
from chalicelib.mail import tokens
from tests.fixtures import CUSTOMER, post_json, submit
from tests.jobs.helpers import entries, later, ses_outage_of, ticket


def closed_by_consultant(client, consultant, **form) -> str:
    number = submit(client, email=CUSTOMER, **form).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować."}, consultant)
    assert post_json(client, f"/consultant/tickets/{number}/close", {}, consultant).status_code == 200
    return number


def test_a_consultant_close_mails_the_customer_in_polish(client, consultant, mailbox):
    number = closed_by_consultant(client, consultant)
    mail = mailbox()[-1]
    assert mail["to"] == [CUSTOMER]
    assert mail["subject"] == f"[#{number}] Zamknięte: Nie działa wyszukiwarka"
    assert "zostało zamknięte" in mail["text"] and "otwarte ponownie" in mail["text"]
    assert " dni" not in mail["text"]  # not the auto-close wording
    assert tokens.ticket_of_address(mail["headers"]["Reply-To"]) == number
    [sent] = [e for e in entries(number, "mail") if e.action == "closed"]
    assert (sent.delivery, sent.author, sent.recipients) == ("sent", "konsultant@example.com", [CUSTOMER])


def test_the_closing_mail_speaks_english_to_an_english_ticket(client, consultant, mailbox):
    closed_by_consultant(client, consultant, language="en")
    mail = mailbox()[-1]
    assert "Closed:" in mail["subject"]
    assert "has been closed" in mail["text"] and "reply to this message" in mail["text"]


def test_auto_close_uses_the_same_kind_with_its_own_wording(client, consultant, mailbox):
    number = submit(client, email=CUSTOMER).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Czy to pomogło?"}, consultant)
    schedule.close_stale_tickets(later(days=15))
    assert [e.action for e in entries(number, "mail") if e.action in ("closed", "auto_close")] == ["closed"]
    assert "14 dni" in mailbox()[-1]["text"]


def test_a_failed_closing_mail_is_retried_with_the_same_text(client, consultant, mailbox):
    number = submit(client, email=CUSTOMER).json_body["number"]
    with ses_outage_of():
        assert post_json(client, f"/consultant/tickets/{number}/close", {}, consultant).status_code == 200
    assert [f.kind for f in ticket(number).mail_failures] == ["closed"]
    assert ticket(number).status == "closed"  # the close stands; only the mail waits
    schedule.retry_failed_mail(later(minutes=6))
    mail = mailbox()[-1]
    assert "Zamknięte:" in mail["subject"] and "zostało zamknięte" in mail["text"] and " dni" not in mail["text"]


def test_a_reopen_by_hand_sends_no_closing_mail(client, consultant, mailbox):
    number = closed_by_consultant(client, consultant)
    sent = len(mailbox())
    post_json(client, f"/consultant/tickets/{number}/reopen", {}, consultant)
    assert len(mailbox()) == sent
