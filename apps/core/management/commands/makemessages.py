"""Django's ``makemessages``, which also reads the site's Jinja2 templates (``theme/jinja2``).

Django's own command reads templates in its template language only: it would misread Jinja2's ``{% trans %}``
blocks. Here a template in a ``jinja2`` folder (where Django's Jinja2 backend looks for them) is read by
Jinja2's own extractor, with the extensions of the site's Jinja2 environment, and handed to xgettext as the
Python calls it stands for (``gettext("…")``, ``ngettext("…", "…", n)``), as Django hands it its templates.
The msgids are those Django's template language gave the same text (``{{ n }}`` is ``%(n)s``), so one
catalogue translates both. Every other file goes the way Django's command takes it.
"""

import io
import os
import re
from functools import cached_property
from pathlib import Path

from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from jinja2 import TemplateSyntaxError
from jinja2.ext import GETTEXT_FUNCTIONS, babel_extract

JINJA2_FOLDER = "jinja2"
TEMPLATE_SUFFIXES = (".html", ".txt")
TRANSLATOR_TAG = "Translators:"
# How many leading string arguments of each gettext function are the message (its context, msgid, plural).
STRINGS_OF = {"_": 1, "gettext": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}
CALL_OF = {
    "_": "gettext({})",
    "gettext": "gettext({})",
    "ngettext": "ngettext({}, {}, 1)",
    "pgettext": "pgettext({}, {})",
    "npgettext": "npgettext({}, {}, {}, 1)",
}


def is_jinja2_template(path: str) -> bool:
    """A template under a ``jinja2`` folder: a Jinja2 backend's ``DIRS`` here, or an app's ``jinja2/``."""
    parts = Path(path).parts
    return path.endswith(TEMPLATE_SUFFIXES) and JINJA2_FOLDER in parts[:-1]


def jinja2_extensions() -> str:
    """The extensions of the project's Jinja2 environments, as Jinja2's extractor takes them (import paths)."""
    names = {name for engine in engines.all() if isinstance(engine, Jinja2) for name in engine.env.extensions}
    return ",".join(sorted(names))


def jinja2_messages(source: bytes, extensions: str):
    """``(line, function, strings, comments)`` of each constant message of a Jinja2 template; a call whose
    message is not a literal (``_(page.notice)``) is left out, as Django leaves ``{% trans variable %}`` out."""
    options = {"extensions": extensions, "silent": "false", "newstyle_gettext": "true"}
    for line, function, message, comments in babel_extract(
        io.BytesIO(source), GETTEXT_FUNCTIONS, [TRANSLATOR_TAG], options
    ):
        strings = (message if isinstance(message, tuple) else (message,))[: STRINGS_OF[function]]
        if len(strings) == STRINGS_OF[function] and all(isinstance(string, str) for string in strings):
            yield line, function, strings, comments


def python_shim(messages) -> str:
    """Python for xgettext: template line L's translators' comments on line 2L - 1 and its calls on line 2L, so
    each keeps a line of its own (``postprocess_messages`` halves the line numbers back)."""
    comments: dict[int, list[str]] = {}
    calls: dict[int, list[str]] = {}
    for line, function, strings, notes in messages:
        comments.setdefault(line, []).extend(f"# {TRANSLATOR_TAG} {note}" for note in notes)
        calls.setdefault(line, []).append(CALL_OF[function].format(*map(repr, strings)))
    shim = []
    for line in range(1, max(calls, default=0) + 1):
        shim += [" ".join(comments.get(line, [])), "; ".join(calls.get(line, []))]
    return "\n".join(shim) + "\n"


class BuildFile(makemessages.BuildFile):
    @cached_property
    def is_jinja2(self) -> bool:
        return self.domain == "django" and is_jinja2_template(self.path)

    def preprocess(self):
        if not self.is_jinja2:
            return super().preprocess()
        try:
            messages = list(jinja2_messages(Path(self.path).read_bytes(), self.command.jinja2_extensions))
        except TemplateSyntaxError as error:
            raise CommandError(f"{self.path}:{error.lineno}: {error.message}") from error
        Path(self.work_path).write_text(python_shim(messages), encoding="utf-8")

    def postprocess_messages(self, msgs):
        if not self.is_jinja2:
            return super().postprocess_messages(msgs)
        old_path, new_path = (self.work_path, self.path) if os.name == "nt" else (self.work_path[2:], self.path[2:])
        reference = re.compile(re.escape(old_path) + r"(?::(\d+))?")

        def template_line(match):
            return new_path + (f":{(int(match[1]) + 1) // 2}" if match[1] else "")

        return re.sub(r"^#: .*$", lambda line: reference.sub(template_line, line[0]), msgs, flags=re.MULTILINE)


class Command(makemessages.Command):
    help = makemessages.Command.help + " Jinja2 templates (in jinja2 folders) are read with Jinja2's extractor."
    build_file_class = BuildFile

    @cached_property
    def jinja2_extensions(self) -> str:
        return jinja2_extensions()
