"""What every type shares: ids, scalars, list arguments and their limits, and how a bad argument is told."""

from datetime import UTC, date, datetime, time

import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLError
from graphql_relay import to_global_id

from api.graphql.loaders import Loader, loaders_of

# The most rows one list field returns, and the deepest offset it starts at (a deep OFFSET reads and
# throws away every row before it: walk further with a narrower filter).
MAX_LIMIT = 100
MAX_OFFSET = 10_000


class JSON(GenericScalar):
    """Any JSON value, sent as is (not as a string)."""

    class Meta:
        name = "JSON"


def bad_argument(name: str, message: str) -> GraphQLError:
    """The error a resolver raises for an argument it refuses: the message names the argument (as the
    schema spells it)."""
    name = to_camel_case(name)
    return GraphQLError(f"{name}: {message}", extensions={"code": "BAD_USER_INPUT", "argument": name})


def limit_argument(default: int, maximum: int = MAX_LIMIT) -> graphene.Int:
    return graphene.Int(default_value=default, description=f"How many rows (0 to {maximum}; default {default}).")


def offset_argument() -> graphene.Int:
    return graphene.Int(default_value=0, description=f"Rows to skip first (0 to {MAX_OFFSET}).")


def checked_limit(limit: int | None, *, default: int, maximum: int = MAX_LIMIT, name: str = "limit") -> int:
    if limit is None:
        return default
    if not 0 <= limit <= maximum:
        raise bad_argument(name, _("must be between 0 and %(maximum)d.") % {"maximum": maximum})
    return limit


def checked_offset(offset: int | None) -> int:
    if offset is None:
        return 0
    if not 0 <= offset <= MAX_OFFSET:
        raise bad_argument("offset", _("must be between 0 and %(maximum)d.") % {"maximum": MAX_OFFSET})
    return offset


def window(rows, limit: int, offset: int = 0) -> list:
    """One page of a queryset or list."""
    return list(rows[offset : offset + limit]) if limit else []


def global_id(type_name: str, pk) -> str:
    """Relay's opaque id ("ProjectNode:12", base64), as OWASP Nest's nodes have."""
    return to_global_id(type_name, pk)


def timestamp(value: date | datetime | None) -> float | None:
    """Seconds since the epoch (UTC); a date counts from its midnight. None when unknown."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=UTC)
    return value.timestamp()


def loader(info, name, kind: str, batch, default=None, keys_of: str = "") -> Loader:
    """The request's loader ``name`` (see ``api.graphql.loaders``)."""
    return loaders_of(info).get(name, kind, batch, default, keys_of)


def github_status_of(info):
    """Whether and when GitHub was synced (``apps.github.services.status``), read once per request: what the
    freshness of every GitHub figure of the answer is measured against."""
    from apps.github.services.status import github_status

    request = info.context
    status = getattr(request, "_nest_graphql_github_status", None)
    if status is None:
        status = github_status()
        request._nest_graphql_github_status = status
    return status
