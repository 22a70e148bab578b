"""What every route shares: CORS for the site's origins (``cors``), domain errors as JSON
4xx answers, and the request's body, query and verified principal."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from chalice import Blueprint, Response

from chalicelib.api.cors import CORS
from chalicelib.core import db
from chalicelib.core.errors import DomainError, InvalidInput
from chalicelib.people import authorizers

# No request body of this API nests deeper than 2; the decoder recurses per level and
# would hit Python's recursion limit a few hundred levels down.
MAX_JSON_DEPTH = 32
# No body of this API comes near this (a 20,000-character description is at most 80 KB of UTF-8);
# everything below reads at most this much.
MAX_BODY_BYTES = 256 * 1024
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_STRING = re.compile(rb'"[^"]*"')  # once escapes are gone, a string has no quote inside
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _too_deep(raw: bytes) -> bool:
    """Whether brackets outside strings nest deeper than MAX_JSON_DEPTH, in linear time: the
    escapes that matter (``\\\\`` then ``\\"``) go first, then strings (a negated class, no
    alternation), then the brackets left are summed. One pattern for whole strings with escapes
    inside rescanned an unterminated string from every quote: 86 s for 80 KB."""
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = _STRING.sub(b"", unescaped).translate(None, _NOT_BRACKETS)
    return bool(brackets) and max(accumulate(map(_STEP.__getitem__, brackets))) > MAX_JSON_DEPTH


def json_body(raw: bytes | str | None) -> Any:
    """The request's JSON, or ``InvalidInput``: not JSON, or nested deeper than any body of this API."""
    if not raw:
        return None
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if len(data) > MAX_BODY_BYTES:
        raise InvalidInput(f"Request body is larger than {MAX_BODY_BYTES // 1024} KB.")
    if _too_deep(data):
        raise InvalidInput(f"Request body nests more than {MAX_JSON_DEPTH} levels deep.")
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise InvalidInput("Request body is not valid JSON.") from None


@dataclass(frozen=True)
class Contract:
    """What one route takes and answers, for the OpenAPI document (``openapi.py``).

    Models are named, not imported, so importing the app stays cheap (no pydantic at cold
    start): ``body``, ``query`` and ``headers`` name models in ``chalicelib/rules/schemas.py``,
    ``answer`` one in ``chalicelib/rules/answers.py``.
    """

    body: str | None = None
    query: str | None = None
    headers: str | None = None
    answer: str | None = None
    body_required: bool = True  # False: the body may be left out (e.g. an optional version)
    status: int = 200  # of success
    refusals: tuple[int, ...] = ()  # statuses the route table does not imply (e.g. 422)


class Routes:
    """A blueprint whose routes get CORS and turn ``DomainError`` into its status and JSON body.

    Each route declares its contract beside it: ``@routes.route("/x", methods=["POST"],
    body="XRequest", answer="X")`` (see ``Contract``).
    """

    def __init__(self, name: str) -> None:
        self.blueprint = Blueprint(name)

    def route(self, path: str, *, body: str | None = None, query: str | None = None, headers: str | None = None,
              answer: str | None = None, body_required: bool = True, status: int = 200,
              refusals: tuple[int, ...] = (), **options: Any) -> Callable:
        contract = Contract(body=body, query=query, headers=headers, answer=answer, body_required=body_required,
                            status=status, refusals=refusals)
        # An authenticated write asks Cognito first whether the account still holds the token.
        checked = bool(options.get("authorizer")) and bool(set(options.get("methods", ["GET"])) & _WRITES)

        def register(view: Callable) -> Callable:
            @functools.wraps(view)
            def answered(*args: Any, **kwargs: Any) -> Any:
                try:
                    if checked:
                        authorizers.require_current(self.principal())
                    return view(*args, **kwargs)
                except DomainError as exc:
                    return Response(body=exc.body(), status_code=exc.status, headers=exc.headers())
                except Exception as exc:
                    # DynamoDB still throttling after botocore's retries: "later", not a 500.
                    refusal = db.transient_refusal(exc)
                    if refusal is None:
                        raise
                    return Response(body=refusal.body(), status_code=refusal.status, headers=refusal.headers())

            answered.contract = contract  # type: ignore[attr-defined]
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

    def client_address(self) -> str | None:
        """The caller's IP as API Gateway saw it (the site is served elsewhere, so it is the client's)."""
        return ((self.request.context or {}).get("identity") or {}).get("sourceIp")


def created(result: Any) -> Response:
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return Response(body=result.body(), status_code=201, headers=headers)
