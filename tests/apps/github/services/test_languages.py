from apps.github.services.languages import language_shares, summed_languages


def test_shares_are_percentages_largest_first_without_the_noise():
    shares = language_shares({"Shell": 2_400, "Python": 1_500_000, "Makefile": 100})

    assert shares == [{"name": "Python", "percent": 99.8}, {"name": "Shell", "percent": 0.2}]


def test_summed_breakdowns_ignore_what_is_not_a_byte_count():
    total = summed_languages([{"Go": 300, "Python": 100}, {"Python": "lots", "Go": True, "Java": 600}, None])

    assert total == {"Go": 300, "Python": 100, "Java": 600}
    assert language_shares(total, limit=2) == [{"name": "Java", "percent": 60.0}, {"name": "Go", "percent": 30.0}]
    assert language_shares({}) == [] and language_shares({"Go": 0}) == []
