"""Create the four section index pages (/projects/, /chapters/, /committees/, /events/) under the HomePage."""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's base-36 path alphabet, 4 characters per level
STEPLEN = 4

INDEX_PAGES = [
    ("projectindexpage", "ProjectIndexPage", "projects", "Projects", "Every OWASP project: code, tools and documentation."),
    ("chapterindexpage", "ChapterIndexPage", "chapters", "Chapters", "OWASP chapters around the world."),
    ("committeeindexpage", "CommitteeIndexPage", "committees", "Committees", "The committees that run OWASP."),
    ("eventindexpage", "EventIndexPage", "events", "Events", "OWASP conferences, AppSec Days and chapter meetings."),
]


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def create_index_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    for model_name, class_name, slug, title, intro in INDEX_PAGES:
        Model = apps.get_model("cms", class_name)
        if Model.objects.exists():
            continue
        children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        last = children.order_by("-path").values_list("path", flat=True).first()
        next_step = int(last[-STEPLEN:], 36) + 1 if last else 1
        content_type, _ = ContentType.objects.get_or_create(app_label="cms", model=model_name)
        Model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            intro=intro,
            content_type=content_type,
            path=home.path + _encode(next_step),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            live=True,
            locale_id=home.locale_id,
        )
        Page.objects.filter(pk=home.pk).update(numchild=children.count())


def remove_index_pages(apps, schema_editor):
    for _, class_name, *_ in INDEX_PAGES:
        apps.get_model("cms", class_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_owasp_pages"),
    ]

    operations = [migrations.RunPython(create_index_pages, remove_index_pages)]
