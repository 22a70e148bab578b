"""Login, token refresh and logout against the Cognito user pool (USER_PASSWORD_AUTH).

Failed logins are throttled per address and per client (``people.throttle``);
logout revokes the account's refresh tokens."""

from __future__ import annotations

from typing import Any

from chalicelib.core import aws, parameters
from chalicelib.core.errors import TooManyRequests, Unauthorized
from chalicelib.people import authorizers, identity, throttle
from chalicelib.rules.schemas import LoginRequest, RefreshRequest, parse_body

# One message for a wrong address and a wrong password: no account enumeration.
BAD_LOGIN = "Incorrect e-mail address or password."
SESSION_ENDED = authorizers.SESSION_ENDED
# Said only after the right password (or a valid refresh token): it tells an attacker nothing new.
UNVERIFIED = "This account's e-mail address is not verified; please contact the helpdesk."
_REFUSED = {"NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException",
            "PasswordResetRequiredException", "InvalidParameterException"}
_COGNITO_THROTTLED = {"TooManyRequestsException", "LimitExceededException"}


def _tokens(result: dict[str, Any], refresh_token: str | None = None) -> dict[str, Any]:
    try:
        principal = identity.verify(result["IdToken"])
    except identity.UnverifiedAddress:
        raise Unauthorized(UNVERIFIED) from None
    except identity.InvalidToken:
        # Cognito issued it but the app cannot use it (an account in no group): a 401, never a 500.
        raise Unauthorized(BAD_LOGIN) from None
    return {
        "id_token": result["IdToken"],
        "access_token": result["AccessToken"],
        "refresh_token": result.get("RefreshToken", refresh_token),
        "expires_in": result["ExpiresIn"],
        "token_type": "Bearer",
        "role": "consultant" if principal.role == identity.CONSULTANTS else "customer",
        "email": principal.email,
        "name": principal.name,
    }


def _initiate(flow: str, auth_parameters: dict[str, str], *, refused: str = BAD_LOGIN,
              any_error_refuses: bool = False) -> dict[str, Any]:
    from botocore.exceptions import ClientError

    try:
        response = aws.client("cognito-idp").initiate_auth(
            ClientId=parameters.get(parameters.USER_POOL_CLIENT_ID),
            AuthFlow=flow,
            AuthParameters=auth_parameters,
        )
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if code in _COGNITO_THROTTLED:
            raise TooManyRequests("Too many requests; please try again shortly.", retry_after=5) from None
        if any_error_refuses or code in _REFUSED:
            raise Unauthorized(refused) from None
        raise
    if "AuthenticationResult" not in response:
        # A challenge (new password required ...) cannot be completed here.
        raise Unauthorized(BAD_LOGIN)
    return response["AuthenticationResult"]


def login(data: Any, client: str | None = None) -> dict[str, Any]:
    """Tokens for an address and password; ``client`` (the caller's IP) is throttled too."""
    request = parse_body(LoginRequest, data, "en")
    address = request.email.strip().lower()
    throttle.check(address, client)
    try:
        result = _initiate("USER_PASSWORD_AUTH", {"USERNAME": address, "PASSWORD": request.password})
    except Unauthorized:
        throttle.failed(address, client)
        raise
    throttle.succeeded(address)
    return _tokens(result)


def refresh(data: Any) -> dict[str, Any]:
    """New tokens for a refresh token. Whatever keeps Cognito from issuing them (revoked,
    account changed or gone; the emulator even fails with a 500 once the address changed)
    ends the session with a 401: the site then asks for a new login."""
    token = parse_body(RefreshRequest, data, "en").refresh_token
    result = _initiate("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": token}, refused=SESSION_ENDED, any_error_refuses=True)
    return _tokens(result, refresh_token=token)


def logout(authorization: str | None) -> dict[str, str]:
    """Revoke the refresh tokens of the account whose ID token is presented (``Authorization:
    Bearer``): a copied refresh token stops working. Cognito's own GlobalSignOut takes the
    access token but the emulator cannot serve it (unsigned, it looks in the wrong region),
    so the admin call signs the account out."""
    from botocore.exceptions import ClientError

    try:
        principal = identity.verify(authorizers.bearer(authorization or ""))
    except identity.InvalidToken:
        raise Unauthorized(SESSION_ENDED) from None
    try:
        aws.client("cognito-idp").admin_user_global_sign_out(
            UserPoolId=parameters.get(parameters.USER_POOL_ID), Username=principal.email)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "UserNotFoundException":
            raise
    return {"status": "signed_out"}
