"""The index's own writes are a data change (kind "search_document", the documents' ids), announced after
commit through ``apps.core.changes`` as sync announces its own, so that what caches search results can drop
them whichever process indexed."""

import pytest

from apps.core.signals import data_changed
from apps.search.models import DocumentType, SearchDocument
from apps.search.services import indexing
from cms.models import ProjectPage
from theme.cache_groups import SEARCH, SEARCH_DOCUMENTS, changed_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The ids of every ``search_document`` change announced during the test, one set per signal."""
    received: list[set[int]] = []

    def listener(sender, kind, ids, **kwargs):
        if kind == indexing.CHANGE_KIND:
            received.append(set(ids))

    data_changed.connect(listener, dispatch_uid="test_search_announced")
    yield received
    data_changed.disconnect(dispatch_uid="test_search_announced")


def test_the_kind_is_the_one_the_site_cache_follows():
    assert indexing.CHANGE_KIND == SEARCH_DOCUMENTS
    assert changed_groups(SEARCH_DOCUMENTS, [1]) == [SEARCH]


def test_publishing_and_unpublishing_a_page_announce_its_document(
    synced_owasp, announced, django_capture_on_commit_callbacks
):
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")
    document = SearchDocument.objects.get(type=DocumentType.PROJECT, object_id=juice.pk)

    with django_capture_on_commit_callbacks(execute=True):
        juice.title = "OWASP Juice Shop Renamed"
        juice.save_revision().publish()
    assert announced == [{document.pk}]
    assert SearchDocument.objects.get(pk=document.pk).title == "OWASP Juice Shop Renamed"

    with django_capture_on_commit_callbacks(execute=True):
        juice.unpublish()
    assert announced == [{document.pk}, {document.pk}]  # the deleted document's id
    assert not SearchDocument.objects.filter(pk=document.pk).exists()


def test_nothing_is_announced_before_the_index_write_commits(
    synced_owasp, announced, django_capture_on_commit_callbacks
):
    juice = ProjectPage.objects.get(owasp_key="www-project-juice-shop")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        indexing.index(DocumentType.PROJECT, [juice.pk])
    assert announced == []  # not committed yet

    for callback in callbacks:
        callback()
    assert announced == [set(SearchDocument.objects.filter(object_id=juice.pk).values_list("pk", flat=True))]


def test_a_reindex_is_announced_once_with_every_document(synced_owasp, announced, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexing.reindex([DocumentType.COMMITTEE, DocumentType.EVENT])

    expected = set(
        SearchDocument.objects.filter(type__in=[DocumentType.COMMITTEE, DocumentType.EVENT]).values_list(
            "pk", flat=True
        )
    )
    assert len(expected) > 10
    assert announced == [expected]
