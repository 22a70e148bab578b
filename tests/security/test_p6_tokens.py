"""Point 6: tokens.

The attack: an ID token of a disabled account kept working for up to an hour, and there was
no way to end a session on the server; a refresh after the account's address changed
answered 500. Now every authenticated write asks Cognito whether the account is still
enabled and still holds the token's verified address (401 otherwise), ID tokens live 15
minutes, ``POST /auth/logout`` revokes the refresh tokens, and a refresh Cognito refuses
(revoked, address changed) answers 401.
"""

from __future__ import annotations

import boto3

from chalicelib.core.config import settings
from infra import template
from tests.fixtures import CONSULTANT, CUSTOMER, bearer, login, post_json, submit

SESSION_ENDED = {"message": "The session has ended; please log in again."}


def _cognito():
    return boto3.client("cognito-idp")


def test_a_disabled_customer_cannot_write_with_the_token_he_holds(client, stack):
    tokens = login(client, CUSTOMER)
    number = submit(client, email=CUSTOMER).json_body["number"]
    _cognito().admin_disable_user(UserPoolId=stack.user_pool_id, Username=CUSTOMER)
    reply = post_json(client, f"/me/tickets/{number}/replies", {"body": "Jeszcze tu jestem"}, bearer(tokens))
    assert (reply.status_code, reply.json_body) == (401, SESSION_ENDED)
    form = {"request_type": "technical", "product": "lex", "subject": "S", "description": "D"}
    assert post_json(client, "/me/tickets", form, bearer(tokens)).status_code == 401
    # Reads go on until the token expires (15 minutes, below).
    assert client.http.get(f"/me/tickets/{number}", headers=bearer(tokens)).status_code == 200


def test_a_disabled_consultant_cannot_act_on_tickets(client, stack):
    tokens = login(client, CONSULTANT)
    number = submit(client).json_body["number"]
    _cognito().admin_disable_user(UserPoolId=stack.user_pool_id, Username=CONSULTANT)
    for path, body in ((f"/consultant/tickets/{number}/claim", {}),
                       (f"/consultant/tickets/{number}/replies", {"body": "Odpowiedź"}),
                       (f"/consultant/tickets/{number}/close", {})):
        assert post_json(client, path, body, bearer(tokens)).status_code == 401
    assert client.http.put("/consultant/me", headers={"Content-Type": "application/json", **bearer(tokens)},
                           body='{"available": false}').status_code == 401


def test_a_token_for_an_address_the_account_no_longer_holds_cannot_write(client, stack):
    tokens = login(client, CUSTOMER)
    number = submit(client, email=CUSTOMER).json_body["number"]
    _cognito().admin_update_user_attributes(UserPoolId=stack.user_pool_id, Username=CUSTOMER,
                                            UserAttributes=[{"Name": "email", "Value": "nowy@example.com"}])
    reply = post_json(client, f"/me/tickets/{number}/replies", {"body": "x"}, bearer(tokens))
    assert reply.status_code == 401
    refreshed = post_json(client, "/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert (refreshed.status_code, refreshed.json_body) == (401, SESSION_ENDED)  # not a 500


def test_logout_revokes_the_refresh_token(client):
    tokens = login(client, CUSTOMER)
    assert post_json(client, "/auth/refresh", {"refresh_token": tokens["refresh_token"]}).status_code == 200
    out = post_json(client, "/auth/logout", None, bearer(tokens))
    assert (out.status_code, out.json_body) == (200, {"status": "signed_out"})
    refreshed = post_json(client, "/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert (refreshed.status_code, refreshed.json_body) == (401, SESSION_ENDED)
    assert post_json(client, "/auth/logout", None, bearer(tokens)).status_code == 200  # idempotent
    # Nobody signs another account out: only a genuine token of the account itself.
    forged = post_json(client, "/auth/logout", None, {"Authorization": "Bearer not-a-token"})
    assert (forged.status_code, forged.json_body) == (401, SESSION_ENDED)
    assert post_json(client, "/auth/logout", None).status_code == 401


def test_id_tokens_live_fifteen_minutes_and_can_be_revoked(stack):
    app_client = _cognito().describe_user_pool_client(
        UserPoolId=stack.user_pool_id, ClientId=stack.user_pool_client_id)["UserPoolClient"]
    assert (app_client["IdTokenValidity"], app_client["AccessTokenValidity"]) == (15, 15)
    assert app_client["TokenValidityUnits"]["IdToken"] == "minutes"
    assert app_client["EnableTokenRevocation"] is True
    properties = template.accounts(settings())["UserPoolClient"]["Properties"]
    assert (properties["IdTokenValidity"], properties["EnableTokenRevocation"]) == (15, True)


def test_writes_of_a_current_account_still_work(client, customer, consultant):
    number = submit(client, email=CUSTOMER).json_body["number"]
    assert post_json(client, f"/me/tickets/{number}/replies", {"body": "Dziękuję"}, customer).status_code == 200
    assert post_json(client, f"/consultant/tickets/{number}/claim", {}, consultant).status_code == 200
