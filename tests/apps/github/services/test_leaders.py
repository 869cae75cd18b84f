import pytest

from apps.github.models import LeaderGitHubMatch, MatchMethod, UserType
from apps.github.services.leaders import (
    confirm_matches,
    match_leaders,
    normalize_login,
    page_leaders,
    pages_led_by,
    reject_matches,
    with_member_logins,
)
from tests.factories import add_leader, make_chapter, make_project, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_owasp_data")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bkimminich", "bkimminich"),
        ("  BKimminich ", "bkimminich"),
        ("@kingthorin", "kingthorin"),
        ("https://github.com/psiinon/", "psiinon"),
        ("github.com/owasp-nest-bot", "owasp-nest-bot"),
        ("not a login", ""),
        ("", ""),
    ],
)
def test_normalize_login(value, expected):
    assert normalize_login(value) == expected


def test_exact_login_is_matched_first_even_when_the_name_fits_another_user():
    page = make_project()
    by_login = make_user("bkimminich", name="Someone Else")
    make_user("bjoern", name="Björn Kimminich")
    leader = add_leader(page, "Björn Kimminich", github_login="BKimminich")

    report = match_leaders()

    match = LeaderGitHubMatch.objects.get(leader=leader)
    assert (match.user, match.method, match.reviewed) == (by_login, MatchMethod.LOGIN, False)
    assert report.matched == {"login": 1, "name": 0}
    assert report.created == 1


def test_name_is_matched_when_the_record_names_no_login():
    page = make_chapter()
    user = make_user("swiftbird", name="Grace  Hopper")
    leader = add_leader(page, "grace hopper")

    report = match_leaders()

    match = LeaderGitHubMatch.objects.get(leader=leader)
    assert (match.user, match.method) == (user, MatchMethod.NAME)
    assert report.matched == {"login": 0, "name": 1}


def test_a_login_nobody_has_falls_back_to_the_name():
    page = make_project()
    user = make_user("adalace", name="Ada Lovelace")
    leader = add_leader(page, "Ada Lovelace", github_login="ada-does-not-exist")

    match_leaders()

    assert LeaderGitHubMatch.objects.get(leader=leader).method == MatchMethod.NAME
    assert LeaderGitHubMatch.objects.get(leader=leader).user == user


def test_a_name_several_users_share_matches_nobody():
    page = make_project()
    make_user("jsmith1", name="John Smith")
    make_user("jsmith2", name="John Smith")
    add_leader(page, "John Smith")

    report = match_leaders()

    assert report.ambiguous == 1
    assert report.unmatched == 1
    assert not LeaderGitHubMatch.objects.exists()


def test_bots_and_organizations_are_never_leaders():
    page = make_project()
    make_user("owasp", name="OWASP", type=UserType.ORGANIZATION)
    make_user("dependabot[bot]", name="Dependabot", type=UserType.BOT)
    add_leader(page, "OWASP", github_login="owasp")
    add_leader(page, "Dependabot")

    report = match_leaders()

    assert report.unmatched == 2
    assert not LeaderGitHubMatch.objects.exists()


def test_rerun_is_unchanged_and_an_unreviewed_match_follows_the_data():
    page = make_project()
    named = make_user("lookalike", name="Alan Turing")
    leader = add_leader(page, "Alan Turing")
    match_leaders()
    assert match_leaders().unchanged == 1

    real = make_user("aturing", name="")
    leader.github_login = "aturing"
    leader.save()
    report = match_leaders()

    match = LeaderGitHubMatch.objects.get(leader=leader)
    assert (match.user, match.method, report.updated) == (real, MatchMethod.LOGIN, 1)
    assert match.user != named

    real.delete()  # cascades the match away; the name then matches again
    leader.github_login = ""
    leader.save()
    named.name = "A. Turing"
    named.save()
    report = match_leaders()
    assert report.unmatched == 1
    assert not LeaderGitHubMatch.objects.filter(leader=leader).exists()


