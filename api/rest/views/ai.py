"""``POST /api/v0/ai/ask/`` and ``POST /api/v0/ai/agent/``. Thin: the body is read and the assistant answers.

ask: an answer to a question about OWASP with the sources it comes from (``apps.assistant.answers.ask``:
offline extractively, or with OpenAI's chat model when configured). agent: the same body, answered by
``apps.assistant.agent.run_agent`` (the chat model calling tools over Nest's data; its tool calls are in the
answer). A missing, empty, too long or NUL-holding question is a 400 naming ``question``. Throttled by the
API's throttles, as every endpoint, and by the AI's own (``NEST_API_RATE_AI``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.rest.errors import exception_handler, invalid_parameters
from api.rest.serializers.ai import AnswerSerializer, AskRequestSerializer
from api.rest.serializers.common import ValidationErrorSerializer
from api.rest.throttling import AiRateThrottle
from apps.ai.services.answers import InvalidQuestion
from apps.assistant.agent import run_agent
from apps.assistant.answers import ask


class AskView(APIView):
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, AiRateThrottle]

    def get_exception_handler(self):
        return exception_handler

    @extend_schema(
        operation_id="ai_ask",
        summary="Ask a question",
        tags=["AI"],
        description=_(
            "An answer to a question about OWASP's projects, chapters, committees, events and GitHub work, "
            "from Nest's own content only, with the sources it comes from. A question that is not about OWASP, "
            "or that no source answers, is declined (status declined)."
        ),
        request=AskRequestSerializer,
        responses={200: AnswerSerializer, 400: ValidationErrorSerializer},
        examples=[OpenApiExample("A question", value={"question": "Which project is an insecure web app?"})],
    )
    def post(self, request):
        body = request.data
        if not isinstance(body, dict):
            raise invalid_parameters({"question": [_("Send a JSON object with a question.")]})
        try:
            result = ask(body.get("question"))
        except InvalidQuestion as exc:
            raise invalid_parameters({"question": [exc.message]}) from None
        return Response(result.as_dict())


ask_view = AskView.as_view()


class AgentView(AskView):
    @extend_schema(
        operation_id="ai_agent",
        summary="Ask the agent",
        tags=["AI"],
        description=_(
            "An answer by the AI agent, which calls tools over Nest's data (the search, the chapters of a "
            "country, a project's leaders) and lists each call with the answer. Needs an OpenAI chat model: "
            "without one the answer says so (status failed, reason not_configured)."
        ),
        request=AskRequestSerializer,
        responses={200: AnswerSerializer, 400: ValidationErrorSerializer},
        examples=[OpenApiExample("A question", value={"question": "Which OWASP chapters are in Brazil?"})],
    )
    def post(self, request):
        body = request.data
        if not isinstance(body, dict):
            raise invalid_parameters({"question": [_("Send a JSON object with a question.")]})
        try:
            result = run_agent(body.get("question"))
        except InvalidQuestion as exc:
            raise invalid_parameters({"question": [exc.message]}) from None
        return Response(result.as_dict())


agent_view = AgentView.as_view()
