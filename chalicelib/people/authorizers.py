"""The API's authorizers: a verified token of the right group, or a deny.

API Gateway turns an empty route list into 403; a missing header never reaches
us (401). The verified identity travels to the route in the authorizer context.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core.errors import Unauthorized
from chalicelib.people import directory, identity
from chalicelib.people.identity import Principal

SESSION_ENDED = "The session has ended; please log in again."


def bearer(header: str) -> str:
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else header.strip()


def authorize(header: str, group: str) -> dict[str, Any]:
    """Routes and context for an ``AuthResponse``: all routes for the group, else none."""
    try:
        principal = identity.verify(bearer(header))
    except identity.InvalidToken:
        return {"routes": [], "principal_id": "anonymous"}
    if group not in principal.groups:
        return {"routes": [], "principal_id": principal.user_id}
    return {
        "routes": ["*"],
        "principal_id": principal.user_id,
        "context": {"email": principal.email, "name": principal.name, "groups": ",".join(principal.groups)},
    }


def principal_of(request_context: dict[str, Any]) -> Principal:
    authorizer = request_context.get("authorizer") or {}
    return Principal(
        user_id=authorizer["principalId"],
        email=authorizer.get("email", ""),
        name=authorizer.get("name", ""),
        groups=tuple(filter(None, authorizer.get("groups", "").split(","))),
    )


def require_current(principal: Principal) -> None:
    """Before a write: the account must still be enabled and hold the token's verified address
    (``Unauthorized`` otherwise; the site then refreshes, and a refresh of such an account fails)."""
    if not directory.still_holds(principal):
        raise Unauthorized(SESSION_ENDED)
