"""The helpdesk API: a Chalice app made of blueprints by audience.

Every decision lives in ``chalicelib``; a route reads the request, calls one
service function and returns its result (``chalicelib/api/``).
"""

from __future__ import annotations

from chalice import Chalice

from chalicelib.api import authorizers, consultant, cors, customer, events, public
from chalicelib.api.logs import log_invocation

# Logs are JSON lines from chalicelib.api.logs (Powertools); Chalice must not add a plain handler too.
app = Chalice(app_name="helpdesk", configure_logs=False)
app.register_blueprint(authorizers.blueprint)
app.register_blueprint(public.routes.blueprint)
app.register_blueprint(customer.routes.blueprint)
app.register_blueprint(consultant.routes.blueprint)
app.register_blueprint(events.blueprint)
app.register_middleware(log_invocation, "all")
app.register_middleware(cors.remember_origin, "http")
