"""Leaders as owasp.org shows them: leaders.md, then leaders.json; *.owasp.yaml only fills in logins."""

import pytest

from apps.owasp.sources.base import LocalSnapshotSource
from apps.owasp.sources.chapters import read_chapters
from apps.owasp.sources.committees import read_committees
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.projects import read_projects
from apps.owasp.sync.owasp import sync_owasp
from cms.models import ChapterPage, CommitteePage


@pytest.fixture(scope="module")
def upstream(data_dir):
    return Upstream(LocalSnapshotSource(data_dir))


def by_key(result):
    return {record.key: record for record in result.records}


def test_an_outdated_owasp_yaml_does_not_drop_a_leader_leaders_md_lists(upstream):
    # www-chapter-new-york-city: chapter.owasp.yaml lists Guy Osa and Zoe Braiterman; leaders.md adds Carlos Mena.
    nyc = by_key(read_chapters(upstream))["www-chapter-new-york-city"]

    assert [leader.name for leader in nyc.leaders] == ["Guy Osa", "Zoe Braiterman", "Carlos Mena"]
    assert nyc.leaders[1].github_login == "zbraiterman"  # filled in from the yaml


def test_leaders_md_decides_the_order_and_the_yaml_its_logins(upstream):
    # www-project-java-encoder: project.owasp.yaml says Jim Manico, Jeremy Long; leaders.md the other way round.
    encoder = by_key(read_projects(upstream))["www-project-java-encoder"]

    assert [(leader.name, leader.github_login) for leader in encoder.leaders] == [
        ("Jeremy Long", ""),
        ("Jim Manico", "jmanico"),
    ]


def test_a_yaml_leader_missing_from_leaders_md_is_not_added(snapshot):
    snapshot.repo("www-project-java-encoder")
    snapshot.site_list("projects.json", ["www-project-java-encoder"])
    leaders_md = snapshot.root / "owasp-repos/www-project-java-encoder/leaders.md"
    leaders_md.write_text(leaders_md.read_text().replace("* [Jim Manico](mailto:jim@owasp.org)\n", ""))

    encoder = by_key(read_projects(Upstream(LocalSnapshotSource(snapshot.root))))["www-project-java-encoder"]

    assert [leader.name for leader in encoder.leaders] == ["Jeremy Long"]


def test_committee_leaders_keep_their_roles(upstream):
    committee = by_key(read_committees(upstream))["www-committee-chapter"]

    assert [(leader.name, leader.role) for leader in committee.leaders] == [
        ("Kyle Smith", "Chair"),
        ("Edmond Momartin", "Vice Chair"),
        ("Garth Boyd", "Secretary"),
    ]


@pytest.mark.django_db
def test_the_page_shows_each_leaders_role_and_a_resync_changes_nothing(snapshot, client):
    snapshot.repo("www-committee-project")
    sync_owasp(snapshot.root)
    committee = CommitteePage.objects.get(owasp_key="www-committee-project")

    assert next((leader.name, leader.role) for leader in committee.leaders.all()) == ("Bjoern Kimminich", "Chair")
    html = client.get(committee.url).content.decode()
    assert 'Bjoern Kimminich <span class="muted" data-leader-role>(Chair)</span>' in html
    london = client.get(ChapterPage.objects.get(owasp_key="www-chapter-london").url).content.decode()
    assert "data-leader-role" not in london
    assert sync_owasp(snapshot.root).updated == 0
