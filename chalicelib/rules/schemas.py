"""Request validation (pydantic) with per-field messages in the customer's language.

Models are built on first use (``defer_build``), not at import: a cold start
builds the one schema its request needs instead of all of them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError
from pydantic_core import PydanticCustomError

from chalicelib.core.errors import InvalidInput
from chalicelib.rules import catalog
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
Email = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(_email)]
Phone = Annotated[str, Field(max_length=40), AfterValidator(_single_line), AfterValidator(_phone)]
Optional = Annotated[str, Field(max_length=200), AfterValidator(_single_line)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class TicketRequest(_Strict):
    """What a customer files: the seed's form fields."""

    request_type: Annotated[str, Field(min_length=1, max_length=100)]
    product: Annotated[str, Field(min_length=1, max_length=100)]
    subject: Line
    description: Text
    name: Line
    email: Email
    phone: Phone | None = None
    company: Optional | None = None
    language: Literal["pl", "en"] = "pl"
    captcha: str | None = Field(default=None, max_length=20_000)


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
    request_type: Annotated[str, Field(min_length=1, max_length=100)]
    product: Annotated[str, Field(min_length=1, max_length=100)]


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
