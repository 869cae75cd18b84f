"""The OpenAI embedding provider with the real openai client against the local fake OpenAI server."""

import numpy as np
import pytest

from apps.ai.providers import ProviderError, configured_name, configured_provider
from apps.ai.providers.openai_embeddings import OpenAIProvider
from tests.fakes.openai import API_KEY, FakeOpenAI, fake_vector


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake_openai():
    with FakeOpenAI(dimensions=1536, timeout_delay=1.5) as fake:
        yield fake


def make_provider(fake, **options) -> OpenAIProvider:
    options.setdefault("sleep", Sleeps())
    options.setdefault("timeout", 0.5)
    options.setdefault("max_retries", 3)
    return OpenAIProvider(api_key=API_KEY, base_url=fake.url, **options)


def test_embeds_in_batches_and_counts_tokens_and_cost(fake_openai):
    provider = make_provider(fake_openai, batch_size=2)
    texts = ["OWASP Juice Shop", "Dependency Check scans dependencies", "Top Ten", "ZAP proxy", "SAMM"]

    batch = provider.embed(texts)

    assert [len(r["input"]) for r in fake_openai.requests] == [2, 2, 1]
    assert {r["model"] for r in fake_openai.requests} == {"text-embedding-3-small"}
    assert len(batch.vectors) == 5
    for text, vector in zip(texts, batch.vectors, strict=True):
        assert vector.shape == (1536,)
        np.testing.assert_allclose(vector, fake_vector(text, 1536), atol=1e-6)
    assert batch.tokens == sum(len(t.split()) for t in texts) == 12
    assert batch.cost_usd == pytest.approx(12 * 0.02 / 1_000_000)
    assert (batch.requests, batch.retries) == (3, 0)


def test_rate_limit_is_retried_after_the_servers_retry_after(fake_openai):
    sleeps = Sleeps()
    provider = make_provider(fake_openai, sleep=sleeps)
    fake_openai.script = ["429", "429"]

    batch = provider.embed(["chapter meetings in London"])

    assert len(batch.vectors) == 1
    assert (batch.requests, batch.retries) == (3, 2)
    assert sleeps == [2.0, 2.0]  # Retry-After: 2


def test_server_errors_back_off_exponentially_then_give_up(fake_openai):
    sleeps = Sleeps()
    provider = make_provider(fake_openai, sleep=sleeps, max_retries=2, backoff=1.0)
    fake_openai.script = ["500", "500", "500", "500"]

    with pytest.raises(ProviderError, match="after 3 attempts"):
        provider.embed(["anything"])

    assert sleeps == [1.0, 2.0]
    assert len(fake_openai.requests) == 3


def test_a_timeout_is_retried(fake_openai):
    sleeps = Sleeps()
    provider = make_provider(fake_openai, sleep=sleeps, timeout=0.3)
    fake_openai.script = ["timeout"]

    batch = provider.embed(["threat modeling"])

    assert (batch.requests, batch.retries) == (2, 1)
    assert len(sleeps) == 1
    np.testing.assert_allclose(batch.vectors[0], fake_vector("threat modeling", 1536), atol=1e-6)


@pytest.mark.parametrize("behaviour", ["malformed", "wrong_count", "wrong_size"])
def test_a_malformed_reply_fails_at_once(fake_openai, behaviour):
    provider = make_provider(fake_openai)
    fake_openai.script = [behaviour]

    with pytest.raises(ProviderError, match=r"malformed|vectors for|shape"):
        provider.embed(["one", "two"])

    assert len(fake_openai.requests) == 1  # never retried: the same request would get the same reply


def test_a_refused_key_is_not_retried(fake_openai):
    provider = OpenAIProvider(api_key="sk-wrong", base_url=fake_openai.url, sleep=Sleeps(), max_retries=3)

    with pytest.raises(ProviderError, match="401"):
        provider.embed(["x"])

    assert len(fake_openai.requests) == 1


def test_the_key_chooses_openai_unless_the_provider_is_set(settings, fake_openai):
    settings.NEST_AI_EMBEDDING_PROVIDER = ""
    settings.OPENAI_API_KEY = ""
    assert configured_name() == "local"

    settings.OPENAI_API_KEY = API_KEY
    settings.OPENAI_BASE_URL = fake_openai.url
    assert configured_name() == "openai"
    provider = configured_provider()
    assert (provider.model_name, provider.dimensions) == ("text-embedding-3-small", 1536)
    assert provider.embed_query("juice shop").shape == (1536,)
    assert fake_openai.requests[-1]["path"] == "/v1/embeddings"

    settings.NEST_AI_EMBEDDING_PROVIDER = "local"
    assert configured_name() == "local"
