"""Mentorship: published programs and their modules, with their mentors' public GitHub identity. Nothing
private is ever here: no application, statement or e-mail (those are GraphQL's, under the services' checks)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.mentorship.models import ExperienceLevel, ProgramStatus


class MentorshipMentorSerializer(serializers.Serializer):
    login = serializers.CharField(source="github_user.login")
    name = serializers.CharField(source="github_user.name")
    avatar_url = serializers.CharField(source="github_user.avatar_url")


class MentorshipProgramSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=ProgramStatus.choices)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()
    mentees_limit = serializers.IntegerField(allow_null=True, help_text=_("Most mentees it accepts; null: no limit."))
    experience_levels = serializers.ListField(child=serializers.ChoiceField(choices=ExperienceLevel.choices))
    domains = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())


class MentorshipProgramDetailSerializer(MentorshipProgramSerializer):
    modules_count = serializers.IntegerField(help_text=_("How many modules it has."))


class MentorshipModuleSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    program_key = serializers.CharField(source="program.key")
    project_key = serializers.CharField(source="project.short_key", help_text=_("e.g. juice-shop."))
    project_name = serializers.CharField(source="project.title")
    started_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    experience_levels = serializers.ListField(child=serializers.ChoiceField(choices=ExperienceLevel.choices))
    skills = serializers.ListField(child=serializers.CharField())
    labels = serializers.ListField(
        child=serializers.CharField(), help_text=_("GitHub labels: the project's issues carrying one are its tasks.")
    )
    mentors = MentorshipMentorSerializer(many=True, source="mentors.all")
