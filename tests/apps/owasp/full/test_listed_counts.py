"""One definition of a listed project, seen alike on the home page, the projects list and the about page."""

import json

import pytest

from cms.models import ProjectPage

pytestmark = pytest.mark.django_db


def test_home_projects_list_and_about_count_the_same_listed_projects(full_import, client, data_dir):
    upstream = json.loads((data_dir / "owasp-site/_data/projects.json").read_text())
    inactive = ProjectPage.objects.published().filter(is_active=False)
    assert inactive.filter(owasp_key="www-project-java-encoder").exists()  # level 0 in projects.json
    listed = ProjectPage.objects.listed().count()
    assert listed + inactive.count() == len(upstream)

    home = client.get("/").context["summary"]["counts"]["projects"]
    projects = client.get("/projects/")
    about = client.get("/about/")

    row = next(row for row in about.context["sources"] if row["label"] == "Projects")
    assert home == projects.context["listing"].total == row["count"] == listed
    assert row["inactive"] == inactive.count()
    assert client.get("/projects/", {"active": "all"}).context["listing"].total == len(upstream)
    for response in (projects, about):
        assert "data-listed-note" in response.content.decode()
