"""A local fake of GitHub's OAuth web flow and the two user endpoints sign-in reads, for allauth's real client: the
tests' GitHub sign-in, and ``manage.py run_fake_github_oauth`` for a person running Nest offline (``make run``
without a GitHub OAuth app), who picks whom to sign in as on the fake's own page.

It speaks GitHub's protocol (docs.github.com, "Authorizing OAuth apps"):

- ``GET /login/oauth/authorize?client_id&redirect_uri&scope&state`` answers as GitHub does once the user has
  decided: a 302 to ``redirect_uri`` with ``code`` and ``state``, or, when the user declines
  (``fake.decision = "deny"``), with ``error=access_denied``, ``error_description`` and ``error_uri``. An unknown
  ``client_id`` gets a 404 page, as on GitHub. With ``pick=True`` it shows instead a page, labelled as the local
  fake, where the person types or picks a GitHub login (or declines); its form posts to the same path, which then
  answers as above for the login picked (``profile_for(login)``: the synced GitHub user of that login, say).
- ``POST /login/oauth/access_token`` (form body: client_id, client_secret, code, redirect_uri) answers JSON
  ``{"access_token", "token_type": "bearer", "scope"}``; a wrong secret or a used or unknown code gets GitHub's
  200 with ``{"error": "bad_verification_code" | "incorrect_client_credentials", ...}``.
- ``GET /user`` and ``GET /user/emails`` with ``Authorization: token <t>`` (or Bearer): the signed-in user's
  profile and email list (``{"email", "primary", "verified", "visibility"}``); a bad token gets 401
  ``{"message": "Bad credentials"}``.

``fake.user`` and ``fake.emails`` say who signs in (when nobody picks); every request is logged in
``fake.requests``. Only ever for tests and offline development: the production settings never point at it, and
devtools is not installed there.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import threading
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

CLIENT_ID = "Iv1.fakeclientid00"
CLIENT_SECRET = "fake-client-secret-0123456789abcdef"  # noqa: S105 - the local fake's, public by design


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


# GitHub's rule for logins: letters, digits and single hyphens, neither first nor last; at most 39 characters.
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")


def emails_of(login: str, email: str = "") -> list[dict]:
    """A ``GET /user/emails`` body: one verified primary address."""
    return [{"email": email or f"{login}@example.org", "primary": True, "verified": True, "visibility": None}]


def stable_id(login: str) -> int:
    """A GitHub-like id for a login nobody synced, the same at every sign-in (and far from real users' ids)."""
    return 3_000_000_000 + zlib.crc32(login.lower().encode())


def default_profile(login: str) -> tuple[dict, list[dict]]:
    return github_user(login, stable_id(login)), emails_of(login)


class FakeGitHubOAuth:
    """``with FakeGitHubOAuth() as fake:`` serves on 127.0.0.1 at ``fake.url``.

    ``pick``: the authorize page asks whom to sign in as; ``profile_for(login)`` returns the ``GET /user`` and
    ``GET /user/emails`` bodies of the login picked (default: a user made up from the login), and
    ``suggestions()`` the (login, description) pairs the page offers as buttons."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        pick: bool = False,
        profile_for: Callable[[str], tuple[dict, list[dict]]] = default_profile,
        suggestions: Callable[[], list[tuple[str, str]]] = list,
    ) -> None:
        self.decision = "approve"  # or "deny": the user declines on GitHub's consent page
        self.user = github_user()
        self.emails = [{"email": "octo-mentee@example.org", "primary": True, "verified": True, "visibility": None}]
        self.pick = pick
        self.profile_for = profile_for
        self.suggestions = suggestions
        self.requests: list[dict] = []
        self._codes: dict[str, tuple[str, dict, list]] = {}  # code -> (redirect_uri, user, emails)
        self._tokens: dict[str, tuple[dict, list]] = {}  # token -> (user, emails)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
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

    def environment(self) -> dict[str, str]:
        """The same settings as environment variables, for a Nest process started beside the fake."""
        return {name: value for name, value in self.settings().items() if isinstance(value, str)}

    def start(self) -> FakeGitHubOAuth:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeGitHubOAuth:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _issue_code(self, redirect_uri: str, user: dict, emails: list) -> str:
        code = secrets.token_hex(10)
        with self._lock:
            self._codes[code] = (redirect_uri, user, emails)
        return code

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

            def _token_user(self) -> tuple[dict, list] | None:
                header = self.headers.get("Authorization", "")
                scheme, _, token = header.partition(" ")
                if scheme.lower() not in ("token", "bearer"):
                    return None
                with fake._lock:
                    return fake._tokens.get(token)

            def _back_to_site(self, query: dict, *, user: dict | None, emails: list | None) -> None:
                """GitHub's answer once the user decided: back to the site with a code, or with the refusal."""
                redirect_uri = query["redirect_uri"]
                params = {"state": query["state"]} if query.get("state") else {}
                if user is None:
                    params = {
                        "error": "access_denied",
                        "error_description": "The user has denied your application access.",
                        "error_uri": "https://docs.github.com/apps/troubleshooting-authorization-request-errors",
                        **params,
                    }
                else:
                    params = {"code": fake._issue_code(redirect_uri, user, emails), **params}
                separator = "&" if "?" in redirect_uri else "?"
                self._redirect(f"{redirect_uri}{separator}{urlencode(params)}")

            def _picker(self, query: dict, error: str = "", status: int = 200) -> None:
                self._send(status, picker_page(query, fake.suggestions(), error).encode(), "text/html; charset=utf-8")

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
                    if fake.pick:
                        return self._picker(query)
                    if fake.decision == "deny":
                        return self._back_to_site(query, user=None, emails=None)
                    return self._back_to_site(query, user=fake.user, emails=fake.emails)
                if parts.path in ("/user", "/user/emails"):
                    found = self._token_user()
                    if found is None:
                        return self._json(401, {"message": "Bad credentials", "status": "401"})
                    return self._json(200, found[0] if parts.path == "/user" else found[1])
                return self._json(404, {"message": "Not Found"})

            def do_POST(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                self._log(dict(parse_qsl(parts.query)), {k: v for k, v in form.items() if k != "client_secret"})
                if parts.path == "/login/oauth/authorize" and fake.pick:
                    return self._picked(form)
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
                    redirect_uri, user, emails = fake._codes.pop(form.get("code", ""), (None, None, None))
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
                    fake._tokens[token] = (user, emails)
                return self._json(200, {"access_token": token, "token_type": "bearer", "scope": "read:user,user:email"})

            def _picked(self, form: dict) -> None:
                """The picker's form: sign in as the login typed or picked, or decline."""
                if form.get("client_id") != CLIENT_ID or not form.get("redirect_uri"):
                    return self._send(404, b"<h1>Not Found</h1>", "text/html; charset=utf-8")
                if form.get("decision") == "deny":
                    return self._back_to_site(form, user=None, emails=None)
                login = (form.get("picked") or form.get("login", "")).strip().lstrip("@")
                if not LOGIN.match(login):
                    return self._picker(form, "A GitHub login is letters, digits and single hyphens (39 at most).", 400)
                user, emails = fake.profile_for(login)
                return self._back_to_site(form, user=user, emails=emails)

        return Handler


def picker_page(query: dict, suggestions: list[tuple[str, str]], error: str = "") -> str:
    """The page where a person running Nest offline picks whom to sign in as: plainly the local fake."""
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(query.get(name, ""))}">'
        for name in ("client_id", "redirect_uri", "state", "scope")
    )
    buttons = "".join(
        f'<li><button type="submit" name="picked" value="{html.escape(login)}">{html.escape(login)}</button> '
        f"<span>{html.escape(description)}</span></li>"
        for login, description in suggestions
    )
    known = f"<h2>People Nest knows</h2><ul>{buttons}</ul>" if buttons else ""
    alert = f'<p role="alert" class="error">{html.escape(error)}</p>' if error else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local fake GitHub sign-in (not GitHub)</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
.banner {{ background: #fff3cd; border: 2px dashed #b58100; padding: .75rem 1rem; }}
.error {{ color: #a00; font-weight: bold; }}
ul {{ list-style: none; padding: 0; }} li {{ margin: .25rem 0; }}
button, input {{ font: inherit; padding: .3rem .6rem; }}
</style></head>
<body>
<p class="banner"><strong>This is the local fake GitHub, not GitHub.</strong> Nest runs offline without a GitHub
OAuth app, so sign-in comes here: pick whom to sign in as. Nothing leaves this machine.</p>
<h1>Sign in to Nest as…</h1>
{alert}
<form method="post" action="/login/oauth/authorize">
{hidden}
<p><label for="login">GitHub login</label>
<input id="login" name="login" autocomplete="off" pattern="[A-Za-z0-9-]{{1,39}}">
<button type="submit" name="decision" value="approve">Sign in</button></p>
{known}
<p><button type="submit" name="decision" value="deny" formnovalidate>Decline (as if you refused on GitHub)</button></p>
</form>
</body></html>
"""
