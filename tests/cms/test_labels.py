"""The models' own display methods (faster than Django's generated ones) say what Django's would, translated."""

import pytest
from django.utils import translation

from cms.models import ProjectPage, Sponsor
from cms.models.projects import ProjectLevel, ProjectType
from cms.models.snippets import MemberTier, SponsorTier


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_display_methods_match_djangos(language):
    cases = [
        *((ProjectPage(level=value), "level") for value in [*ProjectLevel.values, "not-a-level"]),
        *((ProjectPage(project_type=value), "project_type") for value in ProjectType.values),
        *((Sponsor(sponsor_tier=value), "sponsor_tier") for value in SponsorTier.values),
        *((Sponsor(member_tier=value), "member_tier") for value in MemberTier.values),
    ]
    with translation.override(language):
        for instance, name in cases:
            field = instance._meta.get_field(name)
            ours = getattr(instance, f"get_{name}_display")()
            assert str(ours) == str(instance._get_FIELD_display(field)), (name, getattr(instance, name))
    with translation.override("fr"):
        assert str(ProjectPage(level=ProjectLevel.INCUBATOR).get_level_display()) == "Incubateur"
