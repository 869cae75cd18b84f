import pytest
from django.utils import translation

from apps.github.filters import OfferedIssueFilter
from apps.github.services.offered_issues import encode_cursor, offered_page
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):  # the messages name the parameters by their English labels
        yield


@pytest.fixture
def issues():
    python = factories.make_repository("py-tool", language="Python")
    go = factories.make_repository("go-tool", language="Go")
    return {
        "python": factories.make_issue(python, created_at=factories.at(2)),
        "go": factories.make_issue(go, created_at=factories.at(1)),
    }


def shown(params) -> list[int]:
    listing = OfferedIssueFilter(params)
    return [issue.pk for issue in offered_page(listing.offered(), page_size=25).issues]


def test_valid_parameters_filter_both_halves_and_are_given_back(issues):
    listing = OfferedIssueFilter({"language": " Python "})

    assert [issue.pk for issue in offered_page(listing.offered(), page_size=25).issues] == [issues["python"].pk]
    assert listing.values == {"language": "Python", "project": "", "label": ""}
    assert listing.problems() == []


def test_the_cursor_starts_after_the_row_it_names(issues):
    newest = issues["go"]

    assert shown({"before": encode_cursor(newest.created_at, newest.pk)}) == [issues["python"].pk]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"language": "Py\x00thon"}, "Language"),
        ({"label": "x" * 5000}, "Label"),
        ({"project": "juice\x00shop"}, "Project"),
        ({"before": "garbage"}, "Older issues"),
        ({"before": "2024-01-01T00:00:00_12"}, "Older issues"),  # no time zone
        ({"before": "2024-01-01T00:00:00+00:00_99999999999999999999999"}, "Older issues"),
        ({"before": "\x00"}, "Older issues"),
    ],
)
def test_a_bad_parameter_is_reported_and_left_out(issues, params, parameter):
    listing = OfferedIssueFilter({**params, "language": params.get("language", "Go")})

    rows = offered_page(listing.offered(), page_size=25).issues

    problems = listing.problems()
    assert len(problems) == 1 and problems[0].startswith(f"{parameter}:")
    if parameter == "Language":
        assert {issue.pk for issue in rows} == {issues["python"].pk, issues["go"].pk}
        assert listing.values["language"] == ""
    else:
        assert [issue.pk for issue in rows] == [issues["go"].pk]  # the valid language still applies
