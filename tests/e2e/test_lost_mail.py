"""Issue 10 on the local stack: the mails of items 1-4, 6 and 11 (``tests/mail/fixtures/lostmail``,
Polish and English) sent over SMTP; for each, where it ended (a ticket, the mailroom, or the
dead-letter queue until its redrive) and that nothing was lost. Item 15's closing mail too."""

from __future__ import annotations

import json
import smtplib
import time
import urllib.request
from typing import Any
from urllib.parse import quote

import boto3
import pytest

from chalicelib.core.tables import Claim
from tests.e2e.test_mail_conversation import (
    CONSULTANT,
    CUSTOMER,
    Api,
    customer_reply,
    mail_with,
    send,
    ticket,
    wait_for,
)
from tests.mail.eml import load, stdlib_text

DESK = "pomoc@support.example.com"


@pytest.fixture(scope="module")
def api(live_stack) -> Api:
    return Api(live_stack)


@pytest.fixture(scope="module")
def consultant(api: Api) -> str:
    return api.login(CONSULTANT)


def send_raw(api: Api, raw: bytes, sender: str, to: str) -> None:
    with smtplib.SMTP("127.0.0.1", api.smtp_port, timeout=120) as client:
        refused = client.sendmail(sender, [to], raw)
    assert refused == {}  # 250: accepted


def reply_address(api: Api, subject: str) -> tuple[str, str]:
    """A new ticket of the customer's, and the signed reply address of its acknowledgement."""
    number = api.submit(CUSTOMER, subject)
    return number, mail_with(api, number, "Przyjęliśmy")["headers"]["Reply-To"]


def messages(api: Api, consultant: str, number: str) -> list[dict[str, Any]]:
    return [e for e in ticket(api, consultant, number)["thread"] if e["kind"] == "message"]


def opened_by_mail(api: Api, consultant: str, sender: str, count: int = 1) -> list[dict[str, Any]]:
    """The tickets a sender's mail opened, found through their acknowledgements."""
    acks = wait_for(lambda: (found := [m for m in api.messages() if m["to"] == [sender]]) and len(found) >= count
                    and found, seconds=60)
    numbers = [m["subject"].split("]")[0].removeprefix("[#") for m in acks]
    return [ticket(api, consultant, number) for number in numbers]


def link(api: Api, consultant: str, number: str, kind: str, entry: str) -> dict[str, Any]:
    status, body = api.call("GET", f"/consultant/tickets/{number}/{kind}?entry={quote(entry)}", token=consultant)
    assert status == 200, body
    return body


def mailroom(api: Api, consultant: str, box: str) -> list[dict[str, Any]]:
    return api.call("GET", f"/consultant/mailroom/{box}", token=consultant)[1]["mail"]


def test_item_1_long_texts_land_with_the_whole_text_behind_a_link(api, consultant):
    number, to = reply_address(api, "Log z serwera")
    raw = load("long_log_reply_pl", reply_to=to)
    send_raw(api, raw, CUSTOMER, to)
    entry = wait_for(lambda: [m for m in messages(api, consultant, number) if m["truncated"]], seconds=60)[0]
    assert entry["text_size"] == 1_048_576 and entry["body"].startswith("2026-11-25 10:15:00 BŁĄD")
    with urllib.request.urlopen(link(api, consultant, number, "text", entry["id"])["url"]) as response:
        assert response.read().decode() == stdlib_text(raw)

    send_raw(api, load("long_new_mail_en"), "john.smith@example.net", DESK)
    [opened] = opened_by_mail(api, consultant, "john.smith@example.net")
    [first] = [e for e in opened["thread"] if e["kind"] == "message"]
    assert first["truncated"] and first["body"].startswith("Hello,\n\nthe payroll export fails every night.")


def test_item_2_different_mails_with_one_message_id_are_all_kept_and_a_redelivery_once(api, consultant):
    for n in (1, 2):
        send_raw(api, load(f"reused_id_scan_{n}_pl"), "skaner@firma.example.pl", DESK)
    send_raw(api, load("reused_id_scan_1_pl"), "skaner@firma.example.pl", DESK)  # handed over again
    opened = opened_by_mail(api, consultant, "skaner@firma.example.pl", count=2)
    bodies = sorted(e["body"][:30] for t in opened for e in t["thread"] if e["kind"] == "message")
    assert bodies == ["Zeskanowany dokument numer 1 z", "Zeskanowany dokument numer 2 z"]

    number, to = reply_address(api, "Eksport faktur")
    for n in (1, 2, 1):
        send_raw(api, load(f"reused_id_reply_{n}_en", reply_to=to), CUSTOMER, to)
    texts = wait_for(lambda: (b := [m["body"] for m in messages(api, consultant, number)]) and len(b) == 3 and b)
    assert [t[:15] for t in texts[1:]] == ["Reply number 1 ", "Reply number 2 "]
    time.sleep(1)
    assert len(messages(api, consultant, number)) == 3 and len(opened_by_mail(api, consultant,
                                                                              "skaner@firma.example.pl")) == 2


