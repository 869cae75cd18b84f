"""The shape of ``/api/v0/search/``: ranked hits of every type, facets with counts, the corrected query."""

from rest_framework import serializers


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="project, chapter, committee, event, repository, issue or member.")
    key = serializers.CharField(help_text="The entity's key, as its own endpoint names it.")
    title = serializers.CharField()
    url = serializers.CharField(help_text="Where the site (or GitHub, for an issue) shows it.")
    snippet = serializers.CharField()
    score = serializers.FloatField()
    is_active = serializers.BooleanField()
    facets = serializers.DictField(help_text="The hit's level, project_type, region, country, language, labels.")


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField(
        help_text="Matching documents the pages reach (at most 500 entities and 300 issues); exact unless "
        "total_is_estimate."
    )
    total_is_estimate = serializers.BooleanField(
        help_text="More documents matched than were counted: total is a lower bound (the site shows 500+)."
    )
    did_you_mean = serializers.CharField(allow_null=True)
    backend = serializers.CharField()
    degraded = serializers.BooleanField(help_text="The search ran out of time and matched names only.")
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True))
