"""The AWS calls one ticket's life costs, measured: the basis of the README's cost estimate.

A typical life: the customer files the form (captcha + submit); a consultant
lists the queue, opens, claims and answers it; the customer answers by mail;
the consultant answers again and closes it. The app-side calls are counted by
the session recorder (tests/plugins/app_calls.py); the README's table quotes
these numbers, and this test fails if the app starts making more of them.
"""

from __future__ import annotations

from collections import Counter
from email.message import EmailMessage
from typing import Any

from chalicelib.mail.mime import WIRE_POLICY
from infra import ses_receiving
from tests.fixtures import CUSTOMER, post_json, solve_captcha, ticket_form
from tests.plugins.app_calls import RECORD

# Per ticket, as quoted in README.md ("Deploying" -> cost estimate). Raise only with the README.
BUDGET = {
    "lambda invocations": 9,
    "dynamodb write items": 41,  # + the content claim of an inbound mail (issue 10 item 2)
    "dynamodb read calls": 22,
    "ses mails out": 5,
    "ses mails in": 1,
    "s3 requests": 2,
}
WRITE_OPS = {"PutItem", "UpdateItem", "DeleteItem"}


def write_items(operations: Counter, transaction_items: int) -> int:
    return sum(n for (service, op), n in operations.items() if service == "dynamodb" and op in WRITE_OPS) + (
        transaction_items
    )


def customer_reply(client: Any, mail: dict, text: str) -> None:
    message = EmailMessage()
    message["From"], message["To"] = CUSTOMER, mail["headers"]["Reply-To"]
    message["Subject"] = "Re: " + mail["subject"]
    message["In-Reply-To"] = message["References"] = mail["headers"]["Message-ID"]
    message.set_content(text)
    raw = message.as_bytes(policy=WIRE_POLICY)
    ses_receiving.receive(raw, CUSTOMER, [mail["headers"]["Reply-To"]],
                          lambda event: client.lambda_.invoke("inbound_mail", event))


def test_one_ticket_life_stays_within_the_measured_budget(client, consultant, mailbox, capsys):
    client.http.get("/health")  # a warm container: parameters and keys are cached per container
    before, transactions_before = Counter(RECORD.operations), RECORD.transaction_items
    invocations = 0

    def call(method: str, path: str, body: Any = None, headers: dict | None = None) -> Any:
        nonlocal invocations
        invocations += 1
        if method == "GET":
            return client.http.get(path, headers=headers or {})
        return post_json(client, path, body, headers)

    captcha = solve_captcha(client)
    invocations += 1  # GET /captcha/challenge
    number = call("POST", "/tickets", {**ticket_form(email=CUSTOMER), "captcha": captcha}).json_body["number"]
    call("GET", "/consultant/tickets?status=new", headers=consultant)
    call("GET", f"/consultant/tickets/{number}", headers=consultant)
    call("POST", f"/consultant/tickets/{number}/claim", {}, consultant)
    call("POST", f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować."}, consultant)
    customer_reply(client, mailbox()[-1], "Po restarcie działa, dziękuję.")
    invocations += 1  # the SNS-triggered inbound function
    call("POST", f"/consultant/tickets/{number}/replies", {"body": "Cieszymy się."}, consultant)
    call("POST", f"/consultant/tickets/{number}/close", {}, consultant)

    used = Counter(RECORD.operations)
    used.subtract(before)
    dynamodb_reads = sum(n for (s, op), n in used.items() if s == "dynamodb" and op in ("GetItem", "Query"))
    measured = {
        "lambda invocations": invocations,
        "dynamodb write items": write_items(used, RECORD.transaction_items - transactions_before),
        "dynamodb read calls": dynamodb_reads,
        "ses mails out": used[("sesv2", "SendEmail")],
        "ses mails in": 1,
        "s3 requests": used[("s3", "GetObject")] + used[("s3", "PutObject")] + 1,  # + SES's own PUT
    }
    with capsys.disabled():
        print("\nper ticket:", measured, "\ncalls:", {f"{s}:{o}": n for (s, o), n in sorted(used.items()) if n})
    assert all(measured[key] <= BUDGET[key] for key in BUDGET), measured
    assert measured["ses mails out"] >= 4  # ack, two replies, the closing mail (and the consultant's notice)
