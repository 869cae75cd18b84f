"""A local fake of OpenAI's embeddings and chat completions endpoints (``POST /v1/embeddings``,
``POST /v1/chat/completions``), for the real openai client (and LangChain's ChatOpenAI over it).

It speaks the real protocol: bearer authentication, the request's ``model``, ``input`` (a string or a list)
and ``dimensions``, and the reply's ``data`` list of ``{"object": "embedding", "index", "embedding"}`` with
``usage``; ``encoding_format`` "base64" as the client may ask. Its vectors are deterministic bags of hashed
words, so texts sharing words are near each other. ``script`` queues what the next requests get instead of
a success: ``"429"`` (rate limited, with Retry-After), ``"500"``, ``"timeout"`` (an answer slower than the
client waits), ``"malformed"`` (not JSON), ``"wrong_count"`` (one vector too few) or ``"wrong_size"``.

Chat completions answer each request with the next of ``chat_replies`` (a text, or ``{"tool_calls": [(name,
arguments), ...]}`` for a reply that calls tools), else with a text citing the first numbered source of the
last user message (``[1] Title (...)``) — so an answer is visibly made from the passages it was given. The
same ``script`` applies, ``"429"`` with a short ``retry-after-ms``, and ``"malformed_json"`` (JSON without
``choices``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

API_KEY = "sk-test-fake"


def fake_vector(text: str, dimensions: int) -> np.ndarray:
    """A unit vector: each lower-cased word adds +1 at a position its hash picks (the sign from the hash too)."""
    vector = np.zeros(dimensions, dtype=np.float32)
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        position = int.from_bytes(digest[:4], "big") % dimensions
        vector[position] += 1.0 if digest[4] & 1 else -1.0
    if not vector.any():
        vector[0] = 1.0
    return vector / np.linalg.norm(vector)


def default_reply(record: dict) -> str:
    """A text made from the request: the first numbered source of the last user message, cited."""
    users = [m for m in record.get("messages", []) if m.get("role") == "user"]
    content = str(users[-1].get("content") or "") if users else ""
    found = re.search(r"^\[1\] (.+?) \(", content, re.MULTILINE)
    if found:
        return f"From the sources: {found.group(1)} is what the question is about [1]."
    return "I found nothing about that in the sources."


class FakeOpenAI:
    """``with FakeOpenAI() as fake:`` serves on 127.0.0.1 at ``fake.url`` (the client's base URL)."""

    def __init__(self, *, dimensions: int = 1536, timeout_delay: float = 1.5) -> None:
        self.dimensions = dimensions
        self.timeout_delay = timeout_delay
        self.script: list[str] = []
        self.chat_replies: list = []
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def chat_requests(self) -> list[dict]:
        return [request for request in self.requests if request["path"].rstrip("/").endswith("/chat/completions")]

    @property
    def embedded_texts(self) -> int:
        return sum(len(request["input"]) for request in self.requests if request.get("answered"))

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next(self) -> str:
        with self._lock:
            return self.script.pop(0) if self.script else "ok"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.wfile.write(body)

            def _error(self, status: int, message: str, kind: str, headers: dict | None = None) -> None:
                body = {"error": {"message": message, "type": kind, "param": None, "code": None}}
                self._send(status, json.dumps(body).encode(), headers)

            def _chat(self, record: dict):
                behaviour = fake._next()
                if behaviour == "429":
                    headers = {"retry-after-ms": "50", "x-ratelimit-remaining-requests": "0"}
                    return self._error(429, "Rate limit reached for requests.", "requests", headers)
                if behaviour == "500":
                    return self._error(500, "The server had an error while processing your request.", "server_error")
                if behaviour == "timeout":
                    time.sleep(fake.timeout_delay)
                if behaviour == "malformed":
                    return self._send(200, b"<html>upstream proxy error</html>")
                if behaviour == "malformed_json":
                    return self._send(200, json.dumps({"object": "chat.completion", "oops": True}).encode())
                with fake._lock:
                    reply = fake.chat_replies.pop(0) if fake.chat_replies else None
                message: dict = {"role": "assistant", "content": None}
                finish = "stop"
                if isinstance(reply, dict) and reply.get("tool_calls"):
                    message["tool_calls"] = [
                        {
                            "id": f"call_{len(fake.requests)}_{i}",
                            "type": "function",
                            "function": {"name": name, "arguments": json.dumps(arguments)},
                        }
                        for i, (name, arguments) in enumerate(reply["tool_calls"])
                    ]
                    finish = "tool_calls"
                else:
                    message["content"] = reply if isinstance(reply, str) else default_reply(record)
                prompt_tokens = sum(len(str(m.get("content") or "").split()) for m in record.get("messages", []))
                completion_tokens = len(str(message["content"] or "").split()) + 5
                body = {
                    "id": f"chatcmpl-fake{len(fake.requests)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": record.get("model"),
                    "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                    "usage": {
                        "prompt_tokens": prompt_tokens,
                        "completion_tokens": completion_tokens,
                        "total_tokens": prompt_tokens + completion_tokens,
                    },
                }
                record["answered"] = behaviour != "timeout"
                return self._send(200, json.dumps(body).encode())

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                record = {"path": self.path, **payload}
                if isinstance(record.get("input"), str):
                    record["input"] = [record["input"]]
                with fake._lock:
                    fake.requests.append(record)
                if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                    return self._error(401, "Incorrect API key provided.", "invalid_request_error")
                if self.path.rstrip("/") == "/v1/chat/completions":
                    if not record.get("messages"):
                        return self._error(400, "'messages' is required.", "invalid_request_error")
                    return self._chat(record)
                if self.path.rstrip("/") != "/v1/embeddings":
                    return self._error(404, f"Unknown path {self.path}", "invalid_request_error")
                inputs = record.get("input") or []
                if not inputs or any(not isinstance(text, str) or not text for text in inputs):
                    return self._error(400, "'input' must be a non-empty string or array.", "invalid_request_error")
                behaviour = fake._next()
                if behaviour == "429":
                    headers = {"Retry-After": "2", "x-ratelimit-remaining-requests": "0"}
                    return self._error(429, "Rate limit reached for requests.", "requests", headers)
                if behaviour == "500":
                    return self._error(500, "The server had an error while processing your request.", "server_error")
                if behaviour == "timeout":
                    time.sleep(fake.timeout_delay)
                if behaviour == "malformed":
                    return self._send(200, b"<html>upstream proxy error</html>")
                dimensions = int(record.get("dimensions") or fake.dimensions)
                if behaviour == "wrong_size":
                    dimensions -= 1
                vectors = [fake_vector(text, dimensions) for text in inputs]
                if behaviour == "wrong_count":
                    vectors = vectors[:-1]
                as_base64 = record.get("encoding_format") == "base64"
                tokens = sum(len(text.split()) for text in inputs)
                body = {
                    "object": "list",
                    "model": record.get("model"),
                    "data": [
                        {
                            "object": "embedding",
                            "index": i,
                            "embedding": base64.b64encode(v.astype("<f4").tobytes()).decode()
                            if as_base64
                            else [float(x) for x in v],
                        }
                        for i, v in enumerate(vectors)
                    ],
                    "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
                }
                record["answered"] = behaviour not in ("timeout",)
                self._send(200, json.dumps(body).encode())

        return Handler
