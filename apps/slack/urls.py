from django.urls import path

from apps.slack import views

app_name = "slack"

urlpatterns = [
    path("commands/", views.slack_events, name="commands"),
    path("events/", views.slack_events, name="events"),
    path("interactivity/", views.slack_events, name="interactivity"),
    path("install/", views.oauth, name="install"),
    path("oauth_redirect/", views.oauth, name="oauth_redirect"),
]
