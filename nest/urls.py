from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from apps.core.observability.metrics import metrics_view
from apps.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),  # Prometheus; staff or NEST_METRICS_TOKEN only
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),  # sign-in; the API key pages are the site's (theme.urls)
    # JWT endpoints before the router, which owns the rest of /api/v0/.
    path("api/v0/auth/", include("api.rest.auth_urls")),
    path("api/v0/", include("api.rest.urls")),
    path("graphql/", include("api.graphql.urls")),
    path("integrations/slack/", include("apps.slack.urls")),  # NestBot: Slack's Events API, commands, OAuth
]

if settings.DEBUG:
    from django.conf.urls.static import static

    from apps.core.views import serve_media

    urlpatterns += static(settings.MEDIA_URL, view=serve_media, document_root=settings.MEDIA_ROOT)

# The public site's non-page views (robots.txt, sitemap, contribute, GitHub profiles, feeds), then Wagtail's
# page serving last: it matches every remaining path.
urlpatterns += [path("", include("theme.urls")), path("", include(wagtail_urls))]

handler404 = "theme.views.site.page_not_found"
handler500 = "theme.views.site.server_error"