def test_reviewed_and_rejected_matches_are_left_alone(admin_user):
    page = make_project()
    user = make_user("grace", name="Grace Hopper")
    confirmed = add_leader(page, "Grace Hopper")
    rejected = add_leader(page, "Grace Hopper", order=1)
    match_leaders()
    confirm_matches(LeaderGitHubMatch.objects.filter(leader=confirmed), by=admin_user)
    reject_matches(LeaderGitHubMatch.objects.filter(leader=rejected), by=admin_user)
    make_user("grace-real", name="")
    confirmed.github_login = "grace-real"
    confirmed.save()

    report = match_leaders()

    assert report.kept == 2
    kept = LeaderGitHubMatch.objects.get(leader=confirmed)
    assert (kept.user, kept.reviewed, kept.reviewed_by) == (user, True, admin_user)
    assert kept.reviewed_at is not None
    refused = LeaderGitHubMatch.objects.get(leader=rejected)
    assert (refused.user, refused.reviewed, refused.method) == (None, True, MatchMethod.MANUAL)


def test_trusted_matches_give_the_pages_a_user_leads(admin_user):
    project, chapter = make_project("Juice Shop"), make_chapter("London")
    user = make_user("bkimminich", name="Bjoern Kimminich")
    add_leader(project, "Bjoern Kimminich", github_login="bkimminich")  # login: trusted unreviewed
    by_name = add_leader(chapter, "Bjoern Kimminich")  # name: trusted once reviewed
    match_leaders()

    assert [leader.page.title for leader in pages_led_by(user)] == ["Juice Shop"]
    confirm_matches(LeaderGitHubMatch.objects.filter(leader=by_name), by=admin_user)
    assert [leader.page.title for leader in pages_led_by(user)] == ["Juice Shop", "London"]


def test_page_leaders_carry_the_login_of_their_trusted_github_user_only(admin_user):
    project = make_project("Juice Shop")
    user = make_user("BKimminich", name="Bjoern Kimminich")
    make_user("grace-h", name="Grace Hopper")
    add_leader(project, "Bjoern Kimminich", github_login="bkimminich", order=0)  # exact login: trusted
    by_name = add_leader(project, "Grace Hopper", order=1)  # a name match: trusted once reviewed
    add_leader(project, "Nobody Known", github_login="no-such-user", order=2)  # no GitHub user synced
    match_leaders()

    leaders = page_leaders(project.pk)

    assert [(leader.name, leader.member_login) for leader in leaders] == [
        ("Bjoern Kimminich", user.login),
        ("Grace Hopper", None),
        ("Nobody Known", None),
    ]
    assert "email" in leaders[0].get_deferred_fields()  # never loaded
    confirm_matches(LeaderGitHubMatch.objects.filter(leader=by_name), by=admin_user)
    assert [leader.member_login for leader in page_leaders(project.pk)] == [user.login, "grace-h", None]


def test_a_login_alone_is_not_a_lead_without_a_trusted_match(admin_user):
    project = make_project("ZAP")
    user = make_user("psiinon", name="Simon Bennetts")
    leader = add_leader(project, "Simon Bennetts", github_login="psiinon")

    assert list(pages_led_by(user)) == []  # the matcher has not run: no match yet
    match_leaders()
    assert [led.page.title for led in pages_led_by(user)] == ["ZAP"]
    reject_matches(LeaderGitHubMatch.objects.filter(leader=leader), by=admin_user)
    assert list(pages_led_by(user)) == []  # staff said this leader is not this user
    assert page_leaders(project.pk)[0].member_login is None


def test_leaders_loaded_elsewhere_get_their_member_login_in_one_query(django_assert_num_queries):
    from cms.selectors import public_leaders

    chapter = make_chapter("London")
    user = make_user("sam", name="Sam Stepanyan")
    add_leader(chapter, "Sam Stepanyan", github_login="SAM", order=0)
    add_leader(chapter, "Someone Else", github_login="someone-unsynced", order=1)
    match_leaders()
    leaders = list(public_leaders().filter(page_id=chapter.pk))

    with django_assert_num_queries(1):
        linked = with_member_logins(leaders)
    with django_assert_num_queries(0):
        assert with_member_logins(linked) == linked

    assert [leader.member_login for leader in linked] == [user.login, None]
