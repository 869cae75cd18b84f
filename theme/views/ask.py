"""``/ask/``: a question about OWASP and its answer, with the sources shown as cards. Never cached (a POST
answers; the form is the same for everyone). The answer is ``apps.assistant.answers.ask``'s, as the API's.
Each answer costs a forward pass of the encoder and several queries: questions are limited per client address
(``NEST_ASK_RATE``); over it, the page says when to ask again (429 with Retry-After)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.ai.services.answers import MAX_QUESTION_CHARS
from apps.assistant.answers import ask
from apps.core.services import rate_limit
from theme.forms import AskForm
from theme.selectors.search import type_label


@never_cache
@require_http_methods(["GET", "POST"])
def ask_page(request):
    result, status, retry_after = None, 200, 0
    if request.method == "POST":
        form = AskForm(request.POST)
        if not form.is_valid():
            status = 400
        else:
            verdict = rate_limit.allow("ask", rate_limit.client_address(request), settings.NEST_ASK_RATE)
            if verdict.allowed:
                result = ask(form.cleaned_data["question"])
            else:
                status, retry_after = 429, verdict.retry_after
    else:
        form = AskForm()
    context = {
        "form": form,
        "result": result,
        "retry_after": retry_after,
        "max_chars": MAX_QUESTION_CHARS,
        "type_label": type_label,
    }
    response = render(request, "theme/ask.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
