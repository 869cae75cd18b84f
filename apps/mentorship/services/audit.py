"""The audit trail: every status change of an application or a task, who made it, when, from and to."""

from apps.mentorship.models import Application, StatusChange, Task


def record(subject: Application | Task, *, by, from_status: str, to_status: str, note: str = "") -> StatusChange:
    """Record one change (``by`` None: made by GitHub, through the task refresh)."""
    field = "application" if isinstance(subject, Application) else "task"
    return StatusChange.objects.create(
        **{field: subject},
        changed_by=by if by is not None and by.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        note=note[:500],
    )
