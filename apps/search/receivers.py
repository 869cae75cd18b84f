"""What keeps the index fresh: ``data_changed`` from sync and services, Wagtail's page signals, synonym edits."""
