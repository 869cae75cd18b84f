"""One read-only viewset per entity (list and detail), on the domain's querysets and services."""