def test_item_3_ten_thousand_attachments_and_oversized_files(api, consultant):
    send_raw(api, load("many_attachments_en"), "operator@example.net", DESK)
    [opened] = opened_by_mail(api, consultant, "operator@example.net")
    [first] = [e for e in opened["thread"] if e["kind"] == "message"]
    assert len(first["attachments"]) == 20 and first["omitted"]["count"] == 9_980

    number, to = reply_address(api, "Skany faktur")
    send_raw(api, load("big_attachments_pl", reply_to=to), CUSTOMER, to)
    entry = wait_for(lambda: [m for m in messages(api, consultant, number) if m["attachments"]], seconds=90)[0]
    assert [a["filename"] for a in entry["attachments"]] == ["skan-1.pdf", "skan-2.pdf"]
    assert entry["omitted"]["names"] == ["skan-3.pdf"]
    raw = link(api, consultant, number, "raw", entry["id"])
    with urllib.request.urlopen(raw["url"]) as response:
        assert b'filename="skan-3.pdf"' in response.read()  # the cut file is in the raw mail


def test_item_4_a_failure_goes_to_the_dead_letter_queue_and_the_redrive_lands_it(api, consultant, live_stack):
    number, to = reply_address(api, "Awaria bazy")
    dynamodb = boto3.client("dynamodb", endpoint_url=live_stack.moto, region_name="eu-central-1",
                            aws_access_key_id="local", aws_secret_access_key="local")
    sqs = boto3.client("sqs", endpoint_url=live_stack.moto, region_name="eu-central-1",
                       aws_access_key_id="local", aws_secret_access_key="local")
    queue = sqs.get_queue_url(QueueName="helpdesk-local-inbound-dead-letters")["QueueUrl"]
    schema = Claim._get_schema()
    dynamodb.delete_table(TableName="helpdesk-local-claims")  # an outage: every inbound mail fails
    try:
        send(api, customer_reply({"headers": {"Reply-To": to, "Message-ID": "<x@example.com>"},
                                  "subject": "Awaria"}, "Wiadomość z czasu awarii."), CUSTOMER, to)
        waiting = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0, MaxNumberOfMessages=10)["Messages"]
        [record] = [json.loads(m["Body"]) for m in waiting]
        assert record["requestContext"]["approximateInvokeCount"] == 3
    finally:
        dynamodb.create_table(TableName="helpdesk-local-claims", BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=schema["attribute_definitions"], KeySchema=schema["key_schema"])
    status, summary = api.call("POST", "/api/jobs/redrive_inbound_mail", base=api.mailbox)
    assert status == 200 and summary == {"job": "redrive_inbound_mail", "results": {"processed": 1}}
    assert messages(api, consultant, number)[-1]["body"] == "Wiadomość z czasu awarii."
    assert sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0).get("Messages", []) == []


def test_item_6_a_consultants_mail_goes_to_the_mailroom_with_a_notice(api, consultant):
    number, to = reply_address(api, "Konsultant z programu pocztowego")
    send(api, customer_reply({"headers": {"Reply-To": to, "Message-ID": "<y@example.com>"}, "subject": "Pytanie"},
                             "Mam pytanie."), CUSTOMER, to)
    notice = wait_for(lambda: next((m for m in api.messages() if m["to"] == [CONSULTANT] and number in m["subject"]
                                    and "Odpowiedź klienta" in m["subject"]), None))
    send_raw(api, load("consultant_answer_pl", answers=notice["headers"]["Message-ID"]), CONSULTANT, DESK)
    send_raw(api, load("consultant_answer_en", reply_to=to), CONSULTANT, to)
    kept = wait_for(lambda: (box := mailroom(api, consultant, "consultants")) and
                    [m for m in box if m["detail"].endswith(number)], seconds=30)
    assert len(kept) == 2 and all(m["sender"] == CONSULTANT for m in kept)
    bounces = [m for m in api.messages() if m["to"] == [CONSULTANT] and "nie trafiła do klienta" in m["subject"]
               and number in m["subject"]]
    assert len(bounces) == 2 and "/console.html" in bounces[0]["text"]
    detail = ticket(api, consultant, number)
    assert all(e["sender"] != CONSULTANT for e in detail["thread"] if e["kind"] == "message")


def test_item_11_a_mail_without_sender_to_a_token_is_kept_and_does_not_reopen(api, consultant):
    number, to = reply_address(api, "Bez nadawcy")
    assert api.call("POST", f"/consultant/tickets/{number}/close", {}, consultant)[0] == 200
    for name in ("no_from_to_token_en", "no_from_to_token_pl"):
        send_raw(api, load(name, reply_to=to), "", to)
    kept = wait_for(lambda: [e for e in ticket(api, consultant, number)["thread"]
                             if e["action"] == "automatic_mail"], seconds=30)
    assert len(kept) == 2 and all(e["raw_key"] for e in kept)
    assert ticket(api, consultant, number)["status"] == "closed"


def test_item_15_a_consultants_close_mails_the_customer_and_a_reply_reopens(api, consultant):
    number, _ = reply_address(api, "Zamknięcie z powiadomieniem")
    assert api.call("POST", f"/consultant/tickets/{number}/close", {}, consultant)[0] == 200
    closing = mail_with(api, number, "Zamknięte")
    assert "zostało zamknięte" in closing["text"] and "otwarte ponownie" in closing["text"]
    send(api, customer_reply(closing, "Jednak jeszcze jedno pytanie."), CUSTOMER, closing["headers"]["Reply-To"])
    wait_for(lambda: ticket(api, consultant, number)["status"] == "open")
