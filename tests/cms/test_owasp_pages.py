"""OWASP page models on their own (no sync): tree rules, provenance helpers, selectors, admin and rendering."""

import datetime

import pytest
from wagtail.models import Page

from cms import provenance, selectors
from cms.models import (
    ChapterIndexPage,
    ChapterPage,
    CommitteeIndexPage,
    EventIndexPage,
    EventPage,
    HomePage,
    Leader,
    OwaspPage,
    ProjectIndexPage,
    ProjectLink,
    ProjectPage,
    Sponsor,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


def add_project(**fields) -> ProjectPage:
    index = ProjectIndexPage.objects.get()
    page = ProjectPage(title=fields.pop("title", "OWASP Example"), slug=fields.pop("slug", "example"), **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return ProjectPage.objects.get(pk=page.pk)


def test_the_four_index_pages_exist_under_the_home_page():
    home = HomePage.objects.get()

    for model, url in [
        (ProjectIndexPage, "/projects/"),
        (ChapterIndexPage, "/chapters/"),
        (CommitteeIndexPage, "/committees/"),
        (EventIndexPage, "/events/"),
    ]:
        index = model.objects.get()
        assert index.get_parent().pk == home.pk
        assert index.url == url
        assert index.live
    assert Page.find_problems() == ([], [], [], [], [])


def test_tree_rules():
    assert ProjectPage.can_create_at(ProjectIndexPage.objects.get())
    assert not ProjectPage.can_create_at(ChapterIndexPage.objects.get())
    assert not ProjectPage.can_create_at(HomePage.objects.get())
    assert ChapterPage.can_create_at(ChapterIndexPage.objects.get())
    assert EventPage.can_create_at(EventIndexPage.objects.get())
    assert not OwaspPage.is_creatable
    assert not ProjectIndexPage.can_create_at(HomePage.objects.get())  # one of each (max_count)
    assert ProjectPage.allowed_subpage_models() == []


def test_normalised_values_compare_like_synced_values():
    page = add_project(tags=["a", "b"], created_on=datetime.date(2020, 1, 2), level="lab")
    page.leaders = [Leader(name="Ada", email="ada@example.org", github_login="ada")]
    page.links = [ProjectLink(url="https://github.com/owasp/x", title="x", kind="repository")]

    assert provenance.current_value(page, "tags") == ["a", "b"]
    assert provenance.current_value(page, "created_on") == "2020-01-02"
    assert provenance.current_value(page, "leaders") == [["Ada", "ada@example.org", "ada", ""]]
    assert provenance.current_value(page, "links") == [["https://github.com/owasp/x", "x", "repository", ""]]

    provenance.assign_value(page, "created_on", "2021-03-04")
    provenance.assign_value(page, "leaders", [["Bob", "", ""], ["Ada", "ada@example.org", "ada"]])
    assert page.created_on == datetime.date(2021, 3, 4)
    assert [(leader.name, leader.sort_order) for leader in page.leaders.all()] == [("Bob", 0), ("Ada", 1)]


def test_leader_rows_keep_their_ids_when_the_list_is_reordered():
    page = add_project()
    page.leaders = [Leader(name="Ada", email="ada@example.org"), Leader(name="Bob")]
    page.save_revision().publish()
    page = ProjectPage.objects.get(pk=page.pk)
    ids = {leader.name: leader.pk for leader in page.leaders.all()}

    provenance.assign_value(page, "leaders", [["Bob", "", ""], ["Ada", "ada@example.org", ""]])
    page.save_revision().publish()

    page = ProjectPage.objects.get(pk=page.pk)
    assert [(leader.name, leader.pk) for leader in page.leaders.all()] == [("Bob", ids["Bob"]), ("Ada", ids["Ada"])]


def test_field_states_of_a_synced_page():
    page = add_project(owasp_key="www-project-example", pitch="Edited", level="lab")
    page.synced_values = {"pitch": "Upstream", "level": "lab"}

    states = {state.name: state.state for state in provenance.field_states(page)}

    assert states["pitch"] == provenance.OVERRIDDEN
    assert states["level"] == provenance.SYNCED
    assert states["title"] == provenance.NOT_SYNCED
    assert provenance.overridden_field_names(page) == ["pitch"]
    assert provenance.hand_back(page, ["pitch", "not_a_field"]) == ["pitch"]
    assert page.pitch == "Upstream"


def test_selectors_show_live_active_pages_without_leader_emails():
    add_project(slug="active", title="OWASP Active")
    add_project(slug="inactive", title="OWASP Inactive", is_active=False)
    draft = ProjectPage(title="OWASP Draft", slug="draft", live=False)
    ProjectIndexPage.objects.get().add_child(instance=draft)

    assert [page.title for page in selectors.public_projects()] == ["OWASP Active"]
    assert sorted(page.title for page in selectors.public_projects(include_inactive=True)) == [
        "OWASP Active",
        "OWASP Inactive",
    ]
    assert "email" not in selectors.LEADER_PUBLIC_FIELDS
    assert list(selectors.public_chapters()) == list(selectors.public_committees()) == list(selectors.public_events())


def test_pages_render_with_their_facts_and_no_leader_email(client):
    page = add_project(
        slug="example", title="OWASP Example", level="flagship", pitch="A pitch.", description="<p>Body text</p>"
    )
    page.leaders = [Leader(name="Ada Lovelace", email="ada@example.org", github_login="ada")]
    page.save_revision().publish()
    chapter = ChapterPage(title="OWASP Somewhere", slug="somewhere", country="Belgium", meetup_group="OWASP-Somewhere")
    ChapterIndexPage.objects.get().add_child(instance=chapter)
    event = EventPage(title="OWASP Day", slug="day", category="AppSec Days", start_date=datetime.date(2026, 9, 23))
    EventIndexPage.objects.get().add_child(instance=event)

    for url, text in [
        ("/projects/example/", "Ada Lovelace"),
        ("/projects/", "OWASP Example"),
        ("/chapters/somewhere/", "OWASP-Somewhere"),
        ("/events/day/", "AppSec Days"),
        ("/events/", "OWASP Day"),
        ("/committees/", "Committees"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
        assert "ada@example.org" not in response.content.decode(), url


def test_editors_can_add_and_edit_pages_and_sponsors_in_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.org", "pw"))
    page = add_project()
    index = ProjectIndexPage.objects.get()
    sponsor = Sponsor.objects.create(name="Example Corp", sponsor_tier="gold")

    assert client.get(f"/cms/pages/add/cms/projectpage/{index.pk}/").status_code == 200
    edit = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    assert "Made by an editor; not synced from OWASP data." in edit
    assert client.get("/cms/snippets/cms/sponsor/").status_code == 200
    assert client.get(f"/cms/snippets/cms/sponsor/edit/{sponsor.pk}/").status_code == 200
