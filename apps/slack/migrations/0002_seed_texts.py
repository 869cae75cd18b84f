"""The link commands' answers, the welcome message and the guides, seeded with OWASP's own pages (the URLs
the data folder's site and www-* repositories link to, where they do); staff edit them in the admin."""

from django.db import migrations

TEXTS = {
    "board": (
        "OWASP Board of Directors",
        "The OWASP Foundation is governed by its elected Board of Directors. Their meetings, minutes and "
        "elections are on the board's pages.",
        "https://owasp.org/www-board/",
    ),
    "contact": (
        "Contact OWASP",
        "Questions for the Foundation, its staff or a chapter or project: the contact page lists who to ask.",
        "https://owasp.org/contact/",
    ),
    "donate": (
        "Support OWASP",
        "OWASP is a non-profit: donations and memberships fund its projects, chapters and events. A donation "
        "can name the project or chapter it supports.",
        "https://owasp.org/donate",
    ),
    "jobs": (
        "Jobs",
        "Openings are shared in the community's Slack, and OWASP's corporate members list their careers pages "
        "(`/sponsors` shows them). Becoming a member supports the Foundation.",
        "https://owasp.org/membership/",
    ),
    "policies": (
        "OWASP policies",
        "How OWASP runs its chapters, committees, projects and events, and the code of conduct every member "
        "follows.",
        "https://owasp.org/www-policy/",
    ),
    "community": (
        "The OWASP community",
        "Chapters meet all over the world and projects welcome contributors. Join the Slack workspace and "
        "find your local chapter with `/chapters`.",
        "https://owasp.org/slack/invite",
    ),
    "welcome": (
        "Welcome to OWASP",
        "*Welcome to the OWASP Slack!* :wave:\n"
        "• Find a project with `/projects` and a chapter near you with `/chapters`.\n"
        "• Issues waiting for a contributor: `/contribute`.\n"
        "• Every command: `/owasp`.\n"
        "Please read the <https://owasp.org/www-policy/operational/code-of-conduct|code of conduct>.",
        "https://owasp.org/www-policy/operational/code-of-conduct",
    ),
    "contribute_guide": (
        "Contributing to OWASP",
        "1. Pick a project you use or want to learn (`/projects`).\n"
        "2. Read its repository's contributing guide and join its Slack channel.\n"
        "3. Choose an issue nobody is working on (`/contribute`) and say on it that you take it.\n"
        "4. Open a pull request that names the issue; the leaders review it.",
        "https://owasp.org/projects/",
    ),
    "gsoc_guide": (
        "Google Summer of Code at OWASP",
        "OWASP takes part in Google Summer of Code as a mentoring organization. Read the programme's page, "
        "pick a project idea, talk to its mentors early and contribute before you apply.",
        "https://owasp.org/www-community/initiatives/gsoc/",
    ),
}


def seed(apps, schema_editor):
    SlackText = apps.get_model("slack", "SlackText")
    for key, (title, text, url) in TEXTS.items():
        SlackText.objects.get_or_create(key=key, defaults={"title": title, "text": text, "url": url})


def unseed(apps, schema_editor):
    apps.get_model("slack", "SlackText").objects.filter(key__in=TEXTS).delete()


class Migration(migrations.Migration):
    dependencies = [("slack", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
