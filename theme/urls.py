"""Public pages that are not Wagtail pages; included by nest/urls.py before Wagtail's catch-all."""

from django.urls import path
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from theme.sitemaps import SITEMAPS
from theme.views import account, ask, chapters, contribute, events, github, mentorship, search, site, site_pages

urlpatterns = [
    path("robots.txt", site.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", site.security_txt, name="security_txt"),
    path("lang/<str:code>/", site.set_language, name="set_language"),
    path("sitemap.xml", wagtail_sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("ask/", ask.ask_page, name="ask"),
    path("search/", search.search_page, name="search"),
    path("search/suggestions/", search.search_suggestions, name="search_suggestions"),
    path("accounts/api-keys/", account.api_keys, name="api_keys"),
    path("accounts/api-keys/<int:key_id>/revoke/", account.revoke_api_key, name="revoke_api_key"),
    path("contribute/", contribute.contribute, name="contribute"),
    path("sponsors/", site_pages.sponsors, name="sponsors"),
    path("about/", site_pages.about, name="about"),
    path("chapters.geojson", chapters.chapters_geojson, name="chapters_geojson"),
    path("events.ics", events.events_ical, name="events_ical"),
    path("members/<str:login>/", github.member, name="member"),
    path("organizations/<str:login>/", github.organization, name="organization"),
    path("repositories/<str:owner>/<str:name>/", github.repository, name="repository"),
    path("mentorship/", mentorship.program_list, name="mentorship_programs"),
    path("mentorship/dashboard/", mentorship.mentee_dashboard, name="mentorship_mentee_dashboard"),
    path("mentorship/mentoring/", mentorship.mentor_dashboard, name="mentorship_mentor_dashboard"),
    path("mentorship/applications/<int:application_id>/", mentorship.application_detail, name="mentorship_application"),
    path("mentorship/applications/<int:application_id>/decide/", mentorship.decide, name="mentorship_decide"),
    path("mentorship/applications/<int:application_id>/withdraw/", mentorship.withdraw, name="mentorship_withdraw"),
    path("mentorship/<slug:program_key>/", mentorship.program_detail, name="mentorship_program"),
    path("mentorship/<slug:program_key>/<slug:module_key>/", mentorship.module_detail, name="mentorship_module"),
    path("mentorship/<slug:program_key>/<slug:module_key>/apply/", mentorship.apply, name="mentorship_apply"),
]
