"""What a seeded fuzzer found reaching a 500 (issue 10, item 16): each is a clear 400 now."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest

from tests.fixtures import CUSTOMER, post_json, submit

LISTINGS = ["/consultant/tickets", "/consultant/tickets?status=open", "/consultant/tickets?queue=lex",
            "/consultant/tickets?assignee=me", "/me/tickets"]


def cursor_of(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


FOREIGN_CURSORS = {
    "wrong attribute names": cursor_of({"a": {"S": "b"}}),
    "wrong value type": cursor_of({"number": {"N": "1"}, "status": {"S": "new"}, "updated_at": {"S": "x"}}),
    "value not a string": cursor_of({"number": {"S": 1}, "status": {"S": "new"}, "updated_at": {"S": "x"}}),
    "another index's key": cursor_of({"number": {"S": "2026-000001-1"}, "requester_email": {"S": "a@b.pl"},
                                      "created_at": {"S": "2026-01-01T00:00:00Z"}}),
    "two types in one value": cursor_of({"number": {"S": "a", "N": "1"}}),
    "a list": cursor_of([1, 2]),
    "empty object": cursor_of({}),
}


def listing_headers(path: str, consultant: dict, customer: dict) -> dict:
    return customer if path.startswith("/me/") else consultant


def test_a_foreign_or_tampered_cursor_is_a_400_on_every_listing(client, consultant, customer):
    for path in LISTINGS:
        separator = "&" if "?" in path else "?"
        for name, cursor in FOREIGN_CURSORS.items():
            response = client.http.get(f"{path}{separator}cursor={cursor}",
                                       headers=listing_headers(path, consultant, customer))
            assert response.status_code == 400, (path, name, response.body)
            assert response.json_body["errors"] == {"cursor": "not a cursor this API issued"}


def test_a_cursor_of_another_listing_is_a_400(client, consultant):
    for _ in range(2):
        submit(client)
    first = client.http.get("/consultant/tickets?status=new&limit=1", headers=consultant).json_body
    assert first["cursor"]
    # The same cursor on the listing it came from works; on another index it is refused.
    assert client.http.get(f"/consultant/tickets?status=new&limit=1&cursor={first['cursor']}",
                           headers=consultant).status_code == 200
    other = client.http.get(f"/consultant/tickets?queue=lex&cursor={first['cursor']}", headers=consultant)
    assert other.status_code == 400, other.body
    waiting = client.http.get(f"/consultant/tickets?status=waiting&cursor={first['cursor']}", headers=consultant)
    assert waiting.status_code == 400, waiting.body


def test_a_limit_that_is_not_a_plain_number_is_a_400(client, consultant, customer):
    for path, headers in (("/consultant/tickets", consultant), ("/me/tickets", customer)):
        for limit in ["²", "١٢", "٣", "0", "-1", "101", "1e2", " 5", ""]:
            response = client.http.get(f"{path}?limit={quote(limit)}", headers=headers)
            assert response.status_code == 400, (path, limit, response.body)
            assert response.json_body["errors"] == {"limit": "a whole number from 1 to 100"}


def test_a_blank_or_malformed_assignee_is_a_400(client, consultant):
    number = submit(client).json_body["number"]
    for assignee in ["", " ", "\t", "nobody", 7, ["me"]]:
        response = post_json(client, f"/consultant/tickets/{number}/assign", {"assignee": assignee}, consultant)
        assert response.status_code == 400, (assignee, response.body)
        assert set(response.json_body["errors"]) == {"assignee"}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


POSTS = ["/tickets", "/auth/login", "/auth/refresh", "/me/tickets", "/me/tickets/{number}/replies",
         "/consultant/tickets/{number}/replies", "/consultant/tickets/{number}/notes",
         "/consultant/tickets/{number}/assign", "/consultant/tickets/{number}/classify"]


@pytest.mark.parametrize("depth", [300, 990, 5000])
def test_deeply_nested_json_is_a_400_on_every_post(client, consultant, customer, depth):
    number = submit(client, email=CUSTOMER).json_body["number"]
    bodies = {"top level": nested(depth), "in a field": '{"body": ' + nested(depth) + "}"}
    for path in POSTS:
        headers = customer if path.startswith("/me/") else consultant
        for label, body in bodies.items():
            response = client.http.post(path.format(number=number), body=body,
                                        headers={"Content-Type": "application/json", **headers})
            assert response.status_code == 400, (path, label, response.body)
            assert response.json_body["message"]
    put = client.http.put("/consultant/me", body=nested(depth),
                          headers={"Content-Type": "application/json", **consultant})
    assert put.status_code == 400, put.body


def test_an_overlong_filter_is_a_400_not_a_dynamodb_key_error(client, consultant):
    for name, longest in (("queue", 100), ("assignee", 254)):
        response = client.http.get(f"/consultant/tickets?{name}={'q' * 3000}", headers=consultant)
        assert response.status_code == 400, response.body
        assert response.json_body["errors"] == {name: f"at most {longest} characters"}
