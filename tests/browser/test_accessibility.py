"""axe-core on the main pages: no serious or critical violation."""

import datetime

import pytest

from cms.models import Sponsor
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_pages_have_no_serious_accessibility_violations(page, screenshot, axe, data_dir):
    site = factories.project_site(data_dir, limit=8, health_days=5)
    factories.show_only(factories.real_chapters(limit=8, coordinates={"www-chapter-london": (51.5, -0.12)}))
    factories.real_committees()
    factories.make_event("OWASP Global AppSec EU", datetime.date.today() + datetime.timedelta(days=20))
    Sponsor.objects.create(name="Example Security", sponsor_tier="gold", url="https://example.org/")
    factories.make_issue(site["extra"], title="Add a French translation", created_at=factories.at(2))
    member = site["github"]["top_contributor"]
    urls = {
        "home": "/",
        "chapters-list": "/chapters/",
        "committees": "/committees/",
        "events": "/events/",
        "contribute": "/contribute/",
        "sponsors": "/sponsors/",
        "about": "/about/",
        "member": f"/members/{member.login}/",
        "repository": "/repositories/PyGithub/PyGithub/",
        "organization": "/organizations/PyGithub/",
        "not-found": "/no-such-page/",
    }
    failures = {}
    for name, url in urls.items():
        page.goto(url)
        screenshot(page, f"a11y-{name}")
        violations = axe(page)
        if violations:
            failures[url] = violations
    assert failures == {}
    assert page.js_errors == []
