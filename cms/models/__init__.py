from cms.models.base import OwaspPage
from cms.models.chapters import ChapterIndexPage, ChapterPage, LocationPrecision
from cms.models.committees import CommitteeIndexPage, CommitteePage
from cms.models.events import ChapterEvent, EventIndexPage, EventPage
from cms.models.home import HomePage
from cms.models.projects import LinkKind, ProjectIndexPage, ProjectLevel, ProjectLink, ProjectPage, ProjectType
from cms.models.snippets import Leader, MemberTier, Sponsor, SponsorTier, StaffMember

__all__ = [
    "ChapterEvent",
    "ChapterIndexPage",
    "ChapterPage",
    "CommitteeIndexPage",
    "CommitteePage",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "Leader",
    "LinkKind",
    "LocationPrecision",
    "MemberTier",
    "OwaspPage",
    "ProjectIndexPage",
    "ProjectLevel",
    "ProjectLink",
    "ProjectPage",
    "ProjectType",
    "Sponsor",
    "SponsorTier",
    "StaffMember",
]
