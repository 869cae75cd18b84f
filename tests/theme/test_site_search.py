"""The site's one search box: in the header of every page, suggesting results of every type, submitting to the
results page, holding the projects list's query."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(data_dir):
    projects = factories.real_projects(limit=10, keys=("www-project-juice-shop",))
    chapters = factories.real_chapters(limit=1, coordinates={"www-chapter-london": (51.5, -0.12)})
    return {"projects": projects, "chapters": chapters}


def search_inputs(html: str) -> list[str]:
    return re.findall(r'<input[^>]*type="search"[^>]*>', html)


def test_every_page_has_the_one_search_box_in_its_header(client, site):
    for url in ("/", "/projects/", "/chapters/", "/about/", site["chapters"][-1].url, site["projects"][0].url):
        html = client.get(url).content.decode()
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        boxes = search_inputs(header)
        assert len(boxes) == 1, url
        assert 'role="combobox"' in boxes[0] and 'aria-controls="site-search-options"' in boxes[0], url
        assert 'data-endpoint="/search/suggestions/"' in boxes[0], url
        assert 'action="/search/"' in header, url
        assert '<ul id="site-search-options" role="listbox"' in header, url
    home = client.get("/").content.decode()
    assert len(search_inputs(home)) == 1  # no second box in the hero


def test_the_projects_list_shows_its_words_in_the_header_box_and_has_no_second_box(client, site):
    response = client.get("/projects/", {"q": "juice", "level": "flagship"})

    html = response.content.decode()
    boxes = search_inputs(html)
    assert len(boxes) == 1
    assert 'value="juice"' in boxes[0]
    assert ">Words<" not in html
    assert '<input type="hidden" name="q" value="juice" data-search-query>' in html  # the filters keep the words
    assert "OWASP Juice Shop" in html


def test_suggestions_are_listbox_options(client, site):
    html = client.get("/search/suggestions/", {"q": "juice"}).content.decode()

    options = re.findall(r'<a role="option" id="site-search-option-\d+" aria-selected="false"[^>]*>', html)
    assert options
    assert "OWASP Juice Shop" in html
