"""A local fake of GitHub's OAuth web flow and the two user endpoints sign-in reads, for allauth's real client.

It speaks GitHub's protocol (docs.github.com, "Authorizing OAuth apps"):

- ``GET /login/oauth/authorize?client_id&redirect_uri&scope&state`` answers as GitHub does once the user has
  decided: a 302 to ``redirect_uri`` with ``code`` and ``state``, or, when the user declines
  (``fake.decision = "deny"``), with ``error=access_denied``, ``error_description`` and ``error_uri``. An unknown
  ``client_id`` gets a 404 page, as on GitHub.
- ``POST /login/oauth/access_token`` (form body: client_id, client_secret, code, redirect_uri) answers JSON
  ``{"access_token", "token_type": "bearer", "scope"}``; a wrong secret or a used or unknown code gets GitHub's
  200 with ``{"error": "bad_verification_code" | "incorrect_client_credentials", ...}``.
- ``GET /user`` and ``GET /user/emails`` with ``Authorization: token <t>`` (or Bearer): the signed-in user's
  profile and email list (``{"email", "primary", "verified", "visibility"}``); a bad token gets 401
  ``{"message": "Bad credentials"}``.

``fake.user`` and ``fake.emails`` say who signs in; every request is logged in ``fake.requests``.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

CLIENT_ID = "Iv1.fakeclientid00"
CLIENT_SECRET = "fake-client-secret-0123456789abcdef"


def github_user(login: str = "octo-mentee", user_id: int = 9_100_001, **fields) -> dict:
    """A ``GET /user`` body as GitHub sends it (the fields allauth and the account link read, and a few more)."""
    return {
        "login": login,
        "id": user_id,
        "node_id": f"U_fake{user_id}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
        "html_url": f"https://github.com/{login}",
        "type": "User",
        "site_admin": False,
        "name": login.replace("-", " ").title(),
        "company": None,
        "blog": "",
        "location": None,
        "email": None,
        "bio": None,
        "created_at": "2020-01-02T03:04:05Z",
        "updated_at": "2026-01-02T03:04:05Z",
        **fields,
    }


class FakeGitHubOAuth:
    """``with FakeGitHubOAuth() as fake:`` serves on 127.0.0.1 at ``fake.url``."""

    def __init__(self) -> None:
        self.decision = "approve"  # or "deny": the user declines on GitHub's consent page
        self.user = github_user()
        self.emails = [{"email": "octo-mentee@example.org", "primary": True, "verified": True, "visibility": None}]
        self.requests: list[dict] = []
        self._codes: dict[str, str] = {}  # code -> redirect_uri
        self._tokens: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def settings(self) -> dict:
        """The Nest settings that send sign-in here."""
        return {
            "GITHUB_OAUTH_AUTHORIZE_URL": f"{self.url}/login/oauth/authorize",
            "GITHUB_OAUTH_TOKEN_URL": f"{self.url}/login/oauth/access_token",
            "GITHUB_OAUTH_API_URL": self.url,
            "GITHUB_OAUTH_CLIENT_ID": CLIENT_ID,
            "GITHUB_OAUTH_CLIENT_SECRET": CLIENT_SECRET,
            # What the settings derive from the two above at start-up (nest.settings.base).
            "SOCIALACCOUNT_PROVIDERS": {
                "github": {"APPS": [{"client_id": CLIENT_ID, "secret": CLIENT_SECRET, "key": ""}]}
            },
        }

    def __enter__(self) -> FakeGitHubOAuth:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, payload) -> None:
                self._send(status, json.dumps(payload).encode(), "application/json; charset=utf-8")

            def _redirect(self, location: str) -> None:
                self._send(302, b"", "text/html; charset=utf-8", {"Location": location})

            def _token_ok(self) -> bool:
                header = self.headers.get("Authorization", "")
                scheme, _, token = header.partition(" ")
                return scheme.lower() in ("token", "bearer") and token in fake._tokens

            def _log(self, query: dict, body: dict | None = None) -> None:
                with fake._lock:
                    fake.requests.append(
                        {"method": self.command, "path": urlsplit(self.path).path, "query": query, "body": body}
                    )

            def do_GET(self):
                parts = urlsplit(self.path)
                query = dict(parse_qsl(parts.query))
                self._log(query)
                if parts.path == "/login/oauth/authorize":
                    if query.get("client_id") != CLIENT_ID or not query.get("redirect_uri"):
                        return self._send(404, b"<h1>Not Found</h1>", "text/html; charset=utf-8")
                    redirect_uri = query["redirect_uri"]
                    params = {"state": query["state"]} if "state" in query else {}
                    if fake.decision == "deny":
                        params = {
                            "error": "access_denied",
                            "error_description": "The user has denied your application access.",
                            "error_uri": "https://docs.github.com/apps/troubleshooting-authorization-request-errors",
                            **params,
                        }
                    else:
                        code = secrets.token_hex(10)
                        with fake._lock:
                            fake._codes[code] = redirect_uri
                        params = {"code": code, **params}
                    separator = "&" if "?" in redirect_uri else "?"
                    return self._redirect(f"{redirect_uri}{separator}{urlencode(params)}")
                if parts.path in ("/user", "/user/emails"):
                    if not self._token_ok():
                        return self._json(401, {"message": "Bad credentials", "status": "401"})
                    return self._json(200, fake.user if parts.path == "/user" else fake.emails)
                return self._json(404, {"message": "Not Found"})

            def do_POST(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                self._log(dict(parse_qsl(parts.query)), {k: v for k, v in form.items() if k != "client_secret"})
                if parts.path != "/login/oauth/access_token":
                    return self._json(404, {"message": "Not Found"})
                if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                    return self._json(
                        200,
                        {
                            "error": "incorrect_client_credentials",
                            "error_description": "The client_id and/or client_secret passed are incorrect.",
                        },
                    )
                with fake._lock:
                    redirect_uri = fake._codes.pop(form.get("code", ""), None)
                if redirect_uri is None or (form.get("redirect_uri") and form["redirect_uri"] != redirect_uri):
                    return self._json(
                        200,
                        {
                            "error": "bad_verification_code",
                            "error_description": "The code passed is incorrect or expired.",
                        },
                    )
                token = "gho_" + secrets.token_hex(16)
                with fake._lock:
                    fake._tokens.add(token)
                return self._json(200, {"access_token": token, "token_type": "bearer", "scope": "read:user,user:email"})

        return Handler
