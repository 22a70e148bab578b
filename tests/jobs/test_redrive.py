"""Issue 10 item 4: inbound mail whose processing fails goes to a dead-letter queue (Lambda's
on-failure destination; the local stack's stand-in puts it there the same way), a schedule
redrives it, and a mail that failed every attempt is kept in the mailroom ("failed")."""

from __future__ import annotations

import json
from datetime import timedelta

import boto3
import pytest

import app
from chalicelib.core.config import settings
from chalicelib.core.tables import ThreadEntry
from chalicelib.inbox import failures
from chalicelib.jobs import redrive
from infra import local_lambda, provision, ses_receiving
from tests.fixtures import CUSTOMER, submit
from tests.mail.inbound import mail

INBOUND = app.app.handler_map["inbound_mail"]


def sqs():
    return boto3.client("sqs", region_name=settings().region)


def queue(stack) -> list[dict]:
    """The dead-letter queue's messages, read without hiding them."""
    found = sqs().receive_message(QueueUrl=stack.inbound_dead_letters_url, MaxNumberOfMessages=10,
                                  VisibilityTimeout=0).get("Messages", [])
    return [json.loads(m["Body"]) for m in found]


def attachments_bucket_gone():
    """An outage of the attachments bucket: a mail with a file fails when the file is written."""
    boto3.client("s3", region_name=settings().region).delete_bucket(Bucket=settings().attachments_bucket)


def attachments_bucket_back():
    provision.create_bucket(boto3.client("s3", region_name=settings().region), settings().attachments_bucket,
                            settings().region)


def ticket_and_reply_address(client, mailbox) -> tuple[str, str]:
    number = submit(client, email=CUSTOMER).json_body["number"]
    return number, mailbox()[-1]["headers"]["Reply-To"]


def reply_with_a_file(to: str, text: str) -> bytes:
    return mail(CUSTOMER, to, "Re: plik", text, attachment=("application/pdf", "a.pdf", b"%PDF-1.4 a"))


def messages(number: str) -> list[str]:
    return [e.body for e in ThreadEntry.query(number, consistent_read=True) if e.kind == "message"]


def test_the_local_stand_in_tries_three_times_then_dead_letters_with_the_error(stack):
    calls = []

    def failing(event, context):
        calls.append(context.get_remaining_time_in_millis())
        raise RuntimeError("the database is down")

    local_lambda.async_invoker(failing)({"Records": []})
    assert len(calls) == 3
    [record] = queue(stack)
    assert record["requestPayload"] == {"Records": []}
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["responsePayload"] == {"errorType": "RuntimeError", "errorMessage": "the database is down"}


def test_a_mail_that_failed_during_an_outage_lands_when_redriven(client, stack, mailbox):
    number, to = ticket_and_reply_address(client, mailbox)
    attachments_bucket_gone()
    ses_receiving.receive(reply_with_a_file(to, "Plik po awarii."), CUSTOMER, [to],
                          local_lambda.async_invoker(INBOUND))  # nothing raised: SMTP would say 250
    assert "Plik po awarii." not in messages(number) and len(queue(stack)) == 1
    attachments_bucket_back()
    summary = redrive.redrive(failures.process, failures.give_up)
    assert summary == {"job": "redrive_inbound_mail", "results": {"processed": 1}}
    assert messages(number)[-1] == "Plik po awarii." and queue(stack) == []


def test_a_mail_that_fails_every_attempt_is_kept_in_the_failed_box(client, stack, mailbox, consultant,
                                                                  monkeypatch):
    number, to = ticket_and_reply_address(client, mailbox)
    attachments_bucket_gone()
    event = ses_receiving.receive(reply_with_a_file(to, "Nigdy nie dojdzie."), CUSTOMER, [to],
                                  local_lambda.async_invoker(INBOUND))
    monkeypatch.setattr(redrive, "RETRY_AFTER", timedelta(0))  # the next attempt at once, not in 30 min
    summary = redrive.redrive(failures.process, failures.give_up)
    assert summary["results"] == {"retry_later": 2, "given_up": 1}
    assert queue(stack) == []
    [kept] = client.http.get("/consultant/mailroom/failed", headers=consultant).json_body["mail"]
    raw_key = json.loads(event["Records"][0]["Sns"]["Message"])["receipt"]["action"]["objectKey"]
    assert kept["raw_key"] == raw_key and kept["sender"] == CUSTOMER and kept["subject"] == "Re: plik"
    assert kept["detail"].startswith("processing failed 3 times after Lambda's retries: NoSuchBucket")
    assert "Nigdy nie dojdzie." not in messages(number)


def test_an_event_that_cannot_be_kept_stays_in_the_queue(stack, monkeypatch):
    local_lambda.dead_letter({"Records": []}, RuntimeError("boom"))
    monkeypatch.setattr(redrive, "RETRY_AFTER", timedelta(0))

    def still_down(event):
        raise RuntimeError("still down")

    def refuse(event, error, attempts):
        raise RuntimeError("the mailroom is down too")

    runs = iter([60_000] * 4 + [0])  # time for four receives in this run
    summary = redrive.redrive(still_down, refuse, lambda: next(runs))
    assert summary["results"] == {"retry_later": 2, "stuck": 2}
    assert len(queue(stack)) == 1  # never deleted before it is processed or kept


def test_a_mail_that_landed_meanwhile_is_not_doubled(client, stack, mailbox):
    number, to = ticket_and_reply_address(client, mailbox)
    event = ses_receiving.receive(reply_with_a_file(to, "Już jest."), CUSTOMER, [to],
                                  local_lambda.async_invoker(INBOUND))
    local_lambda.dead_letter(event, RuntimeError("a timeout after the write"))
    assert redrive.redrive(failures.process, failures.give_up)["results"] == {"processed": 1}
    assert messages(number).count("Już jest.") == 1


def test_the_schedule_runs_the_redrive(client, stack):
    local_lambda.dead_letter({"Records": []}, RuntimeError("boom"))
    result = local_lambda.Schedules(app.app).run("redrive_inbound_mail")
    assert result == {"job": "redrive_inbound_mail", "results": {"processed": 1}}
    assert local_lambda.Schedules(app.app).rates["redrive_inbound_mail"] == 600


@pytest.fixture(autouse=True)
def _fresh_queue(stack):
    sqs().purge_queue(QueueUrl=stack.inbound_dead_letters_url)
