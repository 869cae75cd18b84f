"""REST API under /api/v0/: one router; each entity's viewset registers here."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
