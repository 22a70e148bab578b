"""CORS for the stage's site: one origin on a deployed stage, a short list on the local one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from chalice import CORSConfig

from chalicelib.core.config import settings

# The Origin of the request being answered, for CORS: set by ``remember_origin`` (Chalice
# middleware, every request the app handles) and by the local stack's server around the
# preflights Chalice's local gateway answers without the app.
_request_origin: ContextVar[str | None] = ContextVar("request_origin", default=None)


@contextmanager
def request_origin(origin: str | None) -> Iterator[None]:
    token = _request_origin.set(origin)
    try:
        yield
    finally:
        _request_origin.reset(token)


def remember_origin(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice HTTP middleware: CORS headers are made for this request's Origin."""
    with request_origin((event.headers or {}).get("origin")):
        return get_response(event)


def allowed_origin(origin: str | None) -> str:
    """The request's origin when the stage allows it, else the stage's site origin (never ``*``)."""
    origins = settings().site_origins
    return origin if origin in origins else origins[0]


class SiteCORS(CORSConfig):
    """CORS for the stage's site, read from settings when a response is made, not at import.

    CORSConfig carries one origin. A stage allowing several (the local stage: 127.0.0.1 and
    localhost) answers each request with its own Origin when it is on the list, and says
    ``Vary: Origin`` so no cache hands one origin's answer to another. A deployed stage has
    exactly one origin, which is also what API Gateway's preflight answers from the template.
    """

    def __init__(self) -> None:
        super().__init__(allow_headers=["Content-Type", "Authorization", "Idempotency-Key"], max_age=600)

    @property
    def allow_origin(self) -> str:
        return allowed_origin(_request_origin.get())

    @allow_origin.setter
    def allow_origin(self, value: str) -> None:
        pass  # CORSConfig's constructor sets a default; the stage decides

    def get_access_control_headers(self) -> dict[str, str]:
        headers = super().get_access_control_headers()
        if len(settings().site_origins) > 1:
            headers["Vary"] = "Origin"
        return headers


CORS = SiteCORS()
