import pytest

from apps.github.models import Commit, RepositoryContributor
from apps.github.services.leaders import match_leaders
from tests import factories

pytestmark = pytest.mark.django_db


def test_repository_page_shows_languages_topics_license_contributors_issues_releases(client, recorded):
    response = client.get("/repositories/PyGithub/PyGithub/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>PyGithub/PyGithub</h1>" in html
    assert "LGPL-3.0" in html
    assert "github-api" in html  # a topic
    assert "Python" in html and "99.8%" in html  # the language shares
    assert "jacquev6" in html  # top contributor
    assert "v1.55" in html  # newest release
    open_issue = next(issue for issue in recorded["issues"] if issue.state == "open")
    assert open_issue.title in html
    assert "From GitHub, synced" in html


def test_repository_lookup_is_case_insensitive_and_unknown_is_404(client, recorded):
    assert client.get("/repositories/pygithub/pygithub/").status_code == 200
    response = client.get("/repositories/PyGithub/nope/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_organization_page_lists_its_repositories_with_stars(client, recorded):
    response = client.get("/organizations/PyGithub/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "PyGithub/PyGithub" in html
    assert "7122" in html


def test_organization_page_says_which_repositories_are_synced_and_their_projects(client, recorded):
    organization = recorded["organization"]
    project = factories.make_project("PyGithub Project")
    recorded["repository"].project = project
    recorded["repository"].save(update_fields=["project"])

    html = client.get("/organizations/PyGithub/").content.decode()
    assert "Only the repositories OWASP project pages link are synced" in html  # not OWASP's, not marked
    assert "PyGithub Project" in html  # the project its repository counts for

    organization.is_owasp_related = True
    organization.save(update_fields=["is_owasp_related"])
    html = client.get("/organizations/PyGithub/").content.decode()
    assert "all its public repositories are synced and count for its project" in html


def test_member_profile_shows_contributions_heatmap_and_pages_led(client, recorded, data_dir):
    project = factories.real_projects(limit=1)[0]
    factories.add_leader(project, "Vincent Jacques", email="private@example.org", github_login="jacquev6")
    match_leaders()  # a member leads the pages a trusted match ties them to

    response = client.get("/members/JACQUEV6/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vincent Jacques" in html
    assert "France" in html
    assert "PyGithub/PyGithub" in html and "355 commits" in html
    assert project.title in html
    assert "private@example.org" not in html
    assert html.count('class="heat heat-') >= 365


def test_member_heatmap_counts_commits_per_day(client, recorded):
    author = recorded["issues"][0].author
    repository = recorded["repository"]
    for n, days_ago in enumerate((1, 1, 3, 400)):
        Commit.objects.create(repository=repository, sha=f"{n:040d}", author=author, authored_at=factories.at(days_ago))

    response = client.get(f"/members/{author.login}/")

    assert response.status_code == 200
    heatmap = response.context["heatmap"]
    assert heatmap.total == 3  # the commit of 400 days ago is out of range
    assert sorted(day["count"] for week in heatmap.weeks for day in week if day["count"]) == [1, 2]
    assert all(len(week) == 7 for week in heatmap.weeks[:-1])
    assert heatmap.weeks[0][0]["date"].weekday() == 6  # columns are weeks starting on Sunday


def test_github_pages_run_a_bounded_number_of_queries(client, recorded, django_assert_max_num_queries):
    repository = recorded["repository"]
    member = recorded["top_contributor"]
    for _ in range(60):
        other = factories.make_user()
        RepositoryContributor.objects.create(repository=repository, user=other, contributions=3)
        factories.make_issue(repository, author=other, assignee=other)
        factories.make_release(repository, tag=f"v0.{other.pk}")
        contributed = factories.make_repository(organization=recorded["organization"], owner="PyGithub")
        RepositoryContributor.objects.create(repository=contributed, user=member, contributions=1)

    for url in ("/repositories/PyGithub/PyGithub/", "/organizations/PyGithub/", f"/members/{member.login}/"):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/repositories/%00/x/",
        "/repositories/PyGithub/Py%00Github/",
        "/repositories/PyGithub/" + "x" * 5000 + "/",
        "/members/%00/",
        "/members/jacquev6%00/",
        "/members/" + "x" * 5000 + "/",
        "/organizations/%00/",
        "/organizations/" + "%F0%9F%92%A5" * 300 + "/",
    ],
)
def test_impossible_names_in_github_urls_are_404_not_500(client, recorded, url):
    response = client.get(url)

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_leaders_link_to_member_pages_only_when_the_member_exists(client, data_dir):
    from django.template.loader import render_to_string

    site = factories.project_site(data_dir, limit=1, health_days=1)
    juice = site["juice"]  # led by "bkimminich", a GitHub user never synced
    html = client.get(juice.url).content.decode()
    assert "Björn Kimminich" in html and "/members/" not in html.split('id="leaders-heading"')[1].split("</section>")[0]

    factories.make_user("bkimminich")
    match_leaders()
    html = client.get(juice.url).content.decode()
    assert '<a href="/members/bkimminich/">@bkimminich</a>' in html
    assert client.get("/members/bkimminich/").status_code == 200

    class Row:  # what the include reads of a leader
        def __init__(self, name, member_login):
            self.name, self.member_login = name, member_login

    rendered = render_to_string(
        "cms/includes/leaders.html", {"leaders": [Row("Linked Leader", "ada"), Row("Plain Leader", None)]}
    )
    assert '<a href="/members/ada/">@ada</a>' in rendered
    assert rendered.count("/members/") == 1 and "Plain Leader" in rendered


def test_repository_page_lists_people_not_bots_among_its_contributors(client, recorded):
    bot = factories.make_user("dependabot[bot]", type="Bot")
    RepositoryContributor.objects.create(repository=recorded["repository"], user=bot, contributions=100_000)

    response = client.get("/repositories/PyGithub/PyGithub/")

    logins = [row.user.login for row in response.context["contributors"]]
    assert "dependabot[bot]" not in logins and logins[0] == "jacquev6"


def test_the_repository_page_reads_its_releases_in_one_query_however_many_it_shows(client, recorded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    repository = recorded["repository"]
    repository.releases.all().delete()
    factories.make_release(repository, tag="v0.1")
    client.get("/repositories/PyGithub/PyGithub/")
    with CaptureQueriesContext(connection) as one:
        assert "v0.1" in client.get("/repositories/PyGithub/PyGithub/").content.decode()
    for n in range(2, 6):
        factories.make_release(repository, tag=f"v0.{n}")

    with CaptureQueriesContext(connection) as five:
        html = client.get("/repositories/PyGithub/PyGithub/").content.decode()

    assert all(f"/releases/tag/v0.{n}" in html for n in range(1, 6))
    assert len(five.captured_queries) == len(one.captured_queries)
