"""Login, refresh, and the token checks of the custom authorizer."""

from __future__ import annotations

from chalicelib.people import identity
from tests.fixtures import CONSULTANT, CUSTOMER, login, post_json


def test_login_returns_tokens_and_role(client):
    tokens = login(client, CONSULTANT)
    assert tokens["role"] == "consultant" and tokens["email"] == CONSULTANT
    assert tokens["name"] == "Konsultant Demo"  # the account's name, carried by the ID token
    assert identity.verify(tokens["id_token"]).role == identity.CONSULTANTS
    assert login(client, CUSTOMER)["role"] == "customer"


def test_bad_password_and_unknown_address_get_the_same_401(client):
    wrong_password = post_json(client, "/auth/login", {"email": CUSTOMER, "password": "Nope-2026!"})
    unknown = post_json(client, "/auth/login", {"email": "nobody@example.com", "password": "Nope-2026!"})
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.json_body == unknown.json_body


def test_login_needs_both_fields(client):
    response = post_json(client, "/auth/login", {"email": CUSTOMER})
    assert response.status_code == 400 and set(response.json_body["errors"]) == {"password"}


def test_refresh_gives_a_new_id_token(client):
    tokens = login(client, CUSTOMER)
    response = post_json(client, "/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 200
    assert response.json_body["role"] == "customer"
    assert response.json_body["refresh_token"] == tokens["refresh_token"]
    bad = post_json(client, "/auth/refresh", {"refresh_token": "not-a-token"})
    assert bad.status_code == 401
