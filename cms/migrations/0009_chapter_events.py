"""ChapterEvent: which events are which chapters' (``chapter_condition``), stored when chapters and events are
synced or published (``cms.chapter_events``), filled here for the pages already there.

Listing 25 chapters' events asked the rule of every event, one regular expression per chapter: 35-60 ms of SQL
per GraphQL request at 10x OWASP's size. The links are read instead.
"""

import django.db.models.deletion
from django.db import migrations, models


def link_existing(apps, schema_editor):
    from cms.chapter_events import CHAPTER_COLUMNS, _pairs

    chapters = apps.get_model("cms", "ChapterPage").objects.order_by("pk").only(*CHAPTER_COLUMNS)
    events = apps.get_model("cms", "EventPage").objects.order_by()
    link = apps.get_model("cms", "ChapterEvent")
    pairs = _pairs(chapters.iterator(), events)
    link.objects.bulk_create([link(chapter_id=chapter, event_id=event) for chapter, event in sorted(pairs)])


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_page_title_order_index")]

    operations = [
        migrations.CreateModel(
            name="ChapterEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "chapter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="event_links", to="cms.chapterpage"
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="chapter_links", to="cms.eventpage"
                    ),
                ),
            ],
            options={
                "verbose_name": "chapter event",
                "indexes": [models.Index(fields=["event"], name="cms_chapterevent_event")],
                "constraints": [models.UniqueConstraint(fields=("chapter", "event"), name="cms_chapterevent_unique")],
            },
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
    ]
