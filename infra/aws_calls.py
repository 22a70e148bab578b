"""Records every AWS API call made through botocore, with a ``before-call`` event hook.

Installed once, before any client exists: every client botocore creates gets the
hook, whichever session made it (boto3's, or PynamoDB's own).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import botocore.session


@dataclass
class Call:
    service: str
    operation: str
    params: dict[str, Any]


@dataclass
class Recorder:
    calls: list[Call] = field(default_factory=list)  # since the last clear()
    history: list[tuple[str, str]] = field(default_factory=list)  # the whole session

    def clear(self) -> None:
        self.calls.clear()

    def of(self, service: str, operation: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.service == service and operation in (None, c.operation)]

    def operations(self, service: str | None = None) -> list[str]:
        return [c.operation for c in self.calls if service in (None, c.service)]


RECORDER = Recorder()


def _api_params(request: dict[str, Any]) -> dict[str, Any]:
    """The operation's parameters, from the serialized request (JSON protocols)."""
    body = request.get("body")
    if isinstance(body, (bytes, str)) and body:
        try:
            decoded = json.loads(body)
        except ValueError:
            return {}
        return decoded if isinstance(decoded, dict) else {}
    return {}


def _hook(event_name: str, params: dict[str, Any], **_: Any) -> None:
    # PynamoDB sends its requests itself but still emits before-call with the
    # serialized request, so one hook sees boto3's calls and PynamoDB's alike.
    _, service, operation = event_name.split(".", 2)
    RECORDER.calls.append(Call(service, operation, _api_params(params)))
    RECORDER.history.append((service, operation))


def install() -> None:
    original = botocore.session.Session.create_client
    if getattr(original, "_records_calls", False):
        return

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        client.meta.events.register("before-call.*.*", _hook)
        return client

    create_client._records_calls = True  # type: ignore[attr-defined]
    botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
