"""GitHub organization, repository and member pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from theme.selectors import github


@require_GET
def organization(request, login):
    return render(request, "theme/github/organization.html", github.organization_detail(login))


@require_GET
def repository(request, owner, name):
    return render(request, "theme/github/repository.html", github.repository_detail(owner, name))


@require_GET
def member(request, login):
    return render(request, "theme/github/member.html", github.member_profile(login))
