"""The inbound handler fed the way AWS feeds it: an SES receipt notification in the documented
shape (tests/events/ses_receipt.json: an S3 action's notification, field names and verdict
values as in the SES guide, "Contents of notifications for Amazon SES email receiving"),
delivered by SNS, with the raw mail (tests/events/ses_receipt.eml) where the notification
says SES stored it."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import boto3
import pytest

from chalicelib.core.tables import Ticket
from infra import ses_receiving

EVENTS = Path(__file__).resolve().parents[1] / "events"
RECEIPT = json.loads((EVENTS / "ses_receipt.json").read_text(encoding="utf-8"))
VERDICTS = {"PASS", "FAIL", "GRAY", "PROCESSING_FAILED", "DISABLED"}


def receive(client: Any, notification: dict[str, Any]) -> None:
    action = notification["receipt"]["action"]
    boto3.client("s3").put_object(Bucket=action["bucketName"], Key=action["objectKey"],
                                  Body=(EVENTS / "ses_receipt.eml").read_bytes())
    client.lambda_.invoke("inbound_mail", ses_receiving.sns_event(notification, action["topicArn"]))


def with_verdict(name: str, status: str) -> dict[str, Any]:
    notification = copy.deepcopy(RECEIPT)
    notification["receipt"][name] = {"status": status}
    return notification


def test_the_recorded_notification_is_in_the_documented_shape():
    assert RECEIPT["notificationType"] == "Received"
    receipt, mail = RECEIPT["receipt"], RECEIPT["mail"]
    assert {"timestamp", "processingTimeMillis", "recipients", "spamVerdict", "virusVerdict", "spfVerdict",
            "dkimVerdict", "dmarcVerdict", "action"} <= set(receipt)
    assert all(receipt[v]["status"] in VERDICTS for v in ("spamVerdict", "virusVerdict", "spfVerdict",
                                                           "dkimVerdict", "dmarcVerdict"))
    assert set(receipt["action"]) == {"type", "topicArn", "bucketName", "objectKeyPrefix", "objectKey"}
    assert receipt["action"]["objectKey"] == receipt["action"]["objectKeyPrefix"] + mail["messageId"]
    assert {"timestamp", "source", "messageId", "destination", "headersTruncated", "headers",
            "commonHeaders"} <= set(mail)


def test_the_local_stacks_notification_has_the_recorded_shape():
    made = ses_receiving.notification((EVENTS / "ses_receipt.eml").read_bytes(), "jan.kowalski@firma.example",
                                      ["pomoc@support.example.com"], "inbound/abc",
                                      RECEIPT["receipt"]["action"]["topicArn"])
    assert set(made) == set(RECEIPT) - {"content"}
    assert set(made["receipt"]) >= set(RECEIPT["receipt"]) and set(made["mail"]) >= {
        "timestamp", "source", "messageId", "destination", "headersTruncated", "headers", "commonHeaders"}
    assert set(made["receipt"]["action"]) == set(RECEIPT["receipt"]["action"])


def test_a_new_mail_opens_a_ticket_and_is_acknowledged(client, mailbox):
    receive(client, RECEIPT)
    [ack] = mailbox()
    assert ack["to"] == ["jan.kowalski@firma.example"]
    number = re.fullmatch(r"\[#(\d{4}-\d{6}-\d)\] Przyjęliśmy zgłoszenie: Nie mogę się zalogować do Lex",
                          ack["subject"])[1]
    ticket = Ticket.get(number)
    assert (ticket.channel, ticket.request_type, ticket.queue, ticket.requester_email, ticket.requester_name,
            ticket.subject, ticket.last_customer_message_id) == (
        "mail", "unspecified", "triage", "jan.kowalski@firma.example", "Jan Kowalski",
        "Nie mogę się zalogować do Lex", "a41c7e90-5b2d-4f3e-9c61-0d8f2b7e4a15@firma.example")


def test_the_same_notification_twice_opens_one_ticket(client, mailbox):
    receive(client, RECEIPT)
    receive(client, RECEIPT)  # SNS delivers at least once
    assert len(mailbox()) == 1
    assert len(list(Ticket.by_requester.query("jan.kowalski@firma.example"))) == 1


@pytest.mark.parametrize("verdict", ["spamVerdict", "virusVerdict"])
def test_a_failed_verdict_is_quarantined_not_ticketed(client, consultant, mailbox, verdict):
    receive(client, with_verdict(verdict, "FAIL"))
    assert mailbox() == [] and list(Ticket.by_requester.query("jan.kowalski@firma.example")) == []
    box = client.http.get("/consultant/mailroom/quarantine", headers=consultant).json_body
    [kept] = box["mail"]
    assert (kept["sender"], kept["subject"], kept["raw_key"]) == (
        "jan.kowalski@firma.example", "Nie mogę się zalogować do Lex",
        "inbound/7hq2ofc1b6m5v3rl4n0k9d8s2a7e1t6cqu3g5bo1")


@pytest.mark.parametrize("status", ["GRAY", "PROCESSING_FAILED"])
def test_an_undecided_spam_verdict_still_opens_the_ticket(client, mailbox, status):
    receive(client, with_verdict("spamVerdict", status))
    assert [m["to"] for m in mailbox()] == [["jan.kowalski@firma.example"]]
