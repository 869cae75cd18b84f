"""What an answer costs the database: a fixed number of queries per page, whatever the data holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.slack.handlers.commands import answer
from apps.slack.handlers.home import home_view

pytestmark = pytest.mark.django_db


def queries(function, *args, **kwargs) -> int:
    function(*args, **kwargs)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        function(*args, **kwargs)
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("name", "text", "page", "expected"),
    [
        ("projects", "", 0, 2),
        ("projects", "", 3, 2),
        ("projects", "level:flagship", 1, 2),
        ("chapters", "", 0, 2),
        ("committees", "", 0, 3),
        ("leaders", "Kimminich", 0, 2),
        ("sponsors", "", 0, 2),
        ("events", "", 0, 3),
        ("board", "", 0, 1),
    ],
)
def test_a_command_page_costs_a_fixed_number_of_queries(name, text, page, expected, capsys):
    count = queries(answer, name, text, page=page)

    with capsys.disabled():
        print(f"\n/{name} {text} page {page}: {count} queries")
    assert count == expected  # the count, then one query for the page's rows (and their leaders)


def test_the_app_home_costs_a_fixed_number_of_queries(capsys):
    first = queries(home_view)
    later = queries(home_view, {"projects": 5, "chapters": 9, "committees": 0, "contribute": ""})

    with capsys.disabled():
        print(f"\napp home: {first} queries, at later pages {later}")
    assert first == later
    assert first == 8
