"""Use cases of the OWASP app that are not syncs: one module per use case."""
