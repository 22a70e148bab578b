"""What the HTTP API answers, as pydantic models: the OpenAPI document's response schemas.

They describe answers the services build as plain dicts; nothing builds an answer from
them. ``make test`` keeps them true: schemathesis checks every answer of the local stack
against the document made from them (``tests/fuzz``). Fields listed are the ones a client
may rely on; answers may carry more (the models allow extra keys), so adding a field to an
answer never breaks the document, removing or retyping one does.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(_Answer):
    """Every refusal the app makes itself: a message, and per-field messages for bad input."""

    message: str
    errors: dict[str, str] = Field(default_factory=dict)


class GatewayRefusal(_Answer):
    """Refusals made before the app runs (authorizer, throttling, media type): API Gateway's or
    Chalice's own body, whose keys differ between them (``message``, ``Message``, ``Code``)."""


class Health(_Answer):
    status: Literal["ok"]


class Labels(_Answer):
    pl: str
    en: str


class Product(_Answer):
    id: str
    labels: Labels


class RequestType(_Answer):
    id: str
    labels: Labels
    products: list[Product]


class Catalog(_Answer):
    request_types: list[RequestType]


class Challenge(_Answer):
    """An ALTCHA v2 challenge (solved by the site's widget)."""

    parameters: dict
    signature: str | None = None


class Created(_Answer):
    number: str
    status: str
    created_at: str


class Tokens(_Answer):
    id_token: str
    access_token: str
    refresh_token: str | None
    expires_in: int
    token_type: Literal["Bearer"]
    role: Literal["consultant", "customer"]
    email: str
    name: str | None


class SignedOut(_Answer):
    status: Literal["signed_out"]


class Attachment(_Answer):
    filename: str
    content_type: str
    size: int


class Entry(_Answer):
    """One entry of a ticket's thread (customers see messages and replies only)."""

    id: str
    kind: str
    created_at: str
    author_role: str | None
    body: str | None
    attachments: list[Attachment]


class Summary(_Answer):
    number: str
    status: str
    subject: str
    request_type: str
    product: str
    created_at: str
    updated_at: str
    language: str
    filed_without_login: bool  # filed on the public form or by mail: anyone can type an address


class Detail(Summary):
    thread: list[Entry]


class Page(_Answer):
    tickets: list[Summary]
    cursor: str | None


class DownloadLink(_Answer):
    url: str


class Mailroom(_Answer):
    box: str
    mail: list[Entry]


class Availability(_Answer):
    user_id: str
    email: str
    available: bool


class OpenApiDocument(_Answer):
    openapi: str
    info: dict
    paths: dict
