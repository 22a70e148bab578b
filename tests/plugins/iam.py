"""AWS API operations -> the IAM actions and resource ARNs they need; policy matching.

Only what the app uses is mapped precisely; anything else maps to its obvious
action on resource ``*``, which no stage policy allows, so a new kind of call
fails the policy test until it is mapped and granted on purpose.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import Any

Permission = tuple[str, str]  # (IAM action, resource ARN)

ACCOUNT = "123456789012"  # moto's; the policies name any account (see README)
PREFIX = {"sesv2": "ses", "ses": "ses", "cognito-idp": "cognito-idp", "dynamodb": "dynamodb",
          "ssm": "ssm", "s3": "s3", "sns": "sns", "sts": "sts", "sqs": "sqs"}
# Cognito authorizes these with the app client, not IAM: it never evaluates a policy for them.
UNAUTHENTICATED = {("cognito-idp", op) for op in (
    "InitiateAuth", "RespondToAuthChallenge", "GetUser", "GlobalSignOut", "RevokeToken",
    "SignUp", "ConfirmSignUp", "ForgotPassword", "ConfirmForgotPassword", "ChangePassword",
)}
_TRANSACT = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
             "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}


def _table(region: str, name: str, index: str | None = None) -> str:
    arn = f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}"
    return f"{arn}/index/{index}" if index else arn


def _dynamodb(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    if operation in ("TransactWriteItems", "TransactGetItems"):
        return [
            (f"dynamodb:{_TRANSACT[kind]}", _table(region, body["TableName"]))
            for item in params.get("TransactItems", [])
            for kind, body in item.items()
        ]
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(f"dynamodb:{operation}", _table(region, name)) for name in params.get("RequestItems", {})]
    return [(f"dynamodb:{operation}", _table(region, params.get("TableName", "*"), params.get("IndexName")))]


def _ses(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    sender = params.get("FromEmailAddress") or params.get("Source") or "*"
    domain = sender.rsplit("@", 1)[-1].rstrip(">")
    found = [(f"ses:{operation}", f"arn:aws:ses:{region}:{ACCOUNT}:identity/{domain}")]
    if params.get("ConfigurationSetName"):
        found.append((f"ses:{operation}",
                      f"arn:aws:ses:{region}:{ACCOUNT}:configuration-set/{params['ConfigurationSetName']}"))
    return found


def _ssm(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    base = f"arn:aws:ssm:{region}:{ACCOUNT}:parameter/"
    if "Path" in params:
        # A path is authorized as the hierarchy itself; grant it and what is under it,
        # whichever form IAM evaluates, so both must be in the policy.
        path = params["Path"].strip("/")
        return [(f"ssm:{operation}", base + path), (f"ssm:{operation}", f"{base}{path}/x")]
    names = params.get("Names") or [params.get("Name", "*")]
    return [(f"ssm:{operation}", base + n.strip("/")) for n in names]


def _s3(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    bucket, key = params.get("Bucket", "*"), params.get("Key")
    if operation == "DeleteObjects":  # authorized per object, as s3:DeleteObject
        return [("s3:DeleteObject", f"arn:aws:s3:::{bucket}/{o['Key']}") for o in params["Delete"]["Objects"]]
    action = {"HeadObject": "GetObject", "ListObjectsV2": "ListBucket", "ListObjects": "ListBucket",
              "HeadBucket": "ListBucket"}.get(operation, operation)
    return [(f"s3:{action}", f"arn:aws:s3:::{bucket}/{key}" if key else f"arn:aws:s3:::{bucket}")]


def _cognito(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    pool = params.get("UserPoolId", "*")
    return [(f"cognito-idp:{operation}", f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{pool}")]


def _sns(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    return [(f"sns:{operation}", params.get("TopicArn") or params.get("TargetArn") or "*")]


def _sqs(operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    # A queue URL ends in the account and the name; GetQueueUrl names the queue.
    name = params.get("QueueName") or params.get("QueueUrl", "*").rstrip("/").rsplit("/", 1)[-1]
    return [(f"sqs:{operation}", f"arn:aws:sqs:{region}:{ACCOUNT}:{name}")]


_MAPPERS = {"dynamodb": _dynamodb, "sesv2": _ses, "ses": _ses, "ssm": _ssm, "s3": _s3,
            "cognito-idp": _cognito, "sns": _sns, "sqs": _sqs}


def permissions(service: str, operation: str, params: dict[str, Any], region: str) -> list[Permission]:
    """What IAM checks for one API call (empty when IAM is not consulted)."""
    if (service, operation) in UNAUTHENTICATED:
        return []
    mapper = _MAPPERS.get(service)
    if mapper is None:
        return [(f"{PREFIX.get(service, service)}:{operation}", "*")]
    return mapper(operation, params, region)


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def allows(statement: dict[str, Any], permission: Permission) -> bool:
    """Action and resource match (IAM wildcards); conditions are checked by their own tests."""
    action, resource = permission
    if statement.get("Effect") != "Allow":
        return False
    actions = [a.lower() for a in _listed(statement.get("Action", []))]
    return action.lower() in actions and any(
        fnmatch.fnmatchcase(resource, pattern) for pattern in _listed(statement.get("Resource", []))
    )


def missing(policy: dict[str, Any], needed: Iterable[Permission]) -> list[Permission]:
    return sorted({p for p in needed if not any(allows(s, p) for s in policy["Statement"])})


def unused(policy: dict[str, Any], needed: Iterable[Permission], exempt: set[str]) -> list[str]:
    """``Sid/action`` and ``Sid/resource`` entries of the policy that no recorded call needed."""
    needed = set(needed)
    found = []
    for statement in policy["Statement"]:
        actions = [a for a in _listed(statement["Action"]) if a not in exempt]
        if not actions:
            continue
        used = [p for p in needed if allows(statement, p)]
        found += [f"{statement.get('Sid', '?')}/{a}" for a in actions if not any(p[0] == a for p in used)]
        found += [
            f"{statement.get('Sid', '?')}/{pattern}" for pattern in _listed(statement["Resource"])
            if not any(fnmatch.fnmatchcase(p[1], pattern) for p in used)
        ]
    return found
