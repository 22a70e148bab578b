"""Fixtures for the inbound mail tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures import CUSTOMER, post_json, submit


@pytest.fixture
def closed_ticket(client, consultant, mailbox) -> dict[str, Any]:
    number = submit(client, email=CUSTOMER).json_body["number"]
    post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant)
    post_json(client, f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować."}, consultant)
    post_json(client, f"/consultant/tickets/{number}/close", {}, consultant)
    reply = next(m for m in reversed(mailbox()) if f"[#{number}] Re: " in m["subject"])  # not the closing mail
    return {"number": number, "reply_to": reply["headers"]["Reply-To"], "message_id": reply["headers"]["Message-ID"],
            "subject": reply["subject"]}


