"""What every route shares: CORS for the site's origins (``cors``), domain errors as JSON
4xx answers, and the request's body, query and verified principal."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, Response

from chalicelib.api.cors import CORS
from chalicelib.core import db
from chalicelib.core.errors import DomainError, InvalidInput
from chalicelib.people import authorizers

# No request body of this API nests deeper than 2; the decoder recurses per level and
# would hit Python's recursion limit a few hundred levels down.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def _too_deep(raw: bytes) -> bool:
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", raw)):
        depth += 1 if bracket.group() in b"[{" else -1
        if depth > MAX_JSON_DEPTH:
            return True
    return False


def json_body(raw: bytes | str | None) -> Any:
    """The request's JSON, or ``InvalidInput``: not JSON, or nested deeper than any body of this API."""
    if not raw:
        return None
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if _too_deep(data):
        raise InvalidInput(f"Request body nests more than {MAX_JSON_DEPTH} levels deep.")
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise InvalidInput("Request body is not valid JSON.") from None




class Routes:
    """A blueprint whose routes get CORS and turn ``DomainError`` into its status and JSON body."""

    def __init__(self, name: str) -> None:
        self.blueprint = Blueprint(name)

    def route(self, path: str, **options: Any) -> Callable:
        def register(view: Callable) -> Callable:
            @functools.wraps(view)
            def answered(*args: Any, **kwargs: Any) -> Any:
                try:
                    return view(*args, **kwargs)
                except DomainError as exc:
                    return Response(body=exc.body(), status_code=exc.status, headers=exc.headers())
                except Exception as exc:
                    # DynamoDB still throttling after botocore's retries: "later", not a 500.
                    refusal = db.transient_refusal(exc)
                    if refusal is None:
                        raise
                    return Response(body=refusal.body(), status_code=refusal.status, headers=refusal.headers())

            return self.blueprint.route(path, cors=CORS, **options)(answered)

        return register

    @property
    def request(self) -> Any:
        return self.blueprint.current_request

    def body(self) -> Any:
        return json_body(self.request.raw_body)

    def query(self) -> dict[str, str]:
        return dict(self.request.query_params or {})

    def principal(self) -> Any:
        return authorizers.principal_of(self.request.context)

    def header(self, name: str) -> str | None:
        return self.request.headers.get(name)


def created(result: Any) -> Response:
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return Response(body=result.body(), status_code=201, headers=headers)
