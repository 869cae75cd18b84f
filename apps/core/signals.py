"""Signals the data layer sends to the presentation layers (page cache, search index, embeddings)."""

from django.dispatch import Signal

# Sent once per kind of object per run, after the run's writes committed (see ``apps.core.changes``), with
# ``kind`` ("project", "repository", "health", ...), ``ids`` (a frozenset of the changed objects' primary
# keys) and ``batch`` (one id per run: listeners that react to any change may react once per batch).
data_changed = Signal()
