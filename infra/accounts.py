"""Operator command for accounts: add, disable, enable and list.

    python -m infra.accounts add jan@firma.pl "Jan Kowalski" consultants
    python -m infra.accounts disable jan@firma.pl
    python -m infra.accounts list [--group consultants]
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.core import parameters
from chalicelib.core.config import Settings, settings

GROUPS = ("customers", "consultants")


def _cognito(config: Settings) -> Any:
    return boto3.client("cognito-idp", region_name=config.region)


def add_account(
    pool_id: str,
    email: str,
    name: str,
    group: str,
    password: str | None,
    *,
    config: Settings | None = None,
    exist_ok: bool = False,
) -> None:
    if group not in GROUPS:
        raise SystemExit(f"group must be one of {', '.join(GROUPS)}")
    cognito = _cognito(config or settings())
    try:
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "name", "Value": name},
            ],
            MessageAction="SUPPRESS" if password else "RESEND",
        )
    except ClientError as exc:
        if not (exist_ok and exc.response["Error"]["Code"] == "UsernameExistsException"):
            raise
    if password:
        cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName=group)


def set_enabled(pool_id: str, email: str, enabled: bool) -> None:
    cognito = _cognito(settings())
    if enabled:
        cognito.admin_enable_user(UserPoolId=pool_id, Username=email)
    else:
        cognito.admin_disable_user(UserPoolId=pool_id, Username=email)
        cognito.admin_user_global_sign_out(UserPoolId=pool_id, Username=email)


def list_accounts(pool_id: str, group: str | None) -> list[dict[str, str]]:
    cognito = _cognito(settings())
    if group:
        pages = cognito.get_paginator("list_users_in_group").paginate(UserPoolId=pool_id, GroupName=group)
    else:
        pages = cognito.get_paginator("list_users").paginate(UserPoolId=pool_id)
    rows = []
    for page in pages:
        for user in page["Users"]:
            attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
            rows.append(
                {
                    "email": attributes.get("email", user["Username"]),
                    "name": attributes.get("name", ""),
                    "enabled": str(user.get("Enabled", True)).lower(),
                    "status": user.get("UserStatus", ""),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account (password asked, or an invitation mailed)")
    add.add_argument("email")
    add.add_argument("name")
    add.add_argument("group", choices=GROUPS)
    add.add_argument("--invite", action="store_true", help="let Cognito mail a temporary password")
    for command in ("disable", "enable"):
        commands.add_parser(command).add_argument("email")
    listing = commands.add_parser("list")
    listing.add_argument("--group", choices=GROUPS)
    args = parser.parse_args()
    pool_id = parameters.get(parameters.USER_POOL_ID)
    if args.command == "add":
        password = None if args.invite else getpass.getpass("Password: ")
        add_account(pool_id, args.email, args.name, args.group, password)
    elif args.command in ("disable", "enable"):
        set_enabled(pool_id, args.email, args.command == "enable")
    else:
        for row in list_accounts(pool_id, args.group):
            print("\t".join(row.values()))


if __name__ == "__main__":
    main()
