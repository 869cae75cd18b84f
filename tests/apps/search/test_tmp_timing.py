import time, pytest
from apps.search.services import indexing


@pytest.mark.django_db
def test_timing(synced_owasp):
    for kind in ["project", "chapter", "committee", "event"]:
        t = time.monotonic()
        indexing.reindex([kind])
        print(kind, round(time.monotonic() - t, 2))
    import cProfile, pstats

    pr = cProfile.Profile()
    pr.enable()
    indexing.reindex(["chapter"])
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(18)
