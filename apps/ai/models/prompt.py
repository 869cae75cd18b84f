"""``Prompt``: a text the AI features send the chat model, kept as a record staff edit in the admin;
``PromptVersion``: each text it had before, so that an edit can be read back and undone."""

from django.db import models, transaction


class Prompt(models.Model):
    """A prompt by ``key`` (what the code asks for: ``answer.system``). Saving a changed text keeps the
    previous one as a :class:`PromptVersion` and counts ``version`` up; the features read the current text
    through ``apps.ai.services.prompts`` (cached, forgotten on save)."""

    key = models.SlugField(max_length=64, unique=True, help_text="What the code asks for; never rename it.")
    description = models.CharField(max_length=300, blank=True, help_text="Where the prompt is used.")
    text = models.TextField(help_text="Sent to the chat model. Placeholders in {braces} are filled in by the code.")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            previous = (
                Prompt.objects.select_for_update().filter(pk=self.pk).values("text", "version").first()
                if self.pk
                else None
            )
            if previous and previous["text"] != self.text:
                PromptVersion.objects.create(prompt=self, version=previous["version"], text=previous["text"])
                self.version = previous["version"] + 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}
            super().save(*args, **kwargs)


class PromptVersion(models.Model):
    """A text a prompt had up to its ``version``: read-only history."""

    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, help_text="When this text was replaced.")

    class Meta:
        ordering = ["prompt", "-version"]
        constraints = [models.UniqueConstraint(fields=["prompt", "version"], name="ai_prompt_version_uq")]

    def __str__(self) -> str:
        return f"{self.prompt.key} v{self.version}"
