"""Request types and their products (data: ``catalog.json``), and product -> queue."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

_PATH = Path(__file__).with_name("catalog.json")
UNSPECIFIED = "unspecified"


@lru_cache(maxsize=1)
def catalog() -> dict[str, Any]:
    return json.loads(_PATH.read_text(encoding="utf-8"))


def public_catalog() -> dict[str, Any]:
    """What ``GET /catalog`` shows: types with their products and PL/EN labels."""
    return {
        "request_types": [
            {
                "id": kind["id"],
                "labels": kind["labels"],
                "products": [{"id": p["id"], "labels": p["labels"]} for p in kind["products"]],
            }
            for kind in catalog()["request_types"]
        ]
    }


def products_of(request_type: str) -> dict[str, dict[str, Any]]:
    for kind in catalog()["request_types"]:
        if kind["id"] == request_type:
            return {product["id"]: product for product in kind["products"]}
    return {}


def is_request_type(request_type: str) -> bool:
    return any(kind["id"] == request_type for kind in catalog()["request_types"])


def queue_of(request_type: str, product: str) -> str:
    found = products_of(request_type).get(product)
    return found["queue"] if found else catalog()["unspecified"]["queue"]


def priority_of(request_type: str) -> str:
    """A new ticket's priority: its request type's default (``rules.priority`` name)."""
    from chalicelib.rules import priority

    for kind in catalog()["request_types"]:
        if kind["id"] == request_type:
            return priority.parse(kind.get("priority", priority.DEFAULT))
    return priority.parse(catalog()["unspecified"].get("priority", priority.DEFAULT))


def queues() -> list[str]:
    names = {p["queue"] for kind in catalog()["request_types"] for p in kind["products"]}
    names.add(catalog()["unspecified"]["queue"])
    return sorted(names)


def label(request_type: str, product: str, language: str) -> tuple[str, str]:
    """Human labels of a type and product, for mails and the thread view."""
    for kind in catalog()["request_types"]:
        if kind["id"] == request_type:
            found = products_of(request_type).get(product)
            product_label = found["labels"][language] if found else product
            return kind["labels"][language], product_label
    unspecified = catalog()["unspecified"]["labels"][language]
    return unspecified, unspecified
