import datetime

import pytest
import yaml

from apps.github.services.leaders import match_leaders
from cms.models import EventPage
from tests import factories
from theme.links import page_url, page_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(data_dir):
    """The real events of owasp.org's events.yml (dated relative to today so some are upcoming)."""
    text = (data_dir / "owasp-site/_data/events.yml").read_text()
    categories = yaml.safe_load(text)
    today = datetime.date.today()
    factories.show_only([], model=EventPage)  # these tests date the events.yml ones themselves
    pages = []
    for offset, (category, event) in enumerate(
        (group["category"], event) for group in categories for event in group.get("events") or []
    ):
        start = today + datetime.timedelta(days=30 * (offset - 4))
        pages.append(
            factories.make_event(
                event["name"],
                start,
                category=category,
                dates_text=str(event.get("dates") or ""),
                website=event.get("url") or "",
                location="Lisbon, Portugal" if offset == 5 else "",
            )
        )
    return pages


def test_event_list_splits_upcoming_and_past_by_category(client, events):
    response = client.get("/events/")

    assert response.status_code == 200
    listing = response.context["listing"]
    today = datetime.date.today()
    assert [e.title for e in listing.upcoming] == [e.title for e in events if e.start_date >= today]
    assert {e.title for e in listing.past} == {e.title for e in events if e.start_date < today}
    html = response.content.decode()
    assert events[5].title in html
    assert "Subscribe (iCal)" in html

    category = events[0].category
    filtered = client.get("/events/", {"category": category}).context["listing"]
    assert all(e.category == category for e in [*filtered.upcoming, *filtered.past])


def test_ical_feed_lists_events_as_all_day_vevents(client, events):
    response = client.get("/events.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == len(events)
    lisbon = events[5]
    assert f"DTSTART;VALUE=DATE:{lisbon.start_date:%Y%m%d}" in body
    assert "LOCATION:Lisbon\\, Portugal" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_event_page_renders_with_sync_line(client, events):
    response = client.get(events[5].url)

    assert response.status_code == 200
    assert f"<h1>{events[5].title}</h1>" in response.content.decode()


def test_committees_list_and_detail_show_leaders_without_email(client, data_dir):
    committees = factories.real_committees()
    factories.add_leader(committees[0], "Jane Leader", email="jane@private.example", github_login="jane")
    factories.make_user("jane")  # a leader links to a member page only once that GitHub user is synced
    match_leaders()

    listing = client.get("/committees/")
    detail = client.get(committees[0].url)

    assert listing.status_code == detail.status_code == 200
    for committee in committees:
        assert committee.title in listing.content.decode()
    assert "Jane Leader" in detail.content.decode() and "/members/jane/" in detail.content.decode()
    assert "jane@private.example" not in listing.content.decode() + detail.content.decode()


def test_event_pages_run_a_bounded_number_of_queries(client, events, django_assert_max_num_queries):
    for n in range(30):
        factories.make_event(f"Extra {n}", datetime.date.today() + datetime.timedelta(days=n))
    with django_assert_max_num_queries(15):
        assert client.get("/events/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/events.ics").status_code == 200


def test_event_cards_start_with_what_is_known_never_with_a_separator(client):
    factories.show_only([], model=EventPage)
    factories.make_event("OWASP AppSec Days TBA", None, category="AppSec Days")
    factories.make_event("OWASP Lisbon Meetup", None, location="Lisbon, Portugal", category="Chapter")

    html = client.get("/events/").content.decode()

    assert '<p class="muted">AppSec Days</p>' in html
    assert '<p class="muted">Lisbon, Portugal · Chapter</p>' in html
    assert '<p class="muted"> · ' not in html and '<p class="muted">·' not in html


def feed_links(body: str) -> tuple[list[str], list[str]]:
    lines = body.replace("\r\n ", "").split("\r\n")  # unfolded
    urls = [line.removeprefix("URL:") for line in lines if line.startswith("URL:")]
    uids = [line.removeprefix("UID:") for line in lines if line.startswith("UID:")]
    return urls, uids


def test_ical_links_use_the_host_the_feed_was_requested_on(client, events, settings):
    settings.ALLOWED_HOSTS = ["nest.example.org"]

    response = client.get("/events.ics", HTTP_HOST="nest.example.org", secure=True)

    urls, uids = feed_links(response.content.decode())
    assert len(urls) == len(uids) == len(events)
    assert sorted(urls) == sorted(f"https://nest.example.org{event.url}" for event in events)
    assert all(uid.endswith("@nest.example.org") for uid in uids)
    assert "localhost" not in response.content.decode()


def test_ical_links_use_the_configured_site_url_when_set(client, events, settings):
    settings.NEST_SITE_URL = "https://nest.owasp.org/"

    response = client.get("/events.ics")

    urls, uids = feed_links(response.content.decode())
    assert sorted(urls) == sorted(f"https://nest.owasp.org{event.url}" for event in events)
    assert all(uid.endswith("@nest.owasp.org") for uid in uids)
    assert client.get(urls[0].removeprefix("https://nest.owasp.org")).status_code == 200


def test_ical_feed_writes_each_event_exactly_with_wagtails_url(client, events, settings):
    """The feed reads rows, not pages: each VEVENT is the exact block, and each URL the one Wagtail gives the
    page."""
    settings.NEST_SITE_URL = "https://nest.owasp.org"
    factories.show_only([], model=EventPage)
    event = factories.make_event(
        "OWASP Global AppSec; São Paulo, 2027",
        datetime.date.today() + datetime.timedelta(days=3),
        end_date=datetime.date.today() + datetime.timedelta(days=5),
        dates_text="Next week",
        pitch="Talks, trainings",
        website="https://owasp.org/appsec",
        location="São Paulo, Brazil",
    )
    plain = factories.make_event("OWASP Lisbon Meetup", datetime.date.today() + datetime.timedelta(days=9))

    body = client.get("/events.ics").content.decode()

    start, end = event.start_date, event.end_date + datetime.timedelta(days=1)
    url = f"https://nest.owasp.org{event.url}"
    expected = "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@nest.owasp.org",
            *[line for line in body.split("\r\n") if line.startswith("DTSTAMP:")][:1],
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            "SUMMARY:OWASP Global AppSec\\; São Paulo\\, 2027",
            f"URL:{url}",
            "LOCATION:São Paulo\\, Brazil",
            "CATEGORIES:Global",
            "DESCRIPTION:Next week Talks\\, trainings https://owasp.org/appsec",
            "END:VEVENT",
        ]
    )
    unfolded = body.replace("\r\n ", "")
    assert expected in unfolded
    assert f"URL:https://nest.owasp.org{plain.url}\r\n" in unfolded
    assert unfolded.index(expected) < unfolded.index(plain.url)  # soonest first


def test_page_urls_from_paths_are_wagtails_urls(rf, events):
    """``page_urls`` (rows) gives what ``page_url`` (pages, through Wagtail's ``get_url_parts``) gives; a path
    that needs percent-encoding goes through ``reverse`` as Wagtail's does."""
    request = rf.get("/events.ics")
    url_for = page_urls(request)

    assert [url_for(event.url_path) for event in events] == [page_url(request, event) for event in events]
    root = events[0].url_path.removesuffix(f"events/{events[0].slug}/")
    assert url_for(root + "events/café/") == "http://testserver/events/caf%C3%A9/"
    assert url_for("/elsewhere/page/") is None
