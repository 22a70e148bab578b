"""One cold start, in this fresh process: ``python -m bench.child MODE SPEC``.

* ``app``: import the Lambda handler's module and call the handler with the
  event, as the Lambda runtime does; prints the seconds taken (wall and CPU)
  and the results.
* ``record``: the same, with the AWS-call recorder installed (not timed);
  prints the calls it made, for ``bare`` to replay.
* ``bare``: the same AWS calls made with bare boto3 and PynamoDB (a
  ``Connection`` for DynamoDB, boto3 clients for the rest); prints the seconds.

Only the standard library is imported before the clock starts.
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
import time
from typing import Any


class Context:
    """What the Lambda runtime hands a handler as its context."""

    function_name = "helpdesk-bench"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-central-1:123456789012:function:helpdesk-bench"
    aws_request_id = "0b0e6a34-8f0e-4c7e-9b0a-3f3c0f6b2d11"
    log_group_name = "/aws/lambda/helpdesk-bench"
    log_stream_name = "2026/03/02/[$LATEST]bench"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 30_000


def encode(value: Any) -> Any:
    """JSON for API parameters: bytes become ``{"$bytes": base64}``."""
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def run_handlers(steps: list[dict[str, Any]]) -> list[Any]:
    results = []
    for step in steps:
        module, _, name = step["handler"].rpartition(".")
        handler = getattr(importlib.import_module(module), name)
        results.append(handler(step["event"], Context()))
    return results


def app(steps: list[dict[str, Any]]) -> dict[str, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    results = run_handlers(steps)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "results": results}


def record(steps: list[dict[str, Any]]) -> dict[str, Any]:
    from infra import aws_calls

    aws_calls.install()
    results = run_handlers(steps)
    calls = [{"service": c.service, "operation": c.operation, "params": encode(c.params)}
             for c in aws_calls.RECORDER.calls]
    return {"results": results, "calls": calls}


def bare(calls: list[dict[str, Any]]) -> dict[str, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    import boto3
    import pynamodb.models  # noqa: F401  (what a PynamoDB app loads to define its tables)
    from botocore import xform_name
    from pynamodb.connection import Connection

    clients: dict[str, Any] = {}
    dynamodb = None
    errors = 0
    for call in calls:
        service, operation, params = call["service"], call["operation"], decode(call["params"])
        try:
            if service == "https":  # a plain HTTPS GET (the pool's JWKS)
                import urllib.request

                urllib.request.urlopen(params["url"], timeout=10).read()
            elif service == "dynamodb":
                dynamodb = dynamodb or Connection()
                dynamodb.dispatch(operation, params)
            else:
                client = clients.get(service) or clients.setdefault(service, boto3.client(service))
                response = getattr(client, xform_name(operation))(**params)
                if "Body" in response:
                    response["Body"].read()
        except Exception:  # noqa: BLE001  (a replayed conditional write may fail: same round trip)
            errors += 1
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "errors": errors}


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as spec:
        payload = json.load(spec)
    result = {"app": app, "record": record, "bare": bare}[mode](payload)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
