"""Structured JSON logs: request ids and ticket numbers in, bodies, tokens and passwords out."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from chalice.app import SNSEvent

from chalicelib.api import logs
from tests.fixtures import CONSULTANT, DEMO_PASSWORD, post_json, submit

SECRET_BODY = "Mój PESEL to 90010112345, proszę go nie logować."


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    handler = logs.logger().registered_handler
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def records(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_every_request_logs_one_json_line_with_ids_and_ticket(client, log_lines):
    login = post_json(client, "/auth/login", {"email": CONSULTANT, "password": DEMO_PASSWORD})
    token = login.json_body["id_token"]
    number = submit(client, description=SECRET_BODY).json_body["number"]
    headers = {"Authorization": f"Bearer {token}"}
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": SECRET_BODY}, headers)
    client.http.get("/consultant/tickets/2026-000001-0", headers=headers)  # a wrong check digit

    lines = records(log_lines)
    invocations = [r for r in lines if r["message"] == "invocation"]
    assert {r["route"] for r in invocations} >= {
        "/auth/login", "/tickets", "/consultant/tickets/{number}/replies", "/consultant/tickets/{number}",
    }
    assert all(r["lambda_request_id"] and r["stage"] == "local" and "status" in r for r in invocations)
    [filed] = [r for r in invocations if r["route"] == "/tickets"]
    assert (filed["status"], filed["result_ticket"]) == (201, number)
    [replied] = [r for r in invocations if r["route"].endswith("/replies")]
    assert replied["ticket"] == number
    [bad] = [r for r in invocations if r["route"] == "/consultant/tickets/{number}"]
    assert "ticket" not in bad  # only well-formed numbers are logged, never raw input

    text = log_lines.getvalue()
    for secret in (DEMO_PASSWORD, token, token[:40], SECRET_BODY, "90010112345", "Bearer"):
        assert secret not in text


def test_scheduled_runs_log_their_summary(client, log_lines):
    event = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    client.lambda_.invoke("close_stale_tickets", event)
    [line] = [r for r in records(log_lines) if r["message"] == "invocation"]
    assert (line["event_type"], line["job"], line["closed"]) == ("CloudWatchEvent", "close_stale_tickets", 0)
    assert line["lambda_request_id"]


def test_sns_events_are_identified_by_message_id_only():
    event = SNSEvent(
        {"Records": [{"Sns": {"MessageId": "abc-123", "Message": SECRET_BODY, "Subject": "s",
                              "MessageAttributes": {}, "TopicArn": "arn", "Timestamp": "t"}}]},
        None,
    )
    keys = logs.event_keys(event)
    assert keys == {"lambda_request_id": None, "event_type": "SNSEvent", "event_id": "abc-123"}


def test_keys_do_not_leak_into_the_next_invocation(client, log_lines):
    number = submit(client).json_body["number"]
    client.http.get("/health")
    health = [r for r in records(log_lines) if r.get("route") == "/health"][-1]
    assert "result_ticket" not in health and "ticket" not in health and number not in json.dumps(health)
