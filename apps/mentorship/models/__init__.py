"""Mentorship: one model per module, re-exported here."""

from apps.mentorship.models.application import Application, ApplicationStatus, MentorshipAssignment
from apps.mentorship.models.common import ExperienceLevel
from apps.mentorship.models.module import Module
from apps.mentorship.models.people import Mentee, Mentor
from apps.mentorship.models.program import Program, ProgramStatus
from apps.mentorship.models.status_change import StatusChange
from apps.mentorship.models.task import Task, TaskStatus

__all__ = [
    "Application",
    "ApplicationStatus",
    "ExperienceLevel",
    "Mentee",
    "Mentor",
    "MentorshipAssignment",
    "Module",
    "Program",
    "ProgramStatus",
    "StatusChange",
    "Task",
    "TaskStatus",
]
