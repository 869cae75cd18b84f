"""The organization itself and its repository listing (``/orgs/{org}/repos``), page by page.

Each listing page is asked with the ETag it had when every repository on it had been synced without error;
a 304 therefore means "nothing on this page changed since it was fully synced", and costs no more. A page
with a failed repository is saved without its ETag, so the next run reads it again and retries that one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.db import transaction

from apps.github.client import GitHubClient, MalformedResponse, Page
from apps.github.models import Organization
from apps.github.sync.common import PER_PAGE, ItemError, count, parse_datetime, required, text

logger = logging.getLogger(__name__)

REPOS_PAGES = "repos"


def sync_organization(client: GitHubClient, login: str) -> Organization:
    """``GET /orgs/{login}``, conditionally; upsert the Organization. Raises the client's errors."""
    organization = Organization.objects.filter(login__iexact=login).first()
    known = (organization.sync_pages.get("org") or [{}])[0] if organization else {}
    response = client.get(f"/orgs/{login}", etag=known.get("etag", ""))
    if response.not_modified and organization is not None:
        return organization
    data = response.data
    try:
        org_id = required(data, "id", int)
    except ItemError as exc:
        raise MalformedResponse(f"organization object: {exc}", url=response.url, status=response.status) from exc
    with transaction.atomic():
        organization = Organization.objects.select_for_update().filter(pk=org_id).first() or Organization(id=org_id)
        organization.node_id = text(data.get("node_id"), 64)
        organization.login = text(data.get("login") or login, 100)
        organization.name = text(data.get("name"), 255)
        organization.description = text(data.get("description"))
        organization.avatar_url = text(data.get("avatar_url"), 500)
        organization.html_url = text(data.get("html_url"), 500)
        organization.blog = text(data.get("blog"), 500)
        organization.location = text(data.get("location"), 255)
        organization.email = text(data.get("email"), 255)
        organization.public_repos_count = count(data.get("public_repos"))
        organization.followers_count = count(data.get("followers"))
        organization.created_at = _datetime(data.get("created_at"))
        organization.updated_at = _datetime(data.get("updated_at"))
        organization.sync_pages = {**organization.sync_pages, "org": [{"url": response.url, "etag": response.etag}]}
        organization.save()
    return organization


def owner_organization(client: GitHubClient, gh_repo: dict, default: Organization | None) -> Organization | None:
    """The Organization a repository object belongs to: ``default`` when its owner is that organization, else
    the stored one of that login, else its details read now (a repository transferred to, or linked in,
    another organization); None for a repository a user owns."""
    owner = gh_repo.get("owner") if isinstance(gh_repo.get("owner"), dict) else {}
    login = str(owner.get("login") or "")
    if default is not None and login.lower() == default.login.lower():
        return default
    found = Organization.objects.with_login(login).first()
    if found is not None or owner.get("type") != "Organization":
        return found
    return sync_organization(client, login)


def _datetime(value):
    try:
        return parse_datetime(value)
    except ItemError:
        return None


def listing_params() -> dict:
    # Public repositories only (a token with org rights would list private ones too), in a stable order.
    return {"type": "public", "sort": "full_name", "direction": "asc", "per_page": PER_PAGE}


def repository_pages(client: GitHubClient, organization: Organization, *, errors: list) -> Iterator[Page]:
    """The listing's pages, asked conditionally (a 304 page lists repositories as stored, which a full run
    then reads from their rows); a malformed page is recorded in ``errors`` and the walk goes on."""
    known = organization.sync_pages.get(REPOS_PAGES)
    url: str | None = client.url(f"/orgs/{organization.login}/repos", listing_params())
    while url:
        try:
            yield from client.paginate(url, known=known)
            return
        except MalformedResponse as exc:
            errors.append(exc)
            logger.warning("GitHub repository listing page %s is malformed: %s", exc.url, exc)
            url = exc.next_url


def saved_page(organization: Organization, url: str) -> dict:
    return next((page for page in organization.sync_pages.get(REPOS_PAGES, []) if page["url"] == url), {})


def save_listing_state(organization: Organization, pages: list[dict], *, complete: bool) -> None:
    """Remember page states. Mid-walk, pages not visited yet keep their earlier state (still valid)."""
    if not complete:
        visited = {page["url"] for page in pages}
        pages = pages + [page for page in organization.sync_pages.get(REPOS_PAGES, []) if page["url"] not in visited]
    organization.sync_pages = {**organization.sync_pages, REPOS_PAGES: pages}
    Organization.objects.filter(pk=organization.pk).update(sync_pages=organization.sync_pages)
