"""The shape of ``POST /api/v0/ai/ask/``: a question in, the answer and its sources out."""

from rest_framework import serializers

from apps.ai.services.answers import MAX_QUESTION_CHARS


class AskRequestSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=MAX_QUESTION_CHARS, help_text="A question about OWASP.")


class AnswerSourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField(help_text="The page on this site (or on GitHub, for an issue).")
    type = serializers.CharField(help_text="project, chapter, committee, event, repository or issue.")
    key = serializers.CharField(help_text="The entity's key, as its own endpoint names it.")


class AnswerExcerptSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="The position of its source in ``sources``.")
    text = serializers.CharField()


class ToolCallSerializer(serializers.Serializer):
    tool = serializers.CharField()
    arguments = serializers.DictField()
    result_count = serializers.IntegerField(allow_null=True)
    error = serializers.CharField(allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["answered", "declined", "failed"],
        help_text="declined: not about OWASP or no good source; failed: the language model did not answer.",
    )
    mode = serializers.ChoiceField(
        choices=["extractive", "openai", "agent"], help_text="extractive: offline, the best passages condensed."
    )
    sources = AnswerSourceSerializer(many=True)
    excerpts = AnswerExcerptSerializer(many=True, help_text="The extractive answer's passages, by source.")
    tool_calls = ToolCallSerializer(many=True, help_text="The agent's tool calls, in order (empty otherwise).")
    reason = serializers.CharField(allow_blank=True, help_text="Why it was declined or failed.")
