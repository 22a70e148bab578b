"""Counts the AWS calls of the main operations against the emulator."""

from __future__ import annotations

import json
from typing import Any

GOALS = {
    ("submission", "DynamoDB writes"): "<= 3",
    ("submission", "DynamoDB reads"): "0",
    ("submission", "SES calls"): "1",
}
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
READS = {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}


def _figures(calls: list[Any]) -> dict[str, int]:
    dynamodb = [c.operation for c in calls if c.service == "dynamodb"]
    return {
        "DynamoDB writes": sum(op in WRITES for op in dynamodb),
        "DynamoDB reads": sum(op in READS for op in dynamodb),
        "SES calls": sum(c.service == "sesv2" for c in calls),
        "other AWS calls": sum(c.service not in ("dynamodb", "sesv2") for c in calls),
    }


def measure() -> dict[str, dict[str, int]]:
    """Against the running emulator (``bench.emulator.running``)."""
    from chalice.test import Client

    from infra import aws_calls

    aws_calls.install()
    return _operations(Client, aws_calls.RECORDER)


def _operations(client_class: Any, recorder: Any) -> dict[str, dict[str, int]]:
    import app
    from tests.fixtures import bearer, login, solve_captcha, ticket_form

    results: dict[str, dict[str, int]] = {}
    with client_class(app.app, stage_name="local") as client:
        def post(path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
            return client.http.post(path, headers={"Content-Type": "application/json", **(headers or {})},
                                    body=json.dumps(body))

        client.http.get("/health")  # warm: SSM parameters are read once per container
        captcha = solve_captcha(client)
        recorder.clear()
        number = post("/tickets", {**ticket_form(email="klient@example.com"), "captcha": captcha},
                      {"Idempotency-Key": "bench-000001"}).json_body["number"]
        results["submission"] = _figures(recorder.calls)
        consultant = bearer(login(client, "konsultant@example.com"))
        customer = bearer(login(client, "klient@example.com"))
        steps = [
            ("consultant reply", f"/consultant/tickets/{number}/replies", {"body": "Odpowiedź"}, consultant),
            ("close", f"/consultant/tickets/{number}/close", {}, consultant),
            ("customer reply (reopen)", f"/me/tickets/{number}/replies", {"body": "Nadal źle"}, customer),
        ]
        for name, path, body, headers in steps:
            recorder.clear()
            post(path, body, headers)
            results[name] = _figures(recorder.calls)
    return results
