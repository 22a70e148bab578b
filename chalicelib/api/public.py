"""Public routes: health, catalogue, captcha, the form, login."""

from __future__ import annotations

from chalice import Response

from chalicelib.api.http import Routes, created

routes = Routes(__name__)


@routes.route("/health")
def health() -> dict:
    return {"status": "ok"}


@routes.route("/catalog")
def get_catalog() -> dict:
    from chalicelib.rules import catalog

    return catalog.public_catalog()


@routes.route("/captcha/challenge")
def captcha_challenge() -> Response:
    from chalicelib.tickets import captcha

    return Response(body=captcha.issue_challenge(), headers={"Cache-Control": "no-store"})


@routes.route("/tickets", methods=["POST"])
def submit_ticket() -> Response:
    from chalicelib.tickets import filing

    return created(filing.submit_public(routes.body(), routes.header("idempotency-key")))


@routes.route("/auth/login", methods=["POST"])
def login() -> dict:
    from chalicelib.people import login

    return login.login(routes.body())


@routes.route("/auth/refresh", methods=["POST"])
def refresh() -> dict:
    from chalicelib.people import login

    return login.refresh(routes.body())
