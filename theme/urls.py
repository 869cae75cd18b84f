"""Public pages that are not Wagtail pages; included by nest/urls.py before Wagtail's catch-all."""

from django.urls import path

from theme.views import site

urlpatterns = [
    path("robots.txt", site.robots_txt, name="robots_txt"),
    path("lang/<str:code>/", site.set_language, name="set_language"),
]
