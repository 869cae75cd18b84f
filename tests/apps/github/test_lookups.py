import pytest

from apps.github.models import Organization, Repository, User
from apps.github.names import is_login, is_repository_name
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("jacquev6", True),
        ("dependabot[bot]", True),
        ("a", True),
        ("x" * 39, True),
        ("x" * 40, False),
        ("-leading", False),
        ("has space", False),
        ("nul\x00byte", False),
        ("", False),
        (None, False),
    ],
)
def test_is_login(value, expected):
    assert is_login(value) is expected


def test_is_repository_name():
    assert is_repository_name("juice-shop") and is_repository_name("www-project-zap.github.io")
    assert not is_repository_name("a/b") and not is_repository_name("x\x00") and not is_repository_name("y" * 101)


def test_lookups_are_case_insensitive_and_refuse_impossible_names(data_dir):
    recorded = factories.recorded_github(data_dir)

    assert User.objects.with_login("JACQUEV6").get() == recorded["top_contributor"]
    assert Organization.objects.with_login("pygithub").get() == recorded["organization"]
    assert Repository.objects.named("pygithub", "PYGITHUB").get() == recorded["repository"]
    # Refused before any query: a NUL byte would otherwise be a database error.
    for login in ("\x00", "x" * 5000, "jacquev6\x00"):
        assert list(User.objects.with_login(login)) == []
        assert list(Organization.objects.with_login(login)) == []
        assert list(Repository.objects.named(login, "PyGithub")) == []
        assert list(Repository.objects.named("PyGithub", login)) == []


def test_people_leave_out_bots_and_organizations():
    person = factories.make_user("ada")
    factories.make_user("dependabot[bot]")
    factories.make_user("renovate", type="Bot")
    factories.make_user("OWASP", type="Organization")

    assert list(User.objects.people()) == [person]
