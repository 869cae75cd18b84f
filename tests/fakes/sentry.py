"""A local fake of Sentry's ingest endpoint: a real HTTP server (``ThreadingHTTPServer`` in a background thread)
on a free loopback port that takes what sentry-sdk's HTTP transport sends, ``POST /api/<project>/envelope/``
(gzip or plain, as ``Content-Encoding`` says), and keeps each envelope: its raw text and its items decoded
(``events()`` returns the error events). ``GET`` of any other path answers ``ok`` (a target for outgoing calls)."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Envelope:
    raw: str
    headers: dict
    items: list[tuple[dict, dict | str]]


@dataclass
class FakeSentry:
    envelopes: list[Envelope] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def dsn(self) -> str:
        return f"http://fakepublickey@127.0.0.1:{self._server.server_address[1]}/42"

    def events(self) -> list[dict]:
        with self._lock:
            return [
                payload
                for envelope in self.envelopes
                for header, payload in envelope.items
                if header.get("type") == "event"
            ]

    def raw(self) -> str:
        with self._lock:
            return "\n".join(envelope.raw for envelope in self.envelopes)

    def clear(self) -> None:
        with self._lock:
            self.envelopes.clear()

    def start(self) -> FakeSentry:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                fake._store(body.decode())
                self._answer(b"{}", "application/json")

            def do_GET(self):
                self._answer(b"ok", "text/plain")

            def _answer(self, body: bytes, content_type: str):
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _store(self, text: str) -> None:
        lines = text.split("\n")
        headers = json.loads(lines[0]) if lines[0] else {}
        items, index = [], 1
        while index + 1 < len(lines) and lines[index]:
            item_header = json.loads(lines[index])
            payload = lines[index + 1]
            with contextlib.suppress(ValueError):
                payload = json.loads(payload)
            items.append((item_header, payload))
            index += 2
        with self._lock:
            self.envelopes.append(Envelope(raw=text, headers=headers, items=items))
