"""Closing references ("Fixes #12") are read from a pull request's body, as GitHub reads them."""

import pytest

from apps.github.sync.references import closing_numbers


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Fixes #12", [12]),
        ("closes: #3, and RESOLVED #4", [3, 4]),
        ("close #1 closed #2 fix #5 fixed #6 resolve #7 resolves #8", [1, 2, 5, 6, 7, 8]),
        ("Resolves OWASP/Nest#14 and fixes owasp/nest#15", [14, 15]),
        ("Closes https://github.com/OWASP/Nest/issues/18", [18]),
        ("(fixes #22).", [22]),
        ("fixes #9\nFIXES #9", [9]),
    ],
)
def test_closing_keywords_name_issues_of_the_same_repository(body, expected):
    assert closing_numbers(body, "OWASP/Nest") == expected


@pytest.mark.parametrize(
    "body",
    [
        "refs #12",  # not a closing keyword
        "see #12, addresses #13",
        "prefix #12",  # a keyword inside another word
        "fixes #12abc",
        "fixes other/repo#12",  # another repository
        "fixes https://github.com/other/repo/issues/12",
        "fixes #0",
        "fixes #99999999999",  # no issue number is that large
        "fixes 12",
        "",
    ],
)
def test_other_mentions_close_nothing(body):
    assert closing_numbers(body, "OWASP/Nest") == []


def test_no_body_closes_nothing():
    assert closing_numbers(None, "OWASP/Nest") == []
