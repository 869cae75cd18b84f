"""Pull requests: the items of the issues listing that carry a ``pull_request`` object (see issues.py).

``merged_at`` comes from that object (GitHub includes it in the issues listing), ``draft`` from the item;
the pulls endpoint is never asked, so a repository's pull requests cost no request beyond its issues.

The issues a pull request closes are read from its body once, here (references.py), and stored as
``related_issues``. Neither the issues listing nor the REST pulls payload carries GitHub's own closing
references (only its GraphQL ``closingIssuesReferences`` does, which this sync never asks), so the body
is the only source.
"""

from __future__ import annotations

from apps.github.models import Issue, PullRequest
from apps.github.sync.common import BATCH_SIZE, parse_datetime
from apps.github.sync.references import closing_numbers

RESOURCE = "pull_requests"
EXTRA_FIELDS = ["is_draft", "merged_at", "closing_issue_numbers"]

__all__ = ["EXTRA_FIELDS", "RESOURCE", "PullRequest", "link_related_issues", "pull_request_from"]


def pull_request_from(gh_item: dict, fields: dict) -> PullRequest:
    links = gh_item.get("pull_request") if isinstance(gh_item.get("pull_request"), dict) else {}
    return PullRequest(
        **fields,
        is_draft=bool(gh_item.get("draft", False)),
        merged_at=parse_datetime(links.get("merged_at")),
        closing_issue_numbers=closing_numbers(fields["body"], fields["repository"].full_name),
    )


def link_related_issues(repository_id: int, pull_ids: list[int], issue_numbers: list[int]) -> int:
    """Link the pull requests of one repository to the issues they close, after its issues and pulls are
    saved: the pulls just read (``pull_ids``, whose bodies may have changed: their links are replaced) and
    every stored pull naming one of the issues just read (``issue_numbers``, which may have arrived after the
    pull request). The number of links made."""
    through = PullRequest.related_issues.through
    for ids in chunks(pull_ids):
        through.objects.filter(pullrequest_id__in=ids).delete()
    rows = PullRequest.objects.filter(repository_id=repository_id).exclude(closing_issue_numbers=[])
    named: dict[int, list[int]] = {}
    for ids in chunks(pull_ids):
        named.update(rows.filter(id__in=ids).values_list("id", "closing_issue_numbers"))
    for numbers in chunks(sorted(set(issue_numbers))):
        named.update(rows.filter(closing_issue_numbers__overlap=numbers).values_list("id", "closing_issue_numbers"))
    return link_named(repository_id, named)


def link_named(repository_id: int, named: dict[int, list[int]]) -> int:
    """Store the links of pull request id -> the issue numbers it closes, to the repository's issues of
    those numbers (numbers naming no stored issue, such as another pull request's, link nothing)."""
    issue_ids: dict[int, int] = {}
    for numbers in chunks(sorted({number for closed in named.values() for number in closed})):
        issue_ids.update(
            Issue.objects.filter(repository_id=repository_id, number__in=numbers).values_list("number", "id")
        )
    through = PullRequest.related_issues.through
    links = [
        through(pullrequest_id=pull_id, issue_id=issue_ids[number])
        for pull_id, numbers in sorted(named.items())
        for number in numbers
        if number in issue_ids
    ]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(links)


def chunks(values: list) -> list[list]:
    return [values[start : start + BATCH_SIZE] for start in range(0, len(values), BATCH_SIZE)]
