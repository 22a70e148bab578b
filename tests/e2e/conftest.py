# The local stack (``python -m infra.local``) in a subprocess, shared with the browser tests.
from tests.browser.conftest import live_stack  # noqa: F401
