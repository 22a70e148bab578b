"""The local stack's API answers the site under both names it is reachable by (issue 10, item 13)."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlparse


def preflight(api: str, path: str, origin: str) -> dict[str, str]:
    request = urllib.request.Request(api + path, method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,idempotency-key",
    })
    with urllib.request.urlopen(request, timeout=15) as answer:
        return dict(answer.headers)


def test_preflight_and_request_answer_localhost_and_127_0_0_1(live_stack):
    port = urlparse(live_stack.site).port
    for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
        headers = preflight(live_stack.api, "/tickets", origin)
        assert headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "idempotency-key" in headers["Access-Control-Allow-Headers"].lower()
        request = urllib.request.Request(live_stack.api + "/catalog", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=15) as answer:
            assert answer.headers["Access-Control-Allow-Origin"] == origin
            assert answer.headers["Vary"] == "Origin"


def test_another_origin_is_not_echoed(live_stack):
    port = urlparse(live_stack.site).port
    headers = preflight(live_stack.api, "/tickets", "http://evil.example")
    assert headers["Access-Control-Allow-Origin"] == f"http://127.0.0.1:{port}"
