"""The GitHub source against a local fake GitHub serving a copy of the real data: same pages as the folder,
conditional re-reads, only changed files downloaded, GitHub failures never half-sync."""

import pytest
from wagtail.models import Revision

from apps.github.client import GitHubClient
from apps.owasp.sources.github import GitHubSource
from apps.owasp.sync.owasp import open_source, sync_owasp
from cms.models import ChapterPage, ProjectPage
from devtools.fake_github import Dataset, FakeGitHub, folder_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(snapshot):
    dataset = Dataset()
    folder_organization(dataset, snapshot.root, "OWASP")
    with FakeGitHub(dataset, per_page_max=3) as server:
        yield server


def github(fake):
    client = GitHubClient(base_url=fake.url, token="test-token", max_retries=1, sleep=lambda seconds: None)
    return GitHubSource(client, org="OWASP")


def test_github_source_gives_the_same_pages_as_the_folder(fake, snapshot):
    report = sync_owasp(github(fake))

    assert report.as_dict()["by_entity"] == {
        "projects": {"created": 3},
        "chapters": {"created": 2},
        "committees": {"created": 1},
    }
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    assert (juice.level, juice.project_type) == ("flagship", "tool")
    assert [x.github_login for x in juice.leaders.all()] == ["bkimminich", "J12934"]
    assert juice.sync_source.startswith(
        "github.com/OWASP/owasp.github.io/_data/projects.json + github.com/OWASP/www-project-juice-shop (index.md"
    )
    london = ChapterPage.objects.get(owasp_key="www-chapter-london")
    assert (london.latitude, london.location_precision) == (51.511861, "exact")
    # The org's 6 repositories were listed page by page (3 per page here) and the 2 non-www ones ignored.
    assert fake.count(r"^/orgs/OWASP/repos") == 2
    assert fake.count(r"/git/trees/HEAD\?recursive=1") == 4
    assert "events: github.com/OWASP/owasp.github.io/_data/revents.json is missing" in report.warnings[0]


def test_a_rerun_asks_conditionally_and_downloads_nothing(fake):
    sync_owasp(github(fake))
    blobs, revisions = fake.count("/git/blobs/"), Revision.objects.count()
    fake.reset_log()

    report = sync_owasp(github(fake))

    assert report.unchanged == 6
    assert Revision.objects.count() == revisions
    assert fake.count("/git/blobs/") == 0
    assert fake.count("/git/trees/", status=304) == 4
    assert fake.count("/contents/_data", status=304) == 1
    assert blobs > 10


def test_only_a_changed_file_is_downloaded_again(fake, snapshot):
    sync_owasp(github(fake))
    fake.reset_log()
    index = snapshot.root / "owasp-repos/www-project-juice-shop/index.md"
    index.write_text(index.read_text().replace("level: 4", "level: 3"))

    report = sync_owasp(github(fake))

    assert report.updated == 1
    assert ProjectPage.objects.get(owasp_key="www-project-juice-shop").level == "lab"
    assert fake.count("/git/blobs/") == 1
    assert fake.count("/git/trees/", status=200) == 1


def test_github_down_syncs_nothing_and_inactivates_nothing(fake):
    sync_owasp(github(fake))
    fake.inject("server_error", path="/repos/OWASP/owasp.github.io/", status=502, count=-1)

    report = sync_owasp(github(fake))

    assert report.created == report.updated == report.inactivated == 0
    assert [error.split(":", 1)[0] for error in report.errors] == [
        "projects",
        "chapters",
        "committees",
        "events",
        "sponsors",
        "staff",
    ]
    assert "502" in report.errors[0]
    assert ProjectPage.objects.filter(is_active=True).count() == 3


def test_a_repository_that_vanished_from_github_is_read_from_the_site_data_only(fake, snapshot):
    sync_owasp(github(fake))
    fake.inject("not_found", path="/repos/OWASP/www-project-zap/", count=-1)

    report = sync_owasp(github(fake))

    zap = ProjectPage.objects.get(owasp_key="www-project-zap")
    assert report.skipped == []
    assert zap.is_active
    assert zap.level == "unknown"  # only its index.md said 4; the site data says -1
    assert "github.com/OWASP/www-project-zap" not in zap.sync_source


def test_the_default_source_is_github_when_no_data_folder_is_set(settings):
    settings.NEST_DATA_DIR = ""

    source = open_source()

    assert isinstance(source, GitHubSource)
    assert source.root == f"{settings.GITHUB_API_URL.rstrip('/')}/orgs/{settings.GITHUB_ORGANIZATION}"
    source.close()
    assert isinstance(open_source("github"), GitHubSource)
