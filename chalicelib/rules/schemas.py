"""Request validation (pydantic) with per-field messages in the customer's language.

Models are built on first use (``defer_build``), not at import: a cold start
builds the one schema its request needs instead of all of them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, StrictBool, StrictInt, ValidationError
from pydantic_core import PydanticCustomError

from chalicelib.core.errors import InvalidInput
from chalicelib.rules import catalog, workflow
from chalicelib.rules.messages import message

# Any C0/C1 control character (NEL too), DEL, the Unicode line/paragraph separators,
# and the bidi embedding/override/isolate controls and marks: a line break in a name or
# subject must never reach a mail header, and no one-line field may reorder what is shown.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,40}$")


def _single_line(value: str) -> str:
    if _CONTROL.search(value):
        raise PydanticCustomError("control", "control characters")
    return value


def _multi_line(value: str) -> str:
    if _CONTROL_MULTILINE.search(value):
        raise PydanticCustomError("control", "control characters")
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    if _CONTROL.search(value):
        raise PydanticCustomError("control", "control characters")
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise PydanticCustomError("email", "invalid e-mail") from None


def _phone(value: str) -> str:
    if not _PHONE.match(value):
        raise PydanticCustomError("phone", "invalid phone")
    return value


Line = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_single_line)]
Text = Annotated[str, Field(min_length=1, max_length=20_000), AfterValidator(_multi_line)]
Email = Annotated[str, Field(min_length=1, max_length=254, json_schema_extra={"format": "email"}),
                  AfterValidator(_email)]
Phone = Annotated[str, Field(max_length=40), AfterValidator(_single_line), AfterValidator(_phone)]
Optional = Annotated[str, Field(max_length=200), AfterValidator(_single_line)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


def _request_types(schema: dict[str, Any]) -> None:
    schema["enum"] = [kind["id"] for kind in catalog.catalog()["request_types"]]


def _products(schema: dict[str, Any]) -> None:
    schema["enum"] = sorted({p["id"] for kind in catalog.catalog()["request_types"] for p in kind["products"]})


# The catalogue's ids, for the OpenAPI document only (read when a schema is made, not at import);
# parse_body checks the pairing of type and product itself.
RequestType = Annotated[str, Field(min_length=1, max_length=100, json_schema_extra=_request_types)]
ProductId = Annotated[str, Field(min_length=1, max_length=100, json_schema_extra=_products)]


class _TicketFields(_Strict):
    request_type: RequestType
    product: ProductId
    subject: Line
    description: Text
    phone: Phone | None = None
    company: Optional | None = None
    language: Literal["pl", "en"] = "pl"


class TicketRequest(_TicketFields):
    """What a customer files: the seed's form fields."""

    name: Line
    email: Email
    captcha: str | None = Field(default=None, max_length=20_000)


class AccountTicketRequest(_TicketFields):
    """``POST /me/tickets`` (for the OpenAPI document): the form without name, e-mail and captcha,
    which come from the account; sent anyway, they are ignored (``filing.submit_for_account``)."""

    name: JsonValue = Field(default=None, description="ignored: the account's name is used")
    email: JsonValue = Field(default=None, description="ignored: the account's address is used")
    captcha: JsonValue = Field(default=None, description="ignored: no captcha when logged in")


class ReplyRequest(_Strict):
    body: Text


class ChangeRequest(_Strict):
    """A consultant's change. ``version`` is the ticket version the consultant saw: if the ticket
    changed since, the change is refused with 409 and what changed (tickets.changes)."""

    version: Annotated[StrictInt, Field(ge=0)] | None = None


class ConsultantReplyRequest(ChangeRequest):
    """A consultant's reply or internal note."""

    body: Text


class LoginRequest(_Strict):
    # Not validated as an address: a wrong one gets the same answer as a wrong password.
    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class RefreshRequest(_Strict):
    refresh_token: Annotated[str, Field(min_length=1, max_length=8_192)]



def _assignee(value: str | None) -> str | None:
    if value is None or value == "me":
        return value
    return _email(value)


class AssignRequest(ChangeRequest):
    """``"me"``, a consultant's e-mail address, or null to unassign."""

    assignee: Annotated[str | None, Field(max_length=254), AfterValidator(_assignee)]


