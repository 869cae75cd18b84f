"""Algolia backend (SEARCH_BACKEND="algolia"): the document table mirrored into one Algolia index through the
algoliasearch v4 client, and searches answered from it.

The ``SearchDocument`` table stays the source of truth: indexing writes it first, then tells this backend which
rows changed (``documents_changed``: a Celery task saves their records with the batch API) and which went away
(``documents_removed``: a task deletes their records), and a full reindex hands it every row (``rebuild``: a
temporary index with the settings, the synonyms and every record, then moved over the live one, so searches
never see a half-built index). A record's ``objectID`` is ``"<type>-<object id>"``, so a removal needs no row.

Relevance is Algolia's, configured by :data:`INDEX_SETTINGS`: the searchable attributes in the order of the
PostgreSQL backends' weights (name and key, then aliases, then the body), the custom ranking by the active flag
and the popularity number, the facets, typo tolerance and prefix matching on the last word; the synonyms are the
staff's groups (``Synonym``) plus the acronyms derived from entity names (one-way: "samm" finds "Software
Assurance Maturity Model"). Accents are Algolia's own normalisation.

The client's hosts are Algolia's for ``ALGOLIA_APP_ID`` unless ``ALGOLIA_BASE_URL`` names one (the local fake in
tests). A wrong key fails the system check at start-up (``check``), not each search. When Algolia cannot answer
a search (down, slow, a revoked key), the search is answered by the PostgreSQL backend from the same documents,
marked ``degraded``, and logged.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from urllib.parse import urlsplit

import requests
from algoliasearch.http.exceptions import AlgoliaException, AlgoliaUnreachableHostException, RequestException
from algoliasearch.http.hosts import Host, HostsCollection
from algoliasearch.search.client import SearchClientSync
from algoliasearch.search.config import SearchConfig
from django.conf import settings
from django.utils import timezone

from apps.search.backends import register
from apps.search.backends.base import BackendUnavailable, SearchBackend
from apps.search.models import DocumentType, SearchDocument, Synonym
from apps.search.services.query import FACETS, MIN_ISSUE_PREFIX, Hit, SearchRequest, SearchResults
from apps.search.services.text import STOPWORDS, initials, words

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000  # records per batch request (the client's and Algolia's advice)
# Algolia refuses records over 10 KB on most plans: the body is cut until the record fits.
MAX_RECORD_BYTES = 9_500
SNIPPET_WORDS = 24
HIGHLIGHT_PRE, HIGHLIGHT_POST = "<em>", "</em>"
# The facet attribute of each service facet (``FACETS`` maps the service's facet names to document fields,
# which are the record's attribute names).
FACET_ATTRIBUTES = dict(FACETS)
REQUIRED_ACLS = ("search", "addObject", "deleteObject", "deleteIndex", "settings", "editSettings")
# Errors after which a write is worth trying again: Algolia (or the network to it) failed, not the request.
RETRYABLE = (AlgoliaUnreachableHostException, requests.ConnectionError, requests.Timeout)
# Acronyms shorter than this would turn ordinary words into synonyms ("ai", "go").
MIN_ACRONYM = 3
ACRONYM_TYPES = (DocumentType.PROJECT, DocumentType.CHAPTER, DocumentType.COMMITTEE, DocumentType.EVENT)

INDEX_SETTINGS = {
    # Order = weight: a match in the name or key beats one in the aliases, which beats one in the body; the
    # position of a word inside the body does not matter.
    "searchableAttributes": ["name", "aliases", "unordered(body)"],
    # After the textual criteria: active entities before inactive and archived ones, then the popular first.
    "customRanking": ["desc(is_active)", "desc(popularity)"],
    "attributesForFaceting": [f"searchable({attribute})" for attribute in dict.fromkeys(FACET_ATTRIBUTES.values())],
    "typoTolerance": True,
    "minWordSizefor1Typo": 4,
    "minWordSizefor2Typos": 8,
    "queryType": "prefixLast",
    "removeWordsIfNoResults": "none",
    "attributesToRetrieve": [
        "type",
        "key",
        "title",
        "url",
        "snippet",
        "level",
        "project_type",
        "region",
        "country",
        "language",
        "labels",
        "is_active",
    ],
    "attributesToHighlight": ["title"],
    "attributesToSnippet": [f"snippet:{SNIPPET_WORDS}", f"body:{SNIPPET_WORDS}"],
    "snippetEllipsisText": "…",
    "highlightPreTag": HIGHLIGHT_PRE,
    "highlightPostTag": HIGHLIGHT_POST,
    "hitsPerPage": 10,
    # The service pages up to MAX_OFFSET + MAX_LIMIT.
    "paginationLimitedTo": 1050,
}


# ---------------------------------------------------------------------------------------------------- records


def object_id(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


def record(document: SearchDocument) -> dict:
    """The Algolia record of a document: what it searches (name, aliases, body), shows and facets on."""
    data = {
        "objectID": object_id(document.type, document.object_id),
        "type": document.type,
        "key": document.key,
        "title": document.title,
        "url": document.url,
        "snippet": document.snippet,
        "name": document.name_text,
        "aliases": document.alias_text,
        "body": document.body_text,
        "level": document.level,
        "project_type": document.project_type,
        "region": document.region,
        "country": document.country,
        "language": document.language,
        "labels": list(document.labels or []),
        # Algolia ranks integers best: 0..1 kept to three decimals.
        "popularity": round((document.popularity or 0.0) * 1000),
        "is_active": bool(document.is_active),
    }
    size = len(json.dumps(data, ensure_ascii=False).encode())
    if size > MAX_RECORD_BYTES:
        keep = max(0, len(data["body"].encode()) - (size - MAX_RECORD_BYTES))
        data["body"] = data["body"].encode()[:keep].decode(errors="ignore")
    return data


def synonym_records() -> list[dict]:
    """The staff's synonym groups (regular synonyms: every term finds the others) and the acronyms of the
    entities' names (one-way: the acronym finds the name, never the other way)."""
    found = []
    for pk, terms in Synonym.objects.order_by("pk").values_list("pk", "terms"):
        group = list(dict.fromkeys(term.strip() for term in terms if term and term.strip()))
        if len(group) >= 2:
            found.append({"objectID": f"staff-{pk}", "type": "synonym", "synonyms": group})
    acronyms: dict[str, list[str]] = {}
    titles = SearchDocument.objects.filter(type__in=ACRONYM_TYPES).order_by("type", "object_id")
    for title in titles.values_list("title", flat=True).iterator():
        acronym = initials(title)
        if len(acronym) < MIN_ACRONYM:
            continue
        name = " ".join(word for word in words(title) if word != "owasp" and word not in STOPWORDS)
        names = acronyms.setdefault(acronym, [])
        if name not in names and len(names) < 20:
            names.append(name)
    for acronym, names in sorted(acronyms.items()):
        found.append({"objectID": f"acronym-{acronym}", "type": "onewaysynonym", "input": acronym, "synonyms": names})
    return found


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# ----------------------------------------------------------------------------------------------------- client


