"""``make bench``: cold start and the AWS calls per operation, as a small table.

* cold import of ``app.py`` against ``import chalice, boto3, pynamodb.models`` in
  fresh interpreters of the same run (median of several), as a ratio (goal <= 1.10);
* the DynamoDB and SES calls one submission makes (goal: <= 3 DynamoDB writes,
  no reads, 1 SES call), and of the other main operations, counted with a
  botocore event hook against the emulator.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
BASELINE = "import chalice, boto3, pynamodb.models"
APP = "import chalice, boto3, pynamodb.models; import app"


def cold_import(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "STAGE": "local"}
    times = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def row(name: str, value: str, goal: str = "") -> str:
    return f"| {name:<46} | {value:>14} | {goal:<22} |"


def main() -> None:
    baseline = cold_import(BASELINE)
    with_app = cold_import(APP)
    from bench import calls

    counted = calls.measure()
    lines = [
        row("measure", "value", "goal"),
        row("-" * 46, "-" * 14, "-" * 22),
        row("cold import baseline (chalice+boto3+pynamodb)", f"{baseline * 1000:.0f} ms"),
        row("cold import of app.py (same imports + app)", f"{with_app * 1000:.0f} ms"),
        row("ratio app / baseline", f"{with_app / baseline:.2f}", "<= 1.10"),
    ]
    for operation, figures in counted.items():
        for label, value in figures.items():
            goal = calls.GOALS.get((operation, label), "")
            lines.append(row(f"{operation}: {label}", str(value), goal))
    from bench import inbound

    for label, value in inbound.measure().items():
        lines.append(row(label, value, inbound.GOALS.get(label, "")))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
