"""The API of the local stack: Chalice's own local server (what ``chalice local`` runs),
with one addition for CORS preflights.

Chalice's local gateway answers an ``OPTIONS`` preflight itself, from the route's CORS
config, without the request reaching the app; API Gateway does the same from the deployed
template, where each stage has exactly one origin. The local stage allows the site under two
names (127.0.0.1 and localhost), so the CORS config must see the request's ``Origin``: this
handler hands it over (``chalicelib.api.cors.request_origin``) for each request it serves.

    python -m infra.local_api --stage local --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from chalice.local import ChaliceRequestHandler

ROOT = Path(__file__).resolve().parents[1]


class OriginAwareHandler(ChaliceRequestHandler):
    def _generic_handle(self) -> None:
        from chalicelib.api.cors import request_origin

        with request_origin(self.headers.get("Origin")):
            super()._generic_handle()

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle

    def __getattr__(self, name: str) -> object:
        # Any other method (TRACE ...) reaches the app too, which answers 405 for a method a
        # path does not have, as API Gateway does, instead of http.server's 501.
        if name.startswith("do_"):
            return self._generic_handle
        raise AttributeError(name)


def serve(stage: str, host: str, port: int) -> None:
    """As ``chalice local --no-autoreload`` does: the stage's config and environment, routes validated."""
    from chalice import local
    from chalice.cli.factory import CLIFactory
    from chalice.deploy.validate import validate_routes

    os.environ["AWS_CHALICE_CLI_MODE"] = "true"
    os.chdir(ROOT)
    config = CLIFactory(str(ROOT), environ=os.environ).create_config_obj(chalice_stage_name=stage)
    app = config.chalice_app
    validate_routes(app.routes)
    # What chalice.local.create_local_server does, with our handler.
    local.CustomLocalChalice.__bases__ = (local.LocalChalice, app.__class__)
    app.__class__ = local.CustomLocalChalice
    server = local.LocalDevServer(app, config, host, port, handler_cls=OriginAwareHandler)
    server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", default="local")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    serve(args.stage, args.host, args.port)


if __name__ == "__main__":
    main()
