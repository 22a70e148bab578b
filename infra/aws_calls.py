"""The one recorder of AWS API calls: for tests (calls of one test), the policy and
cost checks (the app's calls of the whole session) and the benchmark.

Mechanism: ``botocore.client.BaseClient._make_api_call`` is wrapped once. Every
AWS call goes through it, boto3's clients and PynamoDB's alike, whenever and from
whichever session the client was made. Each call is kept with its API parameters
(as the caller passed them, before serialization) and whether the *app* made it:
the nearest frame of this repository on the stack is in ``app.py`` or
``chalicelib/``. Provisioning (``infra/``), test setup and assertions (``tests/``)
call AWS from their own frames and are not the app's, even with the same models.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_APP_MODULE, _APP_PACKAGE = str(ROOT / "app.py"), str(ROOT / "chalicelib") + "/"
_OURS = str(ROOT) + "/"
_THIRD_PARTY = (str(ROOT / ".venv") + "/", str(ROOT / "node_modules") + "/")


@dataclass
class Call:
    service: str
    operation: str
    params: dict[str, Any]
    region: str = ""
    by_app: bool = False


@dataclass
class Recorder:
    calls: list[Call] = field(default_factory=list)  # since the last clear()
    history: list[Call] = field(default_factory=list)  # the whole session

    def clear(self) -> None:
        self.calls.clear()

    def of(self, service: str, operation: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.service == service and operation in (None, c.operation)]

    def operations(self, service: str | None = None) -> list[str]:
        return [c.operation for c in self.calls if service in (None, c.service)]

    def app_history(self) -> list[Call]:
        return [c for c in self.history if c.by_app]


RECORDER = Recorder()


def called_by_app() -> bool:
    """Whether the nearest frame of this repository (outside its venv) is the app's."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_OURS) and not name.startswith(_THIRD_PARTY) and name != __file__:
            return name == _APP_MODULE or name.startswith(_APP_PACKAGE)
        frame = frame.f_back
    return False


def install() -> None:
    """Wrap botocore's one entry point for API calls (idempotent; any time, before or after clients exist)."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    if getattr(original, "_records_calls", False):
        return

    def _make_api_call(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        call = Call(self.meta.service_model.service_name, operation_name, api_params, self.meta.region_name,
                    called_by_app())
        RECORDER.calls.append(call)
        RECORDER.history.append(call)
        return original(self, operation_name, api_params)

    _make_api_call._records_calls = True  # type: ignore[attr-defined]
    BaseClient._make_api_call = _make_api_call  # type: ignore[method-assign]
