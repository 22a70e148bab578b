"""GET /openapi.json: an OpenAPI 3.1 document generated from the route table and the
pydantic models each route declares, so a route added anywhere is in it."""

from __future__ import annotations

import inspect

import pytest
from chalice import Chalice
from openapi_spec_validator import validate

import app
from chalicelib.api import openapi
from chalicelib.api.http import Routes


def test_the_document_is_valid_openapi_3_1_and_lists_every_route(client):
    response = client.http.get("/openapi.json")
    assert response.status_code == 200
    document = response.json_body
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/"}]
    listed = {(path, method.upper()) for path, methods in document["paths"].items() for method in methods}
    assert listed == {(path, method) for path, methods in app.app.routes.items() for method in methods}
    assert ("/tickets", "POST") in listed and ("/openapi.json", "GET") in listed


def test_operations_carry_their_models_security_and_refusals(client):
    document = client.http.get("/openapi.json").json_body
    submit = document["paths"]["/tickets"]["post"]
    assert submit["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TicketRequest"}
    assert set(submit["responses"]) == {"201", "400", "409", "415", "422", "429", "503"}
    assert [p["name"] for p in submit["parameters"]] == ["Idempotency-Key"]
    ticket_form = document["components"]["schemas"]["TicketRequest"]
    assert ticket_form["additionalProperties"] is False
    assert set(ticket_form["required"]) == {"request_type", "product", "subject", "description", "name", "email"}
    queue = document["paths"]["/consultant/tickets"]["get"]
    assert queue["security"] == [{"consultant_auth": []}]
    assert {p["name"] for p in queue["parameters"]} == {"status", "queue", "assignee", "limit", "cursor"}
    assert {"401", "403"} <= set(queue["responses"])
    claim = document["paths"]["/consultant/tickets/{number}/claim"]["post"]
    assert claim["requestBody"]["required"] is False  # an optional {"version"}
    assert claim["requestBody"]["content"]["application/json"]["schema"] == {
        "anyOf": [{"$ref": "#/components/schemas/ChangeRequest"}, {"type": "null"}]}
    assert "requestBody" not in document["paths"]["/consultant/tickets/{number}/attachment"]["get"]
    assert claim["parameters"][0] == {"name": "number", "in": "path", "required": True,
                                      "schema": {"type": "string", "minLength": 1}}
    assert document["components"]["securitySchemes"]["customer_auth"]["scheme"] == "bearer"


def test_a_route_added_later_appears_with_the_model_it_declares():
    routes = Routes("later")

    @routes.route("/things/{id}/notes", methods=["POST"], body="ReplyRequest", answer="Detail", refusals=(422,))
    def add_note(id: str) -> dict:
        """Add a note to a thing."""
        return {}

    later = Chalice("later")
    later.register_blueprint(routes.blueprint)
    operation = openapi.document(later.routes)["paths"]["/things/{id}/notes"]["post"]
    assert operation["summary"] == "Add a note to a thing."
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReplyRequest"}
    assert set(operation["responses"]) == {"200", "400", "404", "409", "415", "422", "429", "503"}


def test_a_model_name_that_does_not_exist_is_an_error():
    routes = Routes("typo")

    @routes.route("/x", methods=["POST"], body="ReplyRequst")
    def x() -> dict:
        return {}

    typo = Chalice("typo")
    typo.register_blueprint(routes.blueprint)
    with pytest.raises(LookupError, match="ReplyRequst"):
        openapi.document(typo.routes)


@pytest.mark.parametrize("path", sorted(app.app.routes))
def test_every_route_that_reads_a_body_declares_its_model(path):
    for method, entry in app.app.routes[path].items():
        source = inspect.getsource(inspect.unwrap(entry.view_function))
        reads_body = ".body()" in source
        assert not reads_body or openapi.contract_of(entry.view_function).body, (
            f"{method} {path} reads routes.body() but declares no body=Model: add one from rules/schemas.py")
