from django.apps import AppConfig


class GithubConfig(AppConfig):
    name = "apps.github"
    label = "github"
    verbose_name = "GitHub"
