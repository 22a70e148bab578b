"""Point 7: throttling of login.

The attack: any number of password guesses for one address, or from one client, were
answered at full speed (Cognito's own throttling is not emulated locally, and it counts per
account). Now failures for an address (5 free) and from a client (20 free) make the next
attempt wait 2, 4, 8 ... seconds (at most 15 minutes), with the same 429 whether the account
exists or not.
"""

from __future__ import annotations

import pytest
from chalice.local import LambdaEventConverter

from chalicelib.people import throttle
from tests.fixtures import CUSTOMER, DEMO_PASSWORD, post_json

NOBODY = "nobody@example.com"


def attempt(client, email: str, password: str = "Wrong-2026!"):
    return post_json(client, "/auth/login", {"email": email, "password": password})


def test_guessing_one_address_is_slowed_down_the_same_whether_it_exists_or_not(client, frozen):
    for email in (CUSTOMER, NOBODY):
        for _ in range(5):
            assert attempt(client, email).status_code == 401
    refused = {email: attempt(client, email) for email in (CUSTOMER, NOBODY)}
    for response in refused.values():
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "2"
        assert response.json_body == {"message": "Too many failed logins; please wait 2 seconds before trying again."}
    # Even the right password waits: the guesser cannot tell which guess was right.
    assert attempt(client, CUSTOMER, DEMO_PASSWORD).status_code == 429
    frozen.advance(seconds=2)
    assert attempt(client, CUSTOMER).status_code == 401  # the sixth failure: now 4 seconds
    frozen.advance(seconds=3)
    assert attempt(client, CUSTOMER, DEMO_PASSWORD).headers["Retry-After"] == "1"
    frozen.advance(seconds=1)
    assert attempt(client, CUSTOMER, DEMO_PASSWORD).status_code == 200
    assert attempt(client, CUSTOMER).status_code == 401  # a success starts the address afresh


def test_guessing_many_addresses_from_one_client_is_slowed_down(client, frozen, monkeypatch):
    for n in range(20):
        assert attempt(client, f"guess{n}@example.com").status_code == 401
    refused = attempt(client, "fresh@example.com")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "2"
    monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", "192.0.2.7")  # another client
    assert attempt(client, CUSTOMER, DEMO_PASSWORD).status_code == 200


def test_the_wait_doubles_up_to_fifteen_minutes():
    assert [throttle.wait_seconds(n, 5) for n in (0, 4, 5, 6, 7, 10, 13, 14, 1000)] == [
        0, 0, 2, 4, 8, 64, 512, 900, 900]


@pytest.mark.parametrize("kind", ["login-address", "login-client"])
def test_free_failures(kind):
    assert throttle.FREE[kind] == {"login-address": 5, "login-client": 20}[kind]
