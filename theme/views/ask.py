"""``/ask/``: a question about OWASP and its answer, with the sources shown as cards. Never cached (a POST
answers; the form is the same for everyone). The answer is ``apps.assistant.answers.ask``'s, as the API's."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.ai.services.answers import MAX_QUESTION_CHARS
from apps.assistant.answers import ask
from theme.forms import AskForm
from theme.selectors.search import type_label


@never_cache
@require_http_methods(["GET", "POST"])
def ask_page(request):
    result, status = None, 200
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            result = ask(form.cleaned_data["question"])
        else:
            status = 400
    else:
        form = AskForm()
    context = {"form": form, "result": result, "max_chars": MAX_QUESTION_CHARS, "type_label": type_label}
    return render(request, "theme/ask.html", context, status=status)
