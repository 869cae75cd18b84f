import pytest
from wagtail.models import Site

from cms.models import HomePage


@pytest.mark.django_db
def test_home_page_is_the_site_root():
    site = Site.objects.get(is_default_site=True)

    assert isinstance(site.root_page.specific, HomePage)


@pytest.mark.django_db
def test_home_page_renders(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b"<h1>OWASP Nest</h1>" in response.content
    assert b"/static/css/site.css" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
def test_admin_logins_render(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert b'name="password"' in response.content


@pytest.mark.django_db
def test_unknown_page_gets_the_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_graphql_endpoint_answers(client):
    response = client.post("/graphql/", {"query": "{ siteName }"}, content_type="application/json")

    assert response.status_code == 200
    assert response.json() == {"data": {"siteName": "OWASP Nest"}}
