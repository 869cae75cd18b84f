"""GitHub organization, repository and member pages: 404 when the selector finds no such row."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from theme.cache import depends_on
from theme.cache_groups import GITHUB
from theme.selectors import github


def _found(detail: dict | None, what: str) -> dict:
    if detail is None:
        raise Http404(f"No such {what}")
    return detail


@require_GET
def organization(request, login):
    depends_on(request, GITHUB)
    return render(request, "theme/github/organization.html", _found(github.organization_detail(login), "organization"))


@require_GET
def repository(request, owner, name):
    depends_on(request, GITHUB)
    return render(request, "theme/github/repository.html", _found(github.repository_detail(owner, name), "repository"))


@require_GET
def member(request, login):
    depends_on(request, GITHUB)
    return render(request, "theme/github/member.html", _found(github.member_profile(login), "member"))
