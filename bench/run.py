"""``make bench``: cold start against bare libraries, package size, AWS calls per operation.

* the Lambda package (``build/<stage>/deployment.zip``, built afresh) and its size
  (goal <= 10 MB);
* cold start (``bench/coldstart.py``) of that package, unpacked: the first
  submission, the first consultant request and the first inbound mail, each as
  fresh Lambda processes against the same AWS calls made with bare boto3 +
  PynamoDB, as ratios (goal <= 1.2);
* the DynamoDB and SES calls of the main operations, counted against the emulator;
* inbound mail processing against the standard library's parse;
* hostile input against every pattern that sees user input (``bench/adversarial.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_GOAL_MB = 10.0


def row(name: str, value: str, goal: str = "") -> str:
    return f"| {name:<66} | {value:>22} | {goal:<10} |"


def build_package(stage: str) -> Path:
    # A process of its own: packaging sets the stage's environment.
    subprocess.run([sys.executable, "-m", "infra.package", "build", "--stage", stage], cwd=ROOT, check=True,
                   capture_output=True)
    return ROOT / "build" / stage / "deployment.zip"


def package_rows(zip_path: Path) -> list[str]:
    from bench import package

    size = package.describe(zip_path)
    return [
        row(f"package {zip_path.relative_to(ROOT)}, compressed", f"{size.compressed_mb:.2f} MB",
            f"<= {PACKAGE_GOAL_MB:.0f} MB"),
        row("package, unpacked", f"{size.unpacked_mb:.1f} MB"),
        row("package, largest top-level entries (compressed)", ", ".join(
            f"{name} {mb:.1f}" for name, mb in size.largest[:4])),
    ]


def main() -> None:
    from bench import emulator, package

    zip_path = build_package(os.environ.get("BENCH_STAGE", "dev"))
    with tempfile.TemporaryDirectory(prefix="helpdesk-task-") as task, emulator.running() as env:
        lines = measured(env, package.unpack(zip_path, Path(task)), zip_path)
    print("\n".join(lines))


def measured(env: dict[str, str], code: Path, zip_path: Path) -> list[str]:
    from bench import adversarial, calls, coldstart, inbound

    lines = [row("measure", "value", "goal"), row("-" * 66, "-" * 22, "-" * 10), *package_rows(zip_path)]
    for name, outcome in coldstart.measure(env, code).items():
        lines.append(row(f"cold {name}: app / bare",
                         f"{outcome.app * 1000:.0f} / {outcome.bare * 1000:.0f} ms = {outcome.ratio:.2f}",
                         f"<= {coldstart.GOAL}"))
        lines.append(row("  the same in CPU time (steadier when the machine is busy)",
                         f"{outcome.app_cpu * 1000:.0f} / {outcome.bare_cpu * 1000:.0f} ms = {outcome.cpu_ratio:.2f}"))
        if outcome.replay_errors:
            lines.append(row("  (bare replay: conditional writes refused, same round trip)",
                             str(outcome.replay_errors)))
    for operation, figures in calls.measure().items():
        for label, value in figures.items():
            lines.append(row(f"{operation}: {label}", str(value), calls.GOALS.get((operation, label), "")))
    for label, value in inbound.measure().items():
        lines.append(row(label, value, inbound.GOALS.get(label, "")))
    for label, value in adversarial.measure().items():
        lines.append(row(label, value, adversarial.GOALS.get(label, "")))
    return lines


if __name__ == "__main__":
    main()
