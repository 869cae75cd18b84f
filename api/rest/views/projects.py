from django.utils.translation import gettext_lazy as _

from api.rest.filters import ProjectFilter
from api.rest.serializers.projects import ProjectDetailSerializer, ProjectSerializer
from api.rest.views.base import PageRowsMixin, ReadViewSet, operations
from apps.github.models import Repository
from apps.github.services.health import health_history, latest_checks, latest_health_date
from apps.github.services.heatmap import project_heatmap
from apps.github.services.languages import language_shares
from apps.github.services.leaders import page_leaders
from cms.models import ProjectPage


def health_point(point: dict, fresh) -> dict:
    """A day's score as the API gives it: null while unknown, with its sync time or why it is unknown."""
    return {
        "date": point["date"],
        "score": fresh.value(point["score"]),
        "level": point["level"],
        "github_synced_at": fresh.synced_at,
        "unknown_reason": fresh.reason,
    }


@operations(
    "project",
    "projects",
    "Projects",
    _("Retrieve a paginated list of OWASP projects."),
    _("Retrieve project details."),
    item=ProjectSerializer,
    detail=ProjectDetailSerializer,
)
class ProjectViewSet(PageRowsMixin, ReadViewSet):
    model = ProjectPage
    list_columns = (
        "level",
        "project_type",
        *("repositories_linked", "stars", "forks", "contributors", "open_issues", "health"),  # with_figures, ...
        "github_synced_at",  # with_figures: the figures' sync time
        *("health_synced_at", "health_repositories", "health_scored"),  # with_health: the score's source
    )
    filterset_class = ProjectFilter

    def rows(self):
        from api.rest.caching import cached_value

        latest = cached_value("health-latest-date", latest_health_date)
        return ProjectPage.objects.published().with_figures().with_health(latest)

    def find(self, project_id: str):
        return self.get_queryset().with_key(project_id).select_related("figures").first()

    def prepare(self, project):
        repositories = list(Repository.objects.present().filter(project=project).order_by("-stars_count", "name"))
        project.api_repositories = repositories
        project.api_leaders = page_leaders(project.pk)
        figures = getattr(project, "figures", None)
        project.api_languages = language_shares(figures.languages if figures else {}, limit=8)
        status = self.github_status()
        latest = latest_checks(project)
        project.api_checks = latest["checks"] if latest and status.health(latest).known else None
        project.api_history = [health_point(point, status.health(point)) for point in health_history(project)]
        project.api_heatmap = project_heatmap(project)
        return project
