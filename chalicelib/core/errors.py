"""Domain errors; ``app.py`` turns each into one HTTP status with a JSON body."""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, message: str, errors: dict[str, str] | None = None, retry_after: int | None = None,
                 details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
        self.retry_after = retry_after
        # More of the answer than a message: what changed (409), which numbers were meant (400).
        self.details = details or {}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}

    def body(self) -> dict:
        body: dict = {"message": self.message}
        if self.errors:
            body["errors"] = self.errors
        body.update(self.details)
        return body


class InvalidInput(DomainError):
    status = 400


class Unprocessable(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class Unauthorized(DomainError):
    status = 401


class Conflict(DomainError):
    status = 409


class TooManyRequests(DomainError):
    """Too many attempts: the next one is answered after ``Retry-After`` seconds."""

    status = 429


class Unavailable(DomainError):
    """Refused for now (throttled): the same request may succeed after ``Retry-After`` seconds."""

    status = 503
