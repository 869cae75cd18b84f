"""Logging filters named in the LOGGING setting."""

import logging

from apps.core import changes


class PerRecordLinesToDebug(logging.Filter):
    """During a sync run, the INFO lines libraries write for every saved record (Wagtail's "Page created", the
    search index task's "RUNNING"/"SUCCESSFUL") become DEBUG: the run's progress bar and summary say it once.

    Attached to those libraries' loggers, it runs before their handlers, so a record demoted below the level
    in force is dropped; with DEBUG logging turned on it still shows, as DEBUG.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not changes.in_run():
            return True
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (the current request's or task's, ``-`` outside both) to every record the handler
    writes; attached to the handler, so library loggers' records get it too."""

    def filter(self, record: logging.LogRecord) -> bool:
        from apps.core.observability import request_id

        record.request_id = request_id.get() or "-"
        return True
