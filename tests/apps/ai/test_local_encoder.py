"""The NumPy MiniLM encoder against sentence-transformers' own vectors of the same sentences.

The reference vectors (tests/apps/ai/data/minilm_reference.json) were made once with sentence-transformers and
torch by devtools/ai_reference_vectors.py; the encoder must give the same vectors to float32 precision.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from apps.ai.providers.local import DIMENSIONS, MAX_SEQ_LENGTH, MODEL_NAME, LocalProvider, _encoder, _Erf

REFERENCE = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference():
    return REFERENCE["sentences"], np.asarray(REFERENCE["vectors"], dtype=np.float32)


def test_the_reference_is_what_the_encoder_claims_to_reproduce(reference):
    sentences, vectors = reference
    assert REFERENCE["max_seq_length"] == MAX_SEQ_LENGTH
    assert vectors.shape == (len(sentences), DIMENSIONS) and len(sentences) >= 20
    assert max(len(s.split()) for s in sentences) > MAX_SEQ_LENGTH  # one sentence is cut at the window


@pytest.mark.parametrize("batch_size", [1, 8, 32])
def test_vectors_equal_sentence_transformers(reference, batch_size):
    sentences, expected = reference

    got = _encoder().encode(sentences, batch_size=batch_size)

    assert got.dtype == np.float32
    # float32 rounding differs with the order of the sums (BLAS vs torch): a few units in the 7th decimal.
    assert np.abs(got - expected).max() < 5e-7
    np.testing.assert_allclose((got * expected).sum(axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)


def test_the_erf_is_exact_to_float32():
    import math

    erf = _Erf()
    x = np.linspace(-8, 8, 20001)
    assert np.abs(erf(x) - np.array([math.erf(v) for v in x])).max() < 1e-8


def test_provider_interface():
    provider = LocalProvider(batch_size=4)

    batch = provider.embed(["OWASP Juice Shop", "Dependency-Check"])

    assert (provider.name, provider.model_name, provider.dimensions) == ("local", MODEL_NAME, 384)
    assert len(batch.vectors) == 2 and batch.vectors[0].shape == (384,)
    assert batch.tokens > 4 and batch.cost_usd == 0
    assert provider.embed([]).vectors == []
    np.testing.assert_allclose(provider.embed_query("OWASP Juice Shop"), batch.vectors[0], atol=1e-6)
