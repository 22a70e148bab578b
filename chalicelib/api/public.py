"""Public routes: health, catalogue, captcha, the form, login, the API's own OpenAPI document."""

from __future__ import annotations

from chalice import Response

from chalicelib.api.http import Routes, created

routes = Routes(__name__)


@routes.route("/health", answer="Health")
def health() -> dict:
    return {"status": "ok"}


@routes.route("/catalog", answer="Catalog")
def get_catalog() -> dict:
    from chalicelib.rules import catalog

    return catalog.public_catalog()


@routes.route("/captcha/challenge", answer="Challenge")
def captcha_challenge() -> Response:
    from chalicelib.tickets import captcha

    return Response(body=captcha.issue_challenge(), headers={"Cache-Control": "no-store"})


@routes.route("/tickets", methods=["POST"], body="TicketRequest", headers="IdempotencyHeaders",
               answer="Created", status=201, refusals=(422,))
def submit_ticket() -> Response:
    from chalicelib.tickets import filing

    return created(filing.submit_public(routes.body(), routes.header("idempotency-key")))


@routes.route("/auth/login", methods=["POST"], body="LoginRequest", answer="Tokens", refusals=(401, 429))
def login() -> dict:
    from chalicelib.people import login

    return login.login(routes.body(), client=routes.client_address())


@routes.route("/auth/refresh", methods=["POST"], body="RefreshRequest", answer="Tokens", refusals=(401,))
def refresh() -> dict:
    from chalicelib.people import login

    return login.refresh(routes.body())


@routes.route("/openapi.json", answer="OpenApiDocument")
def openapi_document() -> dict:
    """This API's OpenAPI 3.1 document, generated from the route table."""
    from chalicelib.api import openapi

    return openapi.served(routes.blueprint.current_app.routes, routes.request.context)


@routes.route("/auth/logout", methods=["POST"], answer="SignedOut", refusals=(401,))
def logout() -> dict:
    """Revoke the refresh tokens of the account whose ID token is sent (Authorization: Bearer)."""
    from chalicelib.people import login

    return login.logout(routes.header("authorization"))
