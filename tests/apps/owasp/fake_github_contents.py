"""A local fake of the GitHub REST endpoints the OWASP GitHub source reads, serving a snapshot folder.

Real HTTP on 127.0.0.1, GitHub's shapes: ``/orgs/{org}/repos`` (paged with Link headers), the contents listing
of ``owasp.github.io/_data``, ``git/trees/HEAD?recursive=1`` and ``git/blobs/{sha}`` (base64, wrapped at 60
characters as GitHub does). Blob shas are real git blob ids; listings carry ETags and answer 304 to a matching
If-None-Match. It reads the folder on every request, so a test can change "upstream" between runs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ORG = "OWASP"
SITE_REPO = "owasp.github.io"
EXTRA_REPOS = ["owasp-mastg", "Nest"]  # real org repositories that are not www-* sites


def git_blob_sha(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


class FakeGitHubContents:
    def __init__(self, root: Path, *, per_page_max: int = 100):
        self.root = root
        self.per_page_max = per_page_max
        self.requests: list[tuple[str, int]] = []
        self.fail: dict[str, int] = {}  # path prefix → status to answer
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeGitHubContents:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()

    def count(self, pattern: str, status: int | None = None) -> int:
        return sum(1 for path, code in self.requests if re.search(pattern, path) and status in (None, code))

    # --- data -----------------------------------------------------------------------------------------------

    def _site_dir(self) -> Path:
        return self.root / "owasp-site" / "_data"

    def _repo_dir(self, repo: str) -> Path:
        return self.root / "owasp-repos" / repo

    def _repos(self) -> list[str]:
        folder = self.root / "owasp-repos"
        return sorted([p.name for p in folder.iterdir() if p.is_dir()] + EXTRA_REPOS, key=str.lower)

    def _files(self, folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    def _blob(self, sha: str) -> bytes | None:
        for folder in [self._site_dir(), *(self._repo_dir(r) for r in self._repos() if self._repo_dir(r).is_dir())]:
            for content in self._files(folder).values():
                if git_blob_sha(content) == sha:
                    return content
        return None

    # --- HTTP -----------------------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                status, body, headers = fake.answer(parts.path, parse_qs(parts.query), self.headers)
                fake.requests.append((self.path, status))
                payload = b"" if status == 304 else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("X-RateLimit-Limit", "5000")
                self.send_header("X-RateLimit-Remaining", "4999")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def answer(self, path: str, query: dict, headers) -> tuple[int, object, dict]:
        for prefix, status in self.fail.items():
            if path.startswith(prefix):
                return status, {"message": "Server Error (fake)"}, {}
        if match := re.fullmatch(rf"/orgs/{ORG}/repos", path):
            return self._org_repos(query)
        if path == f"/repos/{ORG}/{SITE_REPO}/contents/_data":
            listing = [
                {
                    "name": name,
                    "path": f"_data/{name}",
                    "sha": git_blob_sha(content),
                    "size": len(content),
                    "type": "file",
                }
                for name, content in self._files(self._site_dir()).items()
            ]
            return self._conditional(listing, headers)
        if match := re.fullmatch(rf"/repos/{ORG}/([^/]+)/git/trees/HEAD", path):
            folder = self._repo_dir(match.group(1))
            if not folder.is_dir():
                return 404, {"message": "Not Found"}, {}
            tree = [
                {"path": name, "mode": "100644", "type": "blob", "sha": git_blob_sha(content), "size": len(content)}
                for name, content in self._files(folder).items()
            ]
            dirs = sorted({str(Path(name).parent) for name in self._files(folder) if "/" in name})
            tree += [{"path": d, "mode": "040000", "type": "tree", "sha": "0" * 40} for d in dirs]
            return self._conditional({"sha": "f" * 40, "tree": tree, "truncated": False}, headers)
        if match := re.fullmatch(rf"/repos/{ORG}/([^/]+)/git/blobs/([0-9a-f]{{40}})", path):
            content = self._blob(match.group(2))
            if content is None:
                return 404, {"message": "Not Found"}, {}
            encoded = base64.b64encode(content).decode()
            wrapped = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60))
            body = {"sha": match.group(2), "size": len(content), "content": wrapped + "\n", "encoding": "base64"}
            return 200, body, {}
        return 404, {"message": "Not Found"}, {}

    def _conditional(self, body, headers) -> tuple[int, object, dict]:
        etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32] + '"'
        if headers.get("If-None-Match") == etag:
            return 304, None, {"ETag": etag}
        return 200, body, {"ETag": etag}

    def _org_repos(self, query) -> tuple[int, object, dict]:
        per_page = min(int(query.get("per_page", ["30"])[0]), self.per_page_max)
        page = int(query.get("page", ["1"])[0])
        repos = self._repos()
        chunk = repos[(page - 1) * per_page : page * per_page]
        last = max(1, -(-len(repos) // per_page))
        links = {}
        if page < last:
            base = f"{self.url}/orgs/{ORG}/repos?type=public&per_page={per_page}"
            links["Link"] = f'<{base}&page={page + 1}>; rel="next", <{base}&page={last}>; rel="last"'
        body = [{"id": 1000 + i, "name": name, "full_name": f"{ORG}/{name}"} for i, name in enumerate(chunk)]
        return 200, body, links
