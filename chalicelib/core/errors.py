"""Domain errors; ``app.py`` turns each into one HTTP status with a JSON body."""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def body(self) -> dict:
        body: dict = {"message": self.message}
        if self.errors:
            body["errors"] = self.errors
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
