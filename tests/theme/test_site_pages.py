import pytest
import yaml

from cms.models import Sponsor
from tests import factories

pytestmark = pytest.mark.django_db

TIERS = {1: "diamond", 2: "platinum", 3: "gold", 4: "silver", 5: "supporter"}
MEMBERS = {2: "platinum", 3: "gold", 4: "silver"}


@pytest.fixture
def sponsors(data_dir):
    """Sponsors from corp_members.yml (TABs after values make it non-strict YAML; they are stripped here)."""
    text = (data_dir / "owasp-site/_data/corp_members.yml").read_text().replace("\t", " ")
    rows = []
    for record in yaml.safe_load(text):
        level = record.get("sponsor", record.get("sponosr", -1))
        rows.append(
            Sponsor.objects.create(
                name=record["name"],
                sortname=record.get("sortname") or record["name"],
                sponsor_tier=TIERS.get(int(level), "none"),
                member_tier=MEMBERS.get(int(record.get("membertype") or 4), "silver"),
                url=record.get("url") or "",
                description=record.get("description") or "",
            )
        )
    return rows


def test_sponsors_page_groups_real_sponsors_by_tier(client, sponsors):
    response = client.get("/sponsors/")

    assert response.status_code == 200
    html = response.content.decode()
    tiers = response.context["tiers"]
    assert [tier["label"] for tier in tiers] == sorted(
        [tier["label"] for tier in tiers], key=["Diamond", "Platinum", "Gold", "Silver", "Supporter"].index
    )
    for sponsor in sponsors:
        if sponsor.sponsor_tier != "none":
            assert sponsor.name.replace("&", "&amp;") in html
    assert "Corporate members" in html


def test_about_page_shows_what_nest_holds_and_sync_times(client, data_dir):
    factories.real_committees()

    response = client.get("/about/")

    assert response.status_code == 200
    committees = next(row for row in response.context["sources"] if row["label"] == "Committees")
    assert committees["count"] == 4
    assert committees["synced_at"] is not None


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /cms/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_lists_pages_and_site_views(client, data_dir):
    committees = factories.real_committees()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    # Wagtail pages get their Site's host; the site's own views the request's.
    assert f"<loc>{committees[0].full_url}</loc>" in xml
    assert f"<loc>{committees[0].get_parent().full_url}</loc>" in xml
    assert "<loc>http://testserver/contribute/</loc>" in xml


def test_pages_carry_opengraph_tags(client, data_dir):
    committee = factories.real_committees()[0]

    html = client.get(committee.url).content.decode()

    assert f'<meta property="og:title" content="{committee.title}">' in html
    assert f'<meta property="og:url" content="http://testserver{committee.url}">' in html
    assert '<meta property="og:image" content="http://testserver/static/img/og-image.png">' in html


def test_language_switch_sets_a_cookie_and_serves_french(client):
    response = client.get("/lang/fr/", {"next": "/about/"})
    assert response.status_code == 302 and response["Location"] == "/about/"

    assert client.get("/lang/fr/", {"next": "https://evil.example/"})["Location"] == "/"
    html = client.get("/about/").content.decode()
    assert '<html lang="fr"' in html
    assert "À propos de Nest" in html


def test_server_error_page_is_friendly(client, settings):
    from theme.views.site import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_corporate_members_are_tidy_cards_with_name_and_tier_apart(client, sponsors):
    import re

    html = client.get("/sponsors/").content.decode()
    member = next(s for s in sponsors if s.sponsor_tier == "none" and s.member_tier != "none")

    cards = re.findall(r"<li class=\"card\" data-member>(.*?)</li>", html, re.S)
    assert cards
    card = next(card for card in cards if member.name.replace("&", "&amp;") in card)
    assert f"{member.get_member_tier_display()} member" in card
    assert "·" not in card  # name and tier on their own lines, not glued by a separator


def test_the_sponsors_page_reads_its_sponsors_at_once(client, sponsors, django_assert_max_num_queries):
    """The sponsors' columns the page shows, in one query (a deferred column read by the template would cost a
    query per sponsor: 84 on the real data), plus the frame's few."""
    assert len(sponsors) > 50
    with django_assert_max_num_queries(4):
        assert client.get("/sponsors/").status_code == 200
