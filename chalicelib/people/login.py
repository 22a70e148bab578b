"""Login and token refresh against the Cognito user pool (USER_PASSWORD_AUTH)."""

from __future__ import annotations

from typing import Any

from chalicelib.core import aws, parameters
from chalicelib.core.errors import Unauthorized
from chalicelib.people import identity
from chalicelib.rules.schemas import LoginRequest, RefreshRequest, parse_body

# One message for a wrong address and a wrong password: no account enumeration.
BAD_LOGIN = "Incorrect e-mail address or password."
SESSION_ENDED = "The session has ended; please log in again."
# Said only after the right password (or a valid refresh token): it tells an attacker nothing new.
UNVERIFIED = "This account's e-mail address is not verified; please contact the helpdesk."
_REFUSED = {"NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException",
            "PasswordResetRequiredException", "InvalidParameterException"}


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
        if any_error_refuses or exc.response["Error"]["Code"] in _REFUSED:
            raise Unauthorized(refused) from None
        raise
    if "AuthenticationResult" not in response:
        # A challenge (new password required ...) cannot be completed here.
        raise Unauthorized(BAD_LOGIN)
    return response["AuthenticationResult"]


def login(data: Any) -> dict[str, Any]:
    request = parse_body(LoginRequest, data, "en")
    return _tokens(_initiate("USER_PASSWORD_AUTH", {"USERNAME": request.email.strip().lower(),
                                                     "PASSWORD": request.password}))


def refresh(data: Any) -> dict[str, Any]:
    """New tokens for a refresh token. Whatever keeps Cognito from issuing them (revoked,
    account changed or gone; the emulator even fails with a 500 once the address changed)
    ends the session with a 401: the site then asks for a new login."""
    token = parse_body(RefreshRequest, data, "en").refresh_token
    result = _initiate("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": token}, refused=SESSION_ENDED, any_error_refuses=True)
    return _tokens(result, refresh_token=token)
