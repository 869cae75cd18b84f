from django.utils.translation import gettext_lazy as _

from api.rest.filters import SponsorFilter
from api.rest.serializers.sponsors import SponsorDetailSerializer, SponsorSerializer
from api.rest.views.base import ReadViewSet, operations
from cms.models import Sponsor


@operations(
    "sponsor",
    "sponsors",
    "Sponsors",
    _("Retrieve a paginated list of OWASP sponsors."),
    _("Retrieve a sponsor details."),
    item=SponsorSerializer,
    detail=SponsorDetailSerializer,
)
class SponsorViewSet(ReadViewSet):
    model = Sponsor
    filterset_class = SponsorFilter

    def rows(self):
        return Sponsor.objects.active()

    def find(self, sponsor_id: str):
        return self.get_queryset().with_key(sponsor_id).first()
