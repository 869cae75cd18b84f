"""The GraphQL endpoint: graphene-django's view with this site's limits, its error rules and GraphiQL served
from the site's own static files (only where ``NEST_GRAPHIQL`` is on).

Errors are always GraphQL errors with a message: a malformed request, an unknown field or a bad argument
is a 400 (or a field error beside the data), never a 500. An unexpected failure inside a resolver is
logged and answered as an "internal error" field error without its details.
"""

import logging

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError
from graphql.error import GraphQLError as CoreGraphQLError
from graphql.validation import specified_rules

from api.graphql.limits import ArgumentGuard, limits_rule

logger = logging.getLogger(__name__)

# Longer query texts are refused before they are parsed.
MAX_QUERY_LENGTH = 20_000
INTERNAL = "INTERNAL_SERVER_ERROR"


class NestGraphQLView(GraphQLView):
    graphiql_template = "api/graphiql.html"

    def __init__(self, *args, middleware=None, **kwargs):
        # graphene-django replaces a ``middleware`` class attribute by its MIDDLEWARE setting (empty unless
        # DEBUG), so the guard is given here, where nothing overrides it.
        super().__init__(*args, middleware=[ArgumentGuard()] if middleware is None else middleware, **kwargs)

    @property
    def graphiql(self):
        return settings.NEST_GRAPHIQL

    @graphiql.setter
    def graphiql(self, value):
        """graphene-django's ``__init__`` sets it; the setting decides."""

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if query is not None and not isinstance(query, str):
            raise HttpError(HttpResponseBadRequest(_("The query must be a string.")))
        if query and len(query) > MAX_QUERY_LENGTH:
            message = _("The query is longer than %(max)d characters.") % {"max": MAX_QUERY_LENGTH}
            raise HttpError(HttpResponseBadRequest(message))
        if variables is not None and not isinstance(variables, dict):
            raise HttpError(HttpResponseBadRequest(_("The variables must be a JSON object.")))
        if operation_name is not None and not isinstance(operation_name, str):
            raise HttpError(HttpResponseBadRequest(_("The operation name must be a string.")))
        # The standard rules (unknown fields, wrong types, ...) and ours: graphene passes these instead of them.
        self.validation_rules = (*specified_rules, limits_rule(variables))
        try:
            return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)
        except HttpError:
            raise
        except Exception:
            logger.exception("GraphQL request failed before it ran")
            return ExecutionResult(errors=[GraphQLError(_("The request could not be run."))])

    @staticmethod
    def format_error(error):
        original = getattr(error, "original_error", None)
        if isinstance(error, CoreGraphQLError) and (original is None or isinstance(original, CoreGraphQLError)):
            return GraphQLView.format_error(error)
        if isinstance(error, CoreGraphQLError):
            logger.error("GraphQL resolver failed at %s", error.path, exc_info=original)
            return {
                "message": _("Internal error: this field could not be resolved."),
                "locations": [{"line": loc.line, "column": loc.column} for loc in error.locations or ()],
                "path": error.path,
                "extensions": {"code": INTERNAL},
            }
        return GraphQLView.format_error(error)

    def render_graphiql(self, request, **data):
        data["graphql_url"] = request.path
        return super().render_graphiql(request, **data)
