"""Mail kept in the mailroom is never lost quietly: only a claim that exists (the same mail,
delivered again) means "kept before"; a write refused for the moment fails the delivery, so
SNS delivers it again."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.core import db
from chalicelib.core.errors import Unavailable
from infra import ses_receiving
from tests.api.test_transactions import Refusals, throttled


def unparsed(client: Any, consultant: dict[str, str]) -> list[dict[str, Any]]:
    return client.http.get("/consultant/mailroom/unparsed", headers=consultant).json_body["mail"]


def test_a_throttled_write_fails_the_delivery_and_the_next_delivery_keeps_the_mail(client, consultant):
    delivered: list[dict] = []

    def dispatch(event: dict) -> None:
        delivered.append(event)
        client.lambda_.invoke("inbound_mail", event)

    refusals = Refusals(throttled())
    events = db.connection().client.meta.events
    events.register("before-call.dynamodb.TransactWriteItems", refusals, unique_id="mailroom-refusals")
    try:
        with pytest.raises(Unavailable):
            ses_receiving.receive(b"", "x@example.org", ["pomoc@support.example.com"], dispatch)
    finally:
        events.unregister("before-call.dynamodb.TransactWriteItems", unique_id="mailroom-refusals")
    assert refusals.refused == db.WRITE_ATTEMPTS
    assert unparsed(client, consultant) == []

    client.lambda_.invoke("inbound_mail", delivered[0])  # SNS delivers a failed delivery again
    client.lambda_.invoke("inbound_mail", delivered[0])  # and, at least once, maybe twice
    [kept] = unparsed(client, consultant)
    assert kept["raw_key"].startswith("inbound/")
