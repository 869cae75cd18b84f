"""Mentorship: programs, modules and their mentors (OWASP Nest's ``ProgramNode``, ``ModuleNode``,
``MentorNode``, with its field names), and the applications of mentees with their queries and mutations.

Every resolver calls ``apps.mentorship.services``: what a user may see or do is theirs, and a refusal
(``MentorshipError``) comes back as a GraphQL error with the service's message and a code saying which
(``NOT_FOUND``, ``FORBIDDEN``, ``UNAUTHENTICATED``, ``BAD_USER_INPUT``). A private field (an application's
statement, the mentee's e-mail) is null for anyone ``permissions.can_read_private`` refuses."""

import graphene
from graphql import GraphQLError

from api.graphql.limits import allow_long_argument
from api.graphql.loaders import observed
from api.graphql.types.common import (
    checked_limit,
    checked_offset,
    global_id,
    limit_argument,
    loader,
    offset_argument,
    window,
)
from apps.mentorship.models import ApplicationStatus, ExperienceLevel, ProgramStatus
from apps.mentorship.services import applications, permissions, programs
from apps.mentorship.services.errors import MentorshipError

DEFAULT_PAGE = 25
# The longest note a decision keeps (the audit trail's column).
NOTE_MAX = 500

ProgramStatusEnum = graphene.Enum.from_enum(ProgramStatus, name="ProgramStatusEnum")
ExperienceLevelEnum = graphene.Enum.from_enum(ExperienceLevel, name="ExperienceLevelEnum")
ApplicationStatusEnum = graphene.Enum.from_enum(ApplicationStatus, name="ApplicationStatusEnum")


class Decision(graphene.Enum):
    ACCEPT = "accept"
    REJECT = "reject"

    class Meta:
        name = "DecisionEnum"


def refusal(info, exc: MentorshipError) -> GraphQLError:
    """The service's refusal as a GraphQL error: its message, a code and the HTTP status the site answers."""
    codes = {403: "FORBIDDEN", 404: "NOT_FOUND"}
    code = codes.get(exc.status, "BAD_USER_INPUT")
    if exc.status == 403 and not info.context.user.is_authenticated:
        code = "UNAUTHENTICATED"
    return GraphQLError(exc.message, extensions={"code": code, "status": exc.status})


def _user(info):
    return info.context.user


def _levels(values) -> list:
    return [ExperienceLevel(value) for value in values or ()]


class GitHubPersonFields:
    """A mentor's or mentee's public GitHub identity (never an e-mail)."""

    id = graphene.ID(required=True)
    login = graphene.String(required=True)
    name = graphene.String(required=True)
    avatar_url = graphene.String(required=True)

    def resolve_id(root, info):
        return global_id(info.parent_type.name, root.pk)

    def resolve_login(root, info):
        return root.github_user.login

    def resolve_name(root, info):
        return root.github_user.name or ""

    def resolve_avatar_url(root, info):
        return root.github_user.avatar_url or ""


class MentorType(GitHubPersonFields, graphene.ObjectType):
    class Meta:
        name = "MentorNode"


class MenteeType(GitHubPersonFields, graphene.ObjectType):
    class Meta:
        name = "MenteeNode"


class ProgramType(graphene.ObjectType):
    id = graphene.ID(required=True)
    key = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    started_at = graphene.DateTime(required=True)
    ended_at = graphene.DateTime(required=True)
    status = graphene.Field(ProgramStatusEnum, required=True)
    mentees_limit = graphene.Int(description="Most mentees it accepts; null: no limit.")
    experience_levels = graphene.List(graphene.NonNull(ExperienceLevelEnum), required=True)
    domains = graphene.List(graphene.NonNull(graphene.String), required=True)
    tags = graphene.List(graphene.NonNull(graphene.String), required=True)
    modules = graphene.List(graphene.NonNull(lambda: ModuleType), required=True)

    class Meta:
        name = "ProgramNode"

    def resolve_id(root, info):
        return global_id("ProgramNode", root.pk)

    def resolve_status(root, info):
        return ProgramStatus(root.status)

    def resolve_experience_levels(root, info):
        return _levels(root.experience_levels)

    def resolve_modules(root, info):
        modules = list(programs.modules_of(root))
        for module in modules:
            module.program = root
        return modules


