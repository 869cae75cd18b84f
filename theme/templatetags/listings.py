"""Template tags that hand a Wagtail page's template the data of its listing or detail.

The page models (cms) keep their own ``get_context``; the site's richer listings (filters, search, sorting,
pagination, related GitHub data) come from ``theme.selectors`` through these tags, so a template only asks.
"""

from django import template

from theme.selectors import chapters, events, home, projects

register = template.Library()


@register.simple_tag
def chapter_listing(request):
    return chapters.chapter_listing(request.GET)


@register.simple_tag
def chapter_detail(page):
    return chapters.chapter_detail(page)


@register.simple_tag
def project_listing(request):
    return projects.project_listing(request.GET)


@register.simple_tag
def project_detail(page):
    return projects.project_detail(page)


@register.simple_tag
def event_listing(request):
    return events.event_listing(request.GET)


@register.simple_tag
def home_summary():
    return home.home_summary()


@register.simple_tag
def page_leaders(page):
    from cms.selectors import public_leaders

    return list(public_leaders().filter(page_id=page.pk))
