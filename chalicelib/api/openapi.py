"""The OpenAPI 3.1 document of the HTTP API (``GET /openapi.json``), generated so it cannot drift.

Paths, methods, path parameters and authorizers come from the app's route table
(``app.routes``): a route added anywhere appears by itself. What a route takes and gives
comes from the ``Contract`` it declares next to it (``Routes.route(..., body=Model)``):
pydantic models from ``chalicelib/rules/schemas.py`` (requests) and ``answers.py`` (answers),
turned into JSON Schema 2020-12, which is OpenAPI 3.1's own dialect. A route declaring
nothing is still listed, with a body left open and an answer of any JSON.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from chalicelib.api.http import Contract

TITLE = "Helpdesk API"
VERSION = "1"
REF = "#/components/schemas/{model}"
# Refusals any route may give, by who makes them.
_LATER = {429: "Too many requests (API Gateway throttling); try again later",
          503: "Busy (DynamoDB throttling); try again after Retry-After"}
_REASONS = {400: "Bad input", 401: "No or unusable credentials", 403: "Not allowed (token refused or wrong group)",
            404: "No such resource", 409: "Conflict (changed meanwhile, or a concurrent write; see Retry-After)",
            415: "Body is not JSON", 422: "Idempotency-Key reused with another request"}
_GATEWAY_STATUSES = {401, 403, 415, 429}


REQUESTS = "chalicelib.rules.schemas"
ANSWERS = "chalicelib.rules.answers"


def contract_of(view: Any) -> Contract:
    return getattr(view, "contract", None) or Contract()


def model(module: str, name: str) -> Any:
    """A declared model by name; a name that is not a pydantic model there is an error."""
    from pydantic import BaseModel

    found = getattr(importlib.import_module(module), name, None)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise LookupError(f"{module} has no pydantic model {name!r}")
    return found


def _declared(contract: Contract) -> list[tuple[Any, str]]:
    """(model, JSON Schema mode) of everything a contract names."""
    names = (contract.body, contract.query, contract.headers)
    found = [(model(REQUESTS, name), "validation") for name in names if name]
    return found + ([(model(ANSWERS, contract.answer), "serialization")] if contract.answer else [])


def _models(routes: Mapping[str, Mapping[str, Any]]) -> list[tuple[Any, str]]:
    found = {(model(ANSWERS, name), "serialization"): None for name in ("Error", "GatewayRefusal")}
    for methods in routes.values():
        for entry in methods.values():
            found.update(dict.fromkeys(_declared(contract_of(entry.view_function))))
    return list(found)


def _ref(module: str, name: str, mode: str, refs: Mapping[tuple[Any, str], dict]) -> dict:
    return refs[(model(module, name), mode)]


def _parameters(name: str | None, where: str) -> list[dict[str, Any]]:
    if name is None:
        return []
    schema = model(REQUESTS, name).model_json_schema(by_alias=True, ref_template=REF)
    required = set(schema.get("required", []))
    return [{"name": name, "in": where, "required": name in required, "schema": field}
            for name, field in schema.get("properties", {}).items()]


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _refusal(status: int, refs: Mapping) -> dict[str, Any]:
    description = _REASONS.get(status) or _LATER.get(status) or "Refused"
    name = "GatewayRefusal" if status in _GATEWAY_STATUSES else "Error"
    schema = _ref(ANSWERS, name, "serialization", refs)
    response: dict[str, Any] = {"description": description, "content": _json(schema)}
    if status in (409, 503):
        response["headers"] = {"Retry-After": {"description": "Seconds to wait (transient refusals only)",
                                               "schema": {"type": "string", "pattern": "^[0-9]+$"}}}
    return response


def _operation(entry: Any, refs: Mapping) -> dict[str, Any]:
    contract = contract_of(entry.view_function)
    doc = (entry.view_function.__doc__ or "").strip().splitlines()
    operation: dict[str, Any] = {"operationId": entry.view_name, "summary": doc[0] if doc else entry.view_name}
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
                  for name in entry.view_args]
    parameters += _parameters(contract.query, "query") + _parameters(contract.headers, "header")
    if parameters:
        operation["parameters"] = parameters
    refusals = {*_LATER, *contract.refusals}
    if contract.body:  # a route that reads no body declares none, and is sent none
        schema = _ref(REQUESTS, contract.body, "validation", refs)
        if not contract.body_required:  # left out or JSON null: the same to routes.body()
            schema = {"anyOf": [schema, {"type": "null"}]}
        operation["requestBody"] = {"required": contract.body_required, "content": _json(schema)}
        refusals |= {400, 415}
    if entry.method in ("POST", "PUT", "PATCH", "DELETE"):
        refusals.add(409)  # a write may meet a concurrent one
    if contract.query or contract.headers or entry.view_args:
        refusals.add(400)
    if entry.view_args:
        refusals.add(404)
    if entry.authorizer is not None:
        operation["security"] = [{entry.authorizer.name: []}]
        refusals |= {401, 403}
    answer = _ref(ANSWERS, contract.answer, "serialization", refs) if contract.answer else {}
    operation["responses"] = {
        str(contract.status): {"description": "OK", "content": _json(answer)},
        **{str(status): _refusal(status, refs) for status in sorted(refusals)},
    }
    return operation


def _security_schemes(routes: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    names = {entry.authorizer.name for methods in routes.values() for entry in methods.values() if entry.authorizer}
    return {name: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                   "description": f"A Cognito ID token (POST /auth/login) accepted by {name}"}
            for name in sorted(names)}


def document(routes: Mapping[str, Mapping[str, Any]], server: str | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``routes`` (a Chalice app's ``routes``)."""
    from pydantic.json_schema import models_json_schema

    refs, definitions = models_json_schema(_models(routes), ref_template=REF)
    paths: dict[str, Any] = {}
    for path in sorted(routes):
        for method in sorted(routes[path]):
            paths.setdefault(path, {})[method.lower()] = _operation(routes[path][method], refs)
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION,
                 "description": "Generated from the route table and the pydantic models (GET /openapi.json)."},
        "paths": paths,
        "components": {"schemas": definitions.get("$defs", {}), "securitySchemes": _security_schemes(routes)},
    }
    if server is not None:
        doc["servers"] = [{"url": server}]
    return doc


_MADE: dict[int, dict[str, Any]] = {}  # per route table: one per container


def served(routes: Mapping[str, Mapping[str, Any]], context: Mapping[str, Any] | None) -> dict[str, Any]:
    """The document as ``GET /openapi.json`` serves it: made once per container, with the API's
    base path as its server (``/api`` behind API Gateway's stage, ``/`` locally)."""
    made = _MADE.get(id(routes))
    if made is None:
        made = _MADE[id(routes)] = document(routes)
    path = str((context or {}).get("path") or "")
    base = path[: -len("/openapi.json")] if path.endswith("/openapi.json") else ""
    return {**made, "servers": [{"url": base or "/"}]}
