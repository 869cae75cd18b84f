"""Sponsors: Nest's ``Sponsor`` / ``SponsorDetail`` from corp_members.yml."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.rest.filters import NEST_MEMBER_TYPES, NEST_SPONSOR_TYPES


class SponsorSerializer(serializers.Serializer):
    image_url = serializers.CharField()
    key = serializers.CharField(source="short_key", help_text=_("e.g. adobe (corp-member-adobe)."))
    name = serializers.CharField()
    sponsor_type = serializers.SerializerMethodField(
        help_text=_("Diamond, Platinum, Gold, Silver, Supporter or Not a Sponsor.")
    )
    url = serializers.CharField()
    # Ours
    sponsor_tier = serializers.CharField()
    member_tier = serializers.CharField()

    def get_sponsor_type(self, sponsor) -> str:
        return NEST_SPONSOR_TYPES.get(sponsor.sponsor_tier, NEST_SPONSOR_TYPES["none"])


class SponsorDetailSerializer(SponsorSerializer):
    description = serializers.CharField()
    is_member = serializers.BooleanField()
    job_url = serializers.CharField()
    member_type = serializers.SerializerMethodField(help_text=_("Platinum, Gold or Silver; empty when not a member."))

    def get_member_type(self, sponsor) -> str:
        return NEST_MEMBER_TYPES.get(sponsor.member_tier, "")
