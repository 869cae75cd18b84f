"""Public pages that are not Wagtail pages; included by nest/urls.py before Wagtail's catch-all."""

from django.urls import path

from theme.views import chapters, events, github, site

urlpatterns = [
    path("robots.txt", site.robots_txt, name="robots_txt"),
    path("lang/<str:code>/", site.set_language, name="set_language"),
    path("chapters.geojson", chapters.chapters_geojson, name="chapters_geojson"),
    path("events.ics", events.events_ical, name="events_ical"),
    path("members/<str:login>/", github.member, name="member"),
    path("organizations/<str:login>/", github.organization, name="organization"),
    path("repositories/<str:owner>/<str:name>/", github.repository, name="repository"),
]
