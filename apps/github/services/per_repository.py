"""The newest rows of a queryset across many repositories, read as PERF-FLOOR Q2c found fast: each
repository's own newest few from its (repository, <date> DESC) index in a LATERAL join, then the newest of
those. A plain ORDER BY over the project's rows reads every matching row of every repository first."""

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL


def newest_rows(queryset: QuerySet, repository_ids: list[int], *, limit: int, by: str) -> list[Model]:
    """The ``limit`` newest rows of ``queryset`` (newest by ``by``, then id) in these repositories, newest
    first, as model instances (1 query). The rule stays the queryset's: its SQL is the LATERAL's inner query."""
    if not repository_ids or limit <= 0:
        return []
    inner = queryset.filter(repository_id=RawSQL("repo.id", ())).order_by(f"-{by}", "-id")[:limit]
    inner_sql, inner_params = inner.query.sql_with_params()
    column = connection.ops.quote_name(queryset.model._meta.get_field(by).column)
    sql = f"""
        SELECT newest.* FROM unnest(%s::bigint[]) AS repo(id)
        CROSS JOIN LATERAL ({inner_sql}) AS newest
        ORDER BY newest.{column} DESC, newest.id DESC LIMIT %s
    """  # noqa: S608 - the inner query is the ORM's, the column a model field's; values are parameters
    return list(queryset.model.objects.raw(sql, [list(repository_ids), *inner_params, limit]))


def newest_rows_per_repository(
    queryset: QuerySet, repository_ids: list[int], *, limit: int, by: str
) -> dict[int, list[Model]]:
    """Each repository's ``limit`` newest rows of ``queryset`` (newest by ``by``, then id), for many
    repositories in 1 query (one index probe each), keyed by repository id; [] for one without rows."""
    found: dict[int, list[Model]] = {repository_id: [] for repository_id in repository_ids}
    if not repository_ids or limit <= 0:
        return found
    inner = queryset.filter(repository_id=RawSQL("repo.id", ())).order_by(f"-{by}", "-id")[:limit]
    inner_sql, inner_params = inner.query.sql_with_params()
    column = connection.ops.quote_name(queryset.model._meta.get_field(by).column)
    sql = f"""
        SELECT newest.* FROM unnest(%s::bigint[]) AS repo(id)
        CROSS JOIN LATERAL ({inner_sql}) AS newest
        ORDER BY newest.repository_id, newest.{column} DESC, newest.id DESC
    """  # noqa: S608 - as in newest_rows
    for row in queryset.model.objects.raw(sql, [list(repository_ids), *inner_params]):
        found[row.repository_id].append(row)
    return found
