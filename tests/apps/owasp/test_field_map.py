"""The synced fields are declared once per model (``synced_map``): every upstream attribute reaches its field,
and an attribute no field takes stops the sync instead of being dropped."""

import dataclasses
import datetime

import pytest
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from wagtail.fields import RichTextField

from apps.owasp.sources.base import LocalSnapshotSource
from apps.owasp.sources.common import Upstream
from apps.owasp.sources.records import LeaderRecord, LinkRecord, ProjectRecord, ReadResult
from apps.owasp.sync import chapters, committees, events, owasp, projects, sponsors, staff
from apps.owasp.sync.context import SyncContext
from apps.owasp.sync.field_map import BOOKKEEPING, check_field_map, upstream_values
from apps.owasp.sync.report import SyncReport
from apps.owasp.sync.users import get_sync_user
from cms import provenance
from cms.field_map import SyncedField
from cms.models import ChapterPage, CommitteePage, EventPage, ProjectPage, Sponsor, StaffMember

pytestmark = pytest.mark.django_db

ROWS = {"leaders": LeaderRecord(name="A. Leader", github_login="aleader"), "links": LinkRecord(url="https://x.org/")}

# (sync module, model, the real record it starts from)
ENTITIES = [
    (projects, ProjectPage, "www-project-juice-shop"),
    (chapters, ChapterPage, "www-chapter-london"),
    (committees, CommitteePage, "www-committee-project"),
    (events, EventPage, None),
    (sponsors, Sponsor, None),
    (staff, StaffMember, "staff-andrew-van-der-stock"),
]


def filled_value(model, entry: SyncedField):
    """A valid, non-empty value for a mapped field the real record leaves empty."""
    if entry.is_relation:
        return [ROWS[entry.field]]
    field = model._meta.get_field(entry.field)
    if field.choices:
        return field.choices[-1][0] or field.choices[0][0]
    if isinstance(field, models.URLField):
        return f"https://example.org/{entry.field}"
    if isinstance(field, models.DateField):
        return datetime.date(2024, 5, 6)
    if isinstance(field, models.FloatField):
        return 12.5
    if isinstance(field, ArrayField):
        return [f"{entry.field} value"]
    if isinstance(field, RichTextField):
        return "<p>A description the test sets.</p>"
    return f"{entry.field} set by the test"


def full_record(module, model, key, upstream):
    """A real record of the data pack with every attribute the model's map reads set."""
    records = module.read(upstream).records
    record = next(r for r in records if r.key == key) if key else records[0]
    missing = {
        entry.source: filled_value(model, entry)
        for entry in model.synced_map
        if getattr(record, entry.source) in (None, "", [])
    }
    return dataclasses.replace(record, **missing)


@pytest.mark.parametrize(("module", "model", "key"), ENTITIES, ids=[e[1].__name__ for e in ENTITIES])
def test_every_mapped_upstream_attribute_reaches_the_saved_record(snapshot, data_dir, module, model, key):
    snapshot.site_file("corp_members.yml")
    snapshot.site_file("events.yml")
    snapshot.site_file("staff.yml")
    upstream = Upstream(LocalSnapshotSource(snapshot.root))
    record = full_record(module, model, key, upstream)
    expected = upstream_values(record, model)
    assert set(expected) == set(model.synced_fields)
    assert all(value not in provenance.EMPTY for value in expected.values()), expected

    context = SyncContext(user=get_sync_user(), report=SyncReport(), now=timezone.now())
    getattr(module, f"sync_{module.ENTITY}")(upstream, context, ReadResult(records=[record], listed_keys={record.key}))

    assert context.report.skipped == []
    saved = model.objects.get(owasp_key=record.key)
    for name, value in expected.items():
        assert provenance.same(saved, name, provenance.current_value(saved, name), value), name
    assert saved.overridden_fields == []
    assert set(saved.synced_values) >= set(model.synced_fields)


@dataclasses.dataclass(kw_only=True)
class ProjectRecordWithBudget(ProjectRecord):
    budget: str = ""  # an upstream attribute no field of ProjectPage takes


def test_a_record_attribute_no_field_takes_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match=r"attributes \['budget'\] feed no field of ProjectPage"):
        check_field_map(ProjectRecordWithBudget, ProjectPage)


def test_the_sync_refuses_such_a_record_before_writing_anything(snapshot, monkeypatch):
    real = projects.read

    def read_with_budget(upstream):
        result = real(upstream)
        result.records = [ProjectRecordWithBudget(**vars(record), budget="1M") for record in result.records]
        return result

    monkeypatch.setitem(owasp.ENTITIES, projects.ENTITY, (read_with_budget, projects.sync_projects))

    with pytest.raises(ImproperlyConfigured, match="budget"):
        owasp.sync_owasp(snapshot.root, only=["projects"])
    assert not ProjectPage.objects.exists()


def test_a_mapped_attribute_the_record_lacks_fails_loudly(monkeypatch):
    monkeypatch.setattr(ProjectPage, "synced_map", (*ProjectPage.synced_map, SyncedField("level", upstream="tier")))
    check_field_map.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match=r"reads \['tier'\], which ProjectRecord lacks"):
            check_field_map(ProjectRecord, ProjectPage)
    finally:
        monkeypatch.undo()
        check_field_map.cache_clear()


def test_each_records_data_attributes_are_exactly_its_models_map():
    for record_type, model in [(ProjectRecord, ProjectPage), (chapters.ChapterRecord, ChapterPage)]:
        attributes = {item.name for item in dataclasses.fields(record_type)} - BOOKKEEPING
        assert attributes == {entry.source for entry in model.synced_map}
    assert ProjectPage.synced_relations == {
        "leaders": ("name", "email", "github_login", "role"),
        "links": ("url", "title", "kind", "section"),
    }
