"""The dedicated user that sync's revisions are saved by, so page history shows "by OWASP sync"."""

from django.contrib.auth import get_user_model

SYNC_USERNAME = "owasp-sync"


def get_sync_user():
    """The sync user, created on first use; it has no usable password, so nobody can sign in as it."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYNC_USERNAME, defaults={"first_name": "OWASP", "last_name": "sync", "is_active": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
