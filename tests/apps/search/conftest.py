import pytest

from apps.search import backends


@pytest.fixture(params=["bm25", "fts"])
def backend(request):
    """Each test once per PostgreSQL backend (the same database: the documents are shared)."""
    chosen = backends.use(request.param)
    yield chosen
    backends.reset()
