import pytest

from apps.search import backends

# ``embedded`` / ``embedded_owasp`` (tests/conftest.py): the real OWASP data embedded once per run with the local
# model, the hybrid ranking's neighbours.


@pytest.fixture(params=["bm25", "fts"])
def backend(request):
    """Each test once per PostgreSQL backend (the same database: the documents are shared)."""
    chosen = backends.use(request.param)
    yield chosen
    backends.reset()
