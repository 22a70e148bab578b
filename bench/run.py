"""``make bench``: cold start against bare libraries, package size, AWS calls per operation.

* cold start (``bench/coldstart.py``): the first submission, the first consultant
  request and the first inbound mail, each as fresh Lambda processes against the
  same AWS calls made with bare boto3 + PynamoDB, as ratios (goal <= 1.2);
* the Lambda package's size (``build/<stage>/deployment.zip``, built when missing;
  goal <= 10 MB);
* the DynamoDB and SES calls of the main operations, counted against the emulator;
* inbound mail processing against the standard library's parse.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_GOAL_MB = 10.0


def row(name: str, value: str, goal: str = "") -> str:
    return f"| {name:<66} | {value:>22} | {goal:<10} |"


def package_rows(stage: str) -> list[str]:
    from bench import package

    zip_path = ROOT / "build" / stage / "deployment.zip"
    if not zip_path.exists():
        from infra import package as packaging

        packaging.build(stage)
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(zip_path.stat().st_mtime))
    size = package.describe(zip_path)
    return [
        row(f"package {zip_path.relative_to(ROOT)} (built {built}), compressed", f"{size.compressed_mb:.1f} MB",
            f"<= {PACKAGE_GOAL_MB:.0f} MB"),
        row("package, unpacked", f"{size.unpacked_mb:.1f} MB"),
        row("package, largest top-level entries (compressed)", ", ".join(
            f"{name} {mb:.1f}" for name, mb in size.largest[:4])),
    ]


def main() -> None:
    from bench import emulator

    with emulator.running() as env:
        lines = measured(env)
    print("\n".join(lines))


def measured(env: dict[str, str]) -> list[str]:
    from bench import calls, coldstart, inbound

    lines = [row("measure", "value", "goal"), row("-" * 66, "-" * 22, "-" * 10)]
    for name, outcome in coldstart.measure(env).items():
        lines.append(row(f"cold {name}: app / bare",
                         f"{outcome.app * 1000:.0f} / {outcome.bare * 1000:.0f} ms = {outcome.ratio:.2f}",
                         f"<= {coldstart.GOAL}"))
        lines.append(row("  the same in CPU time (steadier when the machine is busy)",
                         f"{outcome.app_cpu * 1000:.0f} / {outcome.bare_cpu * 1000:.0f} ms = {outcome.cpu_ratio:.2f}"))
        if outcome.replay_errors:
            lines.append(row("  (bare replay: conditional writes refused, same round trip)",
                             str(outcome.replay_errors)))
    lines += package_rows(os.environ.get("BENCH_STAGE", "dev"))
    for operation, figures in calls.measure().items():
        for label, value in figures.items():
            lines.append(row(f"{operation}: {label}", str(value), calls.GOALS.get((operation, label), "")))
    for label, value in inbound.measure().items():
        lines.append(row(label, value, inbound.GOALS.get(label, "")))
    return lines


if __name__ == "__main__":
    main()
