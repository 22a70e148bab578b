"""Fixtures for tests that need the emulated AWS and the app."""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests import demo
from tests.demo import CONSULTANT, CUSTOMER  # noqa: F401  (the test folders import them from here)
from tests.demo import PASSWORD as DEMO_PASSWORD


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    endpoint = os.environ["AWS_ENDPOINT_URL"]  # chosen by conftest before any client existed
    port = endpoint.rsplit(":", 1)[1]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per emulated call otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=int(port), verbose=False)
    server.start()
    yield endpoint
    server.stop()


def reset_caches() -> None:
    from chalicelib.core import aws, parameters
    from chalicelib.people import identity

    parameters.reset()
    identity.reset()
    aws.reset()


@pytest.fixture
def stack(moto_server: str) -> Any:
    """A freshly reset, freshly provisioned emulator with the demo accounts."""
    from infra import provision

    request = urllib.request.Request(moto_server + "/moto-api/reset", method="POST")
    urllib.request.urlopen(request).read()
    reset_caches()
    outputs = provision.provision(demo_accounts=True)
    reset_caches()
    return outputs


@pytest.fixture
def client(stack: Any) -> Any:
    from chalice.test import Client

    import app

    with Client(app.app, stage_name="local") as test_client:
        yield test_client


@pytest.fixture
def mailbox(stack: Any) -> Any:
    from infra import mailbox

    return mailbox.sent_messages


@pytest.fixture
def aws_calls(stack: Any) -> Any:
    """The AWS calls made since the test's setup; ``clear()`` before the part measured."""
    from infra.aws_calls import RECORDER

    RECORDER.clear()
    return RECORDER


def solve_captcha(client: Any) -> str:
    return demo.solve_captcha(client.http.get("/captcha/challenge").json_body)


def ticket_form(**overrides: Any) -> dict[str, Any]:
    form = {
        "request_type": "technical",
        "product": "lex",
        "subject": "Nie działa wyszukiwarka",
        "description": "Po wpisaniu frazy wyszukiwarka zwraca pustą listę.",
        "name": "Anna Nowak",
        "email": "anna@example.org",
        "phone": "+48 600 100 200",
        "company": "Kancelaria Nowak",
    }
    form.update(overrides)
    return form


def post_json(client: Any, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return client.http.post(
        path,
        headers={"Content-Type": "application/json", **(headers or {})},
        body=json.dumps(body),
    )


def submit(client: Any, key: str | None = None, **overrides: Any) -> Any:
    form = ticket_form(**overrides)
    form.setdefault("captcha", solve_captcha(client))
    headers = {"Idempotency-Key": key} if key else {}
    return post_json(client, "/tickets", form, headers)


def login(client: Any, email: str, password: str = DEMO_PASSWORD) -> dict[str, Any]:
    response = post_json(client, "/auth/login", {"email": email, "password": password})
    assert response.status_code == 200, response.body
    return response.json_body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['id_token']}"}


def add_account(stack: Any, email: str, group: str, name: str = "Test Account") -> None:
    from infra.accounts import add_account as create

    create(stack.user_pool_id, email, name, group, DEMO_PASSWORD)


@pytest.fixture
def consultant(client: Any) -> dict[str, str]:
    return bearer(login(client, CONSULTANT))


@pytest.fixture
def customer(client: Any) -> dict[str, str]:
    return bearer(login(client, CUSTOMER))
