"""Related organizations: repositories that OWASP projects link in other organizations are synced with their
organizations' details and linked to their projects; an organization staff mark OWASP-related has all its
public repositories synced, counting for its project; the hourly change feed covers them too."""

import pytest

from apps.github.models import Issue, Organization, Repository
from apps.github.services.figures import compute_project_figures
from devtools.fake_github import generate_organization
from tests.apps.github.conftest import ORG
from tests.apps.github.sync.test_projects import project
from tests.fakes.github import assert_synced

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]

OTHERS = {"zaproxy": 5_001, "juice-shop": 5_002, "CycloneDX": 5_003}


@pytest.fixture
def others(github_dataset):
    """Three organizations besides OWASP, each with a few generated repositories."""
    for seed, (login, org_id) in enumerate(OTHERS.items(), start=11):
        generate_organization(github_dataset, login, repos=3, issues=30, pulls=6, seed=seed, org_id=org_id)
    return {login: sorted(github_dataset.organizations[login].repos.values(), key=lambda r: r.name) for login in OTHERS}


def test_linked_repositories_of_other_organizations_are_synced_with_their_organizations(
    run_sync, fake_github, github_dataset, others
):
    zap, juice = others["zaproxy"][0], others["juice-shop"][1]
    zap_page = project("www-project-zap", f"https://github.com/{zap.full_name}")
    juice_page = project("www-project-juice-shop", f"https://github.com/{juice.full_name}/releases")

    report = run_sync()

    assert report.ok, report.summary()
    assert_synced(github_dataset, ORG)
    assert_synced(github_dataset, "zaproxy", names={zap.name})  # the linked one only
    assert_synced(github_dataset, "juice-shop", names={juice.name})
    assert not Organization.objects.filter(login="CycloneDX").exists()  # nothing links it
    for login, fake_repo, page in (("zaproxy", zap, zap_page), ("juice-shop", juice, juice_page)):
        organization = Organization.objects.get(login=login)
        assert organization.id == OTHERS[login] and organization.name and organization.last_synced_at
        repository = Repository.objects.get(pk=fake_repo.id)
        assert (repository.organization_id, repository.project_id) == (organization.id, page.pk)
    figures = compute_project_figures([zap_page.pk])[zap_page.pk]
    assert figures["repositories_count"] == 1 and figures["stars_count"] == zap.stars
    assert figures["open_issues_count"] == sum(1 for i in zap.issues if not i.is_pull and i.state == "open")


def test_an_owasp_related_organization_has_all_its_repositories_synced_for_its_project(
    run_sync, github_dataset, others
):
    zap_page = project("www-project-zap", f"https://github.com/{others['zaproxy'][0].full_name}")
    run_sync()
    Organization.objects.filter(login="zaproxy").update(is_owasp_related=True)  # as staff do in the admin

    report = run_sync(full=True)

    assert report.ok, report.summary()
    assert_synced(github_dataset, "zaproxy")  # every public repository now
    repositories = Repository.objects.filter(organization__login="zaproxy")
    assert set(repositories.values_list("project_id", flat=True)) == {zap_page.pk}  # the project linking it
    figures = compute_project_figures([zap_page.pk])[zap_page.pk]
    assert figures["repositories_count"] == 3
    assert figures["stars_count"] == sum(repo.stars for repo in others["zaproxy"])

    # Staff may name another project for it: its repositories follow on the next run.
    other_page = project("www-project-zap-extensions")
    Organization.objects.filter(login="zaproxy").update(project=other_page)
    run_sync()
    assert set(repositories.values_list("project_id", flat=True)) == {zap_page.pk, other_page.pk}
    assert repositories.get(pk=others["zaproxy"][0].id).project_id == zap_page.pk  # its own link wins


def test_the_hourly_feed_covers_related_organizations_and_linked_repositories(
    run_sync, fake_github, github_dataset, others
):
    zap, juice = others["zaproxy"][0], others["juice-shop"][0]
    project("www-project-zap", f"https://github.com/{zap.full_name}")
    project("www-project-juice-shop", f"https://github.com/{juice.full_name}")
    run_sync()
    Organization.objects.filter(login="zaproxy").update(is_owasp_related=True)
    run_sync(full=True)
    fake_github.reset_log()

    quiet = run_sync()  # nothing changed

    assert quiet.ok, quiet.summary()
    searches = fake_github.requests("/search/issues")
    assert len(searches) == 1 and "org%3Azaproxy" in searches[0].target and "repo%3Ajuice-shop" in searches[0].target
    # Beyond that one search, the related organizations and the linked repository cost nothing.
    others_asked = [r.target for r in fake_github.requests() if not r.target.startswith("/search/")]
    assert not [target for target in others_asked if "zaproxy" in target or "juice-shop" in target]

    other_zap = others["zaproxy"][2]
    zap_item = next(item for item in other_zap.issues if not item.is_pull)
    juice_item = next(item for item in juice.issues if not item.is_pull)
    github_dataset.edit_issue(other_zap, zap_item.number, title="Edited in a related organization")
    github_dataset.edit_issue(juice, juice_item.number, title="Edited in a linked repository")
    fake_github.reset_log()

    report = run_sync()

    assert report.ok, report.summary()
    assert Issue.objects.get(pk=zap_item.id).title == "Edited in a related organization"
    assert Issue.objects.get(pk=juice_item.id).title == "Edited in a linked repository"
    assert fake_github.count(r"^/search/issues") == 1
    assert_synced(github_dataset, "zaproxy")
    assert_synced(github_dataset, "juice-shop", names={juice.name})
