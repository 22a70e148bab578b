"""Merge on the local stack: after merging B into A, mail answering B's acknowledgement lands in A
(over SMTP), whether it names B by its reply token, its references or its subject tag alone."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from tests.e2e.test_mail_conversation import CONSULTANT, CUSTOMER, Api, mail_with, send, ticket, wait_for

DESK = "pomoc@support.example.com"


@pytest.fixture(scope="module")
def api(live_stack) -> Api:
    return Api(live_stack)


def plain(subject: str, text: str, to: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = CUSTOMER
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.com")
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    return message


@pytest.mark.parametrize("evidence", ["token", "references", "tag"])
def test_a_reply_to_the_duplicates_acknowledgement_lands_in_the_target(api: Api, evidence: str):
    consultant = api.login(CONSULTANT)
    a = api.submit(CUSTOMER, f"Cel scalenia {evidence}")
    b = api.submit(CUSTOMER, f"Duplikat {evidence}")
    ack_b = mail_with(api, b, "Przyjęliśmy")
    status, merged = api.call("POST", f"/consultant/tickets/{b}/merge", {"into": a}, consultant)
    assert status == 200 and merged["number"] == a
    notice = mail_with(api, a, "Połączyliśmy")
    assert notice["to"] == [CUSTOMER] and b in notice["text"]
    assert api.call("POST", f"/consultant/tickets/{a}/close", {}, consultant)[0] == 200

    text = f"Odpowiedź przez {evidence}."
    if evidence == "token":  # the duplicate's signed Reply-To, nothing else
        message, to = plain("Pytanie", text, ack_b["headers"]["Reply-To"]), ack_b["headers"]["Reply-To"]
    elif evidence == "references":  # to the desk's plain address, naming B's acknowledgement
        message, to = plain("Pytanie", text, DESK, **{"In-Reply-To": ack_b["headers"]["Message-ID"],
                                                       "References": ack_b["headers"]["Message-ID"]}), DESK
    else:  # to the desk's plain address, only B's tag in the subject
        message, to = plain(f"Re: [#{b}] Duplikat", text, DESK), DESK
    send(api, message, CUSTOMER, to)

    detail = wait_for(lambda: (t := ticket(api, consultant, a))["status"] == "open" and t)
    assert [e["body"] for e in detail["thread"] if e["kind"] == "message"][-1] == text
    duplicate = ticket(api, consultant, b)
    assert duplicate["status"] == "merged" and duplicate["merged_into"] == a
    assert text not in str(duplicate)
