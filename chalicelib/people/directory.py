"""Consultants as the desk sees them: one directory over Cognito (accounts, groups,
activity) and our own record of each consultant's availability."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.core import aws, clock, parameters
from chalicelib.core.tables import Consultant
from chalicelib.people.identity import CONSULTANTS, Principal
from chalicelib.rules.schemas import AvailabilityRequest, parse_body


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    name: str
    enabled: bool
    email_verified: bool = False


def _attributes(pairs: list[dict[str, str]]) -> dict[str, str]:
    return {pair["Name"]: pair["Value"] for pair in pairs}


def _account(user: dict[str, Any], attributes: dict[str, str]) -> Account:
    return Account(
        user_id=attributes.get("sub", user["Username"]),
        email=attributes.get("email", "").lower(),
        name=attributes.get("name", ""),
        enabled=bool(user.get("Enabled", True)),
        email_verified=attributes.get("email_verified", "").lower() == "true",
    )


def account(email: str, *, in_group: str | None = None) -> Account | None:
    """The account with this address (None if there is none, or it is not in ``in_group``)."""
    from botocore.exceptions import ClientError

    cognito, pool = aws.client("cognito-idp"), parameters.get(parameters.USER_POOL_ID)
    try:
        user = cognito.admin_get_user(UserPoolId=pool, Username=email)
        if in_group is not None:
            groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=email)["Groups"]
            if in_group not in {group["GroupName"] for group in groups}:
                return None
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "UserNotFoundException":
            return None
        raise
    return _account(user, _attributes(user.get("UserAttributes", [])))


def still_holds(principal: Principal) -> bool:
    """Whether the account behind a verified token still is what the token says: the same
    account holds the token's address, verified, and is enabled. A token outlives a disabled
    account or a changed address by up to its lifetime; writes ask Cognito first."""
    found = account(principal.email)
    return bool(found and found.user_id == principal.user_id and found.enabled and found.email_verified
                and found.email == principal.email)


def active_consultant(email: str) -> Account | None:
    found = account(email, in_group=CONSULTANTS)
    return found if found and found.enabled else None


def is_active(email: str) -> bool:
    """An account that was disabled or deleted can no longer take a ticket."""
    found = account(email)
    return bool(found and found.enabled)


def consultants() -> list[Account]:
    """Every enabled account in the consultants group."""
    found = []
    pages = aws.client("cognito-idp").get_paginator("list_users_in_group").paginate(
        UserPoolId=parameters.get(parameters.USER_POOL_ID), GroupName=CONSULTANTS
    )
    for page in pages:
        for user in page["Users"]:
            item = _account(user, _attributes(user.get("Attributes", [])))
            if item.enabled and item.email:
                found.append(item)
    return found


def consultant_addresses() -> list[str]:
    """Everyone in the consultants group (notified when a ticket has no consultant)."""
    return [item.email for item in consultants()]


def set_availability(principal: Principal, data: object) -> dict:
    available = parse_body(AvailabilityRequest, data, "en").available
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
