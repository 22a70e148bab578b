"""schemathesis over the API's own OpenAPI document (``GET /openapi.json``) against the local
stack: every operation without a token, then every secured one with its group's token. No
server error, and every answer as documented (status, content type, headers, schema), plus
schemathesis's other checks: schema-violating requests refused, undeclared methods 405,
authentication not ignored. Only "every schema-valid request is accepted" is left out: a
valid-looking request is still refused for what JSON Schema cannot say (a solved captcha, the
catalogue's pairing of type and product, a number's check digit, another customer's ticket).

Bounded and repeatable: a fixed seed and ``MAX_EXAMPLES`` cases per operation and phase. The
schemathesis CLI runs in a subprocess (its pytest plugin does not work with pytest 9.2), and its
HAR report counts the requests; ``-s`` prints the count and the run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

from tests.live import LiveStack

SEED = 20261125
MAX_EXAMPLES = 25
CONSULTANT, CUSTOMER, PASSWORD = "konsultant@example.com", "klient@example.com", "Demo-2026!"
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))


def _token(api: str, email: str) -> str:
    request = urllib.request.Request(api + "/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                     data=json.dumps({"email": email, "password": PASSWORD}).encode())
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["id_token"]


def run(stack: LiveStack, folder: Path, name: str, extra: list[str], config: str = "") -> tuple[Counter, str]:
    """One schemathesis run; the statuses of every request it made, and its output."""
    har = folder / f"{name}.har"
    config_file = folder / f"{name}.toml"
    config_file.write_text(config, encoding="utf-8")
    command = [
        SCHEMATHESIS, "--config-file", str(config_file), "run", f"{stack.api}/openapi.json",
        "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES), "--generation-database", "none",
        "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--workers", "1",
        "--report", "har", "--report-har-path", str(har), "--no-color", *extra,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=folder,  # its cache stays there
                            env={**os.environ, "NO_COLOR": "1"})
    stack.check_alive()
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    return Counter(entry["response"]["status"] for entry in entries), result.stdout


def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(live_stack, tmp_path):
    started = time.monotonic()
    consultant, customer = _token(live_stack.api, CONSULTANT), _token(live_stack.api, CUSTOMER)
    tokens = (f'[[operations]]\ninclude-path-regex = "^/consultant/"\n'
              f'headers = {{ Authorization = "Bearer {consultant}" }}\n\n'
              f'[[operations]]\ninclude-path-regex = "^/me/"\n'
              f'headers = {{ Authorization = "Bearer {customer}" }}\n')
    try:
        anonymous, _ = run(live_stack, tmp_path, "anonymous", [])
        authorized, output = run(live_stack, tmp_path, "authorized", ["--include-path-regex", "^/(consultant|me)/"],
                                 tokens)
    finally:
        _restore_availability(live_stack, consultant)
    elapsed = time.monotonic() - started
    statuses = anonymous + authorized
    print(f"\nschemathesis: {statuses.total()} requests ({anonymous.total()} without a token, "
          f"{authorized.total()} with one) in {elapsed:.0f} s, seed {SEED}, {MAX_EXAMPLES} examples; "
          f"statuses {dict(sorted(statuses.items()))}")
    assert [status for status in statuses if status >= 500] == []
    assert authorized[200] > 0, output[-3000:]  # the tokens did open the secured routes


def _restore_availability(stack: LiveStack, token: str) -> None:
    """The consultant's availability is the one lasting thing a valid fuzzed request changes."""
    request = urllib.request.Request(stack.api + "/consultant/me", method="PUT",
                                     data=json.dumps({"available": True}).encode(),
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    urllib.request.urlopen(request, timeout=30).read()
