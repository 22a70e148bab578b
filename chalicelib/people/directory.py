"""Consultants as the desk sees them: availability (ours) and activity (Cognito)."""

from __future__ import annotations

from chalicelib.core import aws, clock, parameters
from chalicelib.core.errors import InvalidInput
from chalicelib.core.tables import Consultant
from chalicelib.people.identity import Principal


def set_availability(principal: Principal, data: object) -> dict:
    available = data.get("available") if isinstance(data, dict) else None
    if not isinstance(available, bool):
        raise InvalidInput("available must be true or false", {"available": "true or false"})
    Consultant(
        principal.user_id, email=principal.email, name=principal.name,
        available=available, updated_at=clock.iso(),
    ).save()
    return {"user_id": principal.user_id, "email": principal.email, "available": available}


def availability(principal: Principal) -> dict:
    return {"user_id": principal.user_id, "email": principal.email, "available": is_available(principal.user_id)}


def is_available(user_id: str) -> bool:
    try:
        return bool(Consultant.get(user_id).available)
    except Consultant.DoesNotExist:
        return True


def is_active(email: str) -> bool:
    """An account that was disabled or deleted can no longer take a ticket."""
    from botocore.exceptions import ClientError

    try:
        user = aws.client("cognito-idp").admin_get_user(
            UserPoolId=parameters.get(parameters.USER_POOL_ID), Username=email
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "UserNotFoundException":
            return False
        raise
    return bool(user.get("Enabled", True))


def consultant_addresses() -> list[str]:
    """Everyone in the consultants group (notified when a ticket has no consultant)."""
    cognito = aws.client("cognito-idp")
    addresses = []
    pages = cognito.get_paginator("list_users_in_group").paginate(
        UserPoolId=parameters.get(parameters.USER_POOL_ID), GroupName="consultants"
    )
    for page in pages:
        for user in page["Users"]:
            if not user.get("Enabled", True):
                continue
            attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
            if attributes.get("email"):
                addresses.append(attributes["email"])
    return addresses
