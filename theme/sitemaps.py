"""sitemap.xml: every live public Wagtail page (Wagtail's sitemap) plus the site's own non-page views."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap


class SiteViewsSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["contribute", "sponsors", "about"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "site": SiteViewsSitemap}
