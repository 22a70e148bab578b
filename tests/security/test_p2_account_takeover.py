"""Point 2: ticket takeover by changing the account's e-mail address.

The attack: a customer calls Cognito's ``UpdateUserAttributes`` with his own access token,
sets ``email`` to someone else's address, logs in again and reads and answers that person's
tickets (tickets belong to whoever holds the address; ``email_verified`` was never checked).

The emulator (moto 5.2.5) does not enforce an app client's ``WriteAttributes`` and leaves
``email_verified`` as it was when the address changes, so the attack itself still "succeeds"
against it. What is tested instead: (1) the app client provisioned (and templated) may not
write ``email`` or ``name`` and the pool keeps an address change pending until verified, which
is what makes real Cognito refuse the call; (2) the account state real Cognito would leave
behind if the change went through (``email_verified`` false) gets no token accepted, no login
and no refresh, and sees none of the victim's tickets; (3) the authorizer refuses a genuine
token whose address is not verified, whatever it says.
"""

from __future__ import annotations

import time

import boto3
import jwt

from chalicelib.core.config import settings
from chalicelib.people import identity
from infra import provision, template
from tests.api.test_authorization import claims_of, moto_signing_key
from tests.fixtures import DEMO_PASSWORD, add_account, bearer, login, post_json, submit

VICTIM = "anna@example.org"
MALLORY = "mallory@example.net"


def _cognito():
    return boto3.client("cognito-idp")


def _attack(client, stack) -> dict:
    """Mallory, a customer, writes Anna's address into his own account with his access token."""
    add_account(stack, MALLORY, "customers", "Mallory")
    tokens = login(client, MALLORY)
    _cognito().update_user_attributes(
        AccessToken=tokens["access_token"], UserAttributes=[{"Name": "email", "Value": VICTIM}],
    )
    # What real Cognito leaves when an address change is let through: the new address unverified.
    # (moto keeps email_verified as it was; the pool's settings below keep the old address instead.)
    _cognito().admin_update_user_attributes(
        UserPoolId=stack.user_pool_id, Username=VICTIM,
        UserAttributes=[{"Name": "email_verified", "Value": "false"}],
    )
    return tokens


def test_the_app_client_may_not_write_email_or_name(stack):
    cognito = _cognito()
    app_client = cognito.describe_user_pool_client(
        UserPoolId=stack.user_pool_id, ClientId=stack.user_pool_client_id)["UserPoolClient"]
    # Not empty: Cognito reads an empty list as "all standard attributes".
    assert app_client["WriteAttributes"] == ["locale"]
    assert "email_verified" in app_client["ReadAttributes"]
    pool = cognito.describe_user_pool(UserPoolId=stack.user_pool_id)["UserPool"]
    assert pool["UserAttributeUpdateSettings"] == {"AttributesRequireVerificationBeforeUpdate": ["email"]}
    resources = template.accounts(settings())
    assert resources["UserPoolClient"]["Properties"]["WriteAttributes"] == ["locale"]
    assert resources["UserPool"]["Properties"]["UserAttributeUpdateSettings"] == {
        "AttributesRequireVerificationBeforeUpdate": ["email"]}


def test_a_pool_provisioned_before_gets_the_write_rule(stack):
    """Provisioning an existing stage again brings an older app client up to date."""
    _cognito().update_user_pool_client(
        UserPoolId=stack.user_pool_id, ClientId=stack.user_pool_client_id, ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )
    provision.provision()
    app_client = _cognito().describe_user_pool_client(
        UserPoolId=stack.user_pool_id, ClientId=stack.user_pool_client_id)["UserPoolClient"]
    assert app_client["WriteAttributes"] == ["locale"]


def test_changed_unverified_address_logs_in_to_nothing(client, stack):
    number = submit(client, email=VICTIM).json_body["number"]
    old = _attack(client, stack)
    again = post_json(client, "/auth/login", {"email": VICTIM, "password": DEMO_PASSWORD})
    assert again.status_code == 401
    assert again.json_body["message"] == "This account's e-mail address is not verified; please contact the helpdesk."
    refreshed = post_json(client, "/auth/refresh", {"refresh_token": old["refresh_token"]})
    assert refreshed.status_code == 401  # not a 500
    # The token from before the change names Mallory's own address: none of Anna's tickets.
    listing = client.http.get("/me/tickets", headers=bearer(old)).json_body["tickets"]
    assert listing == []
    assert client.http.get(f"/me/tickets/{number}", headers=bearer(old)).status_code == 404
    # And writing with it is refused outright: the account no longer holds that token's address.
    assert post_json(client, f"/me/tickets/{number}/replies", {"body": "Mam"}, bearer(old)).status_code == 401


def test_a_genuine_token_with_the_victims_unverified_address_is_refused(client, stack):
    """Whatever Cognito let through, the authorizer wants a verified address."""
    number = submit(client, email=VICTIM).json_body["number"]
    add_account(stack, MALLORY, "customers", "Mallory")
    genuine = claims_of(login(client, MALLORY)["id_token"])
    for verified in (False, "false", None):
        claims = {**genuine, "email": VICTIM, "email_verified": verified, "iat": int(time.time())}
        if verified is None:
            del claims["email_verified"]
        token = jwt.encode(claims, moto_signing_key(), algorithm="RS256", headers={"kid": "dummy"})
        headers = {"Authorization": f"Bearer {token}"}
        assert client.http.get("/me/tickets", headers=headers).status_code == 403
        assert client.http.get(f"/me/tickets/{number}", headers=headers).status_code == 403
        assert post_json(client, f"/me/tickets/{number}/replies", {"body": "x"}, headers).status_code == 403


def test_a_form_ticket_shows_only_to_an_account_with_the_verified_address(client, stack):
    number = submit(client, email=VICTIM).json_body["number"]
    cognito = _cognito()
    cognito.admin_create_user(
        UserPoolId=stack.user_pool_id, Username=VICTIM, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": VICTIM}, {"Name": "email_verified", "Value": "false"}],
    )
    cognito.admin_set_user_password(UserPoolId=stack.user_pool_id, Username=VICTIM, Password=DEMO_PASSWORD,
                                    Permanent=True)
    cognito.admin_add_user_to_group(UserPoolId=stack.user_pool_id, Username=VICTIM, GroupName="customers")
    assert post_json(client, "/auth/login", {"email": VICTIM, "password": DEMO_PASSWORD}).status_code == 401
    cognito.admin_update_user_attributes(UserPoolId=stack.user_pool_id, Username=VICTIM,
                                         UserAttributes=[{"Name": "email_verified", "Value": "true"}])
    tickets = client.http.get("/me/tickets", headers=bearer(login(client, VICTIM))).json_body["tickets"]
    assert [t["number"] for t in tickets] == [number]


def test_verify_refuses_unverified_addresses(client, stack):
    genuine = claims_of(login(client, "klient@example.com")["id_token"])
    token = jwt.encode({**genuine, "email_verified": "false"}, moto_signing_key(), algorithm="RS256",
                       headers={"kid": "dummy"})
    try:
        identity.verify(token)
    except identity.UnverifiedAddress:
        pass
    else:
        raise AssertionError("an unverified address was accepted")
