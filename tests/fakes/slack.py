"""A local fake of the Slack Web API: a real HTTP server (``ThreadingHTTPServer`` in a background thread) on a free
loopback port, speaking what slack_sdk's ``WebClient`` sends (read from its source: ``POST|GET
{base_url}{method}`` with a JSON body, a form body or query parameters, ``Authorization: Bearer <token>``, and
HTTP Basic client credentials for ``oauth.v2.access``).

Methods: ``auth.test``, ``chat.postMessage``, ``chat.postEphemeral``, ``chat.update``, ``conversations.open``,
``views.publish``, ``users.list`` and ``conversations.list`` (cursor paging: ``limit`` and
``response_metadata.next_cursor``, as Slack pages them), ``oauth.v2.access``. A call without a known token is
answered ``{"ok": false, "error": "invalid_auth"}`` (HTTP 200, as Slack does), an unknown method
``unknown_method``. Every call is recorded with its method, token and arguments (``blocks`` decoded from the
JSON string a form body carries); ``calls("chat.postMessage")`` returns them. ``POST /hooks/…`` stands for a
slash command's ``response_url`` (recorded as ``response_url``).

``fail("chat.postMessage", error="channel_not_found")`` makes the next call of a method fail as Slack would.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

BOT_TOKEN = "xoxb-fake-nest-bot-token"
SIGNING_SECRET = "fake-signing-secret-for-tests"
CLIENT_ID = "1111.2222"
CLIENT_SECRET = "fake-client-secret"
TEAM_ID = "T0NEST"
TEAM_NAME = "OWASP Test"
BOT_USER_ID = "U0NESTBOT"
BOT_ID = "B0NESTBOT"
OAUTH_CODE = "fake-oauth-code"


@dataclass
class Call:
    method: str
    token: str
    args: dict
    http_verb: str


@dataclass
class FakeSlack:
    host: str = "127.0.0.1"
    port: int = 0
    tokens: set[str] = field(default_factory=lambda: {BOT_TOKEN})
    members: list[dict] = field(default_factory=list)
    channels: list[dict] = field(default_factory=list)
    log: list[Call] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))

    # ------------------------------------------------------------------------------------------ lifecycle
    def start(self) -> FakeSlack:
        fake = self

        class Handler(FakeSlackHandler):
            slack = fake

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="fake-slack", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def response_url(self) -> str:
        """A slash command's response_url, answered by this fake."""
        return f"http://{self.host}:{self.port}/hooks/commands/T0NEST/1"

    @property
    def url(self) -> str:
        """The base URL a WebClient is given (it appends the method name)."""
        return f"http://{self.host}:{self.port}/api/"

    # -------------------------------------------------------------------------------------------- records
    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [call for call in self.log if method is None or call.method == method]

    def posted(self) -> list[dict]:
        """The arguments of every chat.postMessage, in order."""
        return [call.args for call in self.calls("chat.postMessage")]

    def fail(self, method: str, error: str = "internal_error") -> None:
        self.failures[method] = error

    def reset(self) -> None:
        with self._lock:
            self.log.clear()

    # ------------------------------------------------------------------------------------------- answers
    def answer(self, verb: str, path: str, headers, raw: bytes) -> tuple[int, dict]:
        parts = urlsplit(path)
        if parts.path.startswith("/hooks/"):  # a response_url: what Bolt's respond() posts to
            with self._lock:
                self.log.append(Call("response_url", "", json.loads(raw or b"{}"), verb))
            return 200, {"ok": True}
        method = parts.path.rsplit("/", 1)[-1]
        args: dict = dict(parse_qsl(parts.query))
        content_type = headers.get("Content-Type", "")
        if raw and "json" in content_type:
            args.update(json.loads(raw))
        elif raw:
            args.update(dict(parse_qsl(raw.decode())))
        for key in ("blocks", "view", "attachments"):
            if isinstance(args.get(key), str):
                with contextlib.suppress(ValueError):
                    args[key] = json.loads(args[key])
        authorization = headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else ""
        token = token or args.pop("token", "")
        with self._lock:
            self.log.append(Call(method, token, args, verb))
        if method == "oauth.v2.access":
            return 200, self._oauth(authorization, args)
        if method not in HANDLERS:
            return 404, {"ok": False, "error": "unknown_method"}
        if token not in self.tokens:
            return 200, {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        if method in self.failures:
            return 200, {"ok": False, "error": self.failures.pop(method)}
        return 200, HANDLERS[method](self, args)

    def next_ts(self) -> str:
        return f"1790000000.{next(self._ts):06d}"

    def _oauth(self, authorization: str, args: dict) -> dict:
        client_id, client_secret = args.get("client_id", ""), args.get("client_secret", "")
        if authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            return {"ok": False, "error": "invalid_client_id"}
        if args.get("code") != OAUTH_CODE:
            return {"ok": False, "error": "invalid_code"}
        token = f"xoxb-installed-{TEAM_ID.lower()}"
        self.tokens.add(token)
        return {
            "ok": True,
            "app_id": "A0NEST",
            "authed_user": {"id": "U0INSTALLER"},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": BOT_USER_ID,
            "team": {"id": TEAM_ID, "name": TEAM_NAME},
            "enterprise": None,
            "is_enterprise_install": False,
        }


def _auth_test(fake: FakeSlack, args: dict) -> dict:
    return {
        "ok": True,
        "url": "https://owasp-test.slack.com/",
        "team": TEAM_NAME,
        "user": "nestbot",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def _post(fake: FakeSlack, args: dict) -> dict:
    if not args.get("channel"):
        return {"ok": False, "error": "channel_not_found"}
    if not (args.get("text") or args.get("blocks")):
        return {"ok": False, "error": "no_text"}
    ts = fake.next_ts()
    return {"ok": True, "channel": args["channel"], "ts": ts, "message": {"text": args.get("text", ""), "ts": ts}}


def _ephemeral(fake: FakeSlack, args: dict) -> dict:
    if not args.get("channel") or not args.get("user"):
        return {"ok": False, "error": "channel_not_found" if not args.get("channel") else "user_not_in_channel"}
    return {"ok": True, "message_ts": fake.next_ts()}


def _update(fake: FakeSlack, args: dict) -> dict:
    if not args.get("ts"):
        return {"ok": False, "error": "message_not_found"}
    return {"ok": True, "channel": args.get("channel"), "ts": args["ts"], "text": args.get("text", "")}


def _open(fake: FakeSlack, args: dict) -> dict:
    users = str(args.get("users", ""))
    if not users:
        return {"ok": False, "error": "users_list_not_supplied"}
    return {"ok": True, "channel": {"id": f"D{users.split(',')[0]}"}}


def _publish(fake: FakeSlack, args: dict) -> dict:
    view = args.get("view")
    if not args.get("user_id") or not isinstance(view, dict) or view.get("type") != "home":
        return {"ok": False, "error": "invalid_arguments"}
    if len(view.get("blocks", [])) > 100:
        return {"ok": False, "error": "invalid_blocks"}
    return {"ok": True, "view": {"id": "V0HOME", **view}}


def _paged(rows: list[dict], args: dict, key: str) -> dict:
    limit = int(args.get("limit") or 100)
    start = int(args.get("cursor") or 0)
    page = rows[start : start + limit]
    following = start + limit
    return {
        "ok": True,
        key: page,
        "response_metadata": {"next_cursor": str(following) if following < len(rows) else ""},
    }


HANDLERS = {
    "auth.test": _auth_test,
    "chat.postMessage": _post,
    "chat.postEphemeral": _ephemeral,
    "chat.update": _update,
    "conversations.open": _open,
    "views.publish": _publish,
    "users.list": lambda fake, args: _paged(fake.members, args, "members"),
    "conversations.list": lambda fake, args: _paged(fake.channels, args, "channels"),
}


class FakeSlackHandler(BaseHTTPRequestHandler):
    slack: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        """Quiet: the fake keeps its own log."""

    def _serve(self, verb: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        status, data = self.slack.answer(verb, self.path, self.headers, raw)
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")


# ------------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def fake_slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack_settings(settings, fake_slack):
    """A single-workspace NestBot (bot token) pointed at the fake; the Bolt app is rebuilt before and after."""
    from apps.slack import bolt

    settings.SLACK_BOT_TOKEN = BOT_TOKEN
    settings.SLACK_SIGNING_SECRET = SIGNING_SECRET
    settings.SLACK_CLIENT_ID = ""
    settings.SLACK_CLIENT_SECRET = ""
    settings.SLACK_API_URL = fake_slack.url
    bolt.reset()
    yield settings
    bolt.reset()


@pytest.fixture
def slack_oauth_settings(slack_settings):
    """NestBot for several workspaces: Bolt's OAuth flow, installations in the database."""
    from apps.slack import bolt

    slack_settings.SLACK_BOT_TOKEN = ""
    slack_settings.SLACK_CLIENT_ID = CLIENT_ID
    slack_settings.SLACK_CLIENT_SECRET = CLIENT_SECRET
    bolt.reset()
    yield slack_settings
    bolt.reset()
