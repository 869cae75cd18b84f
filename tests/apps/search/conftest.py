import pytest

from apps.search import backends

# The AI tests' session-wide fixture: the real OWASP data embedded once per run with the local model (the hybrid
# ranking's neighbours). A run of both folders embeds once: the second use finds every context up to date.
from tests.apps.ai.conftest import embedded, embedded_owasp

__all__ = ["embedded", "embedded_owasp"]


@pytest.fixture(params=["bm25", "fts"])
def backend(request):
    """Each test once per PostgreSQL backend (the same database: the documents are shared)."""
    chosen = backends.use(request.param)
    yield chosen
    backends.reset()
