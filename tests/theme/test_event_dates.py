"""The real events as the sync reads them: those whose dates OWASP has not announced (the www-revent-* sites
carry none) are neither upcoming nor past."""

import datetime

import pytest

from apps.owasp.sync.owasp import sync_owasp
from cms.models import EventPage

pytestmark = pytest.mark.django_db


def test_events_without_a_date_have_their_own_group_and_past_events_are_strictly_dated(client, data_dir):
    sync_owasp(data_dir, only=["events"])
    events = EventPage.objects.listed()
    undated = {event.title for event in events.filter(start_date__isnull=True)}
    assert undated, "the real data has events whose dates are to be announced"
    today = datetime.date.today()

    response = client.get("/events/")

    listing = response.context["listing"]
    assert {event.title for event in listing.undated} == undated
    assert [event.title for event in listing.undated] == sorted(undated, key=str.lower)
    past = list(listing.past)
    assert past and all(event.start_date is not None and event.start_date < today for event in past)
    assert [event.start_date for event in past] == sorted((event.start_date for event in past), reverse=True)
    assert all(event.start_date >= today for event in listing.upcoming)
    html = response.content.decode()
    upcoming_at, undated_at, past_at = (html.index(f'id="{name}-heading"') for name in ("upcoming", "undated", "past"))
    assert upcoming_at < undated_at < past_at
    first_undated = next(iter(listing.undated)).title
    assert undated_at < html.index(first_undated) < past_at
