"""Deployment checks of Nest's own settings (``manage.py check --deploy``), beside Django's security checks."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def security_contact(app_configs, **kwargs):
    """/.well-known/security.txt needs a contact (RFC 9116); without one the site serves none."""
    if settings.NEST_SECURITY_CONTACTS:
        return []
    return [
        checks.Warning(
            "NEST_SECURITY_CONTACTS is empty, so /.well-known/security.txt is not served.",
            hint="Set NEST_SECURITY_CONTACTS to where vulnerabilities are reported (mailto: or https: URIs).",
            id="nest.W001",
        )
    ]
