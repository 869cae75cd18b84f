"""A signed-in user's account pages: their API keys (make, list, revoke). Never cached: a new key is shown in
the response that made it, once."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.services import api_keys as keys
from theme.forms import ApiKeyForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request):
    created, status = None, 200
    if request.method == "POST":
        form = ApiKeyForm(request.POST)
        if form.is_valid():
            try:
                created = keys.create_api_key(
                    request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
                )
            except keys.ApiKeyError as exc:
                form.add_error(None, str(exc))
        if created is None:
            status = 400
        else:
            form = ApiKeyForm()
    else:
        form = ApiKeyForm()
    all_keys = list(keys.api_keys(request.user))
    context = {
        "form": form,
        "created": created,
        "keys": all_keys,
        "active_count": sum(1 for key in all_keys if key.is_active),
        "cap": settings.NEST_API_KEYS_PER_USER,
        "max_days": settings.NEST_API_KEY_MAX_DAYS,
    }
    return render(request, "theme/account/api_keys.html", context, status=status)


@never_cache
@login_required
@require_POST
def revoke_api_key(request, key_id: int):
    try:
        key = keys.revoke_api_key(request.user, key_id)
    except keys.ApiKeyError as exc:
        raise Http404(str(exc)) from exc
    messages.success(
        request, _("The key “%(name)s” is revoked: requests sending it now get a 401.") % {"name": key.name}
    )
    return redirect("api_keys")
