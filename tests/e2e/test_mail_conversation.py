"""End to end on the local stack, as people do it: the API over HTTP, mail over SMTP."""

from __future__ import annotations

import json
import smtplib
import time
import urllib.error
import urllib.request
import uuid
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest

from chalicelib.mail.mime import WIRE_POLICY
from tests.demo import CONSULTANT, CUSTOMER, PASSWORD, solve_captcha


class Api:
    def __init__(self, urls: dict[str, str]) -> None:
        self.base, self.mailbox = urls["api"], urls["mailbox"]
        self.smtp_port = int(urls["smtp"].rsplit(":", 1)[1])

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict[str, str] | None = None, base: str | None = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            (base or self.base) + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", **(headers or {}),
                     **({"Authorization": f"Bearer {token}"} if token else {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def login(self, email: str) -> str:
        status, body = self.call("POST", "/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, body
        return body["id_token"]

    def messages(self) -> list[dict[str, Any]]:
        return self.call("GET", "/api/messages", base=self.mailbox)[1]

    def submit(self, email: str, subject: str) -> str:
        payload = solve_captcha(self.call("GET", "/captcha/challenge")[1])
        form = {"request_type": "technical", "product": "lex", "subject": subject, "description": "Opis problemu.",
                "name": "Klient Demo", "email": email, "captcha": payload}
        status, body = self.call("POST", "/tickets", form, headers={"Idempotency-Key": str(uuid.uuid4())})
        assert status == 201, body
        return body["number"]


@pytest.fixture(scope="module")
def api(live_stack: dict[str, str]) -> Api:
    return Api(live_stack)


def send(api: Api, raw: EmailMessage, sender: str, to: str) -> None:
    with smtplib.SMTP("127.0.0.1", api.smtp_port, timeout=30) as client:
        client.sendmail(sender, [to], raw.as_bytes(policy=WIRE_POLICY))


def wait_for(predicate: Any, seconds: float = 15) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def mail_with(api: Api, number: str, word: str) -> dict[str, Any]:
    return wait_for(lambda: next((m for m in api.messages() if number in m["subject"] and word in m["subject"]),
                                 None))


def closed_ticket(api: Api, consultant: str, subject: str) -> tuple[str, dict[str, Any]]:
    number = api.submit(CUSTOMER, subject)
    mail_with(api, number, "Przyjęliśmy")
    assert api.call("POST", f"/consultant/tickets/{number}/claim", {}, consultant)[0] == 200
    assert api.call("POST", f"/consultant/tickets/{number}/replies", {"body": "Proszę zrestartować."},
                    consultant)[0] == 200
    assert api.call("POST", f"/consultant/tickets/{number}/close", {}, consultant)[0] == 200
    return number, mail_with(api, number, "Re:")


def customer_reply(reply: dict[str, Any], text: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = CUSTOMER
    message["To"] = reply["headers"]["Reply-To"]
    message["Subject"] = "Re: " + reply["subject"]
    message["Message-ID"] = make_msgid(domain="example.com")
    message["In-Reply-To"] = reply["headers"]["Message-ID"]
    message["References"] = reply["headers"]["Message-ID"]
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    return message


def ticket(api: Api, consultant: str, number: str) -> dict[str, Any]:
    status, body = api.call("GET", f"/consultant/tickets/{number}", token=consultant)
    assert status == 200
    return body


def test_reply_by_mail_reopens_with_the_same_consultant_without_the_quote(api):
    consultant = api.login(CONSULTANT)
    number, reply = closed_ticket(api, consultant, "Reopen po odpowiedzi")
    quoted = "\n".join("> " + line for line in reply["text"].splitlines())
    text = f"Nadal nie działa po restarcie.\n\nW dniu 25.11.2026 o 10:15, Pomoc techniczna pisze:\n{quoted}\n"
    send(api, customer_reply(reply, text), CUSTOMER, reply["headers"]["Reply-To"])
    detail = wait_for(lambda: (t := ticket(api, consultant, number))["status"] == "open" and t)
    assert detail["assignee_email"] == CONSULTANT
    last = [e for e in detail["thread"] if e["kind"] == "message"][-1]
    assert last["body"] == "Nadal nie działa po restarcie."
    assert "Proszę zrestartować" in last["full_body"]
    assert wait_for(lambda: any(m["to"] == [CONSULTANT] and number in m["subject"] for m in api.messages()))


def test_mailbox_reply_action_goes_through_smtp(api):
    consultant = api.login(CONSULTANT)
    number, reply = closed_ticket(api, consultant, "Odpowiedź ze skrzynki")
    status, _ = api.call("POST", f"/api/messages/{reply['id']}/reply", {"text": "Odpowiadam ze skrzynki."},
                         base=api.mailbox)
    assert status == 200
    detail = wait_for(lambda: (t := ticket(api, consultant, number))["status"] == "open" and t)
    assert [e for e in detail["thread"] if e["kind"] == "message"][-1]["body"] == "Odpowiadam ze skrzynki."


def test_auto_reply_does_not_reopen(api):
    consultant = api.login(CONSULTANT)
    number, reply = closed_ticket(api, consultant, "Automat nie otwiera")
    send(api, customer_reply(reply, "I am out of office.", **{"Auto-Submitted": "auto-replied"}), CUSTOMER,
         reply["headers"]["Reply-To"])
    detail = wait_for(lambda: (t := ticket(api, consultant, number)) and any(
        e["action"] == "automatic_mail" for e in t["thread"]) and t)
    assert detail["status"] == "closed"


def test_strangers_subject_tag_does_not_land_in_the_ticket(api):
    consultant = api.login(CONSULTANT)
    number, reply = closed_ticket(api, consultant, "Obcy z tagiem")
    message = EmailMessage()
    message["From"] = "obcy@example.net"
    message["To"] = "pomoc@support.example.com"
    message["Subject"] = f"Re: [#{number}] chcę dopisać"
    message["Message-ID"] = make_msgid(domain="example.net")
    message.set_content("Dopiszcie mnie.")
    send(api, message, "obcy@example.net", "pomoc@support.example.com")
    ack = wait_for(lambda: next((m for m in api.messages() if m["to"] == ["obcy@example.net"]), None))
    assert number not in ack["subject"].split("]")[0]
    detail = ticket(api, consultant, number)
    assert detail["status"] == "closed" and "Dopiszcie mnie." not in json.dumps(detail)


def test_the_same_message_twice_gives_one_thread_entry(api):
    consultant = api.login(CONSULTANT)
    number, reply = closed_ticket(api, consultant, "Dwa razy to samo")
    message = customer_reply(reply, "Tylko raz proszę.")
    send(api, message, CUSTOMER, reply["headers"]["Reply-To"])
    send(api, message, CUSTOMER, reply["headers"]["Reply-To"])
    # Mail is handled in the order it arrives: once a later message is in the thread, the
    # second delivery of the first has been handled too.
    send(api, customer_reply(reply, "Wiadomość po duplikacie."), CUSTOMER, reply["headers"]["Reply-To"])

    def bodies() -> list[str]:
        return [e["body"] for e in ticket(api, consultant, number)["thread"] if e["kind"] == "message"]

    seen = wait_for(lambda: "Wiadomość po duplikacie." in (found := bodies()) and found)
    assert seen.count("Tylko raz proszę.") == 1
