"""Login and token refresh against the Cognito user pool (USER_PASSWORD_AUTH)."""

from __future__ import annotations

from typing import Any

from chalicelib.core import aws, parameters
from chalicelib.core.errors import InvalidInput, Unauthorized
from chalicelib.people import identity

# One message for a wrong address and a wrong password: no account enumeration.
BAD_LOGIN = "Incorrect e-mail address or password."
_REFUSED = {"NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException",
            "PasswordResetRequiredException", "InvalidParameterException"}


def _tokens(result: dict[str, Any], refresh_token: str | None = None) -> dict[str, Any]:
    principal = identity.verify(result["IdToken"])
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


def _initiate(flow: str, auth_parameters: dict[str, str]) -> dict[str, Any]:
    from botocore.exceptions import ClientError

    try:
        response = aws.client("cognito-idp").initiate_auth(
            ClientId=parameters.get(parameters.USER_POOL_CLIENT_ID),
            AuthFlow=flow,
            AuthParameters=auth_parameters,
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] in _REFUSED:
            raise Unauthorized(BAD_LOGIN) from None
        raise
    if "AuthenticationResult" not in response:
        # A challenge (new password required ...) cannot be completed here.
        raise Unauthorized(BAD_LOGIN)
    return response["AuthenticationResult"]


def login(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInput("Request body must be a JSON object.")
    errors = {
        field: "This field is required."
        for field in ("email", "password")
        if not isinstance(data.get(field), str) or not data.get(field)
    }
    if errors:
        raise InvalidInput("E-mail address and password are required.", errors)
    result = _initiate("USER_PASSWORD_AUTH", {"USERNAME": data["email"].strip().lower(), "PASSWORD": data["password"]})
    return _tokens(result)


def refresh(data: Any) -> dict[str, Any]:
    token = data.get("refresh_token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise InvalidInput("refresh_token is required.", {"refresh_token": "This field is required."})
    result = _initiate("REFRESH_TOKEN_AUTH", {"REFRESH_TOKEN": token})
    return _tokens(result, refresh_token=token)
