"""The customer portal's routes (customers group)."""

from __future__ import annotations

from chalice import Response

from chalicelib.api.authorizers import customer_auth
from chalicelib.api.http import Routes, created

routes = Routes(__name__)


@routes.route("/me/tickets", authorizer=customer_auth, query="CustomerListQuery", answer="Page")
def my_tickets() -> dict:
    from chalicelib.tickets import portal

    return portal.my_tickets(routes.principal(), routes.query())


@routes.route("/me/tickets", methods=["POST"], authorizer=customer_auth, body="AccountTicketRequest",
               headers="IdempotencyHeaders", answer="Created", status=201, refusals=(422,))
def my_new_ticket() -> Response:
    from chalicelib.tickets import filing

    return created(filing.submit_for_account(routes.principal(), routes.body(), routes.header("idempotency-key")))


@routes.route("/me/tickets/{number}", authorizer=customer_auth, answer="Detail")
def my_ticket(number: str) -> dict:
    from chalicelib.tickets import portal

    return portal.my_ticket(routes.principal(), number)


@routes.route("/me/tickets/{number}/replies", methods=["POST"], authorizer=customer_auth, body="ReplyRequest",
               answer="Detail")
def my_reply(number: str) -> dict:
    from chalicelib.tickets import portal

    return portal.reply(routes.principal(), number, routes.body())
