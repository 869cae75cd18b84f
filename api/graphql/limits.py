"""Limits on what one GraphQL request may ask: depth, an estimated cost, and the size of its arguments.

The cost counts every field once per object it is resolved on: a list field multiplies the cost of what it
selects by the rows it may return, its ``limit`` argument (as given, from the variables, or its default) or
``UNBOUNDED_LIST_SIZE`` for a list without one. Introspection (``__schema``, ``__type``, ``__typename``)
is free: the schema is public. Both are checked before anything runs, on every request (the parsed and
validated document may be a cached one; the limits read this request's variables and settings), with an
error naming the limit.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
)

from api.graphql.types.common import bad_argument

# Rows assumed for a list field without a ``limit`` argument (leaders, labels, assignees, ...).
UNBOUNDED_LIST_SIZE = 10
# The longest text one argument may hold, and the most items one list argument may hold.
MAX_ARGUMENT_LENGTH = 200
MAX_ARGUMENT_ITEMS = 100
# Text arguments that may be longer, (type, field, argument) -> their longest: a mentee's statement, a
# decision's note. The service still judges them (its own bounds, its message).
LONG_ARGUMENTS: dict[tuple[str, str, str], int] = {}


def allow_long_argument(type_name: str, field: str, argument: str, max_length: int) -> None:
    LONG_ARGUMENTS[(type_name, field, argument)] = max_length


def _limit(node: FieldNode, field, variables: dict) -> int:
    argument = next((arg for arg in node.arguments or () if arg.name.value == "limit"), None)
    value = None
    if argument is not None:
        if isinstance(argument.value, IntValueNode):
            value = int(argument.value.value)
        elif isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value)
    if value is None and "limit" in field.args:
        value = field.args["limit"].default_value
    if value is None:
        return UNBOUNDED_LIST_SIZE
    return max(int(value), 0) if isinstance(value, int) else UNBOUNDED_LIST_SIZE


class Measure:
    """Depth and cost of one operation, walking fragments as they are spread (a cycle or an unknown
    fragment is left to the standard rules, which report them)."""

    def __init__(self, context, variables: dict):
        self.context, self.variables = context, variables
        self.cost, self.depth = 0, 0

    def walk(self, selection_set, parent, multiplier: int, depth: int, fragments: frozenset = frozenset()):
        if selection_set is None or not isinstance(parent, GraphQLObjectType):
            return
        self.depth = max(self.depth, depth)
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                field = parent.fields.get(name)
                if name.startswith("__") or field is None:
                    continue
                self.cost += multiplier
                size = 1
                if isinstance(get_nullable_type(field.type), GraphQLList):
                    size = _limit(selection, field, self.variables)
                named = get_named_type(field.type)
                if not is_leaf_type(named):
                    self.walk(selection.selection_set, named, multiplier * max(size, 1), depth + 1, fragments)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.context.schema.get_type(condition.name.value) if condition else parent
                self.walk(selection.selection_set, target, multiplier, depth, fragments)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in fragments:
                    continue
                target = self.context.schema.get_type(fragment.type_condition.name.value)
                self.walk(fragment.selection_set, target, multiplier, depth, fragments | {name})


class _Fragments:
    """What ``Measure`` reads of a validation context (the schema and the document's fragments), for a
    document already validated by the standard rules."""

    def __init__(self, schema, document: DocumentNode):
        self.schema = schema
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }

    def get_fragment(self, name: str):
        return self.fragments.get(name)


def check_limits(schema, document: DocumentNode, variables: dict | None) -> list[GraphQLError]:
    """The depth and cost errors of each operation of a valid ``document`` (its variables give the list
    sizes they set), read against the settings of this request: run on every request, the document may
    come from the parse cache (``api.graphql.endpoint``)."""
    values = variables if isinstance(variables, dict) else {}
    context = _Fragments(schema, document)
    max_depth, max_cost = settings.NEST_GRAPHQL_MAX_DEPTH, settings.NEST_GRAPHQL_MAX_COST
    errors = []
    for node in document.definitions:
        if not isinstance(node, OperationDefinitionNode):
            continue
        measure = Measure(context, values)
        measure.walk(node.selection_set, schema.get_root_type(node.operation), 1, 1)
        if measure.depth > max_depth:
            message = _("The query is %(depth)d levels deep; at most %(max)d are allowed.")
            errors.append(
                GraphQLError(
                    message % {"depth": measure.depth, "max": max_depth},
                    node,
                    extensions={"code": "QUERY_TOO_DEEP", "depth": measure.depth, "maxDepth": max_depth},
                )
            )
        elif measure.cost > max_cost:
            message = _(
                "The query may resolve %(cost)d fields, more than the %(max)d allowed: ask for smaller limits "
                "or fewer nested lists."
            )
            errors.append(
                GraphQLError(
                    message % {"cost": measure.cost, "max": max_cost},
                    node,
                    extensions={"code": "QUERY_TOO_COSTLY", "cost": measure.cost, "maxCost": max_cost},
                )
            )
    return errors


def _check_value(name: str, value, max_length: int = MAX_ARGUMENT_LENGTH) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise bad_argument(name, _("must not contain a NUL character."))
        if len(value) > max_length:
            raise bad_argument(name, _("is longer than %(max)d characters.") % {"max": max_length})
    elif isinstance(value, list | tuple):
        if len(value) > MAX_ARGUMENT_ITEMS:
            raise bad_argument(name, _("holds more than %(max)d items.") % {"max": MAX_ARGUMENT_ITEMS})
        for item in value:
            _check_value(name, item, max_length)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_value(f"{name}.{key}", item, max_length)


class ArgumentGuard:
    """Graphene middleware: a text argument with a NUL character or longer than ``MAX_ARGUMENT_LENGTH`` (or
    a list argument with too many items) is an error naming it, before a resolver sends it anywhere; an
    argument of ``LONG_ARGUMENTS`` may be as long as it says."""

    def resolve(self, next_, root, info, **arguments):
        for name, value in arguments.items():
            longest = LONG_ARGUMENTS.get((info.parent_type.name, info.field_name, name), MAX_ARGUMENT_LENGTH)
            _check_value(name, value, longest)
        return next_(root, info, **arguments)
