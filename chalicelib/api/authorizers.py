"""The API's authorizers, one per group; the checks live in ``people``."""

from __future__ import annotations

from typing import Any

from chalice import AuthResponse, Blueprint

from chalicelib.people import authorizers
from chalicelib.people.identity import CONSULTANTS, CUSTOMERS

blueprint = Blueprint(__name__)


@blueprint.authorizer()
def customer_auth(auth_request: Any) -> AuthResponse:
    return AuthResponse(**authorizers.authorize(auth_request.token, CUSTOMERS))


@blueprint.authorizer()
def consultant_auth(auth_request: Any) -> AuthResponse:
    return AuthResponse(**authorizers.authorize(auth_request.token, CONSULTANTS))
