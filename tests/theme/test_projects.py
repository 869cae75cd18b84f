import pytest

from apps.github.models import ProjectHealthRecord
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(data_dir):
    return factories.project_site(data_dir)


def test_project_list_shows_real_projects_sorted_by_stars(client, site):
    response = client.get("/projects/", {"sort": "stars"})  # the default order is by level

    assert response.status_code == 200
    listing = response.context["listing"]
    titles = [project.title for project in listing.page]
    assert titles[0] == "OWASP Juice Shop"  # 11000 + 7122 stars
    assert titles[1] == "OWASP Dependency-Check"
    assert listing.total == len([p for p in site["projects"] if p.is_active])
    html = response.content.decode()
    assert "From owasp.org, synced" in html
    assert "TypeScript" in html  # the language filter offers the repositories' languages


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "flagship", "type": "documentation"}, ["OWASP Cheat Sheet Series"]),
        ({"language": "Java"}, ["OWASP Dependency-Check"]),
        ({"q": "juice"}, ["OWASP Juice Shop"]),
        ({"q": "depend"}, ["OWASP Dependency-Check"]),
    ],
)
def test_project_list_filters_and_searches(client, site, params, expected):
    listing = client.get("/projects/", params).context["listing"]

    assert [project.title for project in listing.page] == expected


def test_project_list_sorts_by_name_health_and_update(client, site):
    by_name = [p.title for p in client.get("/projects/", {"sort": "name"}).context["listing"].page]
    assert by_name == sorted(by_name, key=str.lower)  # names compare case-insensitively
    by_health = list(client.get("/projects/", {"sort": "health"}).context["listing"].page)
    scores = [p.health for p in by_health if p.health is not None]
    assert scores == sorted(scores, reverse=True) and scores
    assert client.get("/projects/", {"sort": "updated", "page": "x"}).status_code == 200


def test_project_page_shows_repositories_releases_issues_contributors_leaders_and_health(client, site):
    juice = site["juice"]

    response = client.get(juice.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>OWASP Juice Shop</h1>" in html
    assert "Flagship project" in html
    assert "PyGithub/PyGithub" in html and "OWASP/juice-shop" in html
    assert "Juice Shop 17.1.1" in html  # the newest release
    open_issue = next(issue for issue in site["github"]["issues"] if issue.state == "open")
    assert open_issue.title in html
    assert "jacquev6" in html  # top contributor
    assert "Björn Kimminich" in html and "bjoern.private" not in html
    assert 'id="health-chart"' in html and 'id="health-data"' in html
    assert ProjectHealthRecord.objects.filter(project=juice).count() == 30


def test_project_pages_run_a_bounded_number_of_queries(client, site, django_assert_max_num_queries):
    juice = site["juice"]
    for n in range(40):
        repository = factories.make_repository(project=juice, language="Go", stars_count=n)
        factories.make_issue(repository)
        factories.make_release(repository, tag=f"v{n}")
    with django_assert_max_num_queries(24):
        assert client.get(juice.url).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get("/projects/", {"q": "juice", "language": "Go", "sort": "health"}).status_code == 200
