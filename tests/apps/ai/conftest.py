"""Fixtures of the AI tests: ``embedded_owasp`` and ``embedded`` (the real data embedded once per run with the
local model) are in tests/conftest.py, shared with the ask API and page tests."""
