from django.contrib.auth import get_user_model


def ensure_admin_user(username: str, email: str, password: str) -> bool:
    """Create the superuser ``username`` unless it exists; return whether it was created."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return False
    User.objects.create_superuser(username=username, email=email, password=password)
    return True