def _hosts(base_url: str) -> HostsCollection | None:
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BackendUnavailable(f"ALGOLIA_BASE_URL {base_url!r} is not an http(s) URL")
    return HostsCollection([Host(url=parts.hostname, scheme=parts.scheme, port=parts.port)])


def make_client(*, read_timeout_ms: int | None = None) -> SearchClientSync:
    """A client for the configured application and key, on ``ALGOLIA_BASE_URL`` when it is set."""
    if not settings.ALGOLIA_APP_ID or not settings.ALGOLIA_API_KEY:
        raise BackendUnavailable("SEARCH_BACKEND 'algolia' needs ALGOLIA_APP_ID and ALGOLIA_API_KEY")
    config = SearchConfig(settings.ALGOLIA_APP_ID, settings.ALGOLIA_API_KEY)
    config.hosts = _hosts(settings.ALGOLIA_BASE_URL)
    config.read_timeout = read_timeout_ms or settings.ALGOLIA_SEARCH_TIMEOUT_MS
    config.write_timeout = settings.ALGOLIA_WRITE_TIMEOUT_MS
    config.connect_timeout = min(2000, config.read_timeout)
    return SearchClientSync.create_with_config(config)


def _message(exc: Exception) -> str:
    return getattr(exc, "message", "") or str(exc) or type(exc).__name__


