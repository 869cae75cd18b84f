"""For the few Django templates the site still renders (django-allauth's own account pages): the site's header
and footer, rendered by the Jinja2 templates that every other page uses, so the frame is written once."""

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja_include(context, name: str):
    """The Jinja2 template ``name`` rendered with this request (and the context processors' values)."""
    request = context.get("request")
    return mark_safe(engines["jinja2"].get_template(name).render(context.flatten(), request))  # noqa: S308 - autoescaped by Jinja2
