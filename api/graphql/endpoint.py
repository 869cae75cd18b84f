"""The GraphQL endpoint: graphene-django's view with this site's limits, its error rules and GraphiQL served
from the site's own static files (only where ``NEST_GRAPHIQL`` is on).

Errors are always GraphQL errors with a message: a malformed request, an unknown field or a bad argument
is a 400 (or a field error beside the data), never a 500. An unexpected failure inside a resolver is
logged and answered as an "internal error" field error without its details.
"""

import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
    validate_schema,
)
from graphql.error import GraphQLError as CoreGraphQLError
from graphql.validation import specified_rules

from api.graphql.limits import ArgumentGuard, check_limits

logger = logging.getLogger(__name__)

# Longer query texts are refused before they are parsed.
MAX_QUERY_LENGTH = 20_000
INTERNAL = "INTERNAL_SERVER_ERROR"
# Distinct query texts whose parsed and validated document is kept (per process): the front end and the
# scripts send a few hundred at most; a client sending ever new texts only pushes the oldest out.
DOCUMENT_CACHE_SIZE = 256


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def checked_document(schema: GraphQLSchema, query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """``query`` parsed and validated against ``schema`` by the standard rules (unknown fields, wrong types,
    ...): the document and its errors (a syntax error: no document). The same for every request with the same
    text, so it is made once per text and schema: graphql-core's parse and its validating visitor were about
    15 % of a deep query's time. The limits (depth, cost) depend on the variables and the settings, and are
    checked per request (``check_limits``); documents are never changed by execution."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, (error,)
    errors = validate(schema, document, specified_rules, graphene_settings.MAX_VALIDATION_ERRORS)
    return document, tuple(errors)


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
        try:
            return self._execute(request, query, variables, operation_name, show_graphiql)
        except HttpError:
            raise
        except Exception:
            logger.exception("GraphQL request failed before it ran")
            return ExecutionResult(errors=[GraphQLError(_("The request could not be run."))])

    def _execute(self, request, query, variables, operation_name, show_graphiql):
        """graphene-django's ``execute_graphql_request`` with the document from ``checked_document`` and the
        limits checked after it. What this schema never runs (no query; a GET of a mutation, which it has
        a mutation) is left to graphene-django's answers (a 405)."""
        if not query:
            return super().execute_graphql_request(request, {}, query, variables, operation_name, show_graphiql)
        schema = self.schema.graphql_schema
        schema_errors = validate_schema(schema)  # graphql-core keeps the result on the schema
        if schema_errors:
            return ExecutionResult(data=None, errors=schema_errors)
        document, errors = checked_document(schema, query)
        if document is None:
            return ExecutionResult(errors=list(errors))
        operation = get_operation_ast(document, operation_name)
        if request.method.lower() == "get" and operation is not None and operation.operation != OperationType.QUERY:
            return super().execute_graphql_request(request, {}, query, variables, operation_name, show_graphiql)
        errors = list(errors) or check_limits(schema, document, variables)
        if errors:
            return ExecutionResult(data=None, errors=errors)
        return execute(  # a failure here is the caller's "could not be run", logged
            schema,
            document,
            root_value=self.get_root_value(request),
            context_value=self.get_context(request),
            variable_values=variables,
            operation_name=operation_name,
            middleware=self.get_middleware(request),
            execution_context_class=self.execution_context_class,
        )

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