def _wait(client: SearchClientSync, index: str, responses) -> None:
    for response in responses:
        client.wait_for_task(index_name=index, task_id=response.task_id)


# ---------------------------------------------------------------------------------------------------- writing


def save_documents(document_ids: Iterable[int]) -> int:
    """Save the records of these document rows (those still in the table: a row deleted since is removed by
    its own task). Returns how many records were sent."""
    ids = list(document_ids)
    if not ids:
        return 0
    index = settings.ALGOLIA_INDEX_NAME
    sent = 0
    with make_client() as client:
        for chunk in _chunks(ids, BATCH_SIZE):
            records = [record(document) for document in SearchDocument.objects.filter(pk__in=chunk)]
            if records:
                client.save_objects(index, records, batch_size=BATCH_SIZE)
                sent += len(records)
    return sent


def delete_records(refs: Iterable[tuple[str, int] | list]) -> int:
    """Delete the records of these (type, object id) documents."""
    object_ids = [object_id(kind, pk) for kind, pk in refs]
    if not object_ids:
        return 0
    with make_client() as client:
        client.delete_objects(settings.ALGOLIA_INDEX_NAME, object_ids, batch_size=BATCH_SIZE)
    return len(object_ids)


def push_settings(client: SearchClientSync | None = None, index: str | None = None) -> int:
    """Set the index settings and replace its synonyms (waiting for both); returns the number of synonyms."""
    index = index or settings.ALGOLIA_INDEX_NAME
    own = client is None
    client = client or make_client()
    try:
        synonyms = synonym_records()
        responses = [client.set_settings(index, INDEX_SETTINGS)]
        responses.append(client.save_synonyms(index, synonyms, replace_existing_synonyms=True))
        _wait(client, index, responses)
        return len(synonyms)
    finally:
        if own:
            client.close()


