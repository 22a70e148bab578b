"""Transactions refused for the moment (a concurrent write, throttling) are sent again with
backoff and, still refused, answered 409 or 503 with Retry-After: never a 500, never half-written.

DynamoDB's refusals are made by a botocore ``before-call`` hook on the app's own DynamoDB
connection, answering TransactWriteItems as DynamoDB does; every other call reaches moto.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from chalicelib.core import db
from chalicelib.core.tables import Ticket
from tests.fixtures import post_json, submit


class Http:
    status_code = 400
    headers: dict[str, str] = {}


def cancelled(reason: str) -> dict[str, Any]:
    return {
        "Error": {"Code": "TransactionCanceledException", "Message": f"Transaction cancelled [{reason}]"},
        "CancellationReasons": [{"Code": "None"}, {"Code": reason, "Message": reason}],
        "ResponseMetadata": {"HTTPStatusCode": 400, "HTTPHeaders": {}},
    }


def throttled() -> dict[str, Any]:
    return {"Error": {"Code": "ThrottlingException", "Message": "Rate of requests exceeds the allowed throughput."},
            "ResponseMetadata": {"HTTPStatusCode": 400, "HTTPHeaders": {}}}


@dataclass
class Refusals:
    """Refuses the TransactWriteItems calls whose ordinal (1-based) is in ``which``."""

    answer: dict[str, Any]
    which: set[int] | None = None  # None: every call
    calls: int = 0
    refused: int = 0
    sent: list[int] = field(default_factory=list)

    def __call__(self, **_: Any) -> Any:
        self.calls += 1
        if self.which is None or self.calls in self.which:
            self.refused += 1
            return Http(), self.answer
        self.sent.append(self.calls)
        return None


@pytest.fixture
def refuse(client: Any) -> Iterator[Any]:
    events = db.connection().client.meta.events
    installed: list[Refusals] = []

    def install(answer: dict[str, Any], which: set[int] | None = None) -> Refusals:
        refusals = Refusals(answer, which)
        events.register("before-call.dynamodb.TransactWriteItems", refusals, unique_id="test-refusals")
        installed.append(refusals)
        return refusals

    yield install
    events.unregister("before-call.dynamodb.TransactWriteItems", unique_id="test-refusals")


def test_a_conflict_that_clears_is_retried_and_the_ticket_filed_once(client, refuse):
    refusals = refuse(cancelled("TransactionConflict"), which={1, 2})
    response = submit(client, key=str(uuid.uuid4()))
    assert response.status_code == 201, response.body
    # Two refusals, then the ticket's transaction, then the acknowledgement's record.
    assert (refusals.calls, refusals.refused) == (4, 2)
    ticket = Ticket.get(response.json_body["number"])
    assert ticket.ack_message_id  # the acknowledgement was sent and recorded


def test_a_lasting_conflict_is_a_409_with_retry_after_and_changes_nothing(client, consultant, refuse):
    number = submit(client).json_body["number"]
    refusals = refuse(cancelled("TransactionConflict"))
    response = post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant)
    assert response.status_code == 409, response.body
    assert response.headers["Retry-After"] == "2"
    assert refusals.refused == db.WRITE_ATTEMPTS
    ticket = Ticket.get(number, consistent_read=True)
    assert (ticket.status, ticket.assignee) == ("new", None)


def test_lasting_throttling_is_a_503_and_the_same_request_later_files_one_ticket(client, refuse):
    key = str(uuid.uuid4())
    refusals = refuse(throttled(), which={1, 2, 3, 4})
    form_submit = submit(client, key=key)
    assert form_submit.status_code == 503, form_submit.body
    assert form_submit.headers["Retry-After"] == "2"
    assert refusals.refused == db.WRITE_ATTEMPTS
    assert list(Ticket.by_status.query("new")) == []  # nothing half-written
    again = submit(client, key=key)
    assert again.status_code == 201, again.body
    assert [t.number for t in Ticket.by_status.query("new")] == [again.json_body["number"]]


def test_throttled_throughput_inside_the_transaction_is_a_503_too(client, consultant, refuse):
    number = submit(client).json_body["number"]
    refuse(cancelled("ThrottlingError"))
    response = post_json(client, f"/consultant/tickets/{number}/notes", {"body": "Notatka"}, consultant)
    assert response.status_code == 503, response.body
    assert response.headers["Retry-After"] == "2"


def test_a_failed_condition_is_not_retried(client, consultant, refuse):
    number = submit(client).json_body["number"]
    refusals = refuse(cancelled("ConditionalCheckFailed"))
    response = post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant)
    assert response.status_code == 409, response.body
    assert "Retry-After" not in response.headers
    assert refusals.refused == 1


def test_when_recording_the_acknowledgement_keeps_failing_the_client_may_repeat_the_request(client, refuse):
    """The case the local stack showed as "saved, but a 500": the ticket is written, then
    recording its acknowledgement is refused. The client is told to try again, and trying
    again with the same Idempotency-Key gives the same ticket."""
    key = str(uuid.uuid4())
    refuse(cancelled("TransactionConflict"), which={2, 3, 4, 5})
    first = submit(client, key=key)
    assert first.status_code == 409, first.body
    assert first.headers["Retry-After"] == "2"
    [ticket] = list(Ticket.by_status.query("new"))
    again = submit(client, key=key)
    assert again.status_code == 201, again.body
    assert again.json_body["number"] == ticket.number
    assert again.headers.get("Idempotent-Replayed") == "true"
