"""The events the Lambda runtime hands the app's functions, in AWS's documented shapes:
an API Gateway (REST, proxy integration) request, a TOKEN authorizer request, and
an SNS delivery of an SES receipt notification."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SES_RECEIPT = ROOT / "tests" / "events" / "ses_receipt.json"
ACCOUNT, API_ID, STAGE = "123456789012", "a1b2c3d4e5", "api"


def api_request(method: str, resource: str, *, body: Any = None, headers: dict[str, str] | None = None,
                query: dict[str, str] | None = None, authorizer: dict[str, Any] | None = None) -> dict[str, Any]:
    """A REST API proxy-integration event (``resource`` has no path parameters here)."""
    headers = {"Host": f"{API_ID}.execute-api.eu-central-1.amazonaws.com", "Accept": "application/json",
               "Origin": "https://support.example.com", "X-Forwarded-Proto": "https",
               **({"Content-Type": "application/json"} if body is not None else {}), **(headers or {})}
    context: dict[str, Any] = {
        "accountId": ACCOUNT, "apiId": API_ID, "stage": STAGE, "resourceId": "abc123",
        "resourcePath": resource, "httpMethod": method, "path": f"/{STAGE}{resource}",
        "protocol": "HTTP/1.1", "requestId": str(uuid.uuid4()), "requestTimeEpoch": 1772442847512,
        "identity": {"sourceIp": "203.0.113.25", "userAgent": "Mozilla/5.0"},
        "domainName": f"{API_ID}.execute-api.eu-central-1.amazonaws.com",
    }
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {
        "resource": resource, "path": resource, "httpMethod": method,
        "headers": headers, "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": query, "multiValueQueryStringParameters":
            {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": None, "stageVariables": None, "requestContext": context,
        "body": json.dumps(body) if body is not None else None, "isBase64Encoded": False,
    }


def token_authorizer(token: str, method: str, resource: str) -> dict[str, Any]:
    return {
        "type": "TOKEN",
        "authorizationToken": f"Bearer {token}",
        "methodArn": f"arn:aws:execute-api:eu-central-1:{ACCOUNT}:{API_ID}/{STAGE}/{method}{resource}",
    }


def authorizer_context(policy: dict[str, Any]) -> dict[str, Any]:
    """What API Gateway passes on to the function: the principal and the authorizer's context."""
    return {"principalId": policy["principalId"], **policy.get("context", {})}


def ses_receipt(*, key: str, recipients: list[str], sender: str, message_id: str) -> dict[str, Any]:
    """The recorded receipt notification (tests/events/ses_receipt.json) for another stored mail."""
    notification = copy.deepcopy(json.loads(SES_RECEIPT.read_text(encoding="utf-8")))
    notification["mail"].update(source=sender, destination=recipients, messageId=message_id)
    notification["receipt"]["recipients"] = recipients
    notification["receipt"]["action"]["objectKey"] = key
    return notification
