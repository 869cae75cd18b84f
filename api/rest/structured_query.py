"""The structured ``q`` of OWASP Nest's lists: ``name:security stars:>100 "juice shop"``.

Terms are separated by spaces and all must hold. ``field:value`` compares one field (a string contains
the value, case-insensitively; a number compares with ``=``, ``>``, ``<``, ``>=`` or ``<=`` written after the
colon, ``stars:>=100``, or in place of it, ``stars>100``; a boolean is true/false, yes/no, 1/0, on/off).
Quotes keep spaces in a value (``name:"cheat sheet"``). A term without a field is a word the list's own
search matches. Unlike Nest, which drops what it cannot read, an unknown field or a value of the wrong kind
is reported (a 400 naming ``q``), so a typo never silently widens the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

TOKEN = re.compile(r'[^\s":<>=]+(?::|>=|<=|>|<)"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*"|\S+')
TERM = re.compile(r"^(?P<field>[A-Za-z0-9_]+)(?P<sep>:|>=|<=|>|<)(?P<value>.+)$", re.S)
OPERATORS = {"=": "", ">": "__gt", "<": "__lt", ">=": "__gte", "<=": "__lte"}
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}
MAX_NUMBER = 2**31 - 1


class QueryError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    """A field ``q`` may name: its kind and the lookup (or ``build(op, value) -> Q``) it filters with."""

    kind: str  # "string", "number" or "boolean"
    lookup: str = ""
    build: Callable[[str, object], Q] | None = None

    def condition(self, op: str, value) -> Q:
        if self.build is not None:
            return self.build(op, value)
        if self.kind == "string":
            return Q(**{f"{self.lookup}__icontains": value})
        return Q(**{f"{self.lookup}{OPERATORS[op]}": value})


@dataclass
class Parsed:
    condition: Q
    words: list[str]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _value(name: str, field: Field, op: str, raw: str):
    if field.kind == "number":
        match = re.fullmatch(r"(>=|<=|>|<|=)?(-?\d{1,12})", raw)
        if not match:
            raise QueryError(_("%(field)s: a whole number is expected, e.g. %(field)s:>100") % {"field": name})
        op = match.group(1) or op
        number = int(match.group(2))
        if abs(number) > MAX_NUMBER:
            raise QueryError(_("%(field)s: the number is too large") % {"field": name})
        return op, number
    if op != "=":
        raise QueryError(_("%(field)s: only numbers compare with %(op)s") % {"field": name, "op": op})
    if field.kind == "boolean":
        word = raw.lower()
        if word not in TRUE | FALSE:
            raise QueryError(_("%(field)s: true or false is expected") % {"field": name})
        return op, word in TRUE
    return op, raw


def parse(text: str, fields: dict[str, Field]) -> Parsed:
    """The condition of every ``field:value`` term and the remaining words; QueryError names what is wrong."""
    condition, words = Q(), []
    for token in TOKEN.findall(text or ""):
        match = TERM.match(token) if not token.startswith('"') else None
        if match is None:
            word = _unquote(token)
            if word:
                words.append(word)
            continue
        name, sep, raw = match.group("field").lower(), match.group("sep"), _unquote(match.group("value"))
        if name not in fields:
            raise QueryError(
                _("Unknown field %(field)s; q knows %(fields)s") % {"field": name, "fields": ", ".join(sorted(fields))}
            )
        if not raw:
            raise QueryError(_("%(field)s: a value is expected") % {"field": name})
        op, value = _value(name, fields[name], "=" if sep == ":" else sep, raw)
        condition &= fields[name].condition(op, value)
    return Parsed(condition=condition, words=words)


def describe(fields: dict[str, Field]) -> str:
    """The fields as the schema lists them: ``name (text), stars (number), ...``."""
    kinds = {"string": _("text"), "number": _("number"), "boolean": _("true/false")}
    return ", ".join(f"{name} ({kinds[field.kind]})" for name, field in sorted(fields.items()))