class ClassifyRequest(ChangeRequest):
    request_type: RequestType
    product: ProductId


class MergeRequest(ChangeRequest):
    """Merge this ticket (the duplicate) into ``into``."""

    into: Annotated[str, Field(min_length=1, max_length=40)]


class AvailabilityRequest(_Strict):
    available: StrictBool


def _priority(value: str) -> str:
    from chalicelib.rules import priority

    try:
        return priority.parse(value)
    except ValueError:
        raise PydanticCustomError("priority", "unknown priority") from None


class PriorityRequest(ChangeRequest):
    """``niski | normalny | wysoki | pilny``, or the English ``low | normal | high | urgent``."""

    priority: Annotated[str, Field(min_length=1, max_length=20), AfterValidator(_priority)]


# Query strings and headers: declared for the OpenAPI document (``Routes.route(query=...)``);
# the services check them themselves (ticket reading), and schemathesis holds the two equal.
Limit = Annotated[int, Field(ge=1, le=100, description="page size, 1-100 in ASCII digits (default 25)")]
# An empty value is the same as none (forms send empty fields).
Cursor = Annotated[str, Field(description="the cursor of the previous page of the same listing")]


class CustomerListQuery(_Strict):
    limit: Limit | None = None
    cursor: Cursor | None = None


class ConsultantListQuery(_Strict):
    status: Literal[workflow.STATUSES] | None = None  # type: ignore[valid-type]
    queue: Annotated[str, Field(max_length=100)] | None = None
    assignee: Annotated[str, Field(max_length=254, description='"me", "none" or a user id')] | None = None
    limit: Limit | None = None
    cursor: Cursor | None = None


class EntryQuery(_Strict):
    entry: Annotated[str, Field(min_length=1, max_length=200, description="the id of an entry of the ticket's thread")]


class AttachmentQuery(_Strict):
    key: Annotated[str, Field(min_length=1, description="an attachment's key from the ticket's thread")]


class IdempotencyHeaders(_Strict):
    idempotency_key: Annotated[str | None, Field(
        default=None, alias="Idempotency-Key", min_length=8, max_length=128, pattern=r"^[\x21-\x7e]+$",
        description="made once per form; the same key and body give the same ticket")]


_CODES = {
    "missing": "required",
    "string_too_short": "required",
    "string_too_long": "too_long",
    "extra_forbidden": "unknown_field",
    "literal_error": "language",
    "bool_type": "boolean",
    "string_type": "text",
    "int_type": "integer",
    "greater_than_equal": "integer",
}


def _language_of(data: Any) -> str:
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in ("pl", "en") else "pl"


def _field_errors(exc: ValidationError, language: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "body"
        code = _CODES.get(error["type"], error["type"])
        limit = (error.get("ctx") or {}).get("max_length", "")
        errors.setdefault(field, message(code, language, limit=limit))
    return errors


def parse_body(model: type[_Strict], data: Any, language: str | None = None) -> Any:
    """Validate a JSON body against ``model``; ``InvalidInput`` lists every bad field."""
    language = language or _language_of(data)
    if not isinstance(data, dict):
        raise InvalidInput("Request body must be a JSON object.", {"body": message("object", language)})
    # Empty optional fields arrive as "" from forms: treat them as absent.
    cleaned = {k: v for k, v in data.items() if not (v == "" and k in ("phone", "company"))}
    errors: dict[str, str] = {}
    parsed = None
    try:
        parsed = model.model_validate(cleaned)
    except ValidationError as exc:
        errors = _field_errors(exc, language)
    if model in (TicketRequest, ClassifyRequest):
        errors.update(_catalog_errors(cleaned, errors, language))
    if errors:
        raise InvalidInput(message("form", language), errors)
    return parsed


def _catalog_errors(data: dict, errors: dict[str, str], language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    request_type = data.get("request_type")
    if "request_type" in errors or not isinstance(request_type, str):
        return found
    if not catalog.is_request_type(request_type.strip()):
        found["request_type"] = message("request_type", language)
    elif "product" not in errors and str(data.get("product", "")).strip() not in catalog.products_of(
        request_type.strip()
    ):
        found["product"] = message("product", language)
    return found