def replace_index(documents, *, progress: Callable[[int], None] | None = None) -> dict:
    """Replace the live index with ``documents`` atomically: build a temporary index (settings, synonyms,
    every record), wait until Algolia has applied it all, then move it over the live index in one operation.
    Rows changed or deleted while it was being built are put right in the live index afterwards. On failure
    the temporary index is deleted and the live one is left as it was."""
    index = settings.ALGOLIA_INDEX_NAME
    started = timezone.now()
    with make_client() as client:
        temporary = client.create_temporary_name(index)
        pushed: set[str] = set()
        try:
            synonyms = push_settings(client, temporary)
            responses = []
            rows = documents.iterator(chunk_size=BATCH_SIZE) if hasattr(documents, "iterator") else documents
            for chunk in _chunks(rows, BATCH_SIZE):
                records = [record(document) for document in chunk]
                responses.extend(client.save_objects(temporary, records, batch_size=BATCH_SIZE))
                pushed.update(item["objectID"] for item in records)
                if progress:
                    progress(len(records))
            _wait(client, temporary, responses)
            move = client.operation_index(temporary, {"operation": "move", "destination": index})
            client.wait_for_task(index_name=temporary, task_id=move.task_id)
        except Exception:
            try:
                # A fresh client: this one holds its hosts as down after a 5xx, for five minutes.
                with make_client() as cleaner:
                    cleaner.delete_index(temporary)
            except (AlgoliaException, *RETRYABLE) as exc:
                logger.warning("algolia: could not delete the temporary index %s: %s", temporary, _message(exc))
            raise
        # What changed while the temporary index was filled: rows written since, and rows gone since.
        late = list(SearchDocument.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
        present = {object_id(kind, pk) for kind, pk in SearchDocument.objects.values_list("type", "object_id")}
        gone = sorted(pushed - present)
        if late:
            client.save_objects(index, [record(d) for d in SearchDocument.objects.filter(pk__in=late)])
        if gone:
            client.delete_objects(index, gone)
    return {"records": len(pushed), "synonyms": synonyms, "late_updates": len(late), "late_removals": len(gone)}


# ---------------------------------------------------------------------------------------------------- backend


@register
class AlgoliaBackend(SearchBackend):
    name = "algolia"

    def __init__(self):
        self._local = threading.local()  # the client keeps per-request state: one per thread

    # -- start-up --------------------------------------------------------------------------------------------
    def check(self) -> None:
        """The application and key are set, Algolia accepts the key, and the key may do what the backend
        does (its ACL); raises :class:`BackendUnavailable` saying which setting is wrong."""
        with make_client(read_timeout_ms=5000) as client:
            try:
                key = client.get_api_key(settings.ALGOLIA_API_KEY)
            except RequestException as exc:
                if exc.status_code == 404:  # the admin key is not one of the listed keys: try a read with it
                    self._check_reads(client)
                    return
                raise self._refused(exc) from exc
            except (AlgoliaException, *RETRYABLE) as exc:
                raise self._unreachable(exc) from exc
        acl = {str(getattr(item, "value", item)) for item in key.acl}
        missing = [name for name in REQUIRED_ACLS if name not in acl]
        if missing:
            raise BackendUnavailable(f"ALGOLIA_API_KEY lacks the ACL {', '.join(missing)} the Algolia backend needs")

    def _check_reads(self, client: SearchClientSync) -> None:
        try:
            client.get_settings(settings.ALGOLIA_INDEX_NAME)
        except RequestException as exc:
            if exc.status_code != 404:  # 404: no index yet, the first reindex creates it
                raise self._refused(exc) from exc
        except (AlgoliaException, *RETRYABLE) as exc:
            raise self._unreachable(exc) from exc

    @staticmethod
    def _refused(exc: RequestException) -> BackendUnavailable:
        return BackendUnavailable(
            f"Algolia refused ALGOLIA_APP_ID {settings.ALGOLIA_APP_ID!r} with ALGOLIA_API_KEY "
            f"(HTTP {exc.status_code}: {_message(exc)})"
        )

    @staticmethod
    def _unreachable(exc: Exception) -> BackendUnavailable:
        where = settings.ALGOLIA_BASE_URL or f"{settings.ALGOLIA_APP_ID}.algolia.net"
        return BackendUnavailable(f"Algolia is unreachable at {where}: {_message(exc)}")

    # -- searching -------------------------------------------------------------------------------------------
    def _client(self) -> SearchClientSync:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = make_client()
        return client

    def params(self, request: SearchRequest) -> dict:
        """The Algolia search parameters of a request."""
        facet_filters: list = []
        if request.types:
            facet_filters.append([f"type:{_filter_value(kind)}" for kind in request.types])
        for name, values in request.filters.items():
            facet_filters.append([f"{FACET_ATTRIBUTES[name]}:{_filter_value(value)}" for value in values])
        if request.as_you_type and len(request.query) < MIN_ISSUE_PREFIX:
            facet_filters.append(f"type:-{DocumentType.ISSUE}")
        params = {"query": request.query, "offset": request.offset, "length": request.limit}
        if facet_filters:
            params["facetFilters"] = facet_filters
        if request.facets:
            params["facets"] = list(dict.fromkeys(FACET_ATTRIBUTES.values()))
            params["maxValuesPerFacet"] = 100
        return params

    def search(self, request: SearchRequest) -> SearchResults:
        try:
            response = self._client().search_single_index_with_http_info(
                settings.ALGOLIA_INDEX_NAME, self.params(request)
            )
            data = json.loads(response.raw_data)
        except (AlgoliaException, ValueError, *RETRYABLE) as exc:
            return self._fallback(request, exc)
        return self.results(request, data)

    def results(self, request: SearchRequest, data: dict) -> SearchResults:
        hits = [_hit(item, request.offset + rank) for rank, item in enumerate(data.get("hits", []), 1)]
        facets = {}
        if request.facets:
            counted = data.get("facets") or {}
            for name, attribute in FACET_ATTRIBUTES.items():
                pairs = [(value, int(count)) for value, count in (counted.get(attribute) or {}).items() if value]
                facets[name] = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
        # Algolia counts every hit unless told otherwise: ``exhaustive.nbHits`` (``exhaustiveNbHits`` before).
        exhaustive = (data.get("exhaustive") or {}).get("nbHits", data.get("exhaustiveNbHits", True))
        return SearchResults(
            hits=hits,
            total=int(data.get("nbHits", len(hits))),
            total_is_estimate=exhaustive is False,
            facets=facets,
            backend=self.name,
        )

    def _fallback(self, request: SearchRequest, exc: Exception) -> SearchResults:
        """Algolia could not answer: the PostgreSQL backend answers from the same documents."""
        from apps.search.backends import backend_class
        from apps.search.backends.bm25 import pg_search_installed

        logger.warning("algolia: search failed (%s); answered from PostgreSQL", _message(exc))
        # A fresh client next time: this one may hold its hosts as down for five minutes.
        client, self._local.client = getattr(self._local, "client", None), None
        if client is not None:
            client.close()
        results = backend_class("bm25" if pg_search_installed() else "fts")().search(request)
        results.degraded = True
        return results

    # -- mirroring -------------------------------------------------------------------------------------------
    def documents_changed(self, document_ids: Iterable[int]) -> None:
        from apps.search import algolia_tasks

        for chunk in _chunks(document_ids, algolia_tasks.TASK_CHUNK):
            algolia_tasks.enqueue(algolia_tasks.save_documents_task, chunk)

    def documents_removed(self, refs: Iterable[tuple[str, int]]) -> None:
        from apps.search import algolia_tasks

        for chunk in _chunks(([kind, pk] for kind, pk in refs), algolia_tasks.TASK_CHUNK):
            algolia_tasks.enqueue(algolia_tasks.delete_records_task, chunk)

    def rebuild(self, documents: Iterable, progress: Callable[[int], None] | None = None) -> dict:
        return replace_index(documents, progress=progress)


def _filter_value(value: str) -> str:
    # A leading "-" would read as a negation.
    return f"\\{value}" if value.startswith("-") else value


def _plain(fragment: str) -> str:
    return fragment.replace(HIGHLIGHT_PRE, "").replace(HIGHLIGHT_POST, "")


def _snippet(item: dict) -> str:
    """The snippet around the match (``_snippetResult``: the snippet text, else the body), else the start of
    the snippet text; plain text, as the other backends give it."""
    snippets = item.get("_snippetResult") or {}
    for attribute in ("snippet", "body"):
        option = snippets.get(attribute)
        if isinstance(option, dict) and option.get("matchLevel") not in (None, "none"):
            return _plain(option.get("value", ""))
    option = snippets.get("snippet")
    if isinstance(option, dict) and option.get("value"):
        return _plain(option["value"])
    return " ".join((item.get("snippet") or "").split()[:SNIPPET_WORDS])


def _hit(item: dict, rank: int) -> Hit:
    title = item.get("title") or ""
    highlighted = (item.get("_highlightResult") or {}).get("title")
    if isinstance(highlighted, dict) and highlighted.get("value"):
        title = _plain(highlighted["value"]) or title
    return Hit(
        type=item.get("type", ""),
        key=item.get("key", ""),
        title=title,
        url=item.get("url", ""),
        snippet=_snippet(item),
        # Algolia orders without exposing a score: the rank stands in for it (1, 1/2, 1/3, ...).
        score=round(1 / rank, 6),
        facets={
            "level": item.get("level", ""),
            "project_type": item.get("project_type", ""),
            "region": item.get("region", ""),
            "country": item.get("country", ""),
            "language": item.get("language", ""),
            "labels": list(item.get("labels") or []),
        },
        is_active=bool(item.get("is_active", True)),
    )
