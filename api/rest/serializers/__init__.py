"""The JSON of each entity: OWASP Nest's v0 fields (names and types as its published client reads them)
first, ours beside them."""
