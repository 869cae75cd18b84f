"""A local fake of Algolia's search REST API: a real HTTP server (``ThreadingHTTPServer`` in a background thread)
on a free loopback port, speaking what the algoliasearch v4 client sends (read from its source: paths, verbs,
``x-algolia-application-id``/``x-algolia-api-key`` headers, JSON bodies, and the response fields its models
require).

Endpoints: ``POST /1/indexes/{index}/batch``, ``POST /1/indexes/{index}/query``, ``POST /1/indexes/*/queries``,
``GET|PUT /1/indexes/{index}/settings``, ``POST /1/indexes/{index}/synonyms/batch``, ``POST
/1/indexes/{index}/synonyms/search``, ``POST /1/indexes/{index}/operation`` (move, copy with scopes), ``DELETE
/1/indexes/{index}``, ``GET /1/indexes/{index}/task/{id}`` and ``GET /1/task/{id}`` (what ``wait_for_task``
polls), ``GET /1/keys/{key}`` and ``GET /1/indexes``. A wrong application id or key is answered 403 "Invalid
Application-ID or API key", a key without the ACL an endpoint needs 403 "Method not allowed with this API key",
as Algolia does.

Writes apply at once, but a task reports ``notPublished`` for its first ``pending_polls`` polls, so a client
that waits really polls. The matcher is small but honest, following Algolia's documented rules: words folded
(case and accents), every query word required, the last one also as a prefix (``queryType`` prefixLast), typos
by Damerau-Levenshtein distance (1 from ``minWordSizefor1Typo`` letters, 2 from ``minWordSizefor2Typos``;
``typoTolerance`` false turns them off), synonyms (regular and one-way, multi-word) expanding the query, and the
tie-breaking ranking typo → attribute (``searchableAttributes`` order) → exact → ``customRanking``.
``facetFilters`` (AND of ORs, ``attr:-value`` negates) filter on ``attributesForFaceting``; ``facets`` are
counted over every match; ``_highlightResult`` and ``_snippetResult`` are built the way Algolia shapes them.

Faults can be injected per path (``inject("server_error", path="/batch", count=2)``): 5xx answers or late
answers (a client read timeout). Every request is logged with its method, path, status and JSON body.
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

APP_ID = "NESTTESTAPP"
ADMIN_KEY = "fake-admin-key"
SEARCH_KEY = "fake-search-only-key"
ALL_ACLS = [
    "search",
    "browse",
    "addObject",
    "deleteObject",
    "listIndexes",
    "deleteIndex",
    "settings",
    "editSettings",
]
SYNTHETIC = "(synthetic fault injected by the fake Algolia)"

# The ACL each endpoint needs (Algolia's "Required API Key ACLs" in the client's docstrings).
ACL_FOR = {
    "batch": None,  # per action: addObject or deleteObject
    "query": "search",
    "queries": "search",
    "get_settings": "settings",
    "set_settings": "editSettings",
    "synonyms_batch": "editSettings",
    "synonyms_search": "settings",
    "operation": "addObject",
    "delete_index": "deleteIndex",
    "task": None,
    "key": None,
    "list_indexes": "listIndexes",
}


@dataclass
class Fault:
    """A fault for requests whose path contains ``path`` ("" = any): ``count`` of them (-1: all) get a
    ``status`` answer ("server_error") or an answer ``delay`` seconds late ("timeout")."""

    kind: str
    path: str = ""
    count: int = 1
    status: int = 500
    delay: float = 3.0
    hits: int = 0

    def __post_init__(self):
        if self.kind not in ("server_error", "timeout"):
            raise ValueError(f"unknown fault kind {self.kind!r}; one of server_error, timeout")

    @property
    def used_up(self) -> bool:
        return 0 <= self.count <= self.hits


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict
    status: int
    body: object = None
    fault: str = ""


@dataclass
class FakeIndex:
    records: dict[str, dict] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    synonyms: dict[str, dict] = field(default_factory=dict)
    updated_at: str = ""
    # objectID -> (searchable attributes, their tokens): the matcher's cache, dropped on every write.
    token_cache: dict[str, tuple] = field(default_factory=dict, repr=False)


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# ------------------------------------------------------------------------------------------------ text rules

_TOKEN = re.compile(r"[0-9a-z]+")


def normalize(text: str) -> str:
    """Algolia's default normalisation: lower case, diacritics removed (é -> e, ö -> o, ß -> ss)."""
    decomposed = unicodedata.normalize("NFKD", str(text).replace("ß", "ss").replace("ø", "o").replace("Ø", "o"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, ``limit + 1`` once it is sure to exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _attribute_name(spec: str) -> str:
    match = re.fullmatch(r"(?:unordered|searchable|filterOnly|afterDistinct)\((.+)\)", spec.strip())
    return match.group(1) if match else spec.strip()


def _values(record: dict, attribute: str) -> list[str]:
    value = record.get(attribute)
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return [str(value)]


@dataclass
class WordMatch:
    typos: int
    exact: bool
    attribute: int
    token: str


class Matcher:
    """How one query finds and orders the records of one index, per its settings and synonyms."""

    def __init__(self, index: FakeIndex, params: dict):
        settings = index.settings
        self.index = index
        self.params = params
        self._memo: dict[tuple[str, str, bool], tuple[int, bool] | None] = {}
        self.searchable = [_attribute_name(spec) for spec in settings.get("searchableAttributes") or []]
        self.query_type = params.get("queryType") or settings.get("queryType") or "prefixLast"
        typo = params.get("typoTolerance", settings.get("typoTolerance", True))
        self.typo_tolerance = typo not in (False, "false")
        self.min_one = int(params.get("minWordSizefor1Typo", settings.get("minWordSizefor1Typo", 4)))
        self.min_two = int(params.get("minWordSizefor2Typos", settings.get("minWordSizefor2Typos", 8)))
        self.custom_ranking = settings.get("customRanking") or []
        self.faceting = {_attribute_name(spec): spec for spec in settings.get("attributesForFaceting") or []}

    def attributes(self, record: dict) -> list[str]:
        if self.searchable:
            return self.searchable
        return [name for name, value in record.items() if name != "objectID" and isinstance(value, str | list)]

    def allowed_typos(self, word: str) -> int:
        if not self.typo_tolerance or word.isdigit():
            return 0
        if len(word) >= self.min_two:
            return 2
        if len(word) >= self.min_one:
            return 1
        return 0

    def alternatives(self, words: list[str]) -> list[tuple[list[str], bool]]:
        """The query and what the synonyms make of it: (words, from a synonym)."""
        found = [(words, False)]
        joined = f" {' '.join(words)} "
        for synonym in self.index.synonyms.values():
            kind = synonym.get("type")
            if kind == "synonym":
                group = [" ".join(tokens(term)) for term in synonym.get("synonyms", [])]
                sources, targets = group, group
            elif kind == "onewaysynonym":
                sources = [" ".join(tokens(synonym.get("input", "")))]
                targets = [" ".join(tokens(term)) for term in synonym.get("synonyms", [])]
            else:
                continue
            for source in sources:
                if source and f" {source} " in joined:
                    for target in targets:
                        if target and target != source:
                            replaced = joined.replace(f" {source} ", f" {target} ", 1).split()
                            found.append((replaced, True))
        return found

    def _token_match(self, word: str, token: str, prefix: bool, limit: int) -> tuple[int, bool] | None:
        """(typos, exact) of one query word against one record token, or None; memoised for the query (the
        same tokens recur across records)."""
        key = (word, token, prefix)
        if key not in self._memo:
            if token == word:
                found = (0, True)
            elif prefix and token.startswith(word):
                found = (0, False)
            elif limit:
                typos = distance(word, token, limit)
                if prefix and typos > limit and len(token) > len(word):
                    typos = distance(word, token[: len(word)], limit)
                found = None if typos > limit else (typos, False)
            else:
                found = None
            self._memo[key] = found
        return self._memo[key]

    def match_word(self, word: str, last: bool, record_tokens: list[list[str]]) -> WordMatch | None:
        prefix = (last and self.query_type == "prefixLast") or self.query_type == "prefixAll"
        limit = self.allowed_typos(word)
        best: WordMatch | None = None
        for position, attribute_tokens in enumerate(record_tokens):
            for token in attribute_tokens:
                found = self._token_match(word, token, prefix, limit)
                if found is None:
                    continue
                candidate = WordMatch(found[0], found[1], position, token)
                if best is None or (candidate.typos, candidate.attribute, not candidate.exact) < (
                    best.typos,
                    best.attribute,
                    not best.exact,
                ):
                    best = candidate
        return best

    def record_tokens(self, record: dict) -> list[list[str]]:
        """The distinct folded tokens of each searchable attribute, cached on the index until the record or
        the settings change."""
        attributes = tuple(self.attributes(record))
        cached = self.index.token_cache.get(record["objectID"])
        if cached is None or cached[0] != attributes:
            found = [
                list(dict.fromkeys(token for value in _values(record, name) for token in tokens(value)))
                for name in attributes
            ]
            cached = self.index.token_cache[record["objectID"]] = (attributes, found)
        return cached[1]

    def match(self, record: dict, alternatives) -> dict | None:
        """The best way the record matches one of the alternatives: typos, attribute, exact, matched words."""
        record_tokens = self.record_tokens(record)
        best = None
        for words, _ in alternatives:
            found = []
            for position, word in enumerate(words):
                word_match = self.match_word(word, position == len(words) - 1, record_tokens)
                if word_match is None:
                    break
                found.append((word, word_match))
            else:
                typos = sum(m.typos for _, m in found)
                attribute = min(m.attribute for _, m in found)
                exact = sum(m.exact for _, m in found)
                candidate = {
                    "typos": typos,
                    "attribute": attribute,
                    "exact": exact,
                    "words": [w for w, _ in found],
                    "pairs": [(w, m.token) for w, m in found],
                    "tokens": {m.token for _, m in found},
                }
                key = (typos, attribute, -exact)
                if best is None or key < (best["typos"], best["attribute"], -best["exact"]):
                    best = candidate
        return best

    def passes_filters(self, record: dict, facet_filters) -> bool:
        if not facet_filters:
            return True
        if isinstance(facet_filters, str):
            facet_filters = [facet_filters]
        for clause in facet_filters:
            options = [clause] if isinstance(clause, str) else list(clause)
            if not any(self._filter(record, option) for option in options):
                return False
        return True

    def _filter(self, record: dict, option: str) -> bool:
        attribute, _, value = option.partition(":")
        if attribute not in self.faceting:
            raise ApiError(400, f"Cannot filter on attribute '{attribute}': not in attributesForFaceting")
        negate = value.startswith("-")
        value = value[1:] if negate else value.replace("\\-", "-", 1)
        present = value in _values(record, attribute)
        return not present if negate else present

    def custom_key(self, record: dict):
        key = []
        for spec in self.custom_ranking:
            match = re.fullmatch(r"(asc|desc)\((.+)\)", spec)
            if not match:
                continue
            value = record.get(match.group(2))
            number = float(value) if isinstance(value, int | float | bool) else 0.0
            key.append(-number if match.group(1) == "desc" else number)
        return key


# ------------------------------------------------------------------------------------------- highlighting


def _highlight_value(value: str, matched: set[str], pre: str, post: str) -> tuple[str, set[str]]:
    """``value`` with each word whose folded form is a matched record token wrapped in the tags."""
    out, seen, last = [], set(), 0
    for found in re.finditer(r"[^\W_]+", value):
        folded = "".join(tokens(found.group(0)))
        if folded in matched:
            out.append(value[last : found.start()])
            out.append(f"{pre}{found.group(0)}{post}")
            last = found.end()
            seen.add(folded)
    out.append(value[last:])
    return "".join(out), seen


def _level(seen: set[str], match: dict) -> str:
    wanted = {token for _, token in match["pairs"]}
    if not seen:
        return "none"
    return "full" if wanted <= seen else "partial"


def highlight(value: str, match: dict, pre: str, post: str) -> dict:
    text, seen = _highlight_value(value, match["tokens"], pre, post)
    level = _level(seen, match)
    result = {
        "value": text,
        "matchLevel": level,
        "matchedWords": [word for word, token in match["pairs"] if token in seen],
    }
    if level == "full":
        result["fullyHighlighted"] = text.startswith(pre) and text.endswith(post) and text.count(pre) == 1
    return result


def snippet(value: str, match: dict, size: int, pre: str, post: str, ellipsis: str) -> dict:
    """The ``size`` words around the first match, ellipses where the value was cut (Algolia's snippet)."""
    words = value.split()
    position = 0
    for i, word in enumerate(words):
        if set(tokens(word)) & match["tokens"]:
            position = i
            break
    start = max(0, min(position - size // 3, len(words) - size)) if len(words) > size else 0
    text, seen = _highlight_value(" ".join(words[start : start + size]), match["tokens"], pre, post)
    if start > 0:
        text = f"{ellipsis}{text}"
    if start + size < len(words):
        text = f"{text}{ellipsis}"
    return {"value": text, "matchLevel": _level(seen, match)}


# --------------------------------------------------------------------------------------------- the server


class FakeAlgolia:
    """``with FakeAlgolia() as algolia: ...`` serves on ``algolia.url`` (``algolia.host``/``algolia.port``)."""

    def __init__(
        self,
        *,
        app_id: str = APP_ID,
        keys: dict[str, list[str]] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        pending_polls: int = 1,
        unlisted_keys: tuple[str, ...] = (),
    ):
        self.app_id = app_id
        self.keys = keys if keys is not None else {ADMIN_KEY: list(ALL_ACLS), SEARCH_KEY: ["search"]}
        self.host, self.port = host, port
        self.pending_polls = pending_polls
        # Keys that work but that ``GET /1/keys/{key}`` does not know, as Algolia treats the admin key.
        self.unlisted_keys = set(unlisted_keys)
        self.indexes: dict[str, FakeIndex] = {}
        self.tasks: dict[int, int] = {}  # task id -> polls left before "published"
        self.faults: list[Fault] = []
        self.log: list[LoggedRequest] = []
        self._next_task = 1000
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> FakeAlgolia:
        fake = self

        class Handler(FakeAlgoliaHandler):
            algolia = fake

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="fake-algolia", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeAlgolia:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- test helpers ----------------------------------------------------------------------------------------
    def inject(self, kind: str, **options) -> Fault:
        fault = Fault(kind=kind, **options)
        with self._lock:
            self.faults.append(fault)
        return fault

    def records(self, index: str) -> dict[str, dict]:
        with self._lock:
            return dict(self.indexes[index].records) if index in self.indexes else {}

    def requests(self, path: str = "", method: str = "") -> list[LoggedRequest]:
        with self._lock:
            return [e for e in self.log if path in e.path and method in ("", e.method)]

    def reset_log(self) -> None:
        with self._lock:
            self.log.clear()

    # -- dispatch --------------------------------------------------------------------------------------------
    def answer(self, method: str, target: str, headers, raw: bytes) -> tuple[int, dict, float]:
        parts = urlsplit(target)
        path = parts.path
        query = dict(parse_qsl(parts.query))
        body = None
        status, data, delay, fault_kind = 200, {}, 0.0, ""
        try:
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise ApiError(400, "Invalid JSON") from None
            fault = self._fault(path)
            if fault is not None:
                fault_kind = fault.kind
                if fault.kind == "server_error":
                    raise ApiError(fault.status, f"Internal error {SYNTHETIC}")
                delay = fault.delay
            acls = self._authenticate(headers)
            with self._lock:
                data = self._route(method, path, query, body, acls)
        except ApiError as exc:
            status, data = exc.status, {"message": exc.message, "status": exc.status}
        with self._lock:
            self.log.append(LoggedRequest(method, path, query, status, body, fault_kind))
        return status, data, delay

    def _fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if not fault.used_up and fault.path in path:
                    fault.hits += 1
                    return fault
        return None

    def _authenticate(self, headers) -> list[str]:
        app_id = headers.get("x-algolia-application-id", "")
        key = headers.get("x-algolia-api-key", "")
        if app_id != self.app_id or key not in self.keys:
            raise ApiError(403, "Invalid Application-ID or API key")
        return self.keys[key]

    @staticmethod
    def _need(acls: list[str], acl: str | None) -> None:
        if acl and acl not in acls:
            raise ApiError(403, "Method not allowed with this API key")

    def _task(self) -> int:
        self._next_task += 1
        self.tasks[self._next_task] = self.pending_polls
        return self._next_task

    def _route(self, method: str, path: str, query: dict, body, acls: list[str]) -> dict:
        parts = [unquote(part) for part in path.strip("/").split("/")]
        if parts[:1] != ["1"]:
            raise ApiError(404, "Not found")
        rest = parts[1:]
        if rest == ["indexes"] and method == "GET":
            self._need(acls, ACL_FOR["list_indexes"])
            return self._list_indexes()
        if len(rest) == 2 and rest[0] == "keys" and method == "GET":
            return self._key(rest[1], acls)
        if len(rest) == 2 and rest[0] == "task" and method == "GET":
            return self._poll(rest[1])
        if rest[:1] != ["indexes"] or len(rest) < 2:
            raise ApiError(404, "Not found")
        name, action = rest[1], rest[2:]
        if name == "*" and action == ["queries"] and method == "POST":
            self._need(acls, ACL_FOR["queries"])
            requests = (body or {}).get("requests")
            if not isinstance(requests, list):
                raise ApiError(400, "Missing 'requests'")
            return {"results": [self._search(req.get("indexName", ""), req) for req in requests]}
        if not action and method == "DELETE":
            self._need(acls, ACL_FOR["delete_index"])
            self.indexes.pop(name, None)
            return {"taskID": self._task(), "deletedAt": now_iso()}
        if action == ["batch"] and method == "POST":
            return self._batch(name, body, acls)
        if action == ["query"] and method == "POST":
            self._need(acls, ACL_FOR["query"])
            return self._search(name, body or {})
        if action == ["settings"] and method == "GET":
            self._need(acls, ACL_FOR["get_settings"])
            if name not in self.indexes:
                raise ApiError(404, "Index does not exist")
            return dict(self.indexes[name].settings)
        if action == ["settings"] and method == "PUT":
            self._need(acls, ACL_FOR["set_settings"])
            if not isinstance(body, dict):
                raise ApiError(400, "Settings must be an object")
            index = self.indexes.setdefault(name, FakeIndex())
            index.token_cache.clear()
            for key, value in body.items():
                if value is None:
                    index.settings.pop(key, None)
                else:
                    index.settings[key] = value
            return {"taskID": self._task(), "updatedAt": now_iso()}
        if action == ["synonyms", "batch"] and method == "POST":
            self._need(acls, ACL_FOR["synonyms_batch"])
            return self._synonyms_batch(name, query, body)
        if action == ["synonyms", "search"] and method == "POST":
            self._need(acls, ACL_FOR["synonyms_search"])
            hits = list(self.indexes[name].synonyms.values()) if name in self.indexes else []
            return {"hits": hits, "nbHits": len(hits)}
        if action == ["operation"] and method == "POST":
            self._need(acls, ACL_FOR["operation"])
            return self._operation(name, body)
        if len(action) == 2 and action[0] == "task" and method == "GET":
            return self._poll(action[1])
        raise ApiError(404, f"Unknown endpoint {method} {path}")

    # -- endpoints -------------------------------------------------------------------------------------------
    def _list_indexes(self) -> dict:
        items = [
            {"name": name, "entries": len(index.records), "updatedAt": index.updated_at or now_iso()}
            for name, index in sorted(self.indexes.items())
        ]
        return {"items": items, "nbPages": 1}

    def _key(self, key: str, acls: list[str]) -> dict:
        if key not in self.keys or key in self.unlisted_keys:
            raise ApiError(404, "Key does not exist")
        return {"value": key, "createdAt": 1700000000, "acl": list(self.keys[key]), "description": "fake key"}

    def _poll(self, task_id: str) -> dict:
        try:
            number = int(task_id)
        except ValueError:
            raise ApiError(400, "taskID must be an integer") from None
        if number not in self.tasks:
            raise ApiError(404, "Task does not exist")
        if self.tasks[number] > 0:
            self.tasks[number] -= 1
            return {"status": "notPublished", "pendingTask": True}
        return {"status": "published", "pendingTask": False}

    def _batch(self, name: str, body, acls: list[str]) -> dict:
        requests = (body or {}).get("requests")
        if not isinstance(requests, list):
            raise ApiError(400, "Missing 'requests'")
        index = self.indexes.setdefault(name, FakeIndex())
        object_ids = []
        for request in requests:
            action, record = request.get("action"), request.get("body") or {}
            if action in ("addObject", "updateObject", "partialUpdateObject", "partialUpdateObjectNoCreate"):
                self._need(acls, "addObject")
                object_id = str(record.get("objectID") or "")
                if not object_id:
                    if action != "addObject":
                        raise ApiError(400, "objectID is required")
                    object_id = f"auto-{self._task()}"
                if action.startswith("partial"):
                    if object_id not in index.records and action == "partialUpdateObjectNoCreate":
                        continue
                    merged = dict(index.records.get(object_id, {}))
                    merged.update(record)
                    record = merged
                index.records[object_id] = {**record, "objectID": object_id}
                index.token_cache.pop(object_id, None)
                object_ids.append(object_id)
            elif action == "deleteObject":
                self._need(acls, "deleteObject")
                object_id = str(record.get("objectID") or "")
                index.records.pop(object_id, None)
                index.token_cache.pop(object_id, None)
                object_ids.append(object_id)
            elif action == "clear":
                self._need(acls, "deleteObject")
                index.records.clear()
                index.token_cache.clear()
            else:
                raise ApiError(400, f"Unknown action {action!r}")
        index.updated_at = now_iso()
        return {"taskID": self._task(), "objectIDs": object_ids}

    def _synonyms_batch(self, name: str, query: dict, body) -> dict:
        if not isinstance(body, list):
            raise ApiError(400, "Synonyms must be a list")
        index = self.indexes.setdefault(name, FakeIndex())
        if query.get("replaceExistingSynonyms") == "true":
            index.synonyms.clear()
        for synonym in body:
            object_id = synonym.get("objectID")
            if not object_id or synonym.get("type") not in ("synonym", "onewaysynonym"):
                raise ApiError(400, "Each synonym needs an objectID and a type of synonym or onewaysynonym")
            if synonym["type"] == "onewaysynonym" and not synonym.get("input"):
                raise ApiError(400, "A one-way synonym needs an input")
            index.synonyms[object_id] = dict(synonym)
        return {"taskID": self._task(), "updatedAt": now_iso()}

    def _operation(self, name: str, body) -> dict:
        operation, destination = (body or {}).get("operation"), (body or {}).get("destination")
        if operation not in ("move", "copy") or not destination:
            raise ApiError(400, "operation must be move or copy, with a destination")
        source = self.indexes.get(name)
        if source is not None:
            if operation == "move":
                self.indexes[destination] = self.indexes.pop(name)
            else:
                scope = body.get("scope") or ["records", "settings", "synonyms", "rules"]
                target = self.indexes.setdefault(destination, FakeIndex())
                if "records" in scope or not body.get("scope"):
                    target.records = {k: dict(v) for k, v in source.records.items()}
                    target.token_cache = {}
                if "settings" in scope:
                    target.settings = dict(source.settings)
                if "synonyms" in scope:
                    target.synonyms = {k: dict(v) for k, v in source.synonyms.items()}
        return {"taskID": self._task(), "updatedAt": now_iso()}

    def _search(self, name: str, params: dict) -> dict:
        started = time.perf_counter()
        if isinstance(params.get("params"), str):  # the URL-encoded form older clients send
            params = {**params, **dict(parse_qsl(params["params"]))}
        index = self.indexes.get(name)
        if index is None:
            raise ApiError(404, "Index does not exist")
        matcher = Matcher(index, params)
        words = tokens(params.get("query", ""))
        alternatives = matcher.alternatives(words)
        matched = []
        for record in index.records.values():
            if not matcher.passes_filters(record, params.get("facetFilters")):
                continue
            match = (
                matcher.match(record, alternatives)
                if words
                else {"typos": 0, "attribute": 0, "exact": 0, "words": [], "pairs": [], "tokens": set()}
            )
            if match is not None:
                matched.append((record, match))
        matched.sort(
            key=lambda item: (
                item[1]["typos"],
                item[1]["attribute"],
                -item[1]["exact"],
                *matcher.custom_key(item[0]),
                item[0]["objectID"],
            )
        )
        response = {
            "hits": [],
            "nbHits": len(matched),
            "query": params.get("query", ""),
            "params": "",
            "exhaustiveNbHits": True,
            "index": name,
        }
        facets = self._facets(matcher, params.get("facets"), [record for record, _ in matched])
        if facets is not None:
            response["facets"] = facets
        if "offset" in params or "length" in params:
            offset, length = int(params.get("offset", 0)), int(params.get("length", 20))
            response.update(offset=offset, length=length)
        else:
            per_page = int(params.get("hitsPerPage", index.settings.get("hitsPerPage", 20)))
            page = int(params.get("page", 0))
            offset, length = page * per_page, per_page
            response.update(page=page, hitsPerPage=per_page, nbPages=-(-len(matched) // max(per_page, 1)))
        response["hits"] = [
            self._hit(index, matcher, record, match, params) for record, match in matched[offset : offset + length]
        ]
        response["processingTimeMS"] = int((time.perf_counter() - started) * 1000)
        return response

    def _facets(self, matcher: Matcher, wanted, records: list[dict]) -> dict | None:
        if not wanted:
            return None
        if isinstance(wanted, str):
            wanted = [part for part in wanted.split(",") if part]
        names = [name for name, spec in matcher.faceting.items() if not spec.startswith("filterOnly(")]
        if "*" not in wanted:
            names = [name for name in names if name in wanted]
        counts: dict[str, dict[str, int]] = {}
        for name in names:
            tally: dict[str, int] = {}
            for record in records:
                for value in dict.fromkeys(_values(record, name)):
                    if value != "":
                        tally[value] = tally.get(value, 0) + 1
            if tally:
                ordered = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
                counts[name] = dict(ordered[: int(matcher.params.get("maxValuesPerFacet", 100))])
        return counts

    def _hit(self, index: FakeIndex, matcher: Matcher, record: dict, match: dict, params: dict) -> dict:
        settings = index.settings
        retrieve = params.get("attributesToRetrieve", settings.get("attributesToRetrieve", ["*"]))
        hit = dict(record) if "*" in retrieve else {k: v for k, v in record.items() if k in retrieve}
        hit["objectID"] = record["objectID"]
        pre = params.get("highlightPreTag", settings.get("highlightPreTag", "<em>"))
        post = params.get("highlightPostTag", settings.get("highlightPostTag", "</em>"))
        to_highlight = params.get("attributesToHighlight", settings.get("attributesToHighlight"))
        if to_highlight is None:
            to_highlight = matcher.attributes(record)
        highlights = {}
        for name in to_highlight:
            value = record.get(name)
            if isinstance(value, list):
                highlights[name] = [highlight(str(item), match, pre, post) for item in value]
            elif value is not None:
                highlights[name] = highlight(str(value), match, pre, post)
        if highlights:
            hit["_highlightResult"] = highlights
        to_snippet = params.get("attributesToSnippet", settings.get("attributesToSnippet")) or []
        ellipsis = params.get("snippetEllipsisText", settings.get("snippetEllipsisText", "…"))
        snippets = {}
        for spec in to_snippet:
            name, _, size = spec.partition(":")
            value = record.get(name)
            if isinstance(value, str):
                snippets[name] = snippet(value, match, int(size or 10), pre, post, ellipsis)
        if snippets:
            hit["_snippetResult"] = snippets
        if params.get("getRankingInfo") in (True, "true"):
            hit["_rankingInfo"] = {
                "nbTypos": match["typos"],
                "firstMatchedWord": match["attribute"] * 1000,
                "nbExactWords": match["exact"],
                "userScore": 0,
                "words": len(match["words"]),
                "filters": 0,
                "proximityDistance": 0,
                "geoDistance": 0,
                "geoPrecision": 1,
            }
        return hit


class FakeAlgoliaHandler(BaseHTTPRequestHandler):
    algolia: FakeAlgolia
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        """Quiet: the fake keeps its own request log."""

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        status, data, delay = self.algolia.answer(method, self.path, self.headers, raw)
        if delay:
            time.sleep(delay)
        payload = json.dumps(data).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout fault)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")

    def do_PUT(self):
        self._serve("PUT")

    def do_DELETE(self):
        self._serve("DELETE")


# ------------------------------------------------------------------------------------------------- fixtures
# Imported by the Algolia tests: ``from tests.fakes.algolia import fake_algolia, algolia_backend``.

INDEX = "nest_test"


@pytest.fixture
def fake_algolia():
    with FakeAlgolia() as fake:
        yield fake


@pytest.fixture
def algolia_settings(settings, fake_algolia):
    """Settings pointing the backend at the fake (SEARCH_BACKEND="algolia"); the resolved backend is forgotten
    before and after."""
    from apps.search import backends

    settings.SEARCH_BACKEND = "algolia"
    settings.ALGOLIA_APP_ID = fake_algolia.app_id
    settings.ALGOLIA_API_KEY = ADMIN_KEY
    settings.ALGOLIA_BASE_URL = fake_algolia.url
    settings.ALGOLIA_INDEX_NAME = INDEX
    # The fake matches in Python: slower than Algolia, still far under these on the real data set.
    settings.ALGOLIA_SEARCH_TIMEOUT_MS = 4000
    settings.ALGOLIA_WRITE_TIMEOUT_MS = 4000
    backends.reset()
    yield settings
    backends.reset()


@pytest.fixture
def algolia_backend(algolia_settings):
    """The Algolia backend, checked and made this process's backend."""
    from apps.search import backends

    return backends.use("algolia")


@pytest.fixture
def eager_tasks():
    """Celery runs ``.delay()`` here and now, retries included (no broker, no worker); a task that fails
    returns a failed result (``get()`` raises its error), as from a worker."""
    from nest.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