class ModuleType(graphene.ObjectType):
    id = graphene.ID(required=True)
    key = graphene.String(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    started_at = graphene.DateTime()
    ended_at = graphene.DateTime()
    experience_levels = graphene.List(graphene.NonNull(ExperienceLevelEnum), required=True)
    skills = graphene.List(graphene.NonNull(graphene.String), required=True)
    labels = graphene.List(graphene.NonNull(graphene.String), required=True)
    project_key = graphene.String(required=True, description="The OWASP project's short key, e.g. 'juice-shop'.")
    project_name = graphene.String(required=True)
    program = graphene.Field(ProgramType, required=True)
    mentors = graphene.List(graphene.NonNull(MentorType), required=True)

    class Meta:
        name = "ModuleNode"

    def resolve_id(root, info):
        return global_id("ModuleNode", root.pk)

    def resolve_experience_levels(root, info):
        return _levels(root.experience_levels)

    def resolve_project_key(root, info):
        return root.project.short_key

    def resolve_project_name(root, info):
        return root.project.title

    def resolve_mentors(root, info):
        return list(root.mentors.all())  # prefetched with their GitHub users by the services' querysets


class AssignmentType(graphene.ObjectType):
    mentor = graphene.Field(MentorType, description="The mentor who looks after the mentee (null: an admin decided).")
    created_at = graphene.DateTime(required=True)

    class Meta:
        name = "MentorshipAssignmentNode"


def _private_ids(user):
    """A batch of the loader below: which of these applications' private fields the user may read."""

    def batch(ids: list) -> dict:
        readable = permissions.visible_applications(user).filter(pk__in=ids).values_list("pk", flat=True)
        return dict.fromkeys(readable, True)

    return batch


def _may_read_private(info, application) -> bool:
    """``permissions.can_read_private``, asked once for every application of the request: the readers of an
    application's private fields are the readers of the application."""
    return loader(info, "mentorship-private", "application", _private_ids(_user(info)), default=False).load(
        application.pk
    )


class ApplicationType(graphene.ObjectType):
    id = graphene.ID(required=True, description="The application's number, as the site's URLs have it.")
    status = graphene.Field(ApplicationStatusEnum, required=True)
    statement = graphene.String(description="Private: the mentee, the module's mentors and the program's admins.")
    mentee_email = graphene.String(description="Private, as the statement.")
    mentee = graphene.Field(MenteeType, required=True)
    module = graphene.Field(ModuleType, required=True)
    created_at = graphene.DateTime(required=True)
    decided_at = graphene.DateTime()
    assignment = graphene.Field(AssignmentType, description="Once accepted: the mentee's place in the module.")

    class Meta:
        name = "ApplicationNode"

    def resolve_id(root, info):
        return str(root.pk)

    def resolve_status(root, info):
        return ApplicationStatus(root.status)

    def resolve_statement(root, info):
        return root.statement if _may_read_private(info, root) else None

    def resolve_mentee_email(root, info):
        if not _may_read_private(info, root):
            return None
        account = root.mentee.account
        return (account.email or None) if account is not None else None

    def resolve_assignment(root, info):
        return getattr(root, "assignment", None)  # selected with its mentor by ``_applications``


def _applications(rows):
    return rows.select_related("assignment__mentor__github_user").prefetch_related("module__mentors__github_user")


class MentorshipQuery(graphene.ObjectType):
    """The root query's mentorship fields (mixed into ``Query``)."""

    programs = graphene.List(
        graphene.NonNull(ProgramType),
        required=True,
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
        description="Published and completed programs, and the drafts the user administers; newest first.",
    )
    get_program = graphene.Field(ProgramType, program_key=graphene.String(required=True))
    get_program_modules = graphene.List(
        graphene.NonNull(ModuleType), required=True, program_key=graphene.String(required=True)
    )
    get_module = graphene.Field(
        ModuleType, program_key=graphene.String(required=True), module_key=graphene.String(required=True)
    )
    my_applications = graphene.List(
        graphene.NonNull(ApplicationType),
        required=True,
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
        description="The signed-in mentee's own applications, newest first.",
    )
    module_applications = graphene.List(
        graphene.NonNull(ApplicationType),
        required=True,
        program_key=graphene.String(required=True),
        module_key=graphene.String(required=True),
        limit=limit_argument(DEFAULT_PAGE),
        offset=offset_argument(),
        description="A module's applications, oldest first: for its mentors and its program's admins only.",
    )
    application = graphene.Field(
        ApplicationType,
        id=graphene.ID(required=True),
        description="An application its mentee, the module's mentors or the program's admins may read.",
    )

    def resolve_programs(root, info, limit, offset):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        return window(programs.programs(_user(info)), limit, offset)

    def resolve_get_program(root, info, program_key):
        try:
            return programs.get_program(_user(info), program_key)
        except MentorshipError as exc:
            raise refusal(info, exc) from None

    def resolve_get_program_modules(root, info, program_key):
        try:
            program = programs.get_program(_user(info), program_key)
        except MentorshipError as exc:
            raise refusal(info, exc) from None
        return ProgramType.resolve_modules(program, info)

    def resolve_get_module(root, info, program_key, module_key):
        try:
            return programs.get_module(_user(info), program_key, module_key)
        except MentorshipError as exc:
            raise refusal(info, exc) from None

    def resolve_my_applications(root, info, limit, offset):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        try:
            rows = applications.own_applications(_user(info))
        except MentorshipError as exc:
            raise refusal(info, exc) from None
        return observed(info, window(_applications(rows), limit, offset))

    def resolve_module_applications(root, info, program_key, module_key, limit, offset):
        limit, offset = checked_limit(limit, default=DEFAULT_PAGE), checked_offset(offset)
        user = _user(info)
        try:
            module = programs.get_module(user, program_key, module_key)
            rows = applications.module_applications(user, module)
        except MentorshipError as exc:
            raise refusal(info, exc) from None
        return observed(info, window(_applications(rows), limit, offset))

    def resolve_application(root, info, id):
        try:
            return observed(info, [applications.get_application(_user(info), id)])[0]
        except MentorshipError as exc:
            raise refusal(info, exc) from None


class MentorshipMutation(graphene.ObjectType):
    """Apply, withdraw and decide: ``apps.mentorship.services.applications``, under its permission checks.
    From a signed-in browser session they need its CSRF token (``api.graphql.auth``)."""

    apply_to_module = graphene.Field(
        ApplicationType,
        required=True,
        program_key=graphene.String(required=True),
        module_key=graphene.String(required=True),
        statement=graphene.String(
            required=True,
            description=(
                f"Why you, and what you want to do: {applications.STATEMENT_MIN} to {applications.STATEMENT_MAX} "
                "characters."
            ),
        ),
        description="Apply to a module as the signed-in GitHub user.",
    )
    withdraw_application = graphene.Field(
        ApplicationType,
        required=True,
        id=graphene.ID(required=True),
        description="Withdraw one's own submitted or accepted application.",
    )
    decide_application = graphene.Field(
        ApplicationType,
        required=True,
        id=graphene.ID(required=True),
        decision=graphene.Argument(Decision, required=True),
        note=graphene.String(default_value="", description=f"Kept in the audit trail ({NOTE_MAX} characters)."),
        description=(
            "Accept or reject a submitted application: a mentor of its module or an admin of its program. "
            "Accepting assigns the mentee to the module."
        ),
    )

    def resolve_apply_to_module(root, info, program_key, module_key, statement):
        user = _user(info)
        try:
            module = programs.get_module(user, program_key, module_key)
            application = applications.apply(user, module, statement)
        except MentorshipError as exc:
            raise refusal(info, exc) from None
        return _reloaded(info, application)

    def resolve_withdraw_application(root, info, id):
        user = _user(info)
        try:
            application = applications.withdraw(user, applications.get_application(user, id))
        except MentorshipError as exc:
            raise refusal(info, exc) from None
        return _reloaded(info, application)

    def resolve_decide_application(root, info, id, decision, note=""):
        user = _user(info)
        accept = getattr(decision, "value", decision) == Decision.ACCEPT.value
        try:
            application = applications.get_application(user, id)
            application = applications.decide(user, application, accept=accept, note=note.strip())
        except MentorshipError as exc:
            raise refusal(info, exc) from None
        return _reloaded(info, application)


def _reloaded(info, application):
    """The application as it is now, with what its type reads, as the user may read it."""
    found = _applications(permissions.visible_applications(_user(info))).filter(pk=application.pk).first()
    return observed(info, [found or application])[0]


# The statement's bounds are the service's; the guard only keeps texts far beyond them out.
allow_long_argument("Mutation", "applyToModule", "statement", applications.STATEMENT_MAX * 2)
allow_long_argument("Mutation", "decideApplication", "note", NOTE_MAX)
