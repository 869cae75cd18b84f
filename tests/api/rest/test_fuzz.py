"""A property-based fuzz of every operation of the generated OpenAPI schema (schemathesis over the WSGI app,
on the real synced OWASP data plus recorded GitHub data): whatever the parameters, no answer is a 5xx, and
every answer of a read operation is one the schema documents, in its shape. Bounded (few examples per
operation, derandomized, a deadline per example) so that the whole run stays well under two minutes."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

EXAMPLES_PER_OPERATION = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


class InTestTransaction:
    """The WSGI app as Django's test client calls it: the test's database connection (and its transaction)
    stays open across requests, instead of being closed when each request ends."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        # Schemathesis's WSGI transport reads a body as sent, without undoing gzip (test_caching covers it).
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _schema():
    """The schema /api/v0/schema/ serves, generated in process (no request, no query), bound to the app."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = InTestTransaction(get_wsgi_application())
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def github_rows(db, data_dir):
    """Recorded GitHub rows beside the synced OWASP pages, so GitHub details can be found too."""
    return factories.recorded_github(data_dir)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=3000,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error_or_off_schema(case):
    response = case.call()

    # The read operations are held to their documented answers; the others (the JWT token endpoints, whose
    # schema simplejwt writes without its 400s) to no server error.
    case.validate_response(response, checks=CHECKS if case.method == "GET" else [not_a_server_error])
