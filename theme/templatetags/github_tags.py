"""Template tags that hand templates what the GitHub domain says about the rows they show."""

from django import template

from apps.github.services.leaders import with_member_logins

register = template.Library()


@register.simple_tag
def member_links(leaders):
    """The leaders with ``member_login`` (their member page's login, or None): what the leaders include
    links by. Leaders from ``page_leaders`` have it already and cost no query."""
    return with_member_logins(leaders or [])
