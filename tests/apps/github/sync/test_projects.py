"""Repositories link to their OWASP pages: a www-* repository to the page it is the source of, other
repositories to the project whose repository links name them."""

import pytest

from apps.github.models import Repository
from apps.github.sync.projects import link_repositories, repository_name
from cms.models import ChapterIndexPage, ChapterPage, ProjectIndexPage, ProjectLink, ProjectPage
from devtools.fake_github.dataset import FakeOrg, FakeRepo
from tests.apps.github.conftest import ORG

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


def add_repos(dataset, *names, owner=ORG):
    org = dataset.organizations.get(owner) or FakeOrg(id=99, login=owner)
    dataset.organizations[owner] = org
    for name in names:
        org.repos[name] = FakeRepo(id=dataset.new_id(), owner=owner, name=name, created=1.6e9, updated=1.6e9)


def project(key: str, *repository_urls: str, title: str = "") -> ProjectPage:
    page = ProjectPage(title=title or key, slug=key, owasp_key=key, live=True)
    ProjectIndexPage.objects.get().add_child(instance=page)
    for order, url in enumerate(repository_urls):
        ProjectLink.objects.create(page=page, url=url, kind="repository", sort_order=order)
    return page


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://github.com/OWASP/wrongsecrets", "owasp/wrongsecrets"),
        ("https://github.com/juice-shop/juice-shop/releases/latest", "juice-shop/juice-shop"),
        ("http://www.github.com/OWASP/www-project-zap.git", "owasp/www-project-zap"),
        ("https://github.com/zaproxy/zaproxy/", "zaproxy/zaproxy"),
        ("https://github.com/dschadow", None),
        ("https://github.com/orgs/OWASP/teams", None),
        ("https://owasp.org/www-project-juice-shop/", None),
    ],
)
def test_repository_name_reads_github_repository_urls_only(url, name):
    assert repository_name(url) == name


def test_sync_links_www_repositories_to_their_pages_and_code_repositories_to_projects(run_sync, github_dataset):
    add_repos(github_dataset, "www-project-juice-shop", "juice-shop-ctf", "www-chapter-london", "unrelated-tool")
    add_repos(github_dataset, "juice-shop", owner="juice-shop")
    juice_shop = project(
        "www-project-juice-shop",
        "https://github.com/juice-shop/juice-shop",
        "https://github.com/OWASP/juice-shop-ctf/tree/main",
    )
    london = ChapterPage(title="London", slug="london", owasp_key="www-chapter-london", live=True)
    ChapterIndexPage.objects.get().add_child(instance=london)

    report = run_sync()
    run_sync("juice-shop")

    assert report.links["with_page"] == 2
    assert Repository.objects.get(name="www-project-juice-shop").project == juice_shop
    assert Repository.objects.get(name="www-project-juice-shop").owasp_page_id == juice_shop.pk
    assert Repository.objects.get(name="juice-shop-ctf").project == juice_shop
    assert Repository.objects.get(full_name="juice-shop/juice-shop").project == juice_shop
    chapter_repo = Repository.objects.get(name="www-chapter-london")
    assert chapter_repo.owasp_page_id == london.pk and chapter_repo.project is None
    assert Repository.objects.get(name="unrelated-tool").project is None
    assert set(juice_shop.repositories.values_list("name", flat=True)) == {
        "www-project-juice-shop",
        "juice-shop-ctf",
        "juice-shop",
    }


def test_links_follow_the_pages_and_ambiguity_prefers_the_project_named_like_the_repository(run_sync, github_dataset):
    add_repos(github_dataset, "dependency-check", "www-project-dependency-check")
    check = project("www-project-dependency-check", "https://github.com/OWASP/dependency-check")
    other = project("www-project-other", "https://github.com/OWASP/dependency-check")
    run_sync()

    assert Repository.objects.get(name="dependency-check").project == check
    report = link_repositories()
    assert report.ambiguous == [("OWASP/dependency-check", ["www-project-dependency-check", "www-project-other"])]
    assert report.changed == 0

    ProjectLink.objects.filter(page=check).delete()
    assert link_repositories().changed == 1
    assert Repository.objects.get(name="dependency-check").project == other
    ProjectLink.objects.all().delete()
    link_repositories()
    assert Repository.objects.get(name="dependency-check").project is None
