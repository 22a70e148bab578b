"""The auto-close job: tickets waiting for the customer N days are closed, with a mail."""

from __future__ import annotations

import json

from chalicelib.core.config import settings
from chalicelib.jobs import schedule
from chalicelib.mail import tokens
from tests.fixtures import CUSTOMER, post_json, submit
from tests.jobs.helpers import entries, later, ticket


def waiting_ticket(client, consultant, **form) -> str:
    number = submit(client, email=CUSTOMER, **form).json_body["number"]
    reply = post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Czy to pomogło?"}, consultant)
    assert reply.json_body["status"] == "waiting"
    return number


def test_a_ticket_waiting_longer_than_the_setting_is_closed_with_a_mail(client, consultant, mailbox):
    number = waiting_ticket(client, consultant)
    days = settings().auto_close_days
    assert days == 14
    summary = schedule.close_stale_tickets(later(days=days, minutes=1))
    assert summary == {"job": "close_stale_tickets", "closed": 1, "tickets": [number]}
    assert ticket(number).status == "closed"
    [event] = [e for e in entries(number, "event") if e.to_status == "closed"]
    assert (event.author, event.from_status) == ("system", "waiting")
    mail = mailbox()[-1]
    assert mail["to"] == [CUSTOMER]
    assert mail["subject"] == f"[#{number}] Zamknięte: Nie działa wyszukiwarka"
    assert f"{days} dni" in mail["text"] and "otwarte ponownie" in mail["text"]
    assert tokens.ticket_of_address(mail["headers"]["Reply-To"]) == number
    assert mail["headers"]["Auto-Submitted"] == "auto-replied"
    [sent] = [e for e in entries(number, "mail") if e.action == "closed"]
    assert sent.delivery == "sent" and sent.author == "system"


def test_the_mail_speaks_the_customers_language(client, consultant, mailbox):
    waiting_ticket(client, consultant, language="en")
    schedule.close_stale_tickets(later(days=15))
    mail = mailbox()[-1]
    assert "Closed:" in mail["subject"] and "reply to this message" in mail["text"]


def test_tickets_not_stale_or_not_waiting_stay_as_they_are(client, consultant, mailbox):
    waiting = waiting_ticket(client, consultant)
    new = submit(client).json_body["number"]
    assert schedule.close_stale_tickets(later(days=13))["closed"] == 0
    assert schedule.close_stale_tickets(later(days=30))["tickets"] == [waiting]
    assert ticket(new).status == "new"


def test_a_customer_reply_reopens_an_auto_closed_ticket(client, consultant, customer):
    number = waiting_ticket(client, consultant)
    schedule.close_stale_tickets(later(days=15))
    response = post_json(client, f"/me/tickets/{number}/replies", {"body": "Jednak nie działa."}, customer)
    assert response.status_code == 200 and response.json_body["status"] == "open"
    assert any(e.action == "reopened" for e in entries(number, "event"))


def test_a_failed_close_mail_is_recorded_and_retried(client, consultant, mailbox, ses_outage):
    number = waiting_ticket(client, consultant)
    with ses_outage():
        schedule.close_stale_tickets(later(days=15))
    assert ticket(number).status == "closed"  # the close never waits for the mail
    assert [f.kind for f in ticket(number).mail_failures] == ["closed"]
    assert schedule.retry_failed_mail(later(days=15, minutes=6))["results"] == {"sent": 1}
    assert "Zamknięte" in mailbox()[-1]["subject"]


def test_the_job_queries_the_status_index_and_never_scans(client, consultant, aws_calls):
    waiting_ticket(client, consultant)
    aws_calls.clear()
    schedule.close_stale_tickets(later(days=15))
    [query] = aws_calls.of("dynamodb", "Query")
    assert query.params["IndexName"] == "by-status"
    assert aws_calls.of("dynamodb", "Scan") == []


def test_the_schedules_are_wired_to_the_jobs(client, consultant):
    number = waiting_ticket(client, consultant)
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    retried = client.lambda_.invoke("retry_failed_mail", event).payload
    assert retried["job"] == "retry_failed_mail"
    closed = client.lambda_.invoke("close_stale_tickets", event).payload
    assert closed == {"job": "close_stale_tickets", "closed": 0, "tickets": []}
    assert ticket(number).status == "waiting"
    json.dumps(closed)  # a schedule's result must be JSON for Lambda
