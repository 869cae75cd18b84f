"""The Wagtail admin's Mentorship menu (``wagtail_admin``). The permission policies are registered first, before
anything asks Wagtail for a model's policy (it would make the fallback one)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from apps.mentorship.models import Application, Module, Program
from apps.mentorship.wagtail_admin import (
    MentorshipViewSetGroup,
    application_policy,
    module_policy,
    program_policy,
)

register_permission_policy(Program, program_policy)
register_permission_policy(Module, module_policy)
register_permission_policy(Application, application_policy)


@hooks.register("register_admin_viewset")
def register_mentorship_viewsets():
    return MentorshipViewSetGroup()
