"""Nest: the OWASP community hub."""
