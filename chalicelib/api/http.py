"""What every route shares: CORS for the site's origin, domain errors as JSON 4xx
answers, and the request's body, query and verified principal."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from chalice import Blueprint, CORSConfig, Response

from chalicelib.core.config import settings
from chalicelib.core.errors import DomainError, InvalidInput
from chalicelib.people import authorizers


class SiteCORS(CORSConfig):
    """CORS for the stage's site origin, read from settings when a response is made, not at import."""

    def __init__(self) -> None:
        super().__init__(allow_headers=["Content-Type", "Authorization", "Idempotency-Key"], max_age=600)

    @property
    def allow_origin(self) -> str:
        return settings().site_origin

    @allow_origin.setter
    def allow_origin(self, value: str) -> None:
        pass  # CORSConfig's constructor sets a default; the stage decides


CORS = SiteCORS()


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
                    return Response(body=exc.body(), status_code=exc.status)

            return self.blueprint.route(path, cors=CORS, **options)(answered)

        return register

    @property
    def request(self) -> Any:
        return self.blueprint.current_request

    def body(self) -> Any:
        raw = self.request.raw_body
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            raise InvalidInput("Request body is not valid JSON.") from None

    def query(self) -> dict[str, str]:
        return dict(self.request.query_params or {})

    def principal(self) -> Any:
        return authorizers.principal_of(self.request.context)

    def header(self, name: str) -> str | None:
        return self.request.headers.get(name)


def created(result: Any) -> Response:
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return Response(body=result.body(), status_code=201, headers=headers)
