"""Every protected route x every kind of caller -> the expected status."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.demo import PASSWORD
from tests.fixtures import CONSULTANT, CUSTOMER, add_account, bearer, login, post_json, submit

CUSTOMER_B = "klient.b@example.com"


def moto_signing_key() -> Any:
    """The key moto's Cognito signs with: it lets a test make an expired but genuine token."""
    from moto.utilities.utils import load_resource

    jwk = load_resource("cognitoidp/resources/jwks-private.json")
    return jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))


def claims_of(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def other_pool_token() -> str:
    cognito = boto3.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName="another-app", UsernameAttributes=["email"])["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    cognito.create_group(UserPoolId=pool, GroupName="consultants")
    cognito.admin_create_user(UserPoolId=pool, Username="intruder@example.com", MessageAction="SUPPRESS")
    cognito.admin_set_user_password(UserPoolId=pool, Username="intruder@example.com",
                                    Password=PASSWORD, Permanent=True)
    cognito.admin_add_user_to_group(UserPoolId=pool, Username="intruder@example.com", GroupName="consultants")
    result = cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": "intruder@example.com", "PASSWORD": PASSWORD})
    return result["AuthenticationResult"]["IdToken"]


def callers(client: Any, stack: Any) -> dict[str, dict[str, str]]:
    add_account(stack, CUSTOMER_B, "customers", "Klient B")
    consultant_token = login(client, CONSULTANT)["id_token"]
    genuine = claims_of(consultant_token)
    stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(genuine, stranger_key, algorithm="RS256", headers={"kid": "dummy"})
    unsigned = jwt.encode(genuine, None, algorithm="none", headers={"kid": "dummy"})
    expired = jwt.encode(
        {**genuine, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600},
        moto_signing_key(), algorithm="RS256", headers={"kid": "dummy"},
    )
    # Genuine and fresh, but the address is not verified (as after an address change): no one's tickets.
    customer_claims = claims_of(login(client, CUSTOMER)["id_token"])
    unverified = jwt.encode({**customer_claims, "email_verified": False}, moto_signing_key(), algorithm="RS256",
                            headers={"kid": "dummy"})
    return {
        "none": {},
        "forged": {"Authorization": f"Bearer {forged}"},
        "alg_none": {"Authorization": f"Bearer {unsigned}"},
        "expired": {"Authorization": f"Bearer {expired}"},
        "other_pool": {"Authorization": f"Bearer {other_pool_token()}"},
        "unverified_address": {"Authorization": f"Bearer {unverified}"},
        "customer_a": bearer(login(client, CUSTOMER)),
        "customer_b": bearer(login(client, CUSTOMER_B)),
        "consultant": {"Authorization": f"Bearer {consultant_token}"},
    }


# (method, path, body); {n} and {m} are tickets customer A filed. Order matters: close before
# reopen; the merge of {m} into {n} comes last (a merged ticket takes no more work).
ROUTES = [
    ("GET", "/me/tickets", None),
    ("GET", "/me/tickets/{n}", None),
    ("POST", "/me/tickets", "form"),
    ("POST", "/me/tickets/{n}/replies", {"body": "Dziękuję"}),
    ("GET", "/consultant/tickets", None),
    ("GET", "/consultant/tickets/{n}", None),
    ("POST", "/consultant/tickets/{n}/notes", {"body": "Internal"}),
    ("POST", "/consultant/tickets/{n}/claim", None),
    ("POST", "/consultant/tickets/{n}/assign", {"assignee": "me"}),
    ("POST", "/consultant/tickets/{n}/replies", {"body": "Answer"}),
    ("POST", "/consultant/tickets/{n}/close", None),
    ("POST", "/consultant/tickets/{n}/reopen", None),
    ("GET", "/consultant/me", None),
    ("PUT", "/consultant/me", {"available": True}),
    ("POST", "/consultant/tickets/{m}/merge", {"into": "{n}"}),
]
DENIED = {route[:2]: 403 for route in ROUTES}
UNAUTHENTICATED = {route[:2]: 401 for route in ROUTES}
CUSTOMER_A = {
    **DENIED,
    ("GET", "/me/tickets"): 200,
    ("GET", "/me/tickets/{n}"): 200,
    ("POST", "/me/tickets"): 201,
    ("POST", "/me/tickets/{n}/replies"): 200,
}
CUSTOMER_B_EXPECTED = {**CUSTOMER_A, ("GET", "/me/tickets/{n}"): 404, ("POST", "/me/tickets/{n}/replies"): 404}
CONSULTANT_EXPECTED = {
    **DENIED,
    **{route[:2]: 200 for route in ROUTES if route[1].startswith("/consultant")},
}
EXPECTED = {
    "none": UNAUTHENTICATED,
    "forged": DENIED,
    "alg_none": DENIED,
    "expired": DENIED,
    "other_pool": DENIED,
    "unverified_address": DENIED,
    "customer_a": CUSTOMER_A,
    "customer_b": CUSTOMER_B_EXPECTED,
    "consultant": CONSULTANT_EXPECTED,
}


@pytest.mark.parametrize("caller", list(EXPECTED))
def test_authorization_matrix(client, stack, caller):
    headers = callers(client, stack)[caller]
    number = submit(client, email=CUSTOMER).json_body["number"]
    duplicate = submit(client, email=CUSTOMER, subject="Duplikat").json_body["number"]
    form = {"request_type": "technical", "product": "lex", "subject": "S", "description": "D"}
    seen = {}
    for method, path, payload in ROUTES:
        url = path.format(n=number, m=duplicate)
        body = form if payload == "form" else payload
        if isinstance(body, dict):
            body = {k: v.format(n=number, m=duplicate) if isinstance(v, str) else v for k, v in body.items()}
        if method == "GET":
            response = client.http.get(url, headers=headers)
        elif method == "PUT":
            response = client.http.put(url, headers={"Content-Type": "application/json", **headers},
                                       body=json.dumps(body))
        else:
            response = post_json(client, url, body or {}, headers)
        seen[(method, path)] = response.status_code
    assert seen == EXPECTED[caller]


def test_customer_b_does_not_see_customer_a_tickets_in_the_list(client, stack):
    number = submit(client, email=CUSTOMER).json_body["number"]
    add_account(stack, CUSTOMER_B, "customers")
    own = client.http.get("/me/tickets", headers=bearer(login(client, CUSTOMER))).json_body["tickets"]
    other = client.http.get("/me/tickets", headers=bearer(login(client, CUSTOMER_B))).json_body["tickets"]
    assert [t["number"] for t in own] == [number]
    assert other == []


def test_a_fresh_token_signed_with_the_pool_key_is_accepted(client):
    """So the expired token above is refused for its expiry alone."""
    from chalicelib.people import identity

    genuine = claims_of(login(client, CONSULTANT)["id_token"])
    token = jwt.encode(genuine, moto_signing_key(), algorithm="RS256", headers={"kid": "dummy"})
    assert identity.verify(token).email == CONSULTANT
