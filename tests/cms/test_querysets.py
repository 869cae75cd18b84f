"""The page querysets' definitions: published, listed, and leaders without their e-mail."""

import pytest
from wagtail.models import PageViewRestriction

from cms.models import ChapterPage, EventPage, Leader, OwaspPage, ProjectIndexPage, ProjectPage
from cms.restrictions import restricted_paths
from tests import factories

pytestmark = pytest.mark.django_db


def test_listed_projects_are_live_public_and_active_with_no_query_of_their_own(
    data_dir, django_assert_num_queries, settings
):
    settings.NEST_FRAGMENT_CACHE = True  # the restricted paths come from the cache
    shown, inactive, private = factories.real_projects(limit=3)
    factories.keep_only([shown, inactive, private])
    ProjectPage.objects.filter(pk=inactive.pk).update(is_active=False)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = ProjectPage(title="OWASP Draft", slug="draft", live=False)
    ProjectIndexPage.objects.get().add_child(instance=draft)
    restricted_paths()  # warm

    with django_assert_num_queries(1):
        listed = list(ProjectPage.objects.listed())
    published = set(ProjectPage.objects.published().values_list("pk", flat=True))

    assert [page.pk for page in listed] == [shown.pk]
    assert published == {shown.pk, inactive.pk}
    newest = max(shown.last_synced_at, inactive.last_synced_at)
    assert ProjectPage.objects.listing_figures() == {"listed": 1, "inactive": 1, "synced": newest}
    kinds = [ProjectPage, ChapterPage, EventPage]
    with django_assert_num_queries(1):
        by_kind = OwaspPage.objects.listing_figures_by_kind(kinds)
    assert by_kind == {model: model.objects.listing_figures() for model in kinds}
    assert by_kind[ProjectPage] == {"listed": 1, "inactive": 1, "synced": newest}


def test_a_restricted_section_hides_its_pages_as_wagtail_does(data_dir):
    open_project, restricted = factories.real_projects(limit=2)
    factories.keep_only([open_project, restricted])
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    everything = ProjectPage.objects.all()

    ours = set(ProjectPage.objects.public().values_list("pk", flat=True))
    wagtails = set(everything.exclude(everything.private_q()).values_list("pk", flat=True))

    assert ours == wagtails == {open_project.pk}
    PageViewRestriction.objects.create(page=ProjectIndexPage.objects.get(), restriction_type="login")
    assert not ProjectPage.objects.public().exists()


def test_the_cached_restrictions_follow_restrictions_being_set_and_lifted(data_dir, settings):
    settings.NEST_FRAGMENT_CACHE = True
    open_project, restricted = factories.real_projects(limit=2)
    factories.keep_only([open_project, restricted])
    assert set(ProjectPage.objects.public().values_list("pk", flat=True)) == {open_project.pk, restricted.pk}

    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    assert set(ProjectPage.objects.public().values_list("pk", flat=True)) == {open_project.pk}

    restriction.delete()
    assert set(ProjectPage.objects.public().values_list("pk", flat=True)) == {open_project.pk, restricted.pk}


def test_public_leaders_never_load_the_email_column(data_dir):
    project = factories.real_projects(limit=1)[0]
    factories.keep_only([project])
    Leader.objects.all().delete()  # the synced chapters' and committees' leaders
    factories.add_leader(project, "Ada Lovelace", email="ada@private.example", github_login="ada")

    leader = Leader.objects.public().get()

    assert "email" in leader.get_deferred_fields()
    assert [page.leaders.all()[0].name for page in ProjectPage.objects.listed().with_public_leaders()] == [
        "Ada Lovelace"
    ]


def test_the_newest_sync_ignores_pages_never_synced():
    projects = factories.real_projects(limit=3)
    newest = max(project.last_synced_at for project in projects)
    editor_made = factories.make_project("Editor-made project", last_synced_at=None)  # never synced
    assert ProjectPage.objects.listed().filter(pk=editor_made.pk).exists()

    assert ProjectPage.objects.listed().newest_sync() >= newest
