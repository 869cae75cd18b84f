"""The site's static files: collected by the production (hashed, compressed) storage, and every file a
template names exists."""

import json
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders

PROJECT = Path(__file__).resolve().parents[2]
COLLECT = """
import sys
from configurations import importer
importer.install()
from django.conf import settings
settings.STATIC_ROOT = sys.argv[1]  # before Django builds the storage
import django
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
"""


def test_collectstatic_succeeds_with_the_manifest_storage(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "nest.settings",
        "DJANGO_CONFIGURATION": "Production",
        "DJANGO_SECRET_KEY": "collectstatic-test",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "postgres://nobody@localhost/none",
        "NEST_EMBEDDED_PG_AUTOSTART": "0",
        "PYTHONPATH": str(PROJECT),
    }
    result = subprocess.run(
        [sys.executable, "-c", COLLECT, str(tmp_path)], cwd=PROJECT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    css = (tmp_path / manifest["vendor/leaflet/leaflet.css"]).read_text()
    assert manifest["vendor/leaflet/images/layers.png"].split("/")[-1] in css  # url() rewritten to the hash
    assert (tmp_path / (manifest["css/site.css"] + ".gz")).exists()  # whitenoise compressed it
    assert not list((tmp_path / "vendor").rglob("*.map"))  # the site ships no source maps of its own


def test_every_static_file_named_in_a_template_exists():
    patterns = {
        "jinja2": re.compile(r"""\bstatic\(\s*['"]([^'"]+)['"]\s*\)"""),  # the site's {{ static("…") }}
        "templates": re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]"""),  # the admin panels' {% static '…' %}
    }
    named, missing = set(), []
    for folder, pattern in patterns.items():
        for template in (PROJECT / "theme" / folder).rglob("*.html"):
            for name in pattern.findall(template.read_text()):
                named.add(name)
                if finders.find(name) is None:
                    missing.append(f"{template.relative_to(PROJECT)}: {name}")
    assert {"css/site.css", "js/site.js", "vendor/leaflet/leaflet.js", "js/charts.js"} <= named  # found at all
    assert missing == []


def test_the_site_stylesheet_is_built_with_the_classes_templates_use():
    css = (PROJECT / "theme" / "static" / "css" / "site.css").read_text()
    for selector in (".card", ".badge-flagship", ".map", ".chapter-pin", ".heat-4", ".sr-only", ".md\\:grid-cols-2"):
        assert selector in css, selector
    assert "sourceMappingURL" not in css
